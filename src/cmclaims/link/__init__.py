"""Cross-source groups: the same claim or figure reported by several articles.

``groups`` holds the rules (which variants belong together, how a group is named); ``passes`` runs them over a
build's batches, the one path every caller takes; ``candidates`` finds the pairs worth comparing; ``similarity``
weighs keywords.
"""
