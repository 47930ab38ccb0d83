"""Spans of an article to mark, shared by the terminal review (``show``) and the HTML report.

A :class:`Mark` is one extracted row (claim, figure, actor mention), a
claim's speaker phrase or a furniture paragraph. :func:`stretches` cuts a
stretch of text at every mark boundary and gives, for each piece, the marks
that cover it, outermost first; ``show`` turns the changes between pieces
into brackets, the report into nested elements.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

KIND_RANK = {"furniture": 0, "claim": 1, "speaker": 2, "figure": 3, "mention": 4}
"""Which of two marks with the same span is outside: furniture, claim, speaker, figure, mention."""


@dataclass(frozen=True)
class Mark:
    """A span to mark: kind, offsets, a label (a row ID, or a short one such as C3); the report adds fields, style."""

    kind: str
    start: int
    end: int
    label: str = ""
    fields: dict[str, Any] = field(default_factory=dict, compare=False)
    style: str = ""

    @property
    def rank(self) -> int:
        return KIND_RANK[self.kind]

    @property
    def order(self) -> tuple[int, int, int, str]:
        """Sort key: earlier first; of marks starting together, the longer (then the lower rank) outside."""
        return (self.start, -self.end, self.rank, self.label)


def stretches(marks: Iterable[Mark], start: int, end: int) -> Iterator[tuple[int, int, tuple[Mark, ...]]]:
    """``(from, to, covering marks)`` for each piece of ``[start, end)`` between two mark boundaries.

    Marks that are empty or reach outside ``[start, end)`` are left out; the
    covering marks come outermost first (by :attr:`Mark.order`).
    """
    starting: dict[int, list[Mark]] = defaultdict(list)
    ending: dict[int, list[Mark]] = defaultdict(list)
    for mark in marks:
        if start <= mark.start < mark.end <= end:
            starting[mark.start].append(mark)
            ending[mark.end].append(mark)
    cuts = sorted({start, end, *starting, *ending})
    active: tuple[Mark, ...] = ()
    for low, high in itertools.pairwise(cuts):
        if low in ending:
            active = tuple(m for m in active if m.end != low)
        if low in starting:
            active = tuple(sorted([*active, *starting[low]], key=lambda m: m.order))
        yield low, high, active
