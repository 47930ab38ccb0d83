"""Bad input: a clear error naming the file, a non-zero exit, and nothing lost.

``CASES`` is the catalogue of bad inputs we try. Each case prepares a copy
of the repository (raw texts, manifest, a previous build), runs one command,
and checks the exit code, the message, and that no byte of ``raw/`` or of the
previous output changed. ``docs/bad-input.md`` is rendered from the same
catalogue (``python tests/test_bad_input.py > docs/bad-input.md``) and a test
keeps the two in step.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from conftest import RAW  # noqa: E402  (the fixture corpus)


@dataclass(frozen=True)
class Case:
    name: str
    command: str  # "build" or "validate"
    prepare: Callable[[Path], None]
    exit_code: int
    message: str  # a fragment of the error (or of the success line)
    behaviour: str  # what the tool does, for the docs table


def _add_article(repo: Path, name: str, data: bytes, listed: bool = True) -> None:
    """Write a raw file (and, by default, its manifest line with the right hash)."""
    (repo / "raw" / name).write_bytes(data)
    if listed:
        sha = hashlib.sha256(data).hexdigest()
        rights = '"test"'
        line = f"{Path(name).stem},{name},{sha},{len(data)},,,,,,,,{rights}\n"
        with open(repo / "raw" / "manifest.csv", "a", encoding="utf-8") as manifest:
            manifest.write(line)


def _edit_manifest(repo: Path, change: Callable[[list[str]], list[str]]) -> None:
    path = repo / "raw" / "manifest.csv"
    path.write_text("".join(change(path.read_text(encoding="utf-8").splitlines(keepends=True))), encoding="utf-8")


def _rewrite_parquet(repo: Path, table: str, change: Callable[[pa.Table], pa.Table]) -> None:
    path = repo / "dataset" / "build" / f"{table}.parquet"
    pq.write_table(change(pq.read_table(path)), path)


ARTICLE = "Officials said on Friday that more than 100 countries ban the weapons.\n"

CASES = [
    Case("non-UTF-8 bytes", "build", lambda r: _add_article(r, "900_bad.txt", b"caf\xe9 au lait\n"),
         2, "900_bad.txt: not valid UTF-8", "refused: names the byte offset"),
    Case("UTF-8 byte-order mark", "build", lambda r: _add_article(r, "900_bom.txt", "\ufeff".encode() + ARTICLE.encode()),
         2, "900_bom.txt:1: starts with a UTF-8 byte-order mark", "refused: offsets would count the invisible mark"),
    Case("CRLF line endings", "build", lambda r: _add_article(r, "900_crlf.txt", ARTICLE.replace("\n", "\r\n").encode() * 3),
         0, "built", "accepted as is: the `\\r` characters count in the offsets, every row still equals its raw slice"),
    Case("lone CR line endings", "build", lambda r: _add_article(r, "900_cr.txt", b"First line.\rSecond line.\n"),
         2, "900_cr.txt:1: lone carriage return", "refused: convert to LF or CRLF"),
    Case("NUL byte", "build", lambda r: _add_article(r, "900_nul.txt", b"Some text\n\x00 more\n"),
         2, "900_nul.txt:2: control character U+0000", "refused: names the line and character"),
    Case("other control character", "build", lambda r: _add_article(r, "900_bel.txt", b"Alarm \x07 bell\n"),
         2, "900_bel.txt:1: control character U+0007", "refused"),
    Case("empty file", "build", lambda r: _add_article(r, "900_empty.txt", b""),
         2, "900_empty.txt: empty or whitespace-only", "refused"),
    Case("whitespace-only file", "build", lambda r: _add_article(r, "900_blank.txt", b" \n\t\n"),
         2, "900_blank.txt: empty or whitespace-only", "refused"),
    Case("article with no quotation marks", "build", lambda r: _add_article(r, "900_noquote.txt", ARTICLE.encode() * 5),
         0, "built", "accepted: figures and mentions, no direct quotes"),
    Case("article with only opening quotes", "build", lambda r: _add_article(r, "900_open.txt", ("“He said " * 50 + "\n").encode()),
         0, "built", "accepted: no row crosses a paragraph, every row equals its raw slice"),
    Case("thousands of quote marks", "build", lambda r: _add_article(r, "900_quotes.txt", ("\"“”‘’'" * 2000 + "\n").encode()),
         0, "built", "accepted: no crash, no invalid row"),
    Case("manifest: duplicate source_id", "build",
         lambda r: _edit_manifest(r, lambda lines: lines + [lines[1]]),
         2, "manifest.csv:6: duplicate source_id", "refused with the manifest line"),
    Case("manifest: listed file missing", "build",
         lambda r: (r / "raw" / "004_c40e71ffe9f41323.txt").unlink(),
         2, "lists files that are not in the folder: 004_c40e71ffe9f41323.txt", "refused"),
    Case("extra file not in the manifest", "build", lambda r: _add_article(r, "900_extra.txt", ARTICLE.encode(), listed=False),
         2, "900_extra.txt: not listed in manifest.csv", "refused"),
    Case("wrong hash in the manifest", "build",
         lambda r: (r / "raw" / "002_bcc9e18a53849bc3.txt").write_bytes(
             (r / "raw" / "002_bcc9e18a53849bc3.txt").read_bytes().replace(b"CNN", b"XYZ")),
         2, "002_bcc9e18a53849bc3.txt: bytes do not match the manifest", "refused: the raw file was changed"),
    Case("malformed manifest line", "build", lambda r: _edit_manifest(r, lambda lines: lines + ["only,three,cells\n"]),
         2, "manifest.csv:6: expected 12 cells", "refused with the line number"),
    Case("manifest path with ..", "build",
         lambda r: _edit_manifest(r, lambda lines: lines + ["x,../x.txt," + "0" * 64 + ",1,,,,,,,,r\n"]),
         2, "manifest.csv:6: file '../x.txt' must be a plain .txt name", "refused: no path leaves raw/"),
    Case("manifest absolute path", "build",
         lambda r: _edit_manifest(r, lambda lines: lines + ["x,/etc/x.txt," + "0" * 64 + ",1,,,,,,,,r\n"]),
         2, "manifest.csv:6: file '/etc/x.txt' must be a plain .txt name", "refused"),
    Case("symlink pointing outside raw/", "build",
         lambda r: ((r / "outside.txt").write_text(ARTICLE), (r / "raw" / "900_link.txt").symlink_to(r / "outside.txt")),
         2, "900_link.txt: symbolic link pointing outside the raw folder", "refused: the link is not followed"),
    Case("malformed curation file", "build",
         lambda r: ((r / "raw" / "curations").mkdir(exist_ok=True),
                    (r / "raw" / "curations" / "000_53a5316160c5d233.yaml").write_text("- table: claims\n  action: [drop\n")),
         2, "000_53a5316160c5d233.yaml: not valid YAML", "refused with the parser's line and column"),
    Case("curation pointing at text that is not there", "build",
         lambda r: ((r / "raw" / "curations").mkdir(exist_ok=True),
                    (r / "raw" / "curations" / "000_53a5316160c5d233.yaml").write_text(
                        "- table: claims\n  action: drop\n  char_start: 17\n  char_end: 26\n  text: Russians\n  reason: test\n")),
         2, "entry 1: text 'Russians' is not at 17:26", "refused: shows the text that is there"),
    Case("truncated Parquet file", "validate",
         lambda r: (r / "dataset/build/claims.parquet").write_bytes((r / "dataset/build/claims.parquet").read_bytes()[:200]),
         1, "claims.parquet: unreadable Parquet file", "reported: file and reader error"),
    Case("Parquet column of the wrong type", "validate",
         lambda r: _rewrite_parquet(r, "figures", lambda t: t.set_column(
             t.schema.get_field_index("char_end"), "char_end", t.column("char_end").cast(pa.string()))),
         1, "[figures] column 'char_end': type string, schema says int64", "reported: table, column, both types"),
    Case("Parquet file missing a column", "validate",
         lambda r: _rewrite_parquet(r, "claims", lambda t: t.drop_columns(["cue"])),
         1, "[claims]: missing column 'cue'", "reported"),
    Case("datapackage.json disagrees with the files", "validate",
         lambda r: (r / "dataset/build/datapackage.json").write_text(
             (r / "dataset/build/datapackage.json").read_text().replace('"rows": 4', '"rows": 5').replace(
                 '"hash": "sha256:', '"hash": "sha256:0', 1)),
         1, "differs from the descriptor's", "reported: the hash (and content fingerprint) the descriptor records"),
]


def _snapshot(root: Path) -> dict[str, str]:
    """SHA-256 of every file under raw/ and dataset/ (links not followed)."""
    files = {}
    for folder in ("raw", "dataset"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and not path.is_symlink() and not path.name.startswith(".") and ".lock" not in path.name:
                files[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A repository copy with raw/ and a fresh working build."""
    from cmclaims import __version__
    from cmclaims.build import build

    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(RAW, root / "raw")
    build(root / "raw", root / "dataset" / "build", __version__)
    return root


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input(case, pristine, tmp_path, monkeypatch, capsys):
    from cmclaims.cli import main

    repo = tmp_path / "repo"
    shutil.copytree(pristine, repo, symlinks=True)
    case.prepare(repo)
    before = _snapshot(repo)
    monkeypatch.chdir(repo)
    exit_code = main([case.command] if case.command == "build" else ["validate", "dataset/build", "--no-frictionless"])
    output = capsys.readouterr()
    assert exit_code == case.exit_code, output
    assert case.message in output.out + output.err
    after = _snapshot(repo)
    if exit_code == 0 and case.command == "build":
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert all(name.startswith("dataset/build/") for name in changed), changed
        assert main(["validate", "dataset/build", "--no-frictionless"]) == 0
    else:
        assert after == before, "a refused command changed files"


def render_table() -> str:
    lines = [
        "# Bad input: what the tools do",
        "",
        "Generated from `tests/test_bad_input.py` (`python tests/test_bad_input.py > docs/bad-input.md`);",
        "every row is a test. Refusals exit non-zero, name the file (and line where there is one), and change",
        "no byte of `raw/`, of released folders or of the previous build output.",
        "",
        "| input | command | exit | message contains | behaviour |",
        "| --- | --- | --- | --- | --- |",
    ]
    for case in CASES:
        message = case.message.replace("|", "\\|")
        lines.append(f"| {case.name} | `cmclaims {case.command}` | {case.exit_code} | `{message}` | {case.behaviour} |")
    lines += [
        "| a 20 MB article | `cmclaims build` | 0 | `built` | accepted and processed in bounded memory (`test_twenty_megabyte_article`) |",
        "| a build killed with `kill -9` while writing | `cmclaims build` | - | - | the previous output stays intact and loadable; a kill after the new tables are swapped in leaves the complete new output, never a mix (`test_build_killed_at_any_moment_leaves_the_previous_output_or_the_complete_new_one`) |",
        "| two builds at once on one output folder | `cmclaims build` | 2 | `another build is writing this folder` | the second is refused; the first completes (`test_second_concurrent_build_is_refused`) |",
    ]
    return "\n".join(lines) + "\n"


def test_docs_table_lists_every_case():
    assert (REPO / "docs" / "bad-input.md").read_text(encoding="utf-8") == render_table()


def test_every_test_the_table_names_exists():
    import re

    defined = {name for path in (REPO / "tests").rglob("test_*.py")
               for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.MULTILINE)}
    named = set(re.findall(r"`(test_\w+)`", render_table()))
    assert named and named <= defined, sorted(named - defined)


if __name__ == "__main__":
    print(render_table(), end="")
