"""Claims: direct quotations and reported speech, attributed to a speaker.

``finder.find_claims`` is the entry point; ``cues`` loads the reporting verbs, ``attribution`` links a claim to
its cue and speaker phrase, ``content_spans`` bounds what was said, ``speakers`` resolves who said it;
``candidate`` is the claim they share while a paragraph is read.
"""
