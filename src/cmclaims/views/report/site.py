"""Writing the report: ``cmclaims report [--out DIR]`` (what the folder holds: :mod:`cmclaims.views.report`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from cmclaims.selection import Dataset
from cmclaims.tabular import datapackage
from cmclaims.views.compare import compare_tables, labelled, source_labels
from cmclaims.views.report.chart import claims_per_speaker, source_colours, stacked_bars_svg
from cmclaims.views.report.pages import article_page, index_page, speaker_colours

ARTICLES_DIR = "articles"


def read_raw(raw_dir: Path, source: dict[str, Any]) -> str:
    """An article's raw text, refused if its bytes are not those the rows were built from."""
    from cmclaims.corpus.reader import read_raw_text

    return read_raw_text(Path(raw_dir) / f"{source['source_id']}.txt", source["sha256"],
                         "the dataset's sources table", "pass the raw folder it was built from (--raw-dir)")


def furniture_spans(text: str) -> list[tuple[int, int, str]]:
    """Paragraphs that are not body text (title, byline, captions, boilerplate...), by the layout rules."""
    from cmclaims.text.layout import find_layout

    return [(p.start, p.end, p.kind) for p in find_layout(text).paragraphs if p.kind != "body"]


def dataset_card(dataset: Dataset) -> dict[str, Any]:
    """Title, description, version, licence and citations of the dataset."""
    from cmclaims.citation import package_metadata, render

    descriptor = dataset.descriptor()  # a release's is verified: its version and licence are the released ones
    project = package_metadata()
    version = descriptor.get("version", "unknown")
    created = descriptor.get("created", "")[:10]
    release = dataset.release or {"version": version, "date": created or "unknown"}
    licences = ", ".join(item.get("name", "") for item in descriptor.get("licenses", datapackage.licenses()))
    return {
        "title": descriptor.get("title", project.title),
        "description": descriptor.get("description", project.description),
        "label": dataset.label, "version": version, "created": created or "unknown", "license": licences,
        "apa": render("apa", release), "bibtex": render("bibtex", release), "released": bool(dataset.release),
    }


def _rows_of(tables: dict[str, pd.DataFrame], source_id: str) -> dict[str, pd.DataFrame]:
    return {t: tables[t][tables[t]["source_id"] == source_id] for t in ("claims", "figures", "actor_mentions")}


def write_report(dataset: Dataset, out_dir: Path, raw_dir: Path) -> list[Path]:
    """Write the index and one page per article into ``out_dir``; return the files written."""
    tables = dataset.tables()
    names = dict(zip(tables["actors"]["actor_id"], tables["actors"]["name"]))
    colours = speaker_colours(tables["claims"])
    figure_view, claim_view = compare_tables(tables)
    sources = tables["sources"].to_dict("records")
    counts = claims_per_speaker(tables["claims"])
    legend = {source_id: labelled(source_id, label) for source_id, label in source_labels(tables["sources"]).items()}
    chart = stacked_bars_svg(counts, source_colours([s["source_id"] for s in sources]), {**names, **legend})
    out_dir = Path(out_dir)
    (out_dir / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
    written = [out_dir / "index.html"]
    written[0].write_text(index_page(dataset_card(dataset), tables, chart, figure_view, claim_view), encoding="utf-8")
    for source in sources:
        text = read_raw(raw_dir, source)
        html = article_page(source, text, _rows_of(tables, source["source_id"]), furniture_spans(text), colours, names)
        path = out_dir / ARTICLES_DIR / f"{source['source_id']}.html"
        path.write_text(html, encoding="utf-8")
        written.append(path)
    return written
