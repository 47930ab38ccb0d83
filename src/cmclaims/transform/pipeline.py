"""The build: raw documents in, the five released tables out.

Stages are pure DataFrame transforms with a pandera contract at each
boundary (:mod:`cmclaims.tabular.frames` for internal frames, ``schema/`` for the
released tables)::

    read_corpus -> lay_out -> extract_rows -> apply curations -> assemble (span_tables, actors_table)

Reading raw files, the cross-source groups and writing Parquet happen outside this module
(:mod:`cmclaims.corpus.reader`, :mod:`cmclaims.link.passes`, :mod:`cmclaims.build.run`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pandera.pandas as pa

from cmclaims.tabular import frames
from cmclaims.transform.curation import Curation, apply_to_actors, apply_to_rows
from cmclaims.extract.actors.mentions import Registry, find_mentions, load_registry
from cmclaims.extract.claims.finder import find_claims
from cmclaims.extract.figures.finder import find_figures
from cmclaims.text.layout import find_layout
from cmclaims.transform.assemble import referenced_actors, span_tables


@pa.check_io(documents=frames.DOCUMENTS, out=frames.LAID_OUT)
def lay_out(documents: pd.DataFrame) -> pd.DataFrame:
    """Add each article's body bounds, body paragraphs and header metadata."""
    layouts = [find_layout(text) for text in documents["text"]]
    return documents.assign(
        body_start=[layout.body_start for layout in layouts],
        body_end=[layout.body_end for layout in layouts],
        body_spans=[layout.body_spans() for layout in layouts],
        found_title=[layout.title for layout in layouts],
        found_published=[layout.published for layout in layouts],
        found_author=[layout.author for layout in layouts],
        found_outlet=[layout.outlet for layout in layouts],
        found_genre=[layout.genre for layout in layouts],
        found_rules=[layout.rules for layout in layouts],
    )


@dataclass(frozen=True)
class ExtractedRows:
    """Rows found by the rules in every article, with raw offsets."""

    mentions: pd.DataFrame
    claims: pd.DataFrame
    figures: pd.DataFrame
    discovered_actors: pd.DataFrame


def extract_document(source_id: str, text: str, spans: list[tuple[int, int]], registry: Registry) -> dict[str, list[dict]]:
    """Mentions, claims and figures of one article (rules only)."""
    mentions, discovered = find_mentions(text, spans, registry)
    actors = registry.with_discovered(discovered)
    claims = find_claims(text, spans, mentions, actors)
    figures = find_figures(text, spans)
    found = {"mentions": mentions, "claims": claims, "figures": figures, "discovered_actors": discovered}
    for kind in ("mentions", "claims", "figures"):
        for row in found[kind]:
            row["source_id"] = source_id
            row["text"] = text[row["char_start"]:row["char_end"]]
    for actor in discovered:
        actor["source_id"] = source_id
    return found


def warm_up() -> None:
    """Load every lexicon and compile every pattern the extractors use, once.

    Called before forking workers, so that they share what it loads instead
    of each loading it again.
    """
    text = 'The Pentagon said on Friday that it would send "about 100 bombs" to Kyiv, Laura Cooper told reporters.'
    extract_document("warm-up", text, [(0, len(text))], load_registry())


_ROW_COLUMNS = {
    "mentions": ["source_id", "char_start", "char_end", "text", "actor_id", "rule"],
    "claims": ["source_id", "char_start", "char_end", "text", "kind", "speaker_id", "speaker_text", "cue", "rule"],
    "figures": ["source_id", "char_start", "char_end", "text", "value", "value_high", "qualifier", "unit", "measure", "rule"],
}


_OPTIONAL_TEXT_COLUMNS = ("speaker_id", "speaker_text", "cue")


def _rows_frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Extracted rows with fixed dtypes, also when there are none."""
    frame = pd.DataFrame.from_records(records, columns=columns)
    dtypes: dict[str, Any] = {c: "int64" for c in ("char_start", "char_end")}
    dtypes |= {c: "float64" for c in ("value", "value_high") if c in columns}
    dtypes |= {c: pd.StringDtype("pyarrow") for c in _OPTIONAL_TEXT_COLUMNS if c in columns}
    dtypes |= {c: str for c in columns if c not in dtypes}
    return frame.astype(dtypes)


def extract_rows(laid_out: pd.DataFrame, registry: Registry | None = None) -> ExtractedRows:
    """Run every extractor over every article's body paragraphs."""
    registry = registry or load_registry()
    collected: dict[str, list[dict]] = {"mentions": [], "claims": [], "figures": [], "discovered_actors": []}
    for source_id, text, spans in laid_out[["source_id", "text", "body_spans"]].itertuples(index=False):
        for kind, rows in extract_document(source_id, text, spans, registry).items():
            collected[kind].extend(rows)
    figures = _rows_frame(collected["figures"], _ROW_COLUMNS["figures"])
    return ExtractedRows(
        mentions=frames.MENTION_ROWS.validate(_rows_frame(collected["mentions"], _ROW_COLUMNS["mentions"])),
        claims=frames.CLAIM_ROWS.validate(_rows_frame(collected["claims"], _ROW_COLUMNS["claims"])),
        figures=frames.FIGURE_ROWS.validate(figures),
        discovered_actors=pd.DataFrame.from_records(collected["discovered_actors"]),
    )


@dataclass(frozen=True)
class BatchTables:
    """What one batch of articles adds: its per-article tables and actors."""

    tables: dict[str, pd.DataFrame]
    discovered: dict[str, dict[str, Any]]
    referenced: frozenset[str]


def build_batch(documents: pd.DataFrame, curations: Sequence[Curation], registry: Registry) -> BatchTables:
    """Per-article tables of a batch of documents: rules, then curations."""
    laid_out = lay_out(documents)
    rows = extract_rows(laid_out, registry)
    texts = dict(zip(documents["source_id"], documents["text"]))
    curations = [curation for curation in curations if curation.source_id in texts]  # those of this batch's articles
    tables = span_tables(
        laid_out,
        mention_rows=apply_to_rows(rows.mentions, "actor_mentions", curations, texts),
        claim_rows=apply_to_rows(rows.claims, "claims", curations, texts),
        figure_rows=apply_to_rows(rows.figures, "figures", curations, texts),
    )
    discovered: dict[str, dict[str, Any]] = {}
    for record in rows.discovered_actors.to_dict("records"):
        discovered.setdefault(record["actor_id"], {**record, "curated": False})
    return BatchTables(tables, discovered, frozenset(referenced_actors(tables)))


def actor_records(
    registry: Registry, discovered: Mapping[str, dict[str, Any]], curations: Sequence[Curation]
) -> dict[str, dict[str, Any]]:
    """Registry records, then discovered ones not in it, with actor curations applied."""
    records = {actor_id: dict(record) for actor_id, record in registry.records.items()}
    for actor_id, record in discovered.items():
        records.setdefault(actor_id, record)
    return apply_to_actors(records, list(curations))
