"""The report's pages as HTML strings: the index (dataset card) and one page per article.

Pure functions of the tables and texts; :mod:`cmclaims.views.report` writes them.
Every page inlines the same stylesheet and script (``assets/``), so each file
works on its own, offline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any

import pandas as pd

from cmclaims.tabular import definitions
from cmclaims.views.compare import format_value, labelled, source_label
from cmclaims.views.report.marks import Mark, marked_html

GOLDEN_ANGLE = 137.508
"""Successive speakers' hues are this many degrees apart, so any number of them stay distinguishable."""
UNNAMED_COLOUR = "#e4e7eb"
LABEL_KEYS = ("title", "outlet", "published")
"""The source fields a readable label is made of (``compare.source_label``)."""

Link = Callable[[dict[str, Any]], str]


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return resources.files("cmclaims.views.report").joinpath("assets", name).read_text(encoding="utf-8")


def page(title: str, body: str, heading: str, home: str | None = None) -> str:
    """A complete, self-contained HTML document."""
    back = f' · <a href="{escape(home)}">dataset index</a>' if home else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<style>\n{asset('report.css')}</style>\n"
        f"<script>\n{asset('report.js')}</script>\n</head>\n<body>\n"
        f"<header class=\"top\"><h1>{escape(heading)}</h1><div>cmclaims report{back}</div></header>\n"
        f"<main>\n{body}\n</main>\n<div id=\"fields\" role=\"tooltip\"></div>\n</body>\n</html>\n"
    )


def plain(value: Any) -> Any:
    """A cell as JSON-ready Python: missing values None, numpy scalars unwrapped."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, list):
        return value
    if hasattr(value, "item"):
        return value.item()
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def html_table(frame: pd.DataFrame, links: dict[str, Link] | None = None, numeric: Sequence[str] = ()) -> str:
    """A frame as an HTML table; ``links`` gives, per column, the URL of a row's cell."""
    links = links or {}
    head = "".join(f'<th class="{"num" if c in numeric else ""}">{escape(c)}</th>' for c in frame.columns)
    rows = []
    for record in frame.to_dict("records"):
        record = {column: plain(value) for column, value in record.items()}
        cells = []
        for column, value in record.items():
            shown = "" if value is None else escape(str(value))
            if column in links and value is not None:
                shown = f'<a href="{escape(links[column](record))}">{shown}</a>'
            cells.append(f'<td class="{"num" if column in numeric else ""}">{shown}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


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
    return {speaker: f"hsl({(45 + i * GOLDEN_ANGLE) % 360:.0f} 85% {78 + 8 * (i % 2)}%)" for i, speaker in enumerate(ranked)}


def _row_marks(frame: pd.DataFrame, kind: str, id_column: str, colours: dict[str, str] | None = None) -> list[Mark]:
    marks = []
    for record in frame.to_dict("records"):
        fields = {name: plain(value) for name, value in record.items()}
        style = ""
        if colours is not None:
            style = f"--speaker: {colours.get(fields.get('speaker_id') or '', UNNAMED_COLOUR)}"
        marks.append(Mark(kind, int(record["char_start"]), int(record["char_end"]), str(record[id_column]), fields, style=style))
    return marks


def article_marks(
    claims: pd.DataFrame, figures: pd.DataFrame, mentions: pd.DataFrame,
    furniture: Sequence[tuple[int, int, str]], colours: dict[str, str],
) -> list[Mark]:
    """Every row of one article as a mark, plus its furniture paragraphs."""
    return (
        [Mark("furniture", start, end, kind) for start, end, kind in furniture]
        + _row_marks(claims, "claim", "claim_id", colours)
        + _row_marks(figures, "figure", "figure_id")
        + _row_marks(mentions, "mention", "mention_id")
    )


def _legend(claims: pd.DataFrame, colours: dict[str, str], names: dict[str, str]) -> str:
    speakers = sorted(set(claims["speaker_id"].dropna()), key=lambda s: list(colours).index(s))
    items = [f'<span><span class="swatch" style="background:{colours[s]}"></span>{escape(names.get(s, s))}</span>' for s in speakers]
    if claims["speaker_id"].isna().any():
        items.append(f'<span><span class="swatch" style="background:{UNNAMED_COLOUR}"></span>no named speaker</span>')
    items += ['<span><mark class="figure">12</mark> figure</span>', '<span><mark class="mention">Name</mark> actor mention</span>',
              '<span class="furniture muted">grey: furniture (not extracted from)</span>']
    return '<div class="legend">' + "".join(items) + "</div>"


def article_page(
    source: dict[str, Any], text: str, rows: dict[str, pd.DataFrame],
    furniture: Sequence[tuple[int, int, str]], colours: dict[str, str], names: dict[str, str],
) -> str:
    """One article: metadata, legend, the marked text, then its claims and figures as tables."""
    claims, figures, mentions = rows["claims"], rows["figures"], rows["actor_mentions"]
    meta = [(label, source.get(key)) for label, key in
            (("outlet", "outlet"), ("title", "title"), ("published", "published"), ("author", "author"), ("genre", "genre"))]
    facts = " · ".join(f"{label}: <b>{escape(str(plain(value)))}</b>" for label, value in meta if plain(value) is not None)
    check = (f'<output id="selfcheck" data-expected-claim="{len(claims)}" data-expected-figure="{len(figures)}" '
             f'data-expected-mention="{len(mentions)}"></output>')
    text_html = marked_html(text, article_marks(claims, figures, mentions, furniture, colours))
    claim_rows = claims.assign(speaker=claims["speaker_id"].map(lambda s: names.get(s, s) if isinstance(s, str) else None))
    body = [
        f'<section><h2>{escape(labelled(source["source_id"], source_label(*(source.get(k) for k in LABEL_KEYS))))}</h2>'
        f'<p>{facts}</p>'
        f'<p class="muted">{len(claims)} claims, {len(figures)} figures, {len(mentions)} actor mentions. '
        "Hover over (or tab to) a mark to see its row.</p>" + _legend(claims, colours, names) + "</section>",
        f'<div class="article">{text_html}</div>',
        "<section><h2>Claims</h2>" + html_table(
            claim_rows[["claim_id", "kind", "speaker", "speaker_text", "cue", "text", "claim_group_id"]],
            links={"claim_id": anchor("claim_id"), "claim_group_id": anchor("claim_group_id", "../index.html")}) + "</section>",
        "<section><h2>Figures</h2>" + html_table(
            figures[["figure_id", "text", "value", "qualifier", "unit", "measure", "claim_id", "figure_group_id"]],
            links={"figure_id": anchor("figure_id"), "claim_id": anchor("claim_id"),
                   "figure_group_id": anchor("figure_group_id", "../index.html")},
            numeric=("value",)) + "</section>",
        check,
    ]
    label = source_label(*(source.get(k) for k in LABEL_KEYS))
    heading = label or source["source_id"]
    return page(f"{heading} · cmclaims", "\n".join(body), heading, "../index.html")


def data_dictionary_html() -> str:
    """The column reference of every table, from ``schema/`` (as ``cmclaims schema`` prints it)."""
    parts = []
    for table in definitions.TABLES:
        descriptor = definitions.table_schema(table)
        fields = pd.DataFrame([
            {"column": f["name"], "type": f["type"] + (f" ({' | '.join(definitions.enum_values(f))})" if definitions.enum_values(f) else ""),
             "required": "yes" if definitions.is_required(f) else "no", "description": f.get("description", "")}
            for f in descriptor["fields"]
        ])
        parts.append(f'<h3 id="table-{table}">{table}</h3><p>{escape(descriptor.get("description", ""))}</p>' + html_table(fields))
    return "".join(parts)


def comparison_html(figure_view: pd.DataFrame, claim_view: pd.DataFrame) -> str:
    """The disagreement view: per group, each source's figure or wording."""
    parts = ["<h3>Figures that measure the same thing</h3>"]
    if figure_view.empty:
        parts.append('<p class="muted">No figure groups.</p>')
    for group_id, rows in figure_view.groupby("figure_group_id", sort=True):
        verdict = '<span class="agree">all agree</span>' if rows["agrees"].iloc[0] else '<span class="disagree">sources disagree</span>'
        shown = rows.assign(value=[format_value(v, h) for v, h in zip(rows["value"], rows["value_high"])])
        parts.append(f'<h4 id="{escape(group_id)}"><code>{escape(group_id)}</code> · {escape(str(rows["unit"].iloc[0]))} · {verdict}</h4>')
        parts.append(html_table(shown[["source_id", "label", "text", "value", "qualifier", "said_by", "figure_id"]],
                                links={"source_id": article_link(), "figure_id": article_link("figure_id")},
                                numeric=("value",)))
    parts.append("<h3>Claims that report the same statement</h3>")
    if claim_view.empty:
        parts.append('<p class="muted">No claim groups.</p>')
    for group_id, rows in claim_view.groupby("claim_group_id", sort=True):
        verdict = "same wording" if rows["same_wording"].iloc[0] else '<span class="disagree">worded differently</span>'
        speakers = ", ".join(sorted(set(rows["speaker_id"].dropna())))
        parts.append(f'<h4 id="{escape(group_id)}"><code>{escape(group_id)}</code> · {escape(speakers)} · {verdict}</h4>')
        parts.append(html_table(rows[["source_id", "label", "speaker_text", "kind", "text", "claim_id"]],
                                links={"source_id": article_link(), "claim_id": article_link("claim_id")}))
    return "".join(parts)


def index_page(card: dict[str, Any], tables: dict[str, pd.DataFrame], chart_svg: str, comparison: str) -> str:
    """The dataset card: what it is, version, citation, row counts, articles, chart, disagreements, dictionary."""
    counts = pd.DataFrame([
        {"table": table, "rows": len(tables[table]), "description": definitions.table_schema(table).get("description", "")}
        for table in definitions.TABLES
    ])
    per_source = {t: tables[t]["source_id"].value_counts() for t in definitions.SPAN_TABLES}
    articles = tables["sources"][["source_id", "outlet", "title", "published", "genre"]].assign(
        **{t: [int(per_source[t].get(s, 0)) for s in tables["sources"]["source_id"]] for t in definitions.SPAN_TABLES}
    )
    body = [
        f'<section><h2>What this is</h2><p>{escape(card["description"])}</p>'
        f'<p>Dataset: <b>{escape(card["label"])}</b> · version {escape(card["version"])} · created {escape(card["created"])}'
        f' · licence {escape(card["license"])}</p></section>',
        f'<section><h2>How to cite</h2>{card["citation_note"]}<pre class="citation">{escape(card["apa"])}</pre>'
        f'<pre class="citation">{escape(card["bibtex"])}</pre></section>',
        '<section><h2>Tables</h2>' + html_table(counts, links={"table": lambda r: f"#table-{r['table']}"}, numeric=("rows",)) + "</section>",
        '<section><h2>Articles</h2><p class="muted">Each page shows the raw text with claims (coloured by speaker), '
        "figures and actor mentions marked.</p>"
        + html_table(articles, links={"source_id": article_link()}, numeric=definitions.SPAN_TABLES) + "</section>",
        f'<section><h2>Claims per speaker, by source</h2>{chart_svg}</section>',
        '<section id="disagreements"><h2>Across sources: who agrees, who words it differently</h2>'
        '<p class="muted">Groups link figures that measure the same thing and claims that report the same statement '
        "in different articles (<code>figure_group_id</code>, <code>claim_group_id</code>; see the codebook).</p>"
        + comparison + "</section>",
        f'<section id="dictionary"><h2>Data dictionary</h2>{data_dictionary_html()}</section>',
    ]
    return page(card["title"], "\n".join(body), card["title"])
