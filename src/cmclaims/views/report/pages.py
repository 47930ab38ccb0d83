"""The report's pages: the index (dataset card) and one page per article.

This module turns tables and texts into plain values (cells and their links,
marks, colours); the templates in ``templates/`` (:mod:`.render`, Jinja2 with
autoescaping) make the HTML. Every page inlines the same stylesheet and script
(``assets/``), so each file works on its own, offline. Marks nest (a figure
inside a claim, a mention inside both); where two marks cross rather than
nest, the later one is closed and reopened around the boundary: the
continuation carries the same ``data-id`` but no ``id``, so each row has
exactly one element with its ID. Furniture paragraphs (title, byline,
captions, boilerplate) are wrapped so that they can be greyed out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from cmclaims.tabular import definitions
from cmclaims.views.compare import LABEL_KEYS, format_value, labelled, source_label
from cmclaims.views.marks import Mark, stretches
from cmclaims.views.report.render import render

GOLDEN_ANGLE = 137.508
"""Successive speakers' hues are this many degrees apart, so any number of them stay distinguishable."""
UNNAMED_COLOUR = "#e4e7eb"

Link = Callable[[dict[str, Any]], str]
Event = tuple[str, Any, bool]
"""``("text", text, False)``, ``("open", mark, first time)`` or ``("close", mark, False)``."""


@dataclass(frozen=True)
class Table:
    """A frame ready for the ``table`` macro: (column, numeric) headers and rows of (text, link, numeric) cells."""

    head: list[tuple[str, bool]]
    rows: list[list[tuple[str, str | None, bool]]]


def plain(value: Any) -> Any:
    """A cell as JSON-ready Python: missing values None, numpy scalars unwrapped."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, list):
        return value
    if hasattr(value, "item"):
        return value.item()
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def table_of(frame: pd.DataFrame, links: dict[str, Link] | None = None, numeric: Sequence[str] = ()) -> Table:
    """A frame's cells as text; ``links`` gives, per column, the URL of a row's cell."""
    links = links or {}
    rows = []
    for record in frame.to_dict("records"):
        record = {column: plain(value) for column, value in record.items()}
        rows.append([("" if value is None else str(value),
                      links[column](record) if column in links and value is not None else None,
                      column in numeric) for column, value in record.items()])
    return Table([(column, column in numeric) for column in frame.columns], rows)


def anchor(column: str, page_url: str = "") -> Link:
    """Link to ``#<value of column>`` on ``page_url`` (this page by default)."""
    return lambda record: f"{page_url}#{record[column]}"


def article_link(id_column: str | None = None) -> Link:
    """Link to a row's article page (at the row's mark when ``id_column`` is given)."""
    return lambda record: f"articles/{record['source_id']}.html" + (f"#{record[id_column]}" if id_column else "")


def speaker_colours(claims: pd.DataFrame) -> dict[str, str]:
    """A pastel background per speaker (most frequent first), the same on every page; unnamed are grey."""
    counts = claims["speaker_id"].dropna().astype("object").value_counts()
    ranked = sorted(counts.index, key=lambda speaker: (-counts[speaker], speaker))
    return {speaker: f"hsl({(45 + i * GOLDEN_ANGLE) % 360:.0f} 85% {78 + 8 * (i % 2)}%)"
            for i, speaker in enumerate(ranked)}


def _row_marks(frame: pd.DataFrame, kind: str, id_column: str, colours: dict[str, str] | None = None) -> list[Mark]:
    marks = []
    for record in frame.to_dict("records"):
        fields = {name: plain(value) for name, value in record.items()}
        style = ""
        if colours is not None:
            style = f"--speaker: {colours.get(fields.get('speaker_id') or '', UNNAMED_COLOUR)}"
        marks.append(Mark(kind, int(record["char_start"]), int(record["char_end"]), str(record[id_column]), fields,
                          style=style))
    return marks


def article_marks(
    claims: pd.DataFrame, figures: pd.DataFrame, mentions: pd.DataFrame,
    furniture: Sequence[tuple[int, int, str]], colours: dict[str, str],
) -> list[Mark]:
    """Every row of one article as a mark (labelled by its ID), plus its furniture paragraphs (by their kind)."""
    return (
        [Mark("furniture", start, end, kind) for start, end, kind in furniture]
        + _row_marks(claims, "claim", "claim_id", colours)
        + _row_marks(figures, "figure", "figure_id")
        + _row_marks(mentions, "mention", "mention_id")
    )


def mark_events(text: str, marks: Sequence[Mark]) -> list[Event]:
    """The text and the elements to open and close around it, properly nested (empty spans skipped)."""
    opened: set[Mark] = set()
    stack: tuple[Mark, ...] = ()
    events: list[Event] = []
    for low, high, wanted in stretches(marks, 0, len(text)):
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] == wanted[keep]:
            keep += 1
        events += [("close", mark, False) for mark in reversed(stack[keep:])]
        for mark in wanted[keep:]:
            events.append(("open", mark, mark not in opened))
            opened.add(mark)
        stack = wanted
        events.append(("text", text[low:high], False))
    return events + [("close", mark, False) for mark in reversed(stack)]


def marked_html(text: str, marks: Sequence[Mark]) -> Markup:
    """``text`` HTML-escaped, with an element around every mark's span."""
    return render("marked.html.j2", events=mark_events(text, marks))


def _legend(claims: pd.DataFrame, colours: dict[str, str], names: dict[str, str]) -> list[tuple[str, str]]:
    """(colour, name) of each speaker of the article, in the order of ``colours``; then the unnamed."""
    speakers = set(claims["speaker_id"].dropna())
    items = [(colour, names.get(s, s)) for s, colour in colours.items() if s in speakers]
    if claims["speaker_id"].isna().any():
        items.append((UNNAMED_COLOUR, "no named speaker"))
    return items


def article_page(
    source: dict[str, Any], text: str, rows: dict[str, pd.DataFrame],
    furniture: Sequence[tuple[int, int, str]], colours: dict[str, str], names: dict[str, str],
) -> str:
    """One article: metadata, legend, the marked text, then its claims and figures as tables."""
    claims, figures, mentions = rows["claims"], rows["figures"], rows["actor_mentions"]
    facts = [(key, str(plain(source.get(key)))) for key in ("outlet", "title", "published", "author", "genre")
             if plain(source.get(key)) is not None]
    claim_rows = claims.assign(
        speaker=claims["speaker_id"].map(lambda s: names.get(s, s) if isinstance(s, str) else None))
    label = source_label(*(source.get(k) for k in LABEL_KEYS))
    heading = label or source["source_id"]
    return render(
        "article.html.j2", title=f"{heading} · cmclaims", heading=heading, home="../index.html",
        label=labelled(source["source_id"], label), facts=facts, legend=_legend(claims, colours, names),
        counts={"claim": len(claims), "figure": len(figures), "mention": len(mentions)},
        text_html=marked_html(text, article_marks(claims, figures, mentions, furniture, colours)),
        claims=table_of(claim_rows[["claim_id", "kind", "speaker", "speaker_text", "cue", "text", "claim_group_id"]],
                        links={"claim_id": anchor("claim_id"),
                               "claim_group_id": anchor("claim_group_id", "../index.html")}),
        figures=table_of(figures[["figure_id", "text", "value", "qualifier", "unit", "measure", "claim_id",
                                  "figure_group_id"]],
                         links={"figure_id": anchor("figure_id"), "claim_id": anchor("claim_id"),
                                "figure_group_id": anchor("figure_group_id", "../index.html")},
                         numeric=("value",)),
    )


def data_dictionary() -> list[tuple[str, str, Table]]:
    """(table, description, column reference) of every table, from ``schema/`` (as ``cmclaims schema`` prints it)."""
    parts = []
    for table in definitions.TABLES:
        descriptor = definitions.table_schema(table)
        fields = pd.DataFrame([
            {"column": f["name"],
             "type": f["type"] + (f" ({' | '.join(definitions.enum_values(f))})" if definitions.enum_values(f) else ""),
             "required": "yes" if definitions.is_required(f) else "no", "description": f.get("description", "")}
            for f in descriptor["fields"]
        ])
        parts.append((table, descriptor.get("description", ""), table_of(fields)))
    return parts


def comparison(figure_view: pd.DataFrame, claim_view: pd.DataFrame) -> dict[str, list[tuple[str, str, bool, Table]]]:
    """The disagreement view: per group, its ID, what it is about, whether the sources agree, each source's row."""
    figures = []
    for group_id, rows in figure_view.groupby("figure_group_id", sort=True):
        shown = rows.assign(value=[format_value(v, h) for v, h in zip(rows["value"], rows["value_high"])])
        figures.append((group_id, str(rows["unit"].iloc[0]), bool(rows["agrees"].iloc[0]),
                        table_of(shown[["source_id", "label", "text", "value", "qualifier", "said_by", "figure_id"]],
                                 links={"source_id": article_link(), "figure_id": article_link("figure_id")},
                                 numeric=("value",))))
    claims = []
    for group_id, rows in claim_view.groupby("claim_group_id", sort=True):
        claims.append((group_id, ", ".join(sorted(set(rows["speaker_id"].dropna()))),
                       bool(rows["same_wording"].iloc[0]),
                       table_of(rows[["source_id", "label", "speaker_text", "kind", "text", "claim_id"]],
                                links={"source_id": article_link(), "claim_id": article_link("claim_id")})))
    return {"figures": figures, "claims": claims}


def index_page(card: dict[str, Any], tables: dict[str, pd.DataFrame], chart_svg: Markup,
               figure_view: pd.DataFrame, claim_view: pd.DataFrame) -> str:
    """The dataset card: what it is, version, citation, row counts, articles, chart, disagreements, dictionary."""
    counts = pd.DataFrame([
        {"table": table, "rows": len(tables[table]),
         "description": definitions.table_schema(table).get("description", "")}
        for table in definitions.TABLES
    ])
    per_source = {t: tables[t]["source_id"].value_counts() for t in definitions.SPAN_TABLES}
    articles = tables["sources"][["source_id", "outlet", "title", "published", "genre"]].assign(
        **{t: [int(per_source[t].get(s, 0)) for s in tables["sources"]["source_id"]] for t in definitions.SPAN_TABLES}
    )
    return render(
        "index.html.j2", title=card["title"], heading=card["title"], home=None, card=card,
        counts=table_of(counts, links={"table": lambda r: f"#table-{r['table']}"}, numeric=("rows",)),
        articles=table_of(articles, links={"source_id": article_link()}, numeric=definitions.SPAN_TABLES),
        chart=chart_svg, comparison=comparison(figure_view, claim_view), dictionary=data_dictionary(),
    )
