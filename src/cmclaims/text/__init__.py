"""Text structure shared by every extractor.

``layout`` finds title, byline, date, body and page furniture; ``sentences`` splits paragraphs into sentences;
``quotes`` finds quotation marks and sentence units inside the body; ``patterns`` builds the regex alternations
and prefix trees of lexicon word lists.
"""
