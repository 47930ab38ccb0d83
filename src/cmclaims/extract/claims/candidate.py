"""A claim while its paragraph is read: attribution, content span, speaker (shared by attribution and content spans).

:mod:`cmclaims.extract.claims.attribution` creates candidates, :mod:`cmclaims.extract.claims.content_spans` bounds
their content and :mod:`cmclaims.extract.claims.finder` resolves their speakers; the type lives apart so that none of
them imports another for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cmclaims.extract.claims.speakers import Speaker


@dataclass(eq=False, slots=True)
class Candidate:
    """One attribution and its content span while a paragraph is read."""

    structure: str
    cue: tuple[int, int] | None
    left_edge: int  # where the attribution begins: earlier contents end here
    unit: tuple[int, int]
    paragraph: int
    start: int | None = None
    end: int | None = None
    speaker_span: tuple[int, int] | None = None
    # phrase | previous | relative-person | relative-thing | subject-before | subject-after
    speaker_mode: str = "phrase"
    previous: Candidate | None = None
    trailing: bool = False  # the content precedes the attribution ("CLAUSE, X said.")
    fixed: bool = False  # the content span is known already (a quotation)
    dash: bool = False  # the cue follows a dash: its content ends at the next one
    kind: str = ""
    span: tuple[int, int] | None = None
    speaker: Speaker | None = None
