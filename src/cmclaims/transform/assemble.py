"""Turn extracted rows into the released tables: IDs, links, types, order.

Every function here is pure and returns frames with the dtypes of
:func:`cmclaims.tabular.definitions.pandas_dtypes`, sorted deterministically, so that the
same raw input always gives the same tables.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from cmclaims.ids import span_id
from cmclaims.tabular import definitions
from cmclaims.tabular.records import SPAN_KEY

LANGUAGE = "en"
"""The corpus is English news; other languages would need their own lexicons."""
_DOCUMENT_FIELDS = ("source_id", "raw_path", "sha256", "n_bytes", "body_start", "body_end", "url")


def typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame with exactly the table's columns, in order, with its dtypes."""
    dtypes = definitions.pandas_dtypes(table)
    columns = {}
    for name, dtype in dtypes.items():
        column = frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index)
        columns[name] = column.astype(dtype) if dtype != "object" else column
    return pd.DataFrame(columns).reset_index(drop=True)


def _first_known(*candidates: tuple[Any, str]) -> tuple[Any, str | None]:
    for value, origin in candidates:
        if value is not None and not (isinstance(value, float) and pd.isna(value)):
            return value, origin
    return None, None


def sources_table(laid_out: pd.DataFrame) -> pd.DataFrame:
    """One row per article: fingerprints, body bounds, metadata with its origin."""
    rows = []
    for doc in laid_out.to_dict("records"):
        rules = doc["found_rules"]
        origins = []
        values = {}
        for field in ("title", "published", "outlet", "author", "genre"):
            value, origin = _first_known((doc[field], "manifest"), (doc[f"found_{field}"], rules.get(field)))
            values[field] = value
            if origin:
                origins.append(f"{field}={origin}")
        origins.append("language=rule:corpus-language")
        body = doc["text"][doc["body_start"]:doc["body_end"]]
        rows.append({
            **{key: doc[key] for key in _DOCUMENT_FIELDS},
            **values,
            "published": pd.Timestamp(values["published"]).date() if values["published"] else None,
            "n_chars": len(doc["text"]),
            "n_words": len(body.split()),
            "language": LANGUAGE,
            "provenance": "; ".join(origins),
        })
    return typed(pd.DataFrame.from_records(rows), "sources").sort_values("source_id", ignore_index=True)


def _with_span_ids(rows: pd.DataFrame, table: str) -> pd.DataFrame:
    ids = [span_id(table, s, a, b) for s, a, b in rows[["source_id", "char_start", "char_end"]].itertuples(index=False)]
    provenance = rows["provenance"] if "provenance" in rows else "rule:" + rows["rule"]
    return rows.assign(**{definitions.ID_COLUMNS[table]: ids, "provenance": provenance})


def _sorted_spans(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["source_id", *SPAN_KEY], ignore_index=True)


def claims_table(claim_rows: pd.DataFrame) -> pd.DataFrame:
    return _sorted_spans(typed(_with_span_ids(claim_rows, "claims"), "claims"))


def mentions_table(mention_rows: pd.DataFrame) -> pd.DataFrame:
    return _sorted_spans(typed(_with_span_ids(mention_rows, "actor_mentions"), "actor_mentions"))


_LINK_LOOKBACK = 32
"""Claims starting before a figure that are checked for containing it (claims rarely nest deeper)."""


def link_figures_to_claims(figures: pd.DataFrame, claims: pd.DataFrame) -> pd.Series:
    """claim_id of the narrowest claim whose span contains each figure, else null.

    Claims are searched by binary search on their starts, so linking stays
    linear in the size of the article.
    """
    by_source: dict[str, list[tuple[int, int, str]]] = {}
    spans = claims[["source_id", "char_start", "char_end", "claim_id"]]
    for source_id, start, end, claim_id in spans.itertuples(index=False):
        by_source.setdefault(source_id, []).append((start, end, claim_id))
    ordered = {source_id: sorted(rows) for source_id, rows in by_source.items()}
    starts = {source_id: [c[0] for c in rows] for source_id, rows in ordered.items()}
    links = []
    for source_id, start, end in figures[["source_id", "char_start", "char_end"]].itertuples(index=False):
        rows = ordered.get(source_id, [])
        index = bisect_right(starts.get(source_id, []), start)
        nearby = rows[max(0, index - _LINK_LOOKBACK):index]
        containing = [(c_end - c_start, claim_id) for c_start, c_end, claim_id in nearby if end <= c_end]
        links.append(min(containing)[1] if containing else None)
    return pd.Series(links, index=figures.index, dtype="object")


def figures_table(figure_rows: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    figures = _with_span_ids(figure_rows, "figures")
    figures = figures.assign(claim_id=link_figures_to_claims(figures, claims))
    return _sorted_spans(typed(figures, "figures"))


def _closure(actor_ids: Iterable[str], records: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """The actors named, plus the bodies they are affiliated with (transitively)."""
    wanted, queue = set(), [a for a in actor_ids if a]
    while queue:
        actor_id = queue.pop()
        if actor_id in wanted or actor_id not in records:
            continue
        wanted.add(actor_id)
        queue.append(records[actor_id].get("affiliation_id"))
    return {a for a in wanted if a}


def actors_table(records: Mapping[str, Mapping[str, Any]], referenced: Iterable[str]) -> pd.DataFrame:
    """Registry and discovered actors that the tables refer to (with affiliations)."""
    rows = []
    for actor_id in sorted(_closure(referenced, records)):
        record = records[actor_id]
        curated = bool(record.get("curated", True))
        rows.append({
            "actor_id": actor_id,
            "name": record["name"],
            "kind": record["kind"],
            "role": record.get("role"),
            "affiliation_id": record.get("affiliation_id"),
            "wikidata_id": record.get("wikidata_id"),
            "aliases": sorted(set(record.get("aliases") or [record["name"]])),
            "curated": curated,
            "provenance": "registry" if curated else "rule:" + str(record.get("rule", "discovered")),
        })
    return typed(pd.DataFrame.from_records(rows, columns=[f["name"] for f in definitions.fields("actors")]), "actors")


def span_tables(
    laid_out: pd.DataFrame,
    mention_rows: pd.DataFrame,
    claim_rows: pd.DataFrame,
    figure_rows: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """The tables made per article (all but ``actors``), keyed by table name."""
    claims = claims_table(claim_rows)
    return {
        "sources": sources_table(laid_out),
        "actor_mentions": mentions_table(mention_rows),
        "claims": claims,
        "figures": figures_table(figure_rows, claims),
    }


def referenced_actors(tables: Mapping[str, pd.DataFrame]) -> set[str]:
    """Actor IDs the span tables refer to (mentions and speakers)."""
    return set(tables["actor_mentions"]["actor_id"].dropna()) | set(tables["claims"]["speaker_id"].dropna())
