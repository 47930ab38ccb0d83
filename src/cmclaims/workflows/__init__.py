"""Maintainer and contributor workflows that change the repository.

``contribute`` adds an article to ``raw/``; ``release`` turns the working build into a versioned release.
"""
