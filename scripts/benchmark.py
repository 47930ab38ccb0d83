"""Throughput and memory of the build and of validate, on synthetic corpora.

Run by hand (never in the test suite); results go into docs/benchmarks.md.

    python scripts/benchmark.py                      # N = 1,000, 10,000, 100,000
    python scripts/benchmark.py --sizes 1000 --skip-references
    python scripts/benchmark.py --load               # import + verified load time vs pandas (alias --import-only)
    python scripts/benchmark.py --grouping 1000 3000 10000   # cross-source linking of N distinct wordings
    python scripts/benchmark.py --lexicons           # reading the lexicons, with and without their schema check
    python scripts/benchmark.py --sizes 100000 --workdir /tmp/bench --output bench.json

A synthetic article recombines body paragraphs of the raw articles, chosen
by a seeded random generator, under a date header and a title line, so that
quotes, figures and names keep a realistic density. For each N it reports
articles/s and MB/s of raw text for build and validate, the peak memory
of the whole process tree (summed RSS, and proportional set size, which
counts pages that forked workers share once; sampled from /proc), and the build's
speed-up from 1 to 2 jobs (for N up to ``--one-job-up-to``: a one-job build
of 100,000 articles takes long and says nothing new). It also measures two references on the same text:
spaCy's blank English tokenizer + sentencizer, and quantulum3 (on a sample;
both optional: pip install spacy quantulum3).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def body_paragraphs() -> list[str]:
    from cmclaims.text.layout import find_layout

    paragraphs = []
    for path in sorted((REPO / "raw").glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        paragraphs += [text[start:end] for start, end in find_layout(text).body_spans()]
    return paragraphs


def make_corpus(folder: Path, n: int, seed: int = 2023) -> int:
    """Write ``n`` synthetic articles into ``folder``; return their total bytes."""
    rng = random.Random(seed)
    paragraphs = body_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(n):
        chosen = rng.sample(paragraphs, rng.randint(5, 14))
        day = rng.randint(1, 28)
        text = f" date 2023-07-{day:02d} Synthetic report {index} on cluster munitions\n\n" + "\n\n".join(chosen) + "\n"
        data = text.encode("utf-8")
        (folder / f"{index:06d}_synthetic.txt").write_bytes(data)
        total += len(data)
    return total


class TreeMemory:
    """Peak memory of a process and all its descendants, sampled: summed RSS, and PSS.

    PSS (proportional set size) counts a page shared by forked workers once;
    summed RSS counts it in every process, so it overstates a pool's memory.
    """

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                children.setdefault(int(fields[1]), []).append(int(entry))
        tree, queue = [], [self.pid]
        while queue:
            pid = queue.pop()
            tree.append(pid)
            queue += children.get(pid, [])
        return tree

    @staticmethod
    def _memory(pid: int) -> tuple[int, int]:
        """(RSS, PSS) of one process in bytes (PSS falls back to RSS where smaps_rollup is missing)."""
        values = {}
        for path in (f"/proc/{pid}/smaps_rollup", f"/proc/{pid}/status"):
            try:
                for line in Path(path).read_text().splitlines():
                    key, _, rest = line.partition(":")
                    if key in ("Rss", "Pss", "VmRSS"):
                        values.setdefault(key, int(rest.split()[0]) * 1024)
            except OSError:
                continue
        rss = values.get("Rss", values.get("VmRSS", 0))
        return rss, values.get("Pss", rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            samples = [self._memory(pid) for pid in self._tree()]
            self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in samples))
            self.peak_pss = max(self.peak_pss, sum(pss for _, pss in samples))
            time.sleep(self.interval)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def timed_command(arguments: list[str]) -> tuple[float, TreeMemory]:
    """Wall time and peak tree memory of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with TreeMemory(process.pid) as memory:
        _, errors = process.communicate()
    if process.returncode:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{errors}")
    return time.perf_counter() - started, memory


def cmclaims(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "cmclaims.cli", *arguments]


def reference_spacy(texts: list[str]) -> float | None:
    try:
        import spacy
    except ImportError:
        return None
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = max(len(t) for t in texts) + 1
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return sum(len(t.encode()) for t in texts) / 1e6 / (time.perf_counter() - started)


def reference_quantulum(texts: list[str]) -> float | None:
    try:
        from quantulum3 import parser
    except ImportError:
        return None
    started = time.perf_counter()
    for text in texts:
        parser.parse(text)
    return sum(len(t.encode()) for t in texts) / 1e6 / (time.perf_counter() - started)


def _rates(n: int, megabytes: float, seconds: float, memory: TreeMemory, jobs: int = 1) -> dict:
    return {"seconds": round(seconds, 1), "articles_per_s": round(n / seconds), "mb_per_s": round(megabytes / seconds, 2),
            "mb_per_s_per_core": round(megabytes / seconds / jobs, 2),
            "peak_rss_mib": round(memory.peak_rss / 2**20), "peak_pss_mib": round(memory.peak_pss / 2**20)}


def benchmark_size(n: int, workdir: Path, references: bool, one_job_up_to: int) -> dict:
    raw = workdir / f"raw-{n}"
    megabytes = make_corpus(raw, n) / 1e6
    result: dict = {"articles": n, "megabytes": round(megabytes, 1)}
    for jobs in (1, 2) if n <= one_job_up_to else (2,):
        seconds, memory = timed_command(cmclaims("build", "--raw-dir", str(raw), "--out-dir", str(workdir / f"out-{n}"), "--jobs", str(jobs)))
        result[f"build_jobs{jobs}"] = _rates(n, megabytes, seconds, memory, jobs)
    seconds, memory = timed_command(cmclaims("validate", str(workdir / f"out-{n}"), "--raw-dir", str(raw)))
    result["validate"] = _rates(n, megabytes, seconds, memory)
    if "build_jobs1" in result:
        result["speedup_1_to_2_jobs"] = round(result["build_jobs1"]["seconds"] / result["build_jobs2"]["seconds"], 2)
        end_to_end = result["build_jobs1"]["seconds"] + result["validate"]["seconds"]
        result["build_and_validate_1_job_mb_per_s"] = round(megabytes / end_to_end, 2)
    if references:
        sample = [p.read_text(encoding="utf-8") for p in sorted(raw.glob("*.txt"))[:1000]]
        result["spacy_blank_mb_per_s"] = reference_spacy(sample)
        result["quantulum3_mb_per_s"] = reference_quantulum(sample[:50])
    print(json.dumps(result), file=sys.stderr, flush=True)
    return result


def grouping_benchmark(sizes: list[int], all_pairs_up_to: int = 3000, seed: int = 2023) -> list[dict]:
    """Linking N distinct claim wordings of one speaker family: the candidate filter against every pair.

    Each wording recombines keywords of two sentences of the raw articles
    (two thirds of one, a third of another), so rare words recur far more
    often than in a real corpus: a hard case for the filter.
    """
    from cmclaims.link.candidates import CandidatePairs
    from cmclaims.link.groups import CLAIM_MIN_SHARED_WORDS, CLAIM_MIN_SIMILARITY, Variants, claim_wordings_linked, link_variants
    from cmclaims.text.sentences import split_sentences
    from cmclaims.link.similarity import CloseWords, Frequencies, Keywords

    keywords, sentences = Keywords(), []
    for paragraph in body_paragraphs():
        sentences += [keywords(paragraph[start:end]) for start, end in split_sentences(paragraph, 0, len(paragraph))]
    sentences = [words for words in sentences if len(words) >= CLAIM_MIN_SHARED_WORDS]
    weights = Frequencies().add(sentences).weights()

    def linked(a, b, close: CloseWords | None = None) -> bool:
        return claim_wordings_linked(a[1], b[1], weights, close)

    rng, results = random.Random(seed), []
    for n in sizes:
        variants = Variants()
        for index in range(n):
            first, second = rng.sample(sentences, 2)
            words = set(rng.sample(sorted(first), max(1, 2 * len(first) // 3))) | set(rng.sample(sorted(second), len(second) // 3))
            variants.add(("speaker", frozenset(words)), f"source-{index % 500}")
        started = time.perf_counter()
        candidates = CandidatePairs([key[1] for key in variants.keys], weights, CLAIM_MIN_SIMILARITY)
        filtered = link_variants(variants, lambda key: key[0], lambda a, b: linked(a, b, candidates.close), candidates)
        result = {"wordings": len(variants.keys), "filtered_seconds": round(time.perf_counter() - started, 1),
                  "candidate_share_of_pairs": round(len(candidates(list(range(len(variants.keys))))) / (n * (n - 1) / 2), 3)}
        if n <= all_pairs_up_to:
            started = time.perf_counter()
            result["same_groups"] = link_variants(variants, lambda key: key[0], linked) == filtered
            result["all_pairs_seconds"] = round(time.perf_counter() - started, 1)
        print(json.dumps(result), file=sys.stderr, flush=True)
        results.append(result)
    return results


def interleaved_medians(commands: dict[str, list[str]], repeats: int) -> dict[str, float]:
    """Median wall-clock seconds of each whole-process command, the commands taking turns so load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def import_benchmark(repeats: int = 7) -> dict:
    """Whole-process time of loading claims with cmclaims (file hash-verified) vs plain pandas, interleaved runs.

    Also, in this process: the cost of the verification itself (hashing every
    file of the latest release once), and a repeated load, which finds the
    digests cached and does not hash again.
    """
    import cmclaims
    from cmclaims import integrity

    version = cmclaims.versions()[-1]
    folder = REPO / "dataset" / version
    path = folder / "claims.parquet"
    commands = {
        "cmclaims": [sys.executable, "-c", "import cmclaims as cm; cm.load('claims')"],
        "pandas": [sys.executable, "-c", f"import pandas as pd; pd.read_parquet({str(path)!r})"],
    }
    medians = interleaved_medians(commands, repeats)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    integrity.forget()
    started = time.perf_counter()
    for file in files:
        integrity.sha256_of(file)
    hashing = time.perf_counter() - started
    integrity.forget()
    loads = []
    for _ in range(3):
        started = time.perf_counter()
        cmclaims.load_all(version)
        loads.append(time.perf_counter() - started)
    return {"median_seconds": {k: round(v, 3) for k, v in medians.items()},
            "ratio": round(medians["cmclaims"] / medians["pandas"], 3), "repeats": repeats,
            "hash_every_release_file_ms": round(hashing * 1000, 2),
            "release_bytes": sum(f.stat().st_size for f in files),
            "load_all_ms_first_then_cached": [round(t * 1000, 1) for t in loads]}


def lexicon_benchmark(repeats: int = 7) -> dict:
    """Whole-process time of reading the seven lexicons: parsed only (as before issue 16) vs parsed and checked
    against their schemas, interleaved runs; and, in this process, the check alone with the validators built."""
    from cmclaims.lexicons import check_lexicon, lexicon_names, load_lexicon

    names = list(lexicon_names())
    parse_only = ("import yaml; from importlib import resources\n"
                  f"for n in {names!r}:\n"
                  "    t = resources.files('cmclaims.lexicons').joinpath(n + '.yaml').read_text(encoding='utf-8')\n"
                  "    yaml.load(t, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))")
    checked = "from cmclaims.lexicons import load_lexicon, lexicon_names\nfor n in lexicon_names(): load_lexicon(n)"
    commands = {"parse_only": [sys.executable, "-c", parse_only], "parse_and_check": [sys.executable, "-c", checked],
                "python": [sys.executable, "-c", "import yaml, cmclaims"]}
    medians = interleaved_medians(commands, repeats)
    documents = {name: load_lexicon(name) for name in names}
    checks = []
    for _ in range(repeats):
        started = time.perf_counter()
        for name, document in documents.items():
            check_lexicon(document, name, name)
        checks.append(time.perf_counter() - started)
    return {"median_ms": {k: round(v * 1000, 1) for k, v in medians.items()},
            "added_by_the_check_ms": round((medians["parse_and_check"] - medians["parse_only"]) * 1000, 1),
            "check_alone_ms": round(statistics.median(checks) * 1000, 1), "repeats": repeats}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--skip-references", action="store_true")
    parser.add_argument("--import-only", "--load", action="store_true",
                        help="only the load benchmark (import, verify, load)")
    parser.add_argument("--repeats", type=int, default=7, help="runs per command in the load benchmark (default 7)")
    parser.add_argument("--workdir", type=Path, help="where corpora and builds go (default: a temporary folder)")
    parser.add_argument("--one-job-up-to", type=int, default=10_000, help="largest N also built with one job (for the speed-up)")
    parser.add_argument("--grouping", type=int, nargs="*", metavar="N",
                        help="only link N distinct claim wordings of one speaker, filtered and (N <= 3000) every pair")
    parser.add_argument("--lexicons", action="store_true", help="only the time of reading and checking the lexicons")
    parser.add_argument("--output", type=Path, help="also write the JSON report here")
    args = parser.parse_args()
    report: dict = {"cpu_count": os.cpu_count(), "python": sys.version.split()[0]}
    if args.lexicons:
        report["lexicons"] = lexicon_benchmark(args.repeats)
    elif args.grouping is not None:
        report["grouping"] = grouping_benchmark(args.grouping or [1_000, 3_000, 10_000])
    else:
        report["import_and_load"] = import_benchmark(args.repeats)
        if not args.import_only:
            with tempfile.TemporaryDirectory() as scratch:
                workdir = args.workdir or Path(scratch)
                report["sizes"] = [benchmark_size(n, workdir, not args.skip_references, args.one_job_up_to) for n in args.sizes]
    print(json.dumps(report, indent=2))
    if args.output:
        args.output.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
