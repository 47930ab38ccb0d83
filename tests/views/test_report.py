"""`cmclaims report`: marks on the raw text, one per row, and self-contained pages (no browser needed)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from cmclaims.tabular import storage
from cmclaims.cli import main
from cmclaims.views.marks import Mark
from cmclaims.views.report.pages import marked_html
from conftest import RAW


class Page(HTMLParser):
    """Elements with an id (tag, classes), data-kind of marks, and the text inside ``.article``."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, tuple[str, str]] = {}
        self.marks: list[tuple[str, str]] = []
        self.depth_in_article = 0
        self.article_text: list[str] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if "id" in attributes:
            assert attributes["id"] not in self.ids, f"duplicate id {attributes['id']}"
            self.ids[attributes["id"]] = (tag, attributes.get("class") or "")
        if tag == "mark" and "data-id" in attributes:
            self.marks.append((attributes["data-kind"], attributes["data-id"]))
        if self.depth_in_article or "article" in (attributes.get("class") or "").split():
            self.depth_in_article += 1

    def handle_endtag(self, tag):
        if self.depth_in_article:
            self.depth_in_article -= 1

    def handle_data(self, data):
        if self.depth_in_article:
            self.article_text.append(data)


def test_nested_marks_open_once_and_keep_the_text():
    text = "Kirby said he would “guess” 24 <times> & more."
    marks = [Mark("claim", 11, 33, "c1"), Mark("figure", 28, 38, "f1"), Mark("mention", 0, 5, "m1")]
    html = marked_html(text, marks)
    page = Page(f'<div class="article">{html}</div>')
    assert "".join(page.article_text) == text
    assert set(page.ids) == {"c1", "f1", "m1"} and "&lt;t" in html and "&amp; more" in html
    # the figure crosses the claim's end: it is closed there and continued
    assert sorted(page.marks) == [("claim", "c1"), ("figure", "f1"), ("figure", "f1"), ("mention", "m1")]
    assert 'class="figure continued"' in html


def test_furniture_is_greyed_and_labelled():
    html = marked_html("Title\n\nBody", [Mark("furniture", 0, 5, "title")])
    assert html.startswith('<span class="furniture" data-kind="title">Title</span>')


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab<&\"' \n“é"), min_size=1, max_size=40).flatmap(
    lambda text: st.tuples(st.just(text), st.lists(
        st.tuples(st.sampled_from(["claim", "figure", "mention", "furniture"]), st.integers(0, len(text)), st.integers(0, len(text))),
        max_size=8))))
def test_any_marks_keep_the_text_and_give_each_row_one_id(case):
    text, spans = case
    marks = [Mark(kind, min(a, b), max(a, b), f"{kind}-{i}") for i, (kind, a, b) in enumerate(spans) if a != b]
    page = Page(f'<div class="article">{marked_html(text, marks)}</div>')
    assert "".join(page.article_text) == text
    rows = {m.label for m in marks if m.kind != "furniture"}
    assert set(page.ids) == rows


def test_report_marks_every_row_on_its_article_page(built, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["report", "--dir", str(built), "--out", str(out), "--raw-dir", str(RAW)]) == 0
    assert "open" in capsys.readouterr().out
    sources = storage.read_table(built / "sources.parquet", "sources")
    tables = {t: storage.read_table(built / f"{t}.parquet", t) for t in ("claims", "figures", "actor_mentions")}
    for source_id in sources["source_id"]:
        page = Page((out / "articles" / f"{source_id}.html").read_text(encoding="utf-8"))
        assert "".join(page.article_text) == (RAW / f"{source_id}.txt").read_bytes().decode("utf-8").replace("\r\n", "\n")
        for table, kind, id_column in (("claims", "claim", "claim_id"), ("figures", "figure", "figure_id"),
                                       ("actor_mentions", "mention", "mention_id")):
            rows = tables[table][tables[table]["source_id"] == source_id]
            for row_id in rows[id_column]:
                tag, classes = page.ids[row_id]
                assert tag == "mark" and kind in classes.split(), row_id
            assert {i for k, i in page.marks if k == kind} == set(rows[id_column])


def test_report_pages_are_self_contained(built, tmp_path):
    out = tmp_path / "report"
    main(["report", "--dir", str(built), "--out", str(out), "--raw-dir", str(RAW)])
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 1 + len(storage.read_table(built / "sources.parquet", "sources"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<(script|img|iframe)[^>]*\bsrc=|<link\b|@import|url\(", html), path
        assert "<style>" in html and "<script>" in html
        if path.parent.name == "articles":
            assert 'id="selfcheck"' in html


def test_index_is_the_dataset_card(built, tmp_path):
    out = tmp_path / "report"
    main(["report", "--dir", str(built), "--out", str(out), "--raw-dir", str(RAW)])
    index = (out / "index.html").read_text(encoding="utf-8")
    for expected in ("What this is", "How to cite", "@misc{cmclaims_", "Data dictionary", "claim_group_id",
                     "<svg", "Claims per speaker", "more than 110 countries", "sources disagree"):
        assert expected in index, expected
    page = Page(index)
    claims = storage.read_table(built / "claims.parquet", "claims")
    assert set(claims["claim_group_id"].dropna()) <= set(page.ids)


def test_article_pages_and_the_chart_name_sources_by_their_label(built, tmp_path):
    from markupsafe import escape

    from cmclaims.views.compare import labelled, source_label

    out = tmp_path / "report"
    main(["report", "--dir", str(built), "--out", str(out), "--raw-dir", str(RAW)])
    index = (out / "index.html").read_text(encoding="utf-8")
    sources = storage.read_table(built / "sources.parquet", "sources")
    labels = {row.source_id: source_label(row.title, row.outlet, row.published) for row in sources.itertuples()}
    assert any(labels.values()), "the fixture corpus has titles and outlets"
    for source_id, label in labels.items():
        page = (out / "articles" / f"{source_id}.html").read_text(encoding="utf-8")
        assert f"<h2>{escape(labelled(source_id, label))}</h2>" in page
        assert f">{escape(labelled(source_id, label))}</text>" in index  # the chart's legend


HOSTILE = '</h2><script>alert("owned")</script><img src=x onerror="alert(1)"> \' & "quoted"'


def _with_hostile_text(folder, cells):
    """Put HOSTILE into the first row of each (table, column) of a build, keeping its descriptor's hashes true."""
    import hashlib
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    descriptor = json.loads((folder / "datapackage.json").read_text())
    for table, column in cells:
        path = folder / f"{table}.parquet"
        arrow_table = pq.read_table(path)
        index = arrow_table.schema.get_field_index(column)
        values = arrow_table.column(column).to_pylist()
        values[0] = HOSTILE
        changed = arrow_table.set_column(index, arrow_table.schema.field(index), pa.array(values, pa.string()))
        pq.write_table(changed, path)
        resource = next(r for r in descriptor["resources"] if r["name"] == table)
        resource["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(descriptor))


def test_text_from_the_data_is_escaped_on_every_page(build_copy, tmp_path):
    """Titles, speakers and actor names reach headings, tables, attributes and the SVG chart only as text."""
    _with_hostile_text(build_copy, [("sources", "title"), ("sources", "outlet"), ("claims", "speaker_text"),
                                    ("actors", "name")])
    out = tmp_path / "report"
    assert main(["report", "--dir", str(build_copy), "--out", str(out), "--raw-dir", str(RAW)]) == 0
    pages = sorted(out.rglob("*.html"))
    shown = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img" not in html and "</h2><script" not in html, path
        assert len(re.findall(r"<script>", html)) == 1, path  # the report's own script only
        page = Page(html)  # parses, with no duplicate ids
        assert "owned" not in "".join(page.tags)
        shown += html.count("&lt;script&gt;alert(")
    assert shown >= len(pages)  # the title is on every page (the index lists it), as text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;/h2&gt;&lt;script&gt;" in index.split("<svg", 1)[1].split("</svg>", 1)[0]  # in the chart, as text
