"""Score built tables against a hand annotation (gold standard).

The annotation is a JSON file (see tests/annotations/seeds.json) with the rows
"sources", "actors", "claims", "figures" and "actor_mentions"; the build is a
directory of Parquet tables named after the same tables.  Only the sources the
annotation covers are scored, so a build of many articles can be checked
against a few annotated ones.

Spans are compared in two ways: exactly (same source and same offsets) and
leniently (same source and overlapping offsets, paired one-to-one, largest
overlap first).  Attributes (a claim's kind and speaker, a figure's value,
qualifier and unit, a mention's actor) are compared on the paired rows.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from cmclaims.errors import InputError

SPAN_TABLES = ("claims", "figures", "actor_mentions")
ATTRIBUTES = {
    "claims": ("kind", "speaker_id"),
    "figures": ("value", "value_high", "qualifier", "unit", "measure"),
    "actor_mentions": ("actor_id",),
}
ACTOR_ATTRIBUTE = {"claims": "speaker_id", "actor_mentions": "actor_id"}
SOURCE_FIELDS = ("body_start", "body_end", "title", "published", "outlet", "author", "genre")
Row = dict[str, Any]


# ---------------------------------------------------------------- loading

def load_annotations(path: Path) -> dict:
    """An annotation file, or a folder of them merged (the evaluation set), or an InputError saying what is wrong.

    A folder's ``*.json`` files are read in name order and each source may be annotated once. An actor that
    several files define keeps the first file's fields, with the aliases of all (each file lists the surface forms
    its own articles use; the scores never read the other fields).
    """
    path = Path(path)
    if path.is_dir():
        return _merged([(file, _load_annotation_file(file)) for file in sorted(path.glob("*.json"))], path)
    return _load_annotation_file(path)


def _merged(parts: list[tuple[Path, dict]], folder: Path) -> dict:
    if not parts:
        raise InputError(folder, "no annotation files (*.json) in this folder")
    merged: dict[str, Any] = {table: [] for table in ("sources", *SPAN_TABLES)}
    actors: dict[str, dict] = {}
    annotated: dict[str, Path] = {}
    for file, part in parts:
        for source in part["sources"]:
            if source["source_id"] in annotated:
                raise InputError(file, f"source {source['source_id']} is annotated in "
                                       f"{annotated[source['source_id']]} too")
            annotated[source["source_id"]] = file
        for actor in part.get("actors", []):
            kept = actors.setdefault(actor["actor_id"], {**actor, "aliases": []})
            kept["aliases"] += [alias for alias in actor.get("aliases", []) if alias not in kept["aliases"]]
        for table in merged:
            merged[table] += part.get(table, [])
    merged["actors"] = list(actors.values())
    return merged


def _load_annotation_file(path: Path) -> dict:
    if not path.is_file():
        raise InputError(path, "no such annotation file (or not a regular file)")
    try:
        annotations = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InputError(path, f"not valid UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise InputError(path, f"not valid JSON: {error.msg} (column {error.colno})", error.lineno) from None
    if not isinstance(annotations, dict) or not isinstance(annotations.get("sources"), list):
        raise InputError(path, 'must be a JSON object with a list "sources" (see tests/annotations/seeds.json)')
    for table in ("sources", "actors", *SPAN_TABLES):
        rows = annotations.get(table, [])
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise InputError(path, f'"{table}" must be a list of objects')
        for number, row in enumerate(rows, start=1):
            needed = ("source_id", "char_start", "char_end") if table in SPAN_TABLES else (
                ("actor_id",) if table == "actors" else ("source_id",))
            missing = [key for key in needed if key not in row]
            if missing:
                raise InputError(path, f'"{table}" row {number} lacks {", ".join(missing)}')
            if table in SPAN_TABLES and not all(
                    isinstance(row[key], int) and not isinstance(row[key], bool) for key in ("char_start", "char_end")):
                raise InputError(path, f'"{table}" row {number}: char_start and char_end must be whole numbers')
    return annotations


def _clean(value: Any) -> Any:
    """Parquet/pandas nulls (None, NaN, NA, NaT) become None; numpy scalars become Python ones."""
    if value is None:
        return None
    if getattr(value, "ndim", 0) > 0:  # array cells, e.g. a list column
        return value.tolist()
    if isinstance(value, (list, tuple, dict)):
        return value
    if pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def read_table(build_dir: Path, table: str, source_ids: set[str] | None = None) -> list[Row] | None:
    """Rows of build_dir/<table>.parquet (restricted to source_ids), or None when the file is missing."""
    path = Path(build_dir) / f"{table}.parquet"
    if not path.exists():
        return None
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as error:
        raise InputError(path, f"unreadable Parquet file ({error})") from None
    if source_ids is not None and "source_id" in frame.columns:
        frame = frame[frame["source_id"].isin(source_ids)]
    return [{k: _clean(v) for k, v in rec.items()} for rec in frame.to_dict("records")]


# ---------------------------------------------------------------- matching

def _span(row: Row) -> tuple[str, int, int]:
    return row["source_id"], int(row["char_start"]), int(row["char_end"])


def match_exact(gold: list[Row], system: list[Row]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs with identical source and offsets."""
    waiting: dict[tuple, list[int]] = {}
    for j, row in enumerate(system):
        waiting.setdefault(_span(row), []).append(j)
    pairs = []
    for i, row in enumerate(gold):
        candidates = waiting.get(_span(row))
        if candidates:
            pairs.append((i, candidates.pop(0)))
    return pairs


def match_lenient(gold: list[Row], system: list[Row]) -> list[tuple[int, int]]:
    """One-to-one pairs of overlapping spans in the same source, greedily by largest overlap.

    Ties go to the pair whose boundaries differ least, so an exact pair is always kept.
    """
    by_source: dict[str, list[int]] = {}
    for j, row in enumerate(system):
        by_source.setdefault(row["source_id"], []).append(j)
    candidates = []
    for i, g in enumerate(gold):
        _, gs, ge = _span(g)
        for j in by_source.get(g["source_id"], []):
            _, ss, se = _span(system[j])
            overlap = min(ge, se) - max(gs, ss)
            if overlap > 0:
                candidates.append((-overlap, abs(gs - ss) + abs(ge - se), i, j))
    candidates.sort()
    used_gold, used_system, pairs = set(), set(), []
    for _, _, i, j in candidates:
        if i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def prf(n_match: int, n_gold: int, n_system: int) -> dict:
    """Precision, recall and F1; an empty side scores 1.0 only when both sides are empty."""
    def ratio(num: int, den: int) -> float:
        return num / den if den else (1.0 if n_gold == n_system == 0 else 0.0)

    precision, recall = ratio(n_match, n_system), ratio(n_match, n_gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": n_match, "fp": n_system - n_match, "fn": n_gold - n_match,
            "precision": precision, "recall": recall, "f1": f1}


# ---------------------------------------------------------------- attribute agreement

def _norm_text(value: Any) -> Any:
    """Case-, whitespace- and quote-style-insensitive form of a string (other values unchanged)."""
    if not isinstance(value, str):
        return value
    value = value.translate(str.maketrans("\u2018\u2019\u201c\u201d\u00a0", "''\"\" "))
    return " ".join(value.split()).casefold()


def same_value(a: Any, b: Any) -> bool:
    """Equality that treats all nulls alike, floats with a tolerance and strings loosely."""
    a, b = _clean(a), _clean(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return _norm_text(str(a)) == _norm_text(str(b))


def _actor_name(actors: dict[str, Row], actor_id: Any) -> str | None:
    actor = actors.get(actor_id) if actor_id is not None else None
    return _norm_text(actor["name"]) if actor and actor.get("name") else None


def _same_actor(g: Any, s: Any, gold_actors: dict, system_actors: dict) -> bool:
    """Same actor id, or ids whose canonical names are equal."""
    if same_value(g, s):
        return True
    g_name, s_name = _actor_name(gold_actors, g), _actor_name(system_actors, s)
    return g_name is not None and g_name == s_name


def _rate(agree: int, n: int) -> dict:
    return {"agree": agree, "n": n, "rate": agree / n if n else None}


def attribute_agreement(table: str, gold: list[Row], system: list[Row], pairs: list[tuple[int, int]],
                        gold_actors: dict, system_actors: dict) -> tuple[dict, list[Row]]:
    """Agreement rate of each attribute on the paired rows, and the disagreeing pairs."""
    agree = dict.fromkeys(ATTRIBUTES[table], 0)
    actor_field = ACTOR_ATTRIBUTE.get(table)
    if actor_field:
        agree[f"{actor_field}_by_name"] = 0
    if table == "figures":
        agree["value_qualifier_unit"] = 0
    mismatches = []
    for i, j in pairs:
        g, s = gold[i], system[j]
        ok = {name: same_value(g.get(name), s.get(name)) for name in ATTRIBUTES[table]}
        if actor_field:
            ok[f"{actor_field}_by_name"] = _same_actor(g.get(actor_field), s.get(actor_field),
                                                       gold_actors, system_actors)
        if table == "figures":
            ok["value_qualifier_unit"] = ok["value"] and ok["qualifier"] and ok["unit"]
        for name, good in ok.items():
            agree[name] += good
        wrong = [name for name in ATTRIBUTES[table] if not ok[name]]
        if wrong:
            mismatches.append({**_brief(g), "system_span": _brief(s),
                               "attributes": {n: {"gold": g.get(n), "system": s.get(n)} for n in wrong}})
    return {name: _rate(k, len(pairs)) for name, k in agree.items()}, mismatches


# ---------------------------------------------------------------- per table

def _brief(row: Row) -> Row:
    return {"source_id": row["source_id"], "char_start": int(row["char_start"]),
            "char_end": int(row["char_end"]), "text": row.get("text")}


def _unmatched(rows: list[Row], matched: set[int], lenient_partner: dict[int, Row]) -> list[Row]:
    """Rows without an exact partner, each with the span it overlaps under lenient matching (if any)."""
    out = []
    for k, row in enumerate(rows):
        if k not in matched:
            partner = lenient_partner.get(k)
            out.append({**_brief(row), "lenient_match": _brief(partner) if partner else None})
    return out


def score_table(table: str, gold: list[Row], system: list[Row], gold_actors: dict,
                system_actors: dict) -> tuple[dict, dict]:
    """Metrics and error lists of one span table."""
    exact, lenient = match_exact(gold, system), match_lenient(gold, system)
    metrics: dict[str, Any] = {
        "n_gold": len(gold), "n_system": len(system),
        "exact": prf(len(exact), len(gold), len(system)),
        "lenient": prf(len(lenient), len(gold), len(system)),
        "by_source": {},
    }
    for sid in sorted({r["source_id"] for r in gold} | {r["source_id"] for r in system}):
        g = [r for r in gold if r["source_id"] == sid]
        s = [r for r in system if r["source_id"] == sid]
        metrics["by_source"][sid] = {"exact": prf(len(match_exact(g, s)), len(g), len(s)),
                                     "lenient": prf(len(match_lenient(g, s)), len(g), len(s))}
    metrics["attributes"] = {}
    mismatches: list[Row] = []
    for mode, pairs in (("exact", exact), ("lenient", lenient)):
        rates, wrong = attribute_agreement(table, gold, system, pairs, gold_actors, system_actors)
        metrics["attributes"][mode] = rates
        if mode == "lenient":
            mismatches = wrong
    errors = {
        "false_positives": _unmatched(system, {j for _, j in exact}, {j: gold[i] for i, j in lenient}),
        "false_negatives": _unmatched(gold, {i for i, _ in exact}, {i: system[j] for i, j in lenient}),
        "attribute_mismatches": mismatches,
    }
    return metrics, errors


# ---------------------------------------------------------------- sources

def _source_value(field: str, value: Any) -> Any:
    value = _clean(value)
    if field == "published" and value is not None:
        return pd.Timestamp(value).date().isoformat()
    if field in ("body_start", "body_end") and value is not None:
        return int(value)
    return value


def score_sources(gold: list[Row], system: list[Row] | None) -> dict:
    """Per source and per field: gold value, system value and whether they agree; plus rates per field.

    A source missing from the build disagrees on every field.
    """
    system_by_id = {r["source_id"]: r for r in (system or [])}
    per_source, agree = {}, dict.fromkeys(SOURCE_FIELDS, 0)
    for g in gold:
        s = system_by_id.get(g["source_id"], {})
        fields = {}
        for field in SOURCE_FIELDS:
            gv, sv = _source_value(field, g.get(field)), _source_value(field, s.get(field))
            ok = bool(s) and same_value(gv, sv)  # a source missing from the build agrees on nothing
            agree[field] += ok
            fields[field] = {"gold": gv, "system": sv, "agree": ok}
        per_source[g["source_id"]] = {"found": bool(s), "fields": fields}
    return {"fields": {f: _rate(k, len(gold)) for f, k in agree.items()}, "by_source": per_source}


# ---------------------------------------------------------------- entry point

def evaluate(build_dir: Path, annotations_path: Path) -> dict:
    """Score the Parquet tables in build_dir against the annotation file, on the annotated sources only.

    Returns {"annotations", "build_dir", "source_ids", "missing_tables", "sources", "tables", "errors"};
    nothing is printed (see format_report).
    """
    annotations = load_annotations(annotations_path)
    if not Path(build_dir).is_dir():
        raise InputError(build_dir, "no such dataset folder")
    source_ids = {s["source_id"] for s in annotations["sources"]}
    gold_actors = {a["actor_id"]: a for a in annotations.get("actors", [])}
    system_actor_rows = read_table(build_dir, "actors") or []
    system_actors = {a["actor_id"]: a for a in system_actor_rows}
    missing = []
    system_sources = read_table(build_dir, "sources", source_ids)
    if system_sources is None:
        missing.append("sources")
    result: dict[str, Any] = {
        "annotations": str(annotations_path), "build_dir": str(build_dir),
        "source_ids": sorted(source_ids),
        "sources": score_sources(annotations["sources"], system_sources),
        "tables": {}, "errors": {},
    }
    for table in SPAN_TABLES:
        gold = [r for r in annotations.get(table, []) if r["source_id"] in source_ids]
        system = read_table(build_dir, table, source_ids)
        if system is None:
            missing.append(table)
            system = []
        result["tables"][table], result["errors"][table] = score_table(
            table, gold, system, gold_actors, system_actors)
    result["missing_tables"] = missing
    return result


# ---------------------------------------------------------------- report

def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def _span_line(row: Row) -> str:
    text = (row.get("text") or "").replace("\n", " ")
    text = text if len(text) <= 90 else text[:87] + "..."
    line = f"    {row['source_id']} {row['char_start']}-{row['char_end']} {text!r}"
    partner = row.get("lenient_match")
    if partner:
        line += f"  ~ overlaps {partner['char_start']}-{partner['char_end']}"
    return line


def format_report(metrics: dict, verbose: bool = False) -> str:
    """A readable text report of evaluate()'s result; verbose adds the error lists."""
    out = [f"Evaluation of {metrics['build_dir']} against {metrics['annotations']} "
           f"({len(metrics['source_ids'])} annotated sources)"]
    if metrics.get("missing_tables"):
        out.append(f"Missing tables (scored as empty): {', '.join(metrics['missing_tables'])}")
    out += ["", f"{'table':<16}{'gold':>6}{'system':>8} | {'exact P':>8}{'R':>8}{'F1':>8} | "
                f"{'lenient P':>10}{'R':>8}{'F1':>8}"]
    for table, m in metrics["tables"].items():
        exact, lenient = m["exact"], m["lenient"]
        out.append(f"{table:<16}{m['n_gold']:>6}{m['n_system']:>8} | "
                   f"{_pct(exact['precision']):>8}{_pct(exact['recall']):>8}{_pct(exact['f1']):>8} | "
                   f"{_pct(lenient['precision']):>10}{_pct(lenient['recall']):>8}{_pct(lenient['f1']):>8}")
    out += ["", "Attribute agreement on matched pairs (exact | lenient):"]
    for table, m in metrics["tables"].items():
        for name, rate in m["attributes"]["exact"].items():
            lrate = m["attributes"]["lenient"][name]
            out.append(f"  {table + '.' + name:<40}{_pct(rate['rate'])} ({rate['agree']}/{rate['n']}) | "
                       f"{_pct(lrate['rate'])} ({lrate['agree']}/{lrate['n']})")
    out += ["", "Sources (agreement per field):"]
    for field, rate in metrics["sources"]["fields"].items():
        out.append(f"  {field:<12}{_pct(rate['rate'])} ({rate['agree']}/{rate['n']})")
    for sid, src in metrics["sources"]["by_source"].items():
        wrong = [f"{f}: gold={v['gold']!r} system={v['system']!r}" for f, v in src["fields"].items() if not v["agree"]]
        if wrong or not src["found"]:
            out.append(f"  {sid}{'' if src['found'] else ' (not in build)'}: " + "; ".join(wrong))
    out += ["", "F1 per source (exact / lenient):"]
    for table, m in metrics["tables"].items():
        cells = [f"{sid[:3]} {_pct(v['exact']['f1']).strip()}/{_pct(v['lenient']['f1']).strip()}"
                 for sid, v in m["by_source"].items()]
        out.append(f"  {table:<16}" + "  ".join(cells))
    if verbose:
        for table, errs in metrics["errors"].items():
            for kind in ("false_positives", "false_negatives"):
                out += ["", f"{table} {kind.replace('_', ' ')} ({len(errs[kind])}):"]
                out += [_span_line(r) for r in errs[kind]]
            out += ["", f"{table} attribute mismatches ({len(errs['attribute_mismatches'])}):"]
            for r in errs["attribute_mismatches"]:
                diffs = "; ".join(f"{n}: gold={v['gold']!r} system={v['system']!r}" for n, v in r["attributes"].items())
                out.append(_span_line(r) + f"  [{diffs}]")
    return "\n".join(out)
