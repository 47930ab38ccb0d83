"""Actor mentions: the curated registry, its cues, and actors found beyond it.

``mentions.find_mentions`` is the entry point; ``registry`` holds the curated actors and the matcher of their
surface forms, ``names`` discovers unregistered people and bodies, ``context`` decides what a surface form stands
for in its surroundings, ``cues`` loads the actor lexicon.
"""
