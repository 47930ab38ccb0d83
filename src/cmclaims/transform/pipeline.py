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
from operator import attrgetter
from typing import Any

import pandas as pd
import pandera.pandas as pa

from cmclaims.extract.actors.mentions import find_mentions
from cmclaims.extract.actors.registry import Registry, load_registry
from cmclaims.extract.claims.finder import find_claims
from cmclaims.extract.figures.finder import find_figures
from cmclaims.tabular import frames
from cmclaims.tabular.records import Claim, DiscoveredActor, Figure, Mention, Span
from cmclaims.text.layout import find_layout
from cmclaims.transform.assemble import referenced_actors, span_tables
from cmclaims.transform.curation import Curation, apply_to_actors, apply_to_rows


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


@dataclass(frozen=True)
class DocumentRecords:
    """What the rules find in one article."""

    mentions: list[Mention]
    claims: list[Claim]
    figures: list[Figure]
    discovered_actors: list[DiscoveredActor]


def extract_document(text: str, spans: Sequence[tuple[int, int]], registry: Registry) -> DocumentRecords:
    """Mentions, claims and figures of one article (rules only)."""
    mentions, discovered = find_mentions(text, spans, registry)
    claims = find_claims(text, spans, mentions, registry.with_discovered(discovered))
    return DocumentRecords(mentions, claims, find_figures(text, spans), discovered)


def warm_up() -> None:
    """Load every lexicon and compile every pattern the extractors use, once.

    Called before forking workers, so that they share what it loads instead
    of each loading it again.
    """
    text = 'The Pentagon said on Friday that it would send "about 100 bombs" to Kyiv, Laura Cooper told reporters.'
    extract_document(text, [(0, len(text))], load_registry())


def _rows_frame(record: type[Span], found: Sequence[tuple[str, str, Sequence[Span]]]) -> pd.DataFrame:
    """The frame of the ``record`` rows of many articles ((source_id, raw text, records) each), with the
    contract's columns and dtypes, also when there are none."""
    columns = frames.row_columns(record)
    values = attrgetter(*(name for name in columns if name not in ("source_id", "text")))
    rows = [(source_id, *row[:2], text[row[0]:row[1]], *row[2:])
            for source_id, text, records in found for row in map(values, records)]
    return pd.DataFrame.from_records(rows, columns=columns).astype(frames.row_dtypes(record))


def extract_rows(laid_out: pd.DataFrame, registry: Registry | None = None) -> ExtractedRows:
    """Run every extractor over every article's body paragraphs."""
    registry = registry or load_registry()
    found = [(source_id, text, extract_document(text, spans, registry))
             for source_id, text, spans in laid_out[["source_id", "text", "body_spans"]].itertuples(index=False)]
    discovered = [{**actor.as_record(), "source_id": source_id} for source_id, _, document in found
                  for actor in document.discovered_actors]
    return ExtractedRows(
        mentions=frames.MENTION_ROWS.validate(_rows_frame(Mention, [(s, t, d.mentions) for s, t, d in found])),
        claims=frames.CLAIM_ROWS.validate(_rows_frame(Claim, [(s, t, d.claims) for s, t, d in found])),
        figures=frames.FIGURE_ROWS.validate(_rows_frame(Figure, [(s, t, d.figures) for s, t, d in found])),
        discovered_actors=pd.DataFrame.from_records(discovered),
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
