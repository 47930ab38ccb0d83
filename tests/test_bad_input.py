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
import os
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
         2, "manifest.csv:6: column n_bytes: '0' is below the minimum 1", "refused by the manifest schema (n_bytes >= 1); "
         "unlisted, the file itself is refused as empty"),
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
         2, "manifest.csv:6: column source_id: duplicate source_id", "refused with the manifest line"),
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
         2, "manifest.csv:6: column file: '../x.txt' must be a plain .txt name", "refused: no path leaves raw/"),
    Case("manifest absolute path", "build",
         lambda r: _edit_manifest(r, lambda lines: lines + ["x,/etc/x.txt," + "0" * 64 + ",1,,,,,,,,r\n"]),
         2, "manifest.csv:6: column file: '/etc/x.txt' must be a plain .txt name", "refused"),
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
    from cmclaims.build.run import build

    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(RAW, root / "raw")
    build(root / "raw", root / "dataset" / "build", __version__)
    return root


def _run_on_copy(source: Path, prepare: Callable[[Path], None], argv: list[str], tmp_path, monkeypatch, capsys,
                 snapshot: Callable[[Path], dict[str, str]] = _snapshot):
    """Copy ``source`` to ``tmp_path/repo``, break it with ``prepare``, run ``cmclaims argv`` from inside it.

    Returns the copy, the exit code, the captured output and the copy's ``snapshot`` taken just before the run.
    """
    from cmclaims.cli import main

    repo = tmp_path / "repo"
    shutil.copytree(source, repo, symlinks=True)
    prepare(repo)
    before = snapshot(repo)
    monkeypatch.chdir(repo)
    exit_code = main(argv)
    return repo, exit_code, capsys.readouterr(), before


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input(case, pristine, tmp_path, monkeypatch, capsys):
    from cmclaims.cli import main

    argv = [case.command] if case.command == "build" else ["validate", "dataset/build", "--no-frictionless"]
    repo, exit_code, output, before = _run_on_copy(pristine, case.prepare, argv, tmp_path, monkeypatch, capsys)
    assert exit_code == case.exit_code, output
    assert case.message in output.out + output.err
    after = _snapshot(repo)
    if exit_code == 0 and case.command == "build":
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert all(name.startswith("dataset/build/") for name in changed), changed
        assert main(["validate", "dataset/build", "--no-frictionless"]) == 0
    else:
        assert after == before, "a refused command changed files"


# --- Reading releases and folders: verified bytes, SQL confined to the tables, safe terminal output ---


@dataclass(frozen=True)
class CommandCase:
    """One command line run on a repository copy that holds release 1.0.0, its index and a working build."""

    name: str
    argv: tuple[str, ...]
    prepare: Callable[[Path], None]
    exit_code: int
    message: str
    behaviour: str
    fault: Callable[[pytest.MonkeyPatch], None] | None = None  # a failing disk, simulated


def _flip_byte(path: Path, offset: int = 4000) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


def _replace_text(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _hostile_title(repo: Path) -> None:
    """A build whose sources' titles carry terminal escapes, its descriptor hash updated to match."""
    _rewrite_parquet(repo, "sources", lambda t: t.set_column(
        t.schema.get_field_index("title"), t.schema.field("title"),
        pa.array(["\x1b]0;owned\x07\x1b[2J"] * t.num_rows, pa.string())))
    _with_descriptor_hash(repo, "sources")


def _with_descriptor_hash(repo: Path, table: str) -> None:
    """Record a build table's current hash in the build's descriptor, as a careless edit would."""
    import json

    build = repo / "dataset" / "build"
    descriptor = json.loads((build / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            resource["hash"] = "sha256:" + hashlib.sha256((build / f"{table}.parquet").read_bytes()).hexdigest()
    (build / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


RELEASE = "dataset/1.0.0"
READ_CASES = [
    CommandCase("one flipped byte in a released table", ("compare", "--version", "1.0.0"),
             lambda r: _flip_byte(r / RELEASE / "claims.parquet"),
             2, "claims.parquet: SHA-256", "refused before any row is read: names the file and both hashes"),
    CommandCase("released table replaced by another valid Parquet file", ("show", "002", "--version", "1.0.0"),
             lambda r: pq.write_table(pq.read_table(r / RELEASE / "figures.parquet").slice(1),
                                      r / RELEASE / "figures.parquet"),
             2, "figures.parquet: SHA-256", "refused: the release index, not the folder, says what the bytes must be"),
    CommandCase("release with its SHA256SUMS deleted", ("validate", "1.0.0", "--frictionless", "off"),
             lambda r: (r / RELEASE / "SHA256SUMS").unlink(),
             1, "SHA256SUMS: missing", "reported: a release ships its SHA256SUMS"),
    CommandCase("release descriptor's licence edited", ("validate", "1.0.0", "--frictionless", "off"),
             lambda r: _replace_text(r / RELEASE / "datapackage.json", '"name": "CC-BY-4.0"', '"name": "proprietary"'),
             1, "licence ['proprietary']", "reported, with the hash the index records for the descriptor"),
    CommandCase("extra file in a release folder", ("validate", "1.0.0", "--frictionless", "off"),
             lambda r: (r / RELEASE / "notes.txt").write_text("added later"),
             1, "notes.txt: extra file", "reported: the index lists every file of the release"),
    CommandCase("unknown release version", ("show", "002", "--version", "9.9.9"), lambda r: None,
             2, "no release '9.9.9'; released versions: 1.0.0", "refused: lists the released versions"),
    CommandCase("dataset folder that does not exist", ("validate", "no/such/folder"), lambda r: None,
             2, "no/such/folder: no such folder", "refused: names the folder as given"),
    CommandCase("working build file changed after the build", ("show", "002", "--dir", "dataset/build"),
             lambda r: _flip_byte(r / "dataset" / "build" / "claims.parquet"),
             2, "claims.parquet: SHA-256", "refused: a build is checked against its own datapackage.json"),
    CommandCase("build table missing a column, its descriptor hash updated", ("compare", "--dir", "dataset/build"),
             lambda r: (_rewrite_parquet(r, "claims", lambda t: t.drop_columns(["kind"])),
                        _with_descriptor_hash(r, "claims")),
             2, "claims.parquet: not a readable claims table",
             "refused with the reader's error; validate names the column"),
    CommandCase("SQL reading a file outside the tables", ("sql", "SELECT * FROM read_csv('/etc/passwd', sep=':')"),
             lambda r: None, 2, "file system operations are disabled",
             "refused: DuckDB's external access is off and its configuration locked"),
    CommandCase("SQL writing over a released file", ("sql", f"COPY (SELECT 1) TO '{RELEASE}/claims.parquet'"),
             lambda r: None, 2, "only queries that read the tables are run", "refused before anything runs"),
    CommandCase("SQL attaching a database", ("sql", "ATTACH 'other.db'"),
             lambda r: None, 2, "read the tables are run (SELECT, WITH, DESCRIBE, SUMMARIZE, EXPLAIN), not ATTACH",
             "refused before anything runs"),
    CommandCase("terminal escapes in an article's title", ("show", "002", "--dir", "dataset/build", "--color", "never"),
             _hostile_title, 0, "\\x1b]0;owned\\x07", "printed as visible escapes, never sent to the terminal raw"),
]


@pytest.mark.parametrize("case", READ_CASES, ids=lambda c: c.name)
def test_bad_input_when_reading(case, pristine_with_release, tmp_path, monkeypatch, capsys):
    from cmclaims import _paths, integrity
    from cmclaims.tabular import releases

    if case.argv[0] == "sql":
        pytest.importorskip("duckdb")
    monkeypatch.setattr(_paths, "dataset_dir", lambda: tmp_path / "repo" / "dataset")  # the copy's releases
    releases.releases.cache_clear()
    integrity.forget()
    try:
        repo, exit_code, output, before = _run_on_copy(pristine_with_release, case.prepare, list(case.argv),
                                                       tmp_path, monkeypatch, capsys)
    finally:
        releases.releases.cache_clear()
    assert exit_code == case.exit_code, output
    assert case.message in output.out + output.err
    assert "\x1b]" not in output.out + output.err
    assert _snapshot(repo) == before, "a reading command changed files"


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
    for read in READ_CASES:
        message = read.message.replace("|", "\\|")
        lines.append(f"| {read.name} | `cmclaims {read.argv[0]}` | {read.exit_code} | `{message}` | {read.behaviour} |")
    lines += [
        "| a 20 MB article | `cmclaims build` | 0 | `built` | accepted and processed in bounded memory (`test_twenty_megabyte_article`) |",
        "| a build killed with `kill -9` while writing | `cmclaims build` | - | - | the previous output stays intact and loadable; a kill after the new tables are swapped in leaves the complete new output, never a mix (`test_build_killed_at_any_moment_leaves_the_previous_output_or_the_complete_new_one`) |",
        "| two builds at once on one output folder | `cmclaims build` | 2 | `another build is writing this folder` | the second is refused; the first completes (`test_second_concurrent_build_is_refused`) |",
    ]
    lines += render_write_side()
    return "\n".join(lines) + "\n"


# --- write side: outputs where data lives, the manifest schema, releases, odd files, failing disks -----------------
# (helper `writeside`; each case runs one command line in a repository copy that also holds release 1.0.0)


def _set_cell(repo: Path, column: str, value: str) -> None:
    """Set one cell of the manifest's first row (quoted as CSV)."""
    import csv
    import io

    path = repo / "raw" / "manifest.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _disk_fails(code: int, text: str) -> Callable[[pytest.MonkeyPatch], None]:
    def fault(monkeypatch: pytest.MonkeyPatch) -> None:
        from cmclaims.build.writer import DatasetWriter

        def close(self):
            raise OSError(code, text, str(self.folder / "claims.parquet"))

        monkeypatch.setattr(DatasetWriter, "close", close)
    return fault


def _nothing(repo: Path) -> None:
    """No change to the repository: the command line itself is the bad input."""


_RELEASE = ("release", "9.9.9", "--summary", "test")
WRITE_CASES = [
    CommandCase("build output into raw/", ("build", "--out-dir", "raw"), _nothing,
              2, "it is a raw texts folder", "refused before anything is written: the raw texts stay"),
    CommandCase("build output into dataset/", ("build", "--out-dir", "dataset"), _nothing,
              2, "it is the dataset folder that holds the releases", "refused: every release and releases.json stay"),
    CommandCase("build output into a release", ("build", "--out-dir", "dataset/1.0.0"), _nothing,
              2, "it is a released folder", "refused: released bytes and SHA256SUMS stay"),
    CommandCase("build output inside raw/", ("build", "--out-dir", "raw/out"), _nothing,
              2, "inside", "refused"),
    CommandCase("build output into the repository root", ("build", "--out-dir", "."), _nothing,
              2, "it is a repository root", "refused; no lock file is left"),
    CommandCase("build output into /", ("build", "--out-dir", "/"), _nothing,
              2, "it is the file-system root", "refused; no `/..lock` is made"),
    CommandCase("build output into a folder of other files", ("build", "--out-dir", "notes"),
              lambda r: ((r / "notes").mkdir(), (r / "notes" / "thesis.tex").write_text("mine")),
              2, "not empty and is not an earlier output of `cmclaims build`",
              "refused: only a marked earlier output is replaced"),
    CommandCase("build output path is a file", ("build", "--out-dir", "notes.txt"),
              lambda r: (r / "notes.txt").write_text("x"),
              2, "exists and is not a folder", "refused"),
    CommandCase("report into a release",
              ("report", "--out", "dataset/1.0.0", "--dir", "dataset/build", "--raw-dir", "raw"),
              _nothing, 2, "it is a released folder", "refused before any page is written"),
    CommandCase("report into raw/", ("report", "--out", "raw", "--dir", "dataset/build", "--raw-dir", "raw"), _nothing,
              2, "it is a raw texts folder", "refused"),
    CommandCase("add with --out-dir raw", ("add", "outside.txt", "--out-dir", "raw"),
              lambda r: (r / "outside.txt").write_text(ARTICLE), 2, "refusing to write the output of `cmclaims build`",
              "refused before the article is copied"),
    CommandCase("manifest date 08/07/2023", ("build",), lambda r: _set_cell(r, "published", "08/07/2023"),
              2, "manifest.csv:2: column published: '08/07/2023' is not a real date in the form YYYY-MM-DD "
              "(rule: type date)",
              "refused: never read as 7 August or 8 July"),
    CommandCase("manifest date 2023", ("build",), lambda r: _set_cell(r, "published", "2023"),
              2, "column published: '2023' is not a real date", "refused: never stored as 1 January"),
    CommandCase("manifest date July 8, 2023", ("build",), lambda r: _set_cell(r, "published", "July 8, 2023"),
              2, "column published: 'July 8, 2023' is not a real date", "refused"),
    CommandCase("manifest date 2023-02-30", ("build",), lambda r: _set_cell(r, "collected", "2023-02-30"),
              2, "column collected: '2023-02-30' is not a real date", "refused, no traceback"),
    CommandCase("manifest genre blog", ("build",), lambda r: _set_cell(r, "genre", "blog"),
              2, "column genre: 'blog' must be one of news, opinion, unknown (rule: enum)", "refused, no traceback"),
    CommandCase("manifest n_bytes abc", ("build",), lambda r: _set_cell(r, "n_bytes", "abc"),
              2, "column n_bytes: 'abc' is not a whole number (rule: type integer)", "refused, no traceback"),
    CommandCase("manifest javascript: URL", ("build",), lambda r: _set_cell(r, "url", "javascript:alert(1)"),
              2, "column url: 'javascript:alert(1)' is not an http(s) address (rule: pattern)", "refused"),
    CommandCase("manifest outlet =HYPERLINK(", ("build",),
              lambda r: _set_cell(r, "outlet", '=HYPERLINK("http://x.example")'),
              2, "column outlet: '=HYPERLINK(\"http://x.example\")' must not start with =, +, - or @",
              "refused: no formula reaches a spreadsheet"),
    CommandCase("manifest multi-line outlet", ("build",), lambda r: _set_cell(r, "outlet", "The\nTimes"),
              2, "manifest.csv:2: column outlet: 'The\\nTimes' holds a line break (U+000A)", "refused"),
    CommandCase("manifest not UTF-8", ("build",),
              lambda r: (r / "raw" / "manifest.csv").write_bytes(
                  (r / "raw" / "manifest.csv").read_bytes() + b"caf\xe9\n"),
              2, "is not UTF-8 (rule: UTF-8 only)", "refused with line and column, no traceback"),
    CommandCase("add --published 08/07/2023", ("add", "outside.txt", "--published", "08/07/2023"),
              lambda r: (r / "outside.txt").write_text(ARTICLE), 2, "--published '08/07/2023' is not a real date",
              "refused by the same rule as the manifest; nothing copied"),
    CommandCase("a folder named x.txt in raw/", ("build",), lambda r: (r / "raw" / "x.txt").mkdir(),
              2, "x.txt: not a regular file", "refused"),
    CommandCase("a FIFO named x.txt in raw/", ("build",), lambda r: os.mkfifo(r / "raw" / "x.txt"),
              2, "x.txt: not a regular file", "refused at once (the build used to hang reading it)"),
    CommandCase("a FIFO named x.txt in raw/, then add", ("add", "outside.txt"),
              lambda r: ((r / "outside.txt").write_text(ARTICLE), os.mkfifo(r / "raw" / "x.txt")),
              2, "x.txt: not a regular file", "refused at once, nothing copied"),
    CommandCase("manifest.csv a link to a file outside raw/", ("build",),
              lambda r: ((r / "raw" / "manifest.csv").rename(r / "elsewhere.csv"),
                         (r / "raw" / "manifest.csv").symlink_to(r / "elsewhere.csv")),
              2, "manifest.csv: symbolic link pointing outside the raw folder", "refused: the link is not followed"),
    CommandCase("full disk at the output", ("build",), _nothing,
              2, "cannot write the build output (No space left on device)",
              "a clear error; the previous output stays", _disk_fails(28, "No space left on device")),
    CommandCase("read-only disk at the output", ("build",), _nothing,
              2, "cannot write the build output (Read-only file system)",
              "a clear error; the previous output stays", _disk_fails(30, "Read-only file system")),
    CommandCase("release --date not-a-date", (*_RELEASE, "--date", "not-a-date"), _nothing,
              2, "release date 'not-a-date' is not a real date", "refused before anything is written"),
    CommandCase("corrupt releases.json", (*_RELEASE, "--date", "2030-01-01"),
              lambda r: (r / "dataset" / "releases.json").write_text("{\"releases\": [", encoding="utf-8"),
              2, "releases.json: not a valid releases index", "refused, no traceback"),
    CommandCase("bad JSON given to evaluate", ("evaluate", "dataset/build", "gold.json"),
              lambda r: (r / "gold.json").write_text("{\"sources\": [", encoding="utf-8"),
              2, "gold.json:1: not valid JSON", "refused with the line"),
]


def _tree(root: Path) -> dict[str, str]:
    """Every path under ``root``, hidden ones and lock files too: file hashes, link targets, 'dir' or 'other'."""
    tree = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            tree[str(path.relative_to(root))] = "link " + os.readlink(path)
        elif path.is_dir():
            tree[str(path.relative_to(root))] = "dir"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "other"
            tree[str(path.relative_to(root))] = digest
    return tree


@pytest.fixture(scope="module")
def pristine_with_release(pristine, tmp_path_factory) -> Path:
    """The pristine copy plus every release, their index and the files a release rewrites."""
    import json

    root = tmp_path_factory.mktemp("with-release") / "repo"
    shutil.copytree(pristine, root, symlinks=True)  # with the lock file its build left, as a repository has
    index = REPO / "dataset" / "releases.json"
    for release in json.loads(index.read_text(encoding="utf-8"))["releases"]:
        shutil.copytree(REPO / "dataset" / release["version"], root / "dataset" / release["version"])
    shutil.copy(index, root / "dataset" / "releases.json")
    (root / "src" / "cmclaims").mkdir(parents=True)
    shutil.copy(REPO / "src" / "cmclaims" / "__init__.py", root / "src" / "cmclaims" / "__init__.py")
    for name in ("pyproject.toml", "CITATION.cff", "CHANGELOG.md", "datapackage.json"):
        shutil.copy(REPO / name, root / name)
    return root


@pytest.mark.parametrize("case", WRITE_CASES, ids=lambda c: c.name)
def test_write_side_bad_input(case, pristine_with_release, tmp_path, monkeypatch, capsys):
    if case.fault:
        case.fault(monkeypatch)
    repo, exit_code, output, before = _run_on_copy(pristine_with_release, case.prepare, list(case.argv),
                                                   tmp_path, monkeypatch, capsys, snapshot=_tree)
    assert exit_code == case.exit_code, output
    assert case.message in output.err, output.err
    assert "Traceback" not in output.err
    assert _tree(repo) == before, "a refused command changed files"
    assert not Path("/..lock").exists()


WRITE_SIDE_TESTS = [
    ("a release killed with `kill -9` at any moment", "release",
     "the next run completes it (after its commit point) or "
     "removes its scratch folder (before): all of the new version or no trace "
     "(`test_release_killed_at_any_moment_leaves_no_trace_or_all_of_it`, "
     "`test_release_killed_after_its_commit_point_is_completed_by_the_next_run`)"),
    ("`dataset/<version>/` left outside `releases.json` by an older cmclaims", "release",
     "refused, naming the folder to "
     "remove (`test_folder_outside_the_index_is_named`)"),
    ("uncommitted changes in `raw/` or `dataset/build`", "release", "refused, naming the paths; outside a git checkout "
     "the release notes that it cannot check (`test_uncommitted_changes_in_raw_or_the_working_build_are_refused`)"),
]


def render_write_side() -> list[str]:
    lines = []
    for case in WRITE_CASES:
        message = case.message.replace("|", "\\|").replace("`", "'")
        command = " ".join(case.argv).replace("|", "\\|")
        lines.append(f"| {case.name} | `cmclaims {command}` | {case.exit_code} | `{message}` | {case.behaviour} |")
    for name, command, behaviour in WRITE_SIDE_TESTS:
        lines.append(f"| {name} | `cmclaims {command}` | - | - | {behaviour} |")
    return lines


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
