"""Cross-source groups: the same claim or figure reported by several articles.

``groups`` decides which variants belong together; ``passes`` computes, per batch, the keys grouping needs;
``candidates`` finds the pairs worth comparing; ``similarity`` weighs keywords.
"""
