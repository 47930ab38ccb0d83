"""Print the similarity of every candidate pair behind the cross-source groups.

Run by hand when changing a threshold of ``cmclaims.link.groups``: it lists, for a
built dataset, the claim pairs of matching speakers in different sources
(best first) and the figure pairs of one unit in different sources, with the
scores the thresholds are compared with.

    python scripts/group_scores.py [DATASET_DIR] [--raw-dir raw] [--top 10]
"""

from __future__ import annotations

import argparse
from itertools import combinations
from pathlib import Path

from cmclaims.tabular import storage
from cmclaims.link.groups import same_speaker, values_close, words_around_figures
from cmclaims.link.similarity import Keywords, affiliations_of, claim_similarity, context_similarity, corpus_weights, shared_words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path, nargs="?", default=Path("dataset/build"))
    parser.add_argument("--raw-dir", type=Path, default=Path("raw"))
    parser.add_argument("--top", type=int, default=10, help="claim pairs shown")
    args = parser.parse_args()
    tables = {t: storage.read_table(args.dataset / f"{t}.parquet", t) for t in ("actors", "claims", "figures")}
    texts = {p.stem: p.read_bytes().decode("utf-8") for p in sorted(args.raw_dir.glob("*.txt"))}
    keywords = Keywords(tables["actors"])
    weights = corpus_weights(texts.values(), keywords)
    bodies = affiliations_of(tables["actors"])

    claims = tables["claims"].to_dict("records")
    words = [keywords(claim["text"]) for claim in claims]
    pairs = sorted(
        ((claim_similarity(words[i], words[j], weights), len(shared_words(words[i], words[j])), claims[i], claims[j])
         for i, j in combinations(range(len(claims)), 2)
         if claims[i]["source_id"] != claims[j]["source_id"]
         and same_speaker(claims[i]["speaker_id"], claims[j]["speaker_id"], bodies)),
        key=lambda pair: -pair[0],
    )
    print("claims: similarity, shared keywords, speakers, texts")
    for score, shared, a, b in pairs[: args.top]:
        print(f"  {score:.3f} {shared:>2}  {a['speaker_id']} / {b['speaker_id']}: {a['text'][:50]!r} / {b['text'][:50]!r}")

    figures = tables["figures"].sort_values(["source_id", "char_start", "char_end"]).to_dict("records")
    contexts = [keywords(c) for c in words_around_figures(tables["figures"].sort_values(["source_id", "char_start", "char_end"]), texts)]
    print("figures: similarity, values close, smaller context size, texts")
    for i, j in combinations(range(len(figures)), 2):
        a, b = figures[i], figures[j]
        if a["source_id"] != b["source_id"] and (a["unit"], a["measure"]) == (b["unit"], b["measure"]):
            print(f"  {context_similarity(contexts[i], contexts[j], weights):.3f} {values_close(a['value'], b['value'])!s:>5} "
                  f"{min(len(contexts[i]), len(contexts[j]))}  {a['text']!r} / {b['text']!r}")


if __name__ == "__main__":
    main()
