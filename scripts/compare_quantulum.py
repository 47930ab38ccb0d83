#!/usr/bin/env python3
"""Compare cmclaims' figures extractor with quantulum3 on the article bodies.

Both run on the same text: the body paragraphs of each raw article (as
``cmclaims.text.layout.body_spans`` gives them).  The table aligns, per article,
the hand-annotated figures (tests/annotations/seeds.json, when present),
cmclaims' figures and quantulum3's quantities by overlapping spans, and marks
each system's row right (+) or wrong (-) against the annotation:

* cmclaims is right when span, value, qualifier and unit equal the annotation;
* quantulum3 is given the benefit of the doubt: right when its span overlaps
  an annotated figure and its value is the annotated value (it has no
  qualifiers and its units are physical, not counted nouns).

quantulum3 is an optional tool, not a dependency of cmclaims.  Install it with

    python -m pip install quantulum3

Usage: python scripts/compare_quantulum.py [--raw RAW_DIR] [--gold SEEDS_JSON]
       python scripts/compare_quantulum.py --peer

``--peer`` runs quantulum3's own quantity tests (the JSON files its package
ships, MIT licence, read from the installed package, not copied) as a peer
suite for cmclaims and prints value precision, recall and F1 (see
:func:`peer_scores`); quantulum3 passes its own suite by construction, so only
cmclaims is scored.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from dataclasses import asdict
from pathlib import Path

from cmclaims.extract.figures.finder import find_figures
from cmclaims.text.layout import body_spans

REPO = Path(__file__).resolve().parents[1]
INSTALL_HINT = "quantulum3 is not installed; it is optional. Install it with:\n    python -m pip install quantulum3"


def quantulum_figures(text: str, spans: list[tuple[int, int]]) -> list[dict]:
    """quantulum3's quantities in the body spans, with raw offsets."""
    from quantulum3 import parser

    rows = []
    for lo, hi in spans:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(text[lo:hi])
        for q in quantities:
            start, end = lo + q.span[0], lo + q.span[1]
            rows.append({"char_start": start, "char_end": end, "value": float(q.value), "unit": q.unit.name})
    return sorted(rows, key=lambda r: r["char_start"])


def overlaps(a: dict, b: dict) -> bool:
    return a["char_start"] < b["char_end"] and b["char_start"] < a["char_end"]


def ours_right(row: dict, gold: list[dict]) -> bool:
    keys = ("char_start", "char_end", "value", "value_high", "qualifier", "unit")
    return any(all(row[k] == g.get(k) for k in keys) for g in gold)


def quantulum_right(row: dict, gold: list[dict]) -> bool:
    return any(overlaps(row, g) and row["value"] == g["value"] for g in gold)


def aligned(gold: list[dict], ours: list[dict], theirs: list[dict]) -> list[tuple[list, list, list]]:
    """Groups of rows (gold, ours, quantulum3) that overlap each other, in text order."""
    tagged = [(r, 0) for r in gold] + [(r, 1) for r in ours] + [(r, 2) for r in theirs]
    tagged.sort(key=lambda t: (t[0]["char_start"], t[0]["char_end"]))
    groups: list[tuple[list, list, list]] = []
    group_end = -1
    for row, which in tagged:
        if row["char_start"] >= group_end:
            groups.append(([], [], []))
        groups[-1][which].append(row)
        group_end = max(group_end, row["char_end"])
    return groups


def describe(text: str, row: dict, kind: str) -> str:
    surface = text[row["char_start"] : row["char_end"]].replace("\n", " ")
    if kind == "quantulum":
        return f"{surface!r} {row['value']:g} {row['unit']}"
    high = f"-{row['value_high']:g}" if row.get("value_high") is not None else ""
    return f"{surface!r} {row['value']:g}{high} {row['qualifier']} {row['unit']}"


def verdict(text: str, row: dict, gold: list[dict], kind: str) -> str:
    right = ours_right(row, gold) if kind == "ours" else quantulum_right(row, gold)
    return ("+ " if right else "- ") + describe(text, row, kind)


# ------------------------------------------------------------------ peer suite


def peer_cases() -> list[dict]:
    """quantulum3's own test cases: [{"req": sentence, "res": [{"value", "unit", "surface", "uncertainty"?}]}]."""
    from importlib.resources import files

    tests = files("quantulum3") / "_lang" / "en_US" / "tests"
    return [case for name in ("quantities.json", "quantities.ambiguity.json")
            for case in json.loads((tests / name).read_text(encoding="utf-8"))]


def _peer_values(quantity: dict) -> list[tuple[float, ...]]:
    """The readings of one of quantulum3's quantities a convention-neutral scorer accepts: the value; for a
    range (value ± uncertainty) the range, or its two ends as two figures (a change)."""
    value, spread = float(quantity["value"]), quantity.get("uncertainty")
    if spread:
        return [(value - spread, value + spread), (value - spread,), (value + spread,)]
    return [(value,)]


def _our_values(row: dict) -> tuple[float, ...]:
    """A figure's value; a share in percent as the fraction quantulum3 gives; a range as its two ends."""
    scale = 0.01 if row["rule"].startswith(("figures.percent-fraction", "figures.percent-ratio")) else 1.0
    low = row["value"] * scale
    return (low,) if row["value_high"] is None else (low, row["value_high"] * scale)


def peer_scores(cases: list[dict], skip_years: bool = False) -> dict:
    """Value precision, recall and F1 of cmclaims on quantulum3's tests, neutral on conventions: a quantity is
    found when a figure of the sentence has its value (a range: the same two ends, or each end as a figure of
    its own, as the codebook writes a change); each figure counts once. ``skip_years`` leaves out the quantities
    the codebook rules out by kind, dimensionless four-digit years ("1979")."""
    import math

    gold_n = found = ours_n = used_n = 0
    for case in cases:
        text = case["req"]
        rows = [asdict(f) for f in find_figures(text, [(0, len(text))])]
        values = [_our_values(r) for r in rows]
        used = [False] * len(rows)
        gold = [q for q in case["res"] if not (skip_years and q["unit"] == "dimensionless" and _is_year(q))]
        for quantity in gold:
            for reading in _peer_values(quantity):
                hit = next((i for i, v in enumerate(values) if not used[i] and len(v) == len(reading)
                            and all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9) for a, b in zip(v, reading))),
                           None)
                if hit is not None:
                    used[hit] = True
                    if len(reading) == 1 and quantity.get("uncertainty"):  # a change: both ends are figures
                        other = reading[0] + 2 * quantity["uncertainty"] if reading[0] < quantity["value"] else None
                        k = next((i for i, v in enumerate(values) if not used[i] and other is not None
                                  and math.isclose(v[0], other, rel_tol=1e-6)), None)
                        if k is not None:
                            used[k] = True
                    found += 1
                    break
        gold_n += len(gold)
        ours_n += len(rows)
        used_n += sum(used)
    precision, recall = (used_n / ours_n if ours_n else 1.0), (found / gold_n if gold_n else 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"sentences": len(cases), "gold": gold_n, "figures": ours_n, "found": found, "right_figures": used_n,
            "precision": precision, "recall": recall, "f1": f1}


def _is_year(quantity: dict) -> bool:
    surface = quantity["surface"].strip()
    return len(surface) == 4 and surface.isdigit() and 1000 <= int(surface) <= 2100


def print_peer() -> None:
    cases = peer_cases()
    for label, skip in (("all quantities", False), ("without years", True)):
        s = peer_scores(cases, skip_years=skip)
        print(f"cmclaims on quantulum3's tests ({label}): {s['sentences']} sentences, {s['gold']} quantities, "
              f"{s['figures']} figures; value P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--raw", type=Path, default=REPO / "raw")
    args.add_argument("--gold", type=Path, default=REPO / "tests" / "annotations" / "seeds.json")
    args.add_argument("--peer", action="store_true", help="score cmclaims on quantulum3's own quantity tests")
    options = args.parse_args()
    try:
        with warnings.catch_warnings():  # it warns that its optional classifier is missing
            warnings.simplefilter("ignore")
            import quantulum3.parser  # noqa: F401
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    if options.peer:
        print_peer()
        return 0
    gold_rows = json.loads(options.gold.read_text(encoding="utf-8"))["figures"] if options.gold.exists() else []
    totals = {"gold": 0, "ours": 0, "ours_right": 0, "quantulum": 0, "quantulum_right": 0, "quantulum_found": 0}
    width = 50
    for path in sorted(options.raw.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        spans = body_spans(text)
        gold = [g for g in gold_rows if g["source_id"] == path.stem]
        ours, theirs = [asdict(f) for f in find_figures(text, spans)], quantulum_figures(text, spans)
        print(f"\n== {path.stem}\n{'annotation':{width}} | {'cmclaims':{width + 2}} | quantulum3")
        for g_rows, o_rows, q_rows in aligned(gold, ours, theirs):
            lines = max(len(g_rows), len(o_rows), len(q_rows))
            for k in range(lines):
                g = describe(text, g_rows[k], "gold") if k < len(g_rows) else ""
                o = verdict(text, o_rows[k], gold, "ours") if k < len(o_rows) else ""
                q = verdict(text, q_rows[k], gold, "quantulum") if k < len(q_rows) else ""
                print(f"{g[:width]:{width}} | {o[:width + 2]:{width + 2}} | {q}")
        totals["gold"] += len(gold)
        totals["ours"] += len(ours)
        totals["ours_right"] += sum(ours_right(r, gold) for r in ours)
        totals["quantulum"] += len(theirs)
        totals["quantulum_right"] += sum(quantulum_right(r, gold) for r in theirs)
        totals["quantulum_found"] += sum(any(quantulum_right(r, [g]) for r in theirs) for g in gold)
    print_summary(totals)
    return 0


def print_summary(t: dict) -> None:
    def rate(a: int, b: int) -> str:
        return f"{a / b:.3f}" if b else "n/a"

    print(f"\nannotated figures: {t['gold']}")
    print(f"cmclaims  : {t['ours']} rows, {t['ours_right']} exactly right (span, value, qualifier, unit); "
          f"precision {rate(t['ours_right'], t['ours'])}, recall {rate(t['ours_right'], t['gold'])}")
    print(f"quantulum3: {t['quantulum']} rows, {t['quantulum_right']} right (lenient: overlapping span, right value); "
          f"precision {rate(t['quantulum_right'], t['quantulum'])}, recall {rate(t['quantulum_found'], t['gold'])}")


if __name__ == "__main__":
    sys.exit(main())
