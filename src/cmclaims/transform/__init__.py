"""From extracted rows to the released tables of one batch of articles.

``pipeline`` runs layout and the extractors over a batch; ``curation`` applies the reviewed corrections of
``raw/curations/``; ``assemble`` gives rows their IDs, links and order.
"""
