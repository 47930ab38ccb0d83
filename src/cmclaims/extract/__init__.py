"""Per-article extractors: one article's text and body spans in, typed records out.

Three stages, one subpackage each: ``actors`` (mentions of registry and discovered actors), ``claims``
(quotations and reported speech with their speakers), ``figures`` (numbers with units and qualifiers).
"""
