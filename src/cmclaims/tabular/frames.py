"""pandera contracts for the frames passed between build stages.

The released tables' schemas are derived from ``schema/`` (see
:mod:`cmclaims.tabular.definitions`); these are the build's internal frames, which are
never published, so they are written once, here.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

_ID = pa.Column(str, nullable=False)
_OFFSET = pa.Column(int, pa.Check.ge(0), nullable=False)
_TEXT = pa.Column(str, nullable=False)
_OPTIONAL_TEXT = pa.Column(pd.StringDtype("pyarrow"), nullable=True)


def _spans_inside_body(frame) -> bool:
    return all(
        body_start <= start < end <= body_end
        for body_start, body_end, spans in zip(frame["body_start"], frame["body_end"], frame["body_spans"])
        for start, end in spans
    )


DOCUMENTS = pa.DataFrameSchema(
    {
        "source_id": pa.Column(str, unique=True, nullable=False),
        "raw_path": _TEXT,
        "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$")),
        "n_bytes": pa.Column(int, pa.Check.gt(0)),
        "text": pa.Column(str, pa.Check(lambda s: s.str.strip().str.len() > 0, error="empty article")),
    },
    name="documents",
)

LAID_OUT = pa.DataFrameSchema(
    {
        **DOCUMENTS.columns,
        "body_start": _OFFSET,
        "body_end": _OFFSET,
        "body_spans": pa.Column(object, nullable=False),
    },
    checks=[pa.Check(_spans_inside_body, error="body paragraphs lie inside the body")],
    name="laid_out",
)


def span_rows(name: str, extra: dict[str, pa.Column] | None = None) -> pa.DataFrameSchema:
    """Contract for extracted rows: raw offsets and the rule that produced them."""
    columns = {"source_id": _ID, "char_start": _OFFSET, "char_end": _OFFSET, "text": _TEXT, "rule": _TEXT}
    return pa.DataFrameSchema(
        {**columns, **(extra or {})},
        checks=[pa.Check(lambda df: df["char_start"] < df["char_end"], error="char_start < char_end")],
        unique=["source_id", "char_start", "char_end"],
        name=name,
    )


MENTION_ROWS = span_rows("mention_rows", {"actor_id": _ID})
CLAIM_ROWS = span_rows(
    "claim_rows",
    {
        "kind": pa.Column(str, pa.Check.isin(["direct", "indirect", "mixed"])),
        "speaker_id": _OPTIONAL_TEXT,
        "speaker_text": _OPTIONAL_TEXT,
        "cue": _OPTIONAL_TEXT,
    },
)
FIGURE_ROWS = span_rows(
    "figure_rows",
    {
        "value": pa.Column(float),  # negative when written with a minus ("-1.7%")
        "value_high": pa.Column(float, nullable=True),
        "qualifier": pa.Column(str),
        "unit": pa.Column(str),
        "measure": pa.Column(str),
    },
)
