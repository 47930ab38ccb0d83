"""The report in a real browser: headless Chromium (Debian's `chromium` package).

Each page's own script counts the rows it marks and records every script
error in ``<output id="selfcheck">``; Chromium renders the page, and the test
reads that element from the dumped DOM, checks that every claim and figure
of the article is marked, and that Chromium logged no console message.
A screenshot of the first article is saved under the test's ``tmp_path``.
Skipped where Chromium is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cmclaims.tabular import storage
from cmclaims.cli import main
from conftest import RAW
from test_report import Page

CHROMIUM = next((path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not found (Debian: apt-get install chromium); .ci/run installs it"
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]


def chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=180, check=True)


def console_messages(stderr: str) -> list[str]:
    """What pages wrote to the console (Chromium logs it as INFO:CONSOLE lines)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def report(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--dir", str(built), "--out", str(out), "--raw-dir", str(RAW)]) == 0
    return out


def test_every_claim_and_figure_is_marked_in_the_rendered_page(report, built, tmp_path):
    sources = storage.read_table(built / "sources.parquet", "sources")["source_id"]
    claims = storage.read_table(built / "claims.parquet", "claims")
    figures = storage.read_table(built / "figures.parquet", "figures")
    for source_id in sources:
        run = chromium((report / "articles" / f"{source_id}.html").as_uri(), tmp_path / f"profile-{source_id}", "--dump-dom")
        assert console_messages(run.stderr) == [], source_id
        page = Page(run.stdout)
        check = _selfcheck(run.stdout)
        assert check["data-ok"] == "true" and check["data-errors"] == "0", (source_id, check)
        for frame, id_column, kind in ((claims, "claim_id", "claim"), (figures, "figure_id", "figure")):
            expected = set(frame.loc[frame["source_id"] == source_id, id_column])
            assert check[f"data-found-{kind}"] == str(len(expected))
            assert {row_id for row_id in expected if page.ids.get(row_id, ("", ""))[0] == "mark"} == expected


def test_index_renders_without_errors_and_a_screenshot_is_saved(report, built, tmp_path, capsys):
    run = chromium((report / "index.html").as_uri(), tmp_path / "profile-index", "--dump-dom")
    assert console_messages(run.stderr) == [] and "<svg" in run.stdout
    first = sorted((report / "articles").glob("*.html"))[0]
    screenshot = tmp_path / f"{first.stem}.png"
    chromium(first.as_uri(), tmp_path / "profile-shot", f"--screenshot={screenshot}", "--window-size=1280,1400")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000
    with capsys.disabled():
        print(f"\nscreenshot of the report page of {first.stem}: {screenshot}")


def _selfcheck(dom: str) -> dict[str, str]:
    """Attributes of the page's <output id="selfcheck">."""
    from html.parser import HTMLParser

    found: dict[str, str] = {}

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "output" and dict(attrs).get("id") == "selfcheck":
                found.update({k: v or "" for k, v in attrs})

    Finder().feed(dom)
    assert found, "no selfcheck element in the rendered page"
    return found
