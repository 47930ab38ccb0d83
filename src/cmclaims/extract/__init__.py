"""Rule-based extractors: each finds one kind of row in one article's body."""
