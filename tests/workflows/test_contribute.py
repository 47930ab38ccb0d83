"""Contributions, simulated in a temporary git repository with a release in its base commit.

`cmclaims add` copies an article in or refuses it without touching the disk;
`cmclaims show` marks what was extracted; `cmclaims check-contribution`
passes a good contribution (and counts its rows) and fails each kind of bad
one with a message that names the problem.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cmclaims import __version__

from cmclaims.tabular import storage
from cmclaims.quality.contribution import check_contribution
from cmclaims.cli import main
from cmclaims.errors import CmclaimsError
from cmclaims.views.marks import Mark
from cmclaims.views.show import MARKS, Article, render_text, row_tables, speaker_span
from conftest import RAW, REPO

ARTICLE = (
    " date 2023-07-12 Canada and Britain distanced themselves on Monday from the US decision to send cluster "
    "munitions to Ukraine, saying they remain bound by the treaty that bans the weapons.\n\n"
    '"We do not support the use of cluster munitions," Canadian Defence Minister Anita Anand told reporters in Ottawa.\n\n'
    "Human Rights Watch researcher Mary Wareham said the munitions have failure rates of up to 40 percent. "
    '"Civilians will pay the price for decades," she said.\n\n'
    "The weapons are part of an $800 million package, according to the Pentagon.\n"
)
FIRST = "000_53a5316160c5d233"
SECOND = "002_bcc9e18a53849bc3"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert done.returncode == 0, done.stderr
    return done.stdout


def commit_all(root: Path, message: str = "contribution") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory) -> Path:
    """A repository with the four articles, their working build and release 1.0.0, committed on main."""
    from cmclaims.build.run import build
    from cmclaims.workflows.release import release

    root = tmp_path_factory.mktemp("base") / "repo"
    shutil.copytree(RAW, root / "raw")
    (root / "src" / "cmclaims").mkdir(parents=True)
    shutil.copy(REPO / "src" / "cmclaims" / "__init__.py", root / "src" / "cmclaims" / "__init__.py")
    shutil.copy(REPO / "CITATION.cff", root / "CITATION.cff")
    build(root / "raw", root / "dataset" / "build", __version__)
    release(root, "1.0.0", "2023-08-01", "The four seed articles.")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "base")
    return root


@pytest.fixture
def repo(base_repo, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the base repository on a contribution branch, as the current directory."""
    root = tmp_path / "repo"
    shutil.copytree(base_repo, root, symlinks=True)
    git(root, "checkout", "-q", "-b", "contribution")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under raw/ and dataset/ with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for folder in ("raw", "dataset") for p in (root / folder).rglob("*") if p.is_file()}


def writable(path: Path) -> Path:
    path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return path


def problems(root: Path) -> list[str]:
    report = check_contribution(root, "main", __version__)
    assert not report.ok
    return report.problems


def new_source_id(article: Path) -> str:
    return f"005_{hashlib.sha256(article.read_bytes()).hexdigest()[:16]}"


# ---- add -------------------------------------------------------------------------

def test_add_copies_the_bytes_lists_them_and_rebuilds(repo, article, capsys):
    code = main(["add", str(article), "--outlet", "Example News", "--published", "2023-07-12",
                 "--url", "https://example.org/allies", "--title", "Allies split", "--genre", "news"])
    assert code == 0, capsys.readouterr().err
    source_id = new_source_id(article)
    assert re.fullmatch(r"005_[0-9a-f]{16}", source_id)
    assert (repo / "raw" / f"{source_id}.txt").read_bytes() == article.read_bytes()
    from cmclaims.corpus.reader import read_manifest

    entry = read_manifest(repo / "raw")[f"{source_id}.txt"]
    assert (entry["outlet"], entry["published"], entry["url"], entry["genre"]) == (
        "Example News", "2023-07-12", "https://example.org/allies", "news")
    assert entry["sha256"] == hashlib.sha256(article.read_bytes()).hexdigest()
    sources = storage.read_table(repo / "dataset" / "build" / "sources.parquet", "sources")
    assert source_id in set(sources["source_id"])
    assert f"cmclaims show {source_id}" in capsys.readouterr().out


def test_add_can_keep_the_id_an_article_has_in_a_published_list(repo, article, capsys):
    """A seed list's ID (here sequence 001, free in the fixture corpus) is kept instead of the next number."""
    assert main(["add", str(article), "--source-id", "001_9ed44ed0864db487"]) == 0, capsys.readouterr().err
    assert (repo / "raw" / "001_9ed44ed0864db487.txt").read_bytes() == article.read_bytes()
    sources = storage.read_table(repo / "dataset" / "build" / "sources.parquet", "sources")
    assert "001_9ed44ed0864db487" in set(sources["source_id"])


@pytest.mark.parametrize(("source_id", "message"), [
    ("1_9ed44ed0864db487", "must be a 3-digit number"),
    ("001_9ED44ED0864DB487", "must be a 3-digit number"),
    ("../001_9ed44ed0864db487", "must be a 3-digit number"),
    (FIRST, "the corpus already uses " + FIRST),
    ("000_0000000000000000", "the corpus already uses " + FIRST),
], ids=["short-number", "upper-hex", "path", "same-id", "same-number"])
def test_add_refuses_a_kept_id_that_is_malformed_or_taken(repo, article, capsys, source_id, message):
    before = snapshot(repo)
    assert main(["add", str(article), "--source-id", source_id]) == 2
    assert message in capsys.readouterr().err
    assert snapshot(repo) == before


GOOD = ARTICLE.encode("utf-8")


@pytest.mark.parametrize(("content", "options", "message"), [
    (None, [], "already in the corpus"),
    (b"caf\xe9 au lait\n", [], "not valid UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [], "not valid UTF-8"),
    (b"plain text\x00with a NUL\n", [], "control character U+0000"),
    (b"", [], "empty or whitespace-only"),
    (b" \n\t\n", [], "empty or whitespace-only"),
    (GOOD, ["--published", "2023-02-30"], "not a real date"),
    (GOOD, ["--published", "12/07/2023"], "not a real date"),
    (GOOD, ["--url", "ftp://example.org/article"], "not an http(s) address"),
    (GOOD, ["--url", "example.org/article"], "not an http(s) address"),
    (GOOD, ["--genre", "satire"], "must be one of news, opinion, unknown"),
], ids=["duplicate", "latin-1", "binary", "nul", "empty", "whitespace", "impossible-date", "date-format",
        "ftp-url", "bare-url", "genre"])
def test_add_refuses_bad_input_without_touching_the_disk(repo, tmp_path, capsys, content, options, message):
    path = tmp_path / "candidate.txt"
    path.write_bytes((RAW / f"{FIRST}.txt").read_bytes() if content is None else content)
    before = snapshot(repo)
    assert main(["add", str(path), *options]) == 2
    error = capsys.readouterr().err
    assert str(path) in error and message in error
    assert snapshot(repo) == before


def test_a_failing_build_puts_raw_back(repo, article, monkeypatch):
    import cmclaims.build.run

    def broken_build(*args, **kwargs):
        raise CmclaimsError("the build broke")

    monkeypatch.setattr(cmclaims.build.run, "build", broken_build)
    before = snapshot(repo)
    assert main(["add", str(article)]) == 2
    assert snapshot(repo) == before


# ---- show -------------------------------------------------------------------------

def test_marks_nest_and_identical_spans_keep_an_order():
    text = "Kirby said the US would help."
    marks = [Mark("claim", 11, 28, "C1"), Mark("mention", 0, 5, "M1"), Mark("speaker", 0, 5, "S1"),
             Mark("mention", 15, 17, "M2")]
    assert render_text(text, marks, 0, len(text), colour=False) == "<S1 {M1 Kirby}> said [C1 the {M2 US} would help]."
    coloured = render_text(text, marks, 0, len(text), colour=True)
    assert "\x1b[" in coloured and re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render_text(text, marks, 0, len(text), False)


KINDS = st.sampled_from(["claim", "speaker", "mention", "figure"])


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_characters="\x1b"), min_size=1, max_size=60),
       st.lists(st.tuples(KINDS, st.integers(0, 60), st.integers(1, 60)), max_size=8))
def test_rendering_keeps_every_character_and_adds_only_the_marks(text, spans):
    marks = []
    for n, (kind, a, b) in enumerate(spans):
        start, end = sorted((min(a, len(text)), min(b, len(text))))
        if start < end:
            marks.append(Mark(kind, start, end, f"X{n}"))
    plain = render_text(text, marks, 0, len(text), colour=False)
    added = sum(len(f"{MARKS[m.kind][0]}{m.label} ") + len(MARKS[m.kind][1]) for m in marks)
    assert len(plain) == len(text) + added
    assert re.sub(r"\x1b\[[0-9;]*m", "", render_text(text, marks, 0, len(text), colour=True)) == plain


def test_speaker_phrase_is_the_whole_word_nearest_the_claim():
    text = 'She spoke first. The shell hit, she said. "It is over," she said.'
    claim_start = text.index("It is")
    start, end = speaker_span(text, claim_start, claim_start + len("It is over,"), "she")
    assert (start, end) == (text.rindex("she"), text.rindex("she") + 3)
    assert speaker_span(text, 0, 3, "nobody") is None


def test_show_states_figure_values_as_compare_and_the_report_do():
    import pandas as pd

    empty = pd.DataFrame(columns=["claim_id", "char_start", "char_end", "kind", "speaker_id", "speaker_text", "cue",
                                  "provenance", "text"])
    figures = pd.DataFrame({"figure_id": ["s-f0-9"], "char_start": [0], "char_end": [9], "text": ["1,234.5 to 2,000"],
                            "value": [1234.5], "value_high": [2000.0], "unit": ["round"], "qualifier": ["exact"],
                            "measure": ["count"], "claim_id": [None], "provenance": ["rule:figures.count"]})
    mentions = pd.DataFrame(columns=["mention_id", "char_start", "char_end", "text", "actor_id", "provenance"])
    actors = pd.DataFrame({"actor_id": pd.Series([], dtype=object), "curated": pd.Series([], dtype=bool)})
    article = Article(pd.Series({"source_id": "s"}), "1,234.5 to 2,000 rounds",
                      {"claims": empty, "figures": figures, "actor_mentions": mentions, "actors": actors})
    line = next(line for line in row_tables(article) if line.startswith("  F1 "))
    assert "  1,234.5–2,000 round (exact, count)  own voice" in line


def test_show_marks_the_added_article(repo, article, capsys):
    assert main(["add", str(article)]) == 0
    capsys.readouterr()
    assert main(["show", "005", "--color", "never"]) == 0
    out = capsys.readouterr().out
    claims = storage.read_table(repo / "dataset" / "build" / "claims.parquet", "claims")
    claims = claims[claims["source_id"] == new_source_id(article)]
    assert f"claims ({len(claims)})" in out
    assert "[C1 " in out and "{M1 " in out and "{F1 " in out and "<S1 " in out
    assert "\x1b[" not in out
    for start, end in claims[["char_start", "char_end"]].itertuples(index=False):
        assert f"{start}-{end}" in out


def test_show_refuses_an_unknown_source(repo, capsys):
    assert main(["show", "999"]) == 2
    assert "'999' is not a source" in capsys.readouterr().err


# ---- check-contribution --------------------------------------------------------------

def _summary_counts(summary: str, source_id: str) -> list[str]:
    line = next(line for line in summary.splitlines() if line.split()[:1] == [source_id])
    return line.split()[1:]


def test_good_contribution_passes_and_counts_the_new_rows(repo, article, capsys):
    assert main(["add", str(article), "--published", "2023-07-12"]) == 0
    commit_all(repo)
    capsys.readouterr()
    assert main(["check-contribution"]) == 0
    out = capsys.readouterr().out
    assert "contribution OK" in out and "merge base" in out
    source_id = new_source_id(article)
    counts = {t: storage.read_table(repo / "dataset" / "build" / f"{t}.parquet", t) for t in ("actor_mentions", "claims", "figures")}
    expected = ["+1"] + [f"+{int((frame['source_id'] == source_id).sum())}" for frame in counts.values()]
    assert _summary_counts(out, source_id) == expected
    assert all(n != "+0" for n in expected)
    other_sources = [line.split()[1:] for line in out.splitlines()
                     if line.split()[:1] and line.split()[0].startswith(("000_", "002_", "003_", "004_"))]
    assert all(cell.startswith("~") for cells in other_sources for cell in cells), "other sources only gain or lose nothing"


def test_a_branch_behind_its_target_is_not_blamed_for_what_the_target_gained(repo, article, tmp_path):
    assert main(["add", str(article)]) == 0
    commit_all(repo)
    git(repo, "checkout", "-q", "main")
    other = tmp_path / "other.txt"
    other.write_bytes(ARTICLE.replace("Monday", "Tuesday").encode("utf-8"))
    assert main(["add", str(other)]) == 0
    commit_all(repo, "another contribution merged first")
    git(repo, "checkout", "-q", "contribution")
    report = check_contribution(repo, "main", __version__)
    assert report.ok, report.problems


def test_new_uncurated_actors_are_listed(repo, tmp_path):
    path = tmp_path / "new-actor.txt"
    path.write_bytes(ARTICLE.replace("Canadian Defence Minister Anita Anand", "Canadian Defence Minister Ottokar Brandt").encode("utf-8"))
    assert main(["add", str(path)]) == 0
    actors = storage.read_table(repo / "dataset" / "build" / "actors.parquet", "actors")
    uncurated = set(actors.loc[~actors["curated"].astype(bool), "actor_id"])
    base = storage.read_table(repo / "dataset" / "1.0.0" / "actors.parquet", "actors")
    new = sorted(uncurated - set(base["actor_id"]))
    assert new, "the rules should discover the invented minister"
    summary = check_contribution(repo, "main", __version__).summary
    assert "new actors not yet curated (" in summary
    for actor_id in new:
        assert f"  {actor_id}: " in summary


def test_modified_raw_file_fails(repo):
    with writable(repo / "raw" / f"{FIRST}.txt").open("ab") as handle:
        handle.write(b"\nA sentence added later.\n")
    commit_all(repo)
    assert f"raw/{FIRST}.txt: modified since the base" in "\n".join(problems(repo))


def test_file_names_that_could_fool_the_reviewer_are_refused_and_printed_escaped(repo, capsys):
    """A name with a line break and ESC could forge a line of the report; one that is not UTF-8 used to crash it."""
    docs = repo / "docs"
    docs.mkdir()
    (docs / "evil\ncontribution OK\x1b[2J.md").write_text("x", encoding="utf-8")
    (docs / os.fsdecode(b"bad\xff.md")).write_bytes(b"y")  # the byte 0xff, which no UTF-8 name holds
    commit_all(repo)
    assert main(["check-contribution", "--base", "main"]) == 1
    out = capsys.readouterr().out
    assert "docs/evil\\ncontribution OK\\x1b[2J.md: the file name holds control characters" in out
    assert "docs/bad\\udcff.md: the file name holds control characters" in out
    assert "\x1b" not in out and "\ncontribution OK" not in out


def test_deleted_raw_file_fails(repo):
    (repo / "raw" / f"{SECOND}.txt").unlink()
    manifest = repo / "raw" / "manifest.csv"
    manifest.write_text("".join(line for line in manifest.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith(SECOND)), encoding="utf-8")
    assert main(["build"]) == 0
    commit_all(repo)
    found = problems(repo)
    assert any(f"raw/{SECOND}.txt: removed since the base" in p for p in found)


@pytest.mark.parametrize(("change", "message"), [
    ("modify", "dataset/1.0.0/claims.parquet: released file changed"),
    ("remove", "dataset/1.0.0/claims.parquet: released file was removed"),
    ("add", "dataset/1.0.0/notes.txt: file added to a released folder"),
])
def test_changed_released_folder_fails(repo, change, message):
    target = repo / "dataset" / "1.0.0" / "claims.parquet"
    if change == "modify":
        with writable(target).open("ab") as handle:
            handle.write(b"\0")
    elif change == "remove":
        target.unlink()
    else:
        (target.parent / "notes.txt").write_text("an addition\n", encoding="utf-8")
    commit_all(repo)
    assert any(message in p for p in problems(repo))


def test_rewritten_release_index_fails(repo):
    index = repo / "dataset" / "releases.json"
    index.write_text(index.read_text(encoding="utf-8").replace("The four seed articles.", "Rewritten."), encoding="utf-8")
    assert any("entries of existing releases were changed" in p for p in problems(repo))


def test_curation_pointing_at_text_that_is_not_there_fails(repo):
    text = (repo / "raw" / f"{FIRST}.txt").read_text(encoding="utf-8")
    wrong = "Ukrainian soldiers"
    assert text[17:17 + len(wrong)] != wrong
    curation = [{"table": "claims", "action": "drop", "char_start": 17, "char_end": 17 + len(wrong),
                 "text": wrong, "reason": "test"}]
    (repo / "raw" / "curations").mkdir(exist_ok=True)
    (repo / "raw" / "curations" / f"{FIRST}.yaml").write_text(yaml.safe_dump(curation), encoding="utf-8")
    report = check_contribution(repo, "main", __version__)
    assert any(f"text {wrong!r} is not at 17:{17 + len(wrong)} of {FIRST}" in p for p in report.problems)
    assert next(c for c in report.checks if c.name.startswith("committed working build")).skipped


def test_committed_tables_that_differ_from_the_rebuild_fail(repo):
    claims = storage.read_table(repo / "dataset" / "build" / "claims.parquet", "claims")
    row = claims[claims["source_id"] == FIRST].iloc[0]
    curation = [{"table": "claims", "action": "drop", "char_start": int(row.char_start), "char_end": int(row.char_end),
                 "text": row.text, "reason": "not a claim (test)"}]
    (repo / "raw" / "curations").mkdir(exist_ok=True)
    (repo / "raw" / "curations" / f"{FIRST}.yaml").write_text(yaml.safe_dump(curation, allow_unicode=True), encoding="utf-8")
    commit_all(repo)
    found = "\n".join(problems(repo))
    assert "dataset/build: table claims is not what raw/ rebuilds to (0 row(s) missing, 1 extra, 0 different" in found
    assert main(["build"]) == 0
    assert check_contribution(repo, "main", __version__).ok


def test_duplicate_article_fails(repo):
    data = (repo / "raw" / f"{FIRST}.txt").read_bytes()
    source_id = f"005_{hashlib.sha256(data).hexdigest()[:16]}"
    (repo / "raw" / f"{source_id}.txt").write_bytes(data)
    manifest = repo / "raw" / "manifest.csv"
    first_row = next(line for line in manifest.read_text(encoding="utf-8").splitlines() if line.startswith(FIRST))
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(first_row.replace(FIRST, source_id) + "\n")
    commit_all(repo)
    assert any(f"raw/{source_id}.txt: duplicate article, the same bytes as" in p and FIRST in p for p in problems(repo))


def test_unlisted_raw_file_fails_and_the_cli_exits_non_zero(repo, article, capsys):
    shutil.copy(article, repo / "raw" / "006_unlisted.txt")
    assert main(["check-contribution", "--base", "main"]) == 1
    out = capsys.readouterr().out
    assert "raw/006_unlisted.txt: not listed in" in out and "contribution REFUSED" in out


def test_unknown_base_is_an_error(repo, capsys):
    assert main(["check-contribution", "--base", "origin/nowhere"]) == 2
    assert "'origin/nowhere' is not a commit" in capsys.readouterr().err


# ---- docs and CI ------------------------------------------------------------------------

DOCUMENTED_ARTICLE = ARTICLE.replace(
    "The weapons are part of", "Kyiv also asked for a dozen rocket systems. "
    "The shells could stay dangerous for years, in the view of Ottawa. The weapons are part of")


def test_contributing_curation_example_points_at_real_text(tmp_path):
    from cmclaims.transform.curation import read_curations

    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n# raw/curations/(?P<name>\S+)\.yaml\n(?P<body>.*?)```", guide, re.S)
    source_id = f"005_{hashlib.sha256(DOCUMENTED_ARTICLE.encode('utf-8')).hexdigest()[:16]}"
    assert block["name"] == source_id
    (tmp_path / "curations").mkdir()
    (tmp_path / "curations" / f"{source_id}.yaml").write_text(block["body"], encoding="utf-8")
    curations = read_curations(tmp_path, {source_id: DOCUMENTED_ARTICLE})
    assert sorted(c.action for c in curations) == ["add", "drop", "fix"]



def _readme_test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return next(line for line in readme.splitlines() if line.endswith(".venv/bin/python -m pytest"))


def test_pull_request_workflow_tests_the_pull_request_and_approves_with_the_base():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    assert list(workflow[True]) == ["pull_request_target"], "the base branch's workflow file, not the pull request's"
    assert workflow["permissions"] == {"contents": "read"}
    tests, check = workflow["jobs"]["tests"]["steps"], workflow["jobs"]["check"]["steps"]
    assert [step["run"].strip() for step in tests if "run" in step] == [_readme_test_command()]
    assert [step["run"].strip() for step in check if "run" in step] == [
        "base/.ci/check-pull-request base pr origin/${{ github.base_ref }}"]
    checkouts = [step["with"] for step in tests + check if step.get("uses", "").startswith("actions/checkout")]
    by_path = {options.get("path"): options for options in checkouts}
    assert by_path["base"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert by_path["pr"]["ref"] == "${{ github.event.pull_request.head.sha }}" and by_path["pr"]["fetch-depth"] == 0
    assert all(options["persist-credentials"] is False for options in checkouts)
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()[-1] == _readme_test_command()


# ---- no release in a pull request ------------------------------------------------------------

def _forge_release(repo: Path, version: str = "9.9.9") -> None:
    """What a forger does: copy the latest release to a new folder and edit the index and descriptors to match."""
    import json

    shutil.copytree(repo / "dataset" / "1.0.0", repo / "dataset" / version)
    index = repo / "dataset" / "releases.json"
    document = json.loads(index.read_text(encoding="utf-8"))
    document["releases"].append({**document["releases"][-1], "version": version})
    index.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    citation = repo / "CITATION.cff"
    citation.write_text(re.sub(r"(?m)^version: .*$", f"version: {version}", citation.read_text(encoding="utf-8")),
                        encoding="utf-8")
    (repo / "schemaorg.jsonld").write_text('{"version": "%s"}\n' % version, encoding="utf-8")


def test_a_release_folder_in_a_pull_request_is_refused_saying_why(repo, capsys):
    _forge_release(repo)
    commit_all(repo, "release 9.9.9")
    assert main(["check-contribution", "--base", "main"]) == 1
    out = capsys.readouterr().out
    assert "dataset/9.9.9/: a new release folder (7 file(s)); releases are made by maintainers on main" in out
    assert "dataset/releases.json: changed; only a release writes it" in out
    assert "schemaorg.jsonld: changed; only a release writes it" in out
    assert "CITATION.cff: version changed from 1.0.0 to 9.9.9" in out
    assert "contribution REFUSED" in out


def test_an_uncommitted_release_folder_is_refused_too(repo):
    shutil.copytree(repo / "dataset" / "1.0.0", repo / "dataset" / "1.0.1")
    assert any(p.startswith("dataset/1.0.1/: a new release folder") for p in problems(repo))


def test_other_citation_edits_pass_and_are_listed(repo):
    citation = repo / "CITATION.cff"
    citation.write_text(citation.read_text(encoding="utf-8").replace("  - news\n", "  - news\n  - media\n"),
                        encoding="utf-8")
    commit_all(repo)
    report = check_contribution(repo, "main", __version__)
    assert report.ok, report.problems
    assert "files changed or removed outside raw/ and dataset/build/: CITATION.cff" in report.summary


def test_changed_manifest_fields_and_added_files_are_listed(repo, article):
    assert main(["add", str(article), "--outlet", "Example News"]) == 0
    manifest = repo / "raw" / "manifest.csv"
    with manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        rows = [{**row, "outlet": "CNN"} if row["source_id"] == FIRST else row for row in reader]
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.md").write_text("notes\n", encoding="utf-8")
    assert main(["build"]) == 0
    commit_all(repo)
    summary = check_contribution(repo, "main", __version__).summary
    source_id = new_source_id(article)
    assert f"  {source_id}.txt: row added (sha256=" in summary and "outlet='Example News'" in summary
    assert f"  {FIRST}.txt: outlet changed from '' to 'CNN'" in summary
    assert "files added outside raw/: docs/notes.md" in summary


def test_manifest_changes_name_every_field():
    from cmclaims.quality.contribution import manifest_changes

    old = b"source_id,file,outlet\na,a.txt,\nb,b.txt,X\n"
    new = b"source_id,file,outlet\na,a.txt,CNN\nc,c.txt,Y\n"
    assert manifest_changes(old, new) == ["raw/manifest.csv changes:", "  b.txt: row removed",
                                          "  c.txt: row added (outlet='Y')", "  a.txt: outlet changed from '' to 'CNN'"]
    assert manifest_changes(new, new) == ["raw/manifest.csv changes: none"]
