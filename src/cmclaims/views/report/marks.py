"""An article's raw text as HTML, with every extracted row marked where it lies.

Marks nest (a figure inside a claim, a mention inside both). Where two marks
cross rather than nest, the later one is closed and reopened around the
boundary: the continuation carries the same ``data-id`` but no ``id``, so
each row has exactly one element with its ID. Furniture paragraphs (title,
byline, captions, boilerplate) are wrapped so that they can be greyed out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

KIND_RANK = {"furniture": 0, "claim": 1, "figure": 2, "mention": 3}
"""Which of two marks with the same span is outside: furniture, claim, figure, mention."""


@dataclass(frozen=True)
class Mark:
    """One span to mark: a row (claim, figure, mention) or a furniture paragraph."""

    kind: str
    start: int
    end: int
    row_id: str = ""
    fields: dict[str, Any] = field(default_factory=dict, compare=False)
    css_class: str = ""
    style: str = ""

    @property
    def order(self) -> tuple[int, int, int, str]:
        return (self.start, -self.end, KIND_RANK[self.kind], self.row_id)


def _open_tag(mark: Mark, first: bool) -> str:
    if mark.kind == "furniture":
        return f'<span class="furniture" data-kind="{escape(mark.row_id)}">'
    classes = " ".join(filter(None, [mark.kind, mark.css_class, "" if first else "continued"]))
    attributes = [f'class="{classes}"', f'data-kind="{mark.kind}"', f'data-id="{escape(mark.row_id)}"',
                  f'data-fields="{escape(json.dumps(mark.fields, ensure_ascii=False, default=str))}"']
    if first:
        attributes = [f'id="{escape(mark.row_id)}"', 'tabindex="0"', *attributes]
    if mark.style:
        attributes.append(f'style="{escape(mark.style)}"')
    return "<mark " + " ".join(attributes) + ">"


def _close_tag(mark: Mark) -> str:
    return "</span>" if mark.kind == "furniture" else "</mark>"


def marked_html(text: str, marks: Sequence[Mark]) -> str:
    """``text`` HTML-escaped, with an element around every mark's span (empty spans skipped)."""
    marks = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)), key=lambda m: m.order)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    opened: set[Mark] = set()
    stack: list[Mark] = []
    parts: list[str] = []
    for start, end in zip(cuts, cuts[1:]):
        wanted = [m for m in marks if m.start <= start and end <= m.end]
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] == wanted[keep]:
            keep += 1
        parts += [_close_tag(m) for m in reversed(stack[keep:])]
        for mark in wanted[keep:]:
            parts.append(_open_tag(mark, first=mark not in opened))
            opened.add(mark)
        stack = wanted
        parts.append(escape(text[start:end], quote=False))
    parts += [_close_tag(m) for m in reversed(stack)]
    return "".join(parts)
