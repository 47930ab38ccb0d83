"""The ``cmclaims`` command: build, validate, evaluate and inspect the dataset.

The writing commands run from the repository root (defaults ``raw/`` and
``dataset/build/``). The reading commands (show, compare, report, sql,
validate, diff) name their data the same way, ``--version V`` or ``--dir
DIR`` (see :mod:`cmclaims.selection`), verify every file before use, and
work from an installed wheel in any folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cmclaims import __version__
from cmclaims.errors import CmclaimsError

DEFAULT_RAW = Path("raw")
DEFAULT_BUILD = Path("dataset/build")


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(f"… {message}", file=sys.stderr, flush=True)


_MAX_SOURCES_SHOWN = 20


def summary(result) -> str:
    """Rows per table, and per source for the tables with spans (one screen)."""
    from cmclaims.tabular.definitions import SPAN_TABLES, TABLES

    lines = ["rows per table:"]
    lines += [f"  {table:<15}{result.rows[table]:>9}" for table in TABLES]
    shown = result.first_sources(_MAX_SOURCES_SHOWN)
    counts = result.rows_per_source(shown)
    lines += ["rows per source:", f"  {'source_id':<24}" + "".join(f"{t:>16}" for t in SPAN_TABLES)]
    for source_id in shown:
        lines.append(f"  {source_id:<24}" + "".join(f"{counts[t][source_id]:>16}" for t in SPAN_TABLES))
    if result.rows["sources"] > len(shown):
        lines.append(f"  … and {result.rows['sources'] - len(shown)} more sources")
    return "\n".join(lines)


def _progress_bar(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r… {done}/{total} articles", end="" if done < total else "\n", file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    _progress(f"building from {args.raw_dir} into {args.out_dir} ({args.engine} engine)")
    if args.engine == "dask":
        try:
            from cmclaims.build.dask_engine import build_on_dask
        except ImportError:
            raise CmclaimsError("the dask engine needs Dask: pip install 'cmclaims[dask]'") from None
        result = build_on_dask(args.raw_dir, args.out_dir, __version__, scheduler=args.scheduler,
                               jobs=args.jobs, batch_size=args.batch_size)
    else:
        from cmclaims.build.run import build

        result = build(args.raw_dir, args.out_dir, __version__, jobs=args.jobs, batch_size=args.batch_size,
                       progress=_progress_bar)
    print(f"built {result.out_dir} (version {__version__}) in {time.perf_counter() - started:.1f} s")
    print(summary(result))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from cmclaims.quality.validate import validate_dataset
    from cmclaims.views.terminal import safe

    dataset = _chosen_dataset(args, prefer_build=True)
    _progress(f"validating the {dataset.label} ({dataset.folder})")
    report = validate_dataset(dataset.folder, dataset.raw_dir(args.raw_dir), release=dataset.release,
                              frictionless="off" if args.no_frictionless else args.frictionless)
    if report.ok:
        counts = ", ".join(f"{table} {rows}" for table, rows in report.rows.items())
        checked = ("its files match the release index" if dataset.release
                   else "checked against its own datapackage.json; not a release")
        print(f"valid: {dataset.folder}, {dataset.label}, {checked} ({counts})")
        return 0
    print(f"INVALID: {dataset.folder} ({dataset.label}): {len(report.problems)} problem(s)", file=sys.stderr)
    for problem in report.problems:
        print(f"  {safe(problem, keep_newlines=False)}", file=sys.stderr)
    return 1


def cmd_evaluate(args: argparse.Namespace) -> int:
    from cmclaims.quality.evaluate import evaluate, format_report

    metrics = evaluate(args.build_dir, args.annotations)
    print(format_report(metrics, verbose=args.verbose))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from cmclaims.tabular.definitions import data_dictionary_markdown

    print(data_dictionary_markdown())
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from cmclaims.quality.diff import diff_datasets, format_diff
    from cmclaims.selection import named_dataset
    from cmclaims.views.terminal import safe

    old, new = named_dataset(args.old), named_dataset(args.new)
    print(safe(format_diff(diff_datasets(old.read_bytes, new.read_bytes), show_ids=args.show)))  # verified bytes
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    import datetime

    from cmclaims.workflows.release import release

    date = args.date or datetime.date.today().isoformat()
    target = release(Path("."), args.version, date, args.summary)
    print(f"released {args.version} into {target}; "
          "commit dataset/, datapackage.json, CHANGELOG.md, CITATION.cff and src/")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from cmclaims.corpus.manifest import metadata_columns
    from cmclaims.workflows.contribute import Metadata, add_article

    metadata = Metadata(**{name: getattr(args, name) for name in metadata_columns()})
    _progress(f"adding {args.file} to {args.raw_dir} and rebuilding {args.out_dir}")
    added = add_article(args.file, args.raw_dir, args.out_dir, metadata, __version__, source_id=args.source_id)
    rows = ", ".join(f"{table} {count}" for table, count in added.rows.items())
    print(f"added {args.file} as {added.raw_path} (source_id {added.source_id}); "
          f"manifest updated; {args.out_dir} rebuilt")
    print(f"extracted from it: {rows}")
    print(f"review it: cmclaims show {added.source_id}")
    return 0


def _installed(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def cmd_show(args: argparse.Namespace) -> int:
    from cmclaims.views.show import load_article, render

    dataset = _chosen_dataset(args, prefer_build=True)
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and _installed("rich"))
    print(render(load_article(dataset, dataset.raw_dir(args.raw_dir), args.source_id), colour=colour))
    return 0


def cmd_check_contribution(args: argparse.Namespace) -> int:
    from cmclaims.quality.contribution import check_contribution, format_report
    from cmclaims.views.terminal import safe

    _progress("checking the contribution (this rebuilds and validates the dataset)")
    report = check_contribution(args.repo, args.base, __version__)
    print(safe(format_report(report)))  # it names the contributor's files, whatever their names hold
    return 0 if report.ok else 1


def _chosen_dataset(args: argparse.Namespace, prefer_build: bool = False):
    from cmclaims.selection import choose_dataset

    return choose_dataset(args.version_, args.dir, getattr(args, "dataset", None), prefer_build=prefer_build)


def cmd_compare(args: argparse.Namespace) -> int:
    from cmclaims.views.compare import compare_tables, format_comparison
    from cmclaims.views.terminal import safe

    dataset = _chosen_dataset(args)
    print(safe(f"# {dataset.label}"))
    print(safe(format_comparison(*compare_tables(dataset.tables()))), end="")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from cmclaims.build.outputs import check_output, write_marker
    from cmclaims.views.report.site import write_report

    dataset = _chosen_dataset(args)
    raw_dir = dataset.raw_dir(args.raw_dir)
    out = check_output(args.out, "report", raw_dir)  # before writing anything: a refused folder is not touched
    _progress(f"writing the report of the {dataset.label} into {args.out}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_marker(out, "report")
        written = write_report(dataset, args.out, raw_dir)
    except OSError as error:
        problem = error.strerror or error
        raise CmclaimsError(f"{error.filename or args.out}: cannot write the report ({problem})") from None
    print(f"wrote {len(written)} pages ({dataset.label}); open {written[0]}")
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    from cmclaims.views.sql import format_result, run_query

    print(format_result(*run_query(args.query, _chosen_dataset(args))))
    return 0


def _add_dataset_choice(command: argparse.ArgumentParser, default: str = "the latest release, else dataset/build",
                        positional: bool = False) -> None:
    """The same choice of data for every reading command: a release or a folder (and, for some, a positional)."""
    if positional:
        command.add_argument("dataset", nargs="?", metavar="VERSION_OR_DIR",
                             help=f"a released version (e.g. 1.0.0) or a dataset folder (default: {default})")
    choice = command.add_mutually_exclusive_group()
    choice.add_argument("--version", dest="version_", metavar="V", help=f"a released version (default: {default})")
    choice.add_argument("--dir", type=Path, help="a built or released dataset folder")


_PREFER_BUILD = "dataset/build in the current folder if there is one, else the latest release"
_RAW_HELP = "raw texts the rows point into (default: ./raw for a build, if present, else the package's raw texts)"


def parser() -> argparse.ArgumentParser:
    from cmclaims.corpus.manifest import column as manifest_column

    main = argparse.ArgumentParser(prog="cmclaims", description=__doc__.splitlines()[0])
    main.add_argument("--version", action="version", version=f"cmclaims {__version__}")
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="rebuild every table from the raw texts")
    build.add_argument("--raw-dir", type=Path, default=DEFAULT_RAW, help="folder of .txt articles (default: raw)")
    build.add_argument("--out-dir", type=Path, default=DEFAULT_BUILD, help="output folder (default: dataset/build)")
    build.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    build.add_argument("--batch-size", type=int,
                       help="articles per batch (default: 200, less for small corpora; never changes the output)")
    build.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local process pool (default) or a Dask distributed cluster")
    build.add_argument("--scheduler",
                       help="with --engine dask: address of a running scheduler (default: a local cluster)")
    build.set_defaults(run=cmd_build)

    validate = commands.add_parser("validate", help="check a release or a built dataset folder")
    _add_dataset_choice(validate, _PREFER_BUILD, positional=True)
    validate.add_argument("--raw-dir", type=Path, help=_RAW_HELP)
    validate.add_argument("--frictionless", choices=["full", "sample", "off"], default="sample",
                          help="Frictionless's row-by-row validation: every row, "
                               "the first rows of each table (default), or none")
    validate.add_argument("--no-frictionless", action="store_true", help="same as --frictionless off")
    validate.set_defaults(run=cmd_validate)

    evaluate = commands.add_parser("evaluate", help="score built tables against an annotation file")
    evaluate.add_argument("build_dir", type=Path)
    evaluate.add_argument("annotations", type=Path, help="an annotation file, or a folder of them (tests/annotations)")
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list false positives and negatives")
    evaluate.set_defaults(run=cmd_evaluate)

    diff = commands.add_parser("diff", help="rows added, removed and changed between two datasets")
    diff.add_argument("old", help="a released version (e.g. 1.0.0) or a dataset folder (every file verified first)")
    diff.add_argument("new", help="a released version or a dataset folder (e.g. dataset/build)")
    diff.add_argument("--show", type=int, default=10, help="IDs listed per change (default 10)")
    diff.set_defaults(run=cmd_diff)

    release = commands.add_parser("release", help="freeze the working build as dataset/<version>/ (maintainers)")
    release.add_argument("version", help="MAJOR.MINOR.PATCH, higher than every released version")
    release.add_argument("--summary", required=True, help="what changed, for the CHANGELOG and the release index")
    release.add_argument("--date", help="release date YYYY-MM-DD (default: today)")
    release.set_defaults(run=cmd_release)

    add = commands.add_parser("add", help="contributors: copy an article into raw/, list it in the manifest, rebuild")
    add.add_argument("file", type=Path, help="the article as UTF-8 text (.txt), copied byte for byte")
    add.add_argument("--outlet", help="publishing outlet, e.g. 'The Guardian'")
    add.add_argument("--published", help="publication date YYYY-MM-DD")
    add.add_argument("--url", help="http(s) address the text was collected from")
    add.add_argument("--title", help="headline")
    add.add_argument("--author", help="author(s) as in the byline")
    *genres, last_genre = manifest_column("genre").enum or ("",)
    add.add_argument("--genre", help=f"{', '.join(genres)} or {last_genre}")
    add.add_argument("--collected", help="date the text was collected, YYYY-MM-DD (default: today)")
    add.add_argument("--rights", default=None,
                     help="on what basis the text is included (default: non-commercial research use)")
    add.add_argument("--source-id", help="keep the ID the article already has in a published list, NNN_<16 hex> "
                     "(default: the next number and the start of the file's SHA-256)")
    add.add_argument("--raw-dir", type=Path, default=DEFAULT_RAW, help="raw folder (default: raw)")
    add.add_argument("--out-dir", type=Path, default=DEFAULT_BUILD,
                     help="working build to refresh (default: dataset/build)")
    add.set_defaults(run=cmd_add)

    show = commands.add_parser("show", help="print an article with its claims, speakers, figures and mentions marked")
    show.add_argument("source_id", help="a source ID, or an unambiguous prefix such as 005")
    _add_dataset_choice(show, _PREFER_BUILD)
    show.add_argument("--dataset", help=argparse.SUPPRESS)  # the flag before 1.1: a folder or a version
    show.add_argument("--raw-dir", type=Path, help=_RAW_HELP)
    show.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                      help="colour the marks (default: auto, on a terminal, with the 'view' extra)")
    show.set_defaults(run=cmd_show)

    check = commands.add_parser("check-contribution",
                                help="what CI runs on a pull request: compare with the base branch")
    check.add_argument("--base", help="branch or commit the pull request targets (default: origin/main, else main)")
    check.add_argument("--repo", type=Path, default=Path("."),
                       help="root of the checkout to check (default: the current folder); CI checks the pull "
                            "request's checkout with the base branch's installation")
    check.set_defaults(run=cmd_check_contribution)

    schema = commands.add_parser("schema", help="print the data dictionary (Markdown) derived from schema/")
    schema.set_defaults(run=cmd_schema)
    compare = commands.add_parser("compare", help="each source's figures and wordings, per cross-source group")
    _add_dataset_choice(compare)
    compare.set_defaults(run=cmd_compare)

    report = commands.add_parser("report", help="write a static HTML report: dataset card and one page per article")
    report.add_argument("--out", type=Path, default=Path("report"), help="output folder (default: report)")
    report.add_argument("--raw-dir", type=Path, help=_RAW_HELP)
    _add_dataset_choice(report)
    report.set_defaults(run=cmd_report)

    sql = commands.add_parser("sql", help="run SQL over the tables with DuckDB (extra: cmclaims[sql])")
    sql.add_argument("query", help='e.g. "SELECT speaker_id, count(*) FROM claims GROUP BY 1"')
    _add_dataset_choice(sql)
    sql.set_defaults(run=cmd_sql)
    return main


EXTRA_OF_MODULE = {"pandera": "build", "frictionless": "build", "rapidfuzz": "build", "nameparser": "build",
                   "jsonschema": "build", "filelock": "build", "jinja2": "view", "markupsafe": "view", "rich": "view",
                   "duckdb": "sql", "dask": "dask", "distributed": "dask"}
"""Top-level modules of the optional extras (pyproject.toml), for the hint a command gives when one is missing."""


def missing_extra_message(error: ModuleNotFoundError) -> str | None:
    """The install hint for a module of an optional extra, or None for any other missing module."""
    extra = EXTRA_OF_MODULE.get((error.name or "").partition(".")[0])
    if extra is None:
        return None
    return f"this command needs the {extra!r} extra ({error.name} is not installed): pip install 'cmclaims[{extra}]'"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except CmclaimsError as error:  # a message may quote the data (a DuckDB error quotes the cell it choked on)
        from cmclaims.views.terminal import safe

        print(f"cmclaims {args.command}: error: {safe(str(error))}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as error:
        message = missing_extra_message(error)
        if message is None:
            raise
        print(f"cmclaims {args.command}: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
