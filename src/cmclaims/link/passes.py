"""Cross-source groups in a streaming build: the second and third passes over the corpus.

The first pass leaves each batch's claims and figures in part files, in
table order. The second reads each batch again, in a worker, for what
grouping needs (:func:`batch_keys`): the keyword frequencies of its
sentences and the comparison key of every claim and figure. The parent adds
them up in batch order (:class:`CorpusKeys`) and links the variants; a third
pass, in the workers again, writes each part with its group IDs
(:func:`with_group_ids`) and counts it, and the parent copies it into the
released table. Memory grows with the distinct wordings of the
corpus (a claim repeated by a thousand articles is one variant), not with
its rows.

The rules are those of :mod:`cmclaims.link.groups`; every caller, the tests
included, goes through these passes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cmclaims.link.groups import (
    CLAIM_GROUP_PREFIX,
    FIGURE_GROUP_PREFIX,
    ClaimKey,
    FigureKey,
    GroupIds,
    Variants,
    claim_keys,
    figure_keys,
    group_firsts,
    link_claims,
    link_figures,
)
from cmclaims.link.similarity import Frequencies, Keywords, sentence_frequencies

GROUPED = {"claims": ("claim_id", "claim_group_id", CLAIM_GROUP_PREFIX),
           "figures": ("figure_id", "figure_group_id", FIGURE_GROUP_PREFIX)}
"""The grouped tables: their row ID column, group column and group ID prefix."""


Columns = Callable[[str, str], Iterable[pa.Array | pa.ChunkedArray]]
"""``columns(table, column)``: one column of a grouped table, part by part, in table order."""


@dataclass(frozen=True)
class BatchKeys:
    """What one batch adds to the grouping: sentence frequencies, and a key per row."""

    frequencies: Frequencies
    claims: list[tuple[ClaimKey, str]]  # (key, source_id) in table order
    figures: list[tuple[FigureKey, str]]

    @classmethod
    def of(cls, texts: Mapping[str, str], claims: pd.DataFrame, figures: pd.DataFrame, keywords: Keywords) -> BatchKeys:
        """The keyword frequencies of ``texts`` and the keys of their claims and figures (in table order)."""
        return cls(
            frequencies=sentence_frequencies(texts.values(), keywords),
            claims=list(zip(claim_keys(claims, keywords), claims["source_id"])),
            figures=list(zip(figure_keys(figures, texts, keywords), figures["source_id"])),
        )


def batch_keys(entries: Sequence[Any], claim_part: Path, figure_part: Path, keywords: Keywords) -> BatchKeys:
    """Keys of one batch's claims and figures, read from their part files (runs in a worker).

    The batch's texts are read (and their bytes checked) once, for the frequencies and the figures' contexts both.
    """
    from cmclaims.corpus.reader import CorpusTexts

    claims = pq.read_table(claim_part, columns=["source_id", "speaker_id", "text"]).to_pandas()
    figure_columns = ["source_id", "char_start", "char_end", "unit", "measure", "value"]
    figures = pq.read_table(figure_part, columns=figure_columns).to_pandas()
    return BatchKeys.of(dict(CorpusTexts(list(entries))), claims, figures, keywords)


class CorpusKeys:
    """The keys of every batch, added in table order, and the groups they make."""

    def __init__(self) -> None:
        self.frequencies = Frequencies()
        self.variants = {"claims": Variants(), "figures": Variants()}

    def add(self, batch: BatchKeys) -> None:
        self.frequencies.merge(batch.frequencies)
        for table, rows in (("claims", batch.claims), ("figures", batch.figures)):
            for key, source in rows:
                self.variants[table].add(key, source)

    def group_ids(self, actors: pd.DataFrame, columns: Columns) -> dict[str, GroupIds]:
        """The group IDs of each grouped table: its variants linked, each group named by its first row's ID.

        ``columns`` gives the rows' IDs (to name the groups) and their curated group IDs.
        """
        weights = self.frequencies.weights()
        group_first = {"claims": link_claims(self.variants["claims"], actors, weights),
                       "figures": link_figures(self.variants["figures"], weights)}
        return {table: _named_groups(table, self.variants[table], group_first[table], columns) for table in GROUPED}


def _with_offsets(chunks: Iterable[pa.Array | pa.ChunkedArray]) -> Iterator[tuple[int, pa.Array | pa.ChunkedArray]]:
    """Each chunk of a column with the position of its first row."""
    offset = 0
    for values in chunks:
        yield offset, values
        offset += len(values)


def _named_groups(table: str, variants: Variants, group_first: list[int | None], columns: Columns) -> GroupIds:
    """The group IDs of a table's rows: groups named by the row IDs of their first rows, with the curated IDs."""
    id_column, group_column, prefix = GROUPED[table]
    wanted = group_firsts(group_first)
    first_ids: dict[int, str] = {}
    curated: dict[int, str] = {}
    for offset, values in _with_offsets(columns(table, id_column)):
        here = [position - offset
                for position in wanted[bisect_left(wanted, offset):bisect_left(wanted, offset + len(values))]]
        if here:
            first_ids.update(zip((offset + p for p in here), values.take(pa.array(here, pa.int64())).to_pylist()))
    for offset, values in _with_offsets(columns(table, group_column)):
        if values.null_count < len(values):
            indexes = pc.indices_nonzero(values.is_valid()).to_pylist()
            curated.update(zip((offset + i for i in indexes), values.take(indexes).to_pylist()))
    return GroupIds(prefix, variants, group_first, first_ids, curated)


def part_columns(parts: Mapping[str, Sequence[Path]]) -> Columns:
    """:data:`Columns` read from each grouped table's part files (``parts[table]``, in table order)."""
    def columns(table: str, column: str) -> Iterator[pa.ChunkedArray]:
        for part in parts[table]:
            yield pq.read_table(part, columns=[column]).column(column)

    return columns


def part_sizes(parts: Sequence[Path]) -> list[int]:
    """Rows of each part file, from its footer."""
    return [pq.ParquetFile(part).metadata.num_rows for part in parts]


def with_group_ids(table: str, rows: pa.Table, labels: Sequence[str | None]) -> pa.Table:
    """One part's rows with their group column set to ``labels`` (runs in a worker)."""
    _, group_column, _ = GROUPED[table]
    index = rows.schema.get_field_index(group_column)
    field = rows.schema.field(index)
    return rows.set_column(index, field, pa.array(labels, type=pa.string()).cast(field.type))
