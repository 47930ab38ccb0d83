"""Deterministic identifiers: a function of source, kind and span, or of a name."""

from __future__ import annotations

import re
import unicodedata

SPAN_ID_LETTERS = {"actor_mentions": "m", "claims": "c", "figures": "f"}


def span_id(table: str, source_id: str, start: int, end: int) -> str:
    """ID of a span row, readable and stable: ``<source_id>-<letter><start>-<end>``."""
    return f"{source_id}-{SPAN_ID_LETTERS[table]}{start}-{end}"


def slugify(name: str) -> str:
    """Actor ID from a canonical name: ASCII, lower case, words joined by '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = ascii_name.replace("'", "").replace(".", "")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))
