#!/usr/bin/env python3
"""Write the figures development benchmark (tests/dev/figures) from its hand annotation.

``tests/dev/figures/gold.yaml`` is the one source: sentences per domain, each with its figures as written.
This script derives what ``cmclaims build`` and ``cmclaims evaluate`` read: one raw text per domain
(``raw/<domain>.txt``: a title line, then one paragraph per sentence) and ``annotations.json`` (the format of
tests/annotations/seeds.json, figures only), with each figure's offsets found in its sentence.

    python scripts/figures_dev.py            # (re)write raw/ and annotations.json
    python scripts/figures_dev.py --check    # exit 1 if the committed files differ from gold.yaml
    cmclaims build --raw-dir tests/dev/figures/raw --out-dir /tmp/devfig
    cmclaims evaluate /tmp/devfig tests/dev/figures/annotations.json -v
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

DEV = Path(__file__).resolve().parents[1] / "tests" / "dev" / "figures"
FIELDS = ("text", "value", "value_high", "qualifier", "unit", "measure")


class GoldError(ValueError):
    """gold.yaml names a figure that its sentence does not contain."""


def derive(gold: dict, where: str = "tests/dev/figures") -> tuple[dict[str, str], dict]:
    """Raw texts by file name, and the annotation, from the parsed gold.yaml (``where`` names its folder)."""
    texts, sources, figures = {}, [], []
    for domain, items in gold.items():
        title = domain.replace("_", " ").capitalize() + " briefs"
        text = title + "\n"
        for item in items:
            start = len(text) + 1
            text += "\n" + item["text"] + "\n"
            pos = start
            for row in item["figures"]:
                found = dict(zip(FIELDS, row, strict=True))
                at = text.find(found["text"], pos, start + len(item["text"]))
                if at < 0:
                    raise GoldError(f"{domain}: {found['text']!r} not found in {item['text']!r}")
                pos = at + len(found["text"])
                values = {k: float(found[k]) if found[k] is not None else None for k in ("value", "value_high")}
                figures.append({"source_id": domain, "char_start": at, "char_end": pos, **found, **values,
                                "unit": str(found["unit"])})
        first = len(title) + 2
        sources.append({"source_id": domain, "body_start": first, "body_end": len(text) - 1, "title": title,
                        "published": None, "outlet": None, "author": None, "genre": "news", "language": "en"})
        texts[f"{domain}.txt"] = text
    annotation = {
        "codebook": "docs/codebook.md",
        "annotator": f"hand annotation of sentences written for the project ({where}/gold.yaml)",
        "sources": sources, "actors": [], "claims": [], "figures": figures, "actor_mentions": [],
        "notes": ["Figures only: claims and mentions are not annotated, so only the figures rows are meaningful."],
    }
    return texts, annotation


def render(annotation: dict) -> str:
    return json.dumps(annotation, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    parser.add_argument("--dir", type=Path, default=DEV, help="folder holding gold.yaml (default: %(default)s)")
    options = parser.parse_args()
    dev = options.dir.resolve()
    where = dev.relative_to(DEV.parents[2]).as_posix() if dev.is_relative_to(DEV.parents[2]) else str(dev)
    try:
        texts, annotation = derive(yaml.safe_load((dev / "gold.yaml").read_text(encoding="utf-8")), where)
    except GoldError as error:
        print(f"{where}/gold.yaml: {error}", file=sys.stderr)
        return 2
    wanted = {dev / "raw" / name: text for name, text in texts.items()} | {dev / "annotations.json": render(annotation)}
    if options.check:
        stale = [str(p) for p, t in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
        stale += [str(p) for p in (dev / "raw").glob("*.txt") if p not in wanted]
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        return 1 if stale else 0
    (dev / "raw").mkdir(parents=True, exist_ok=True)
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    n = len(annotation["figures"])
    print(f"wrote {len(texts)} raw texts and {n} figures to {dev}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
