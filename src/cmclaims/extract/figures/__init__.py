"""Figures: numbers with their unit, range and qualifier.

``finder.find_figures`` is the entry point; ``numbers`` parses number words and scales, ``patterns`` builds the
figure expressions from the lexicon, ``qualifiers`` decides exact, approximate, at least or at most.
"""
