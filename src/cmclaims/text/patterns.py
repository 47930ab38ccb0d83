"""Regex sources built from word lists: flat alternations and prefix trees.

Every extractor turns lexicon phrases into regexes. Two shapes serve them:

- :func:`alternation`, longest phrase first, so that "seventeen" wins over "seven" and "Defense Ministry" over
  "Defense";
- :func:`prefix_tree`, the same words factored by shared prefixes ("t(?:en|wo)"), which Python's backtracking
  engine scans several times faster when hundreds of words are tried at every position;
- :func:`by_first_character`, ready-made patterns grouped under their literal first character, for long lists
  of names whose patterns are not plain words (the registry's surface forms, the keyword names).

Each returns a source without groups or anchors: each caller adds its own boundaries and flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

WHITESPACE = r"\s+"
"""What a space inside a phrase matches by default: any run of whitespace, line breaks included."""


def alternation(phrases: Iterable[str], space: str | None = WHITESPACE) -> str:
    """Alternation of literal ``phrases``, longest first (ties in code-point order), each once.

    The words of a phrase are joined by ``space``; with ``space=None`` each phrase is matched exactly as written.
    """
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    if space is None:
        return "|".join(map(re.escape, ordered))
    return "|".join(space.join(map(re.escape, phrase.split())) for phrase in ordered)


def prefix_tree(words: Iterable[str], space: str = WHITESPACE) -> str:
    """The words as one regex factored by shared prefixes; a space inside a word matches ``space``.

    It matches what :func:`alternation` of the same words matches and, as every optional tail is greedy, prefers
    the longest word at a position too.
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree, space)


def _branches(node: dict[str, dict], space: str) -> str:
    branches = [(space if char == " " else re.escape(char)) + _branches(child, space)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    ends_here = "" in node
    body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 or ends_here else branches[0]
    return body + "?" if ends_here else body


def by_first_character(entries: Iterable[tuple[str, str]], after_first: Callable[[str], str] | None = None) -> str:
    """Alternation of ``(first, rest)`` pattern pairs, grouped by ``first`` in the order firsts are first seen.

    ``first`` is matched once per group, so at a given position only its group is tried and the regex engine
    skips the others after one comparison; the order of the rests within a group is kept, and so is every
    match. ``after_first(first)``, if given, is put between a group's first character and its rests (a
    look-behind, for instance).
    """
    groups: dict[str, list[str]] = {}
    for first, rest in entries:
        groups.setdefault(first, []).append(rest)
    guard = after_first or (lambda first: "")
    return "|".join(f"{first}{guard(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
