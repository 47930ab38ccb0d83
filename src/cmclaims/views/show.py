"""One article with everything extracted from it marked, for review in a terminal.

The article body is printed with inline marks, labelled so that each can be
found in the tables printed below it::

    [C3 claim content]   <S3 the speaker phrase of claim 3>   {M7 actor mention}   {F2 figure}

In a terminal the marks are dimmed and the marked text coloured (claims
underlined yellow, speakers magenta, mentions cyan, figures green). The
tables give every row's ``char_start``-``char_end``, which is what a
curation needs (see CONTRIBUTING.md). The speaker mark is where the
claim's ``speaker_text`` occurs nearest the claim (the tables store the
phrase, not its offsets).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cmclaims.tabular import definitions

from cmclaims.views import terminal
from cmclaims.errors import CmclaimsError
from cmclaims.corpus.reader import read_raw_text

if TYPE_CHECKING:
    from cmclaims.selection import Dataset

SPEAKER_REACH = 300
"""How far (characters) from a claim its speaker phrase is looked for."""

# kind: (opening bracket, closing bracket, ANSI colour, nesting rank: outer first)
MARKS = {
    "claim": ("[", "]", "33", 0),
    "speaker": ("<", ">", "1;35", 1),
    "figure": ("{", "}", "1;32", 2),
    "mention": ("{", "}", "36", 3),
}
_COLOUR_PRIORITY = ("figure", "speaker", "mention", "claim")
RESET, DIM, UNDERLINE = "\x1b[0m", "\x1b[2m", "\x1b[4m"


@dataclass(frozen=True)
class Mark:
    """A span to bracket: kind (claim, speaker, mention, figure), label such as C3, offsets."""

    kind: str
    label: str
    start: int
    end: int

    @property
    def rank(self) -> int:
        return MARKS[self.kind][3]


@dataclass(frozen=True)
class Article:
    """One source's raw text and its rows in a dataset folder."""

    source: pd.Series
    text: str
    tables: dict[str, pd.DataFrame]


def resolve_source_id(source_ids: list[str], wanted: str) -> str:
    """``wanted`` itself, or the one source ID it is a prefix of (``005`` for ``005_…``)."""
    if wanted in source_ids:
        return wanted
    matches = [s for s in source_ids if s.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(source_ids[:10]) + (f" and {len(source_ids) - 10} more" if len(source_ids) > 10 else "")
    if matches:
        raise CmclaimsError(f"{wanted!r} matches several sources: {', '.join(matches)}")
    raise CmclaimsError(f"{wanted!r} is not a source of this dataset (run `cmclaims build` after adding it); sources: {known}")


def load_article(dataset: Dataset, raw_dir: Path, wanted: str) -> Article:
    """Read one source's text and its rows (each file verified); refuse a raw file that changed since the build."""
    raw_dir = Path(raw_dir)
    tables = dataset.tables()
    sources = tables["sources"]
    source_id = resolve_source_id(list(sources["source_id"]), wanted)
    source = sources.loc[sources["source_id"] == source_id].iloc[0]
    text = read_raw_text(raw_dir / f"{source_id}.txt", source["sha256"], f"the sources table of {dataset.label}",
                         "run `cmclaims build` first, or pass --raw-dir")
    rows = {t: tables[t][tables[t]["source_id"] == source_id].reset_index(drop=True) for t in definitions.SPAN_TABLES}
    return Article(source, text, {**rows, "actors": tables["actors"]})


def speaker_span(text: str, claim_start: int, claim_end: int, phrase: str) -> tuple[int, int] | None:
    """Offsets of ``phrase`` nearest the claim, outside it and within reach; None if absent."""
    if not phrase:
        return None
    pattern = re.compile((r"\b" if phrase[0].isalnum() else "") + re.escape(phrase) + (r"\b" if phrase[-1].isalnum() else ""))
    low = max(0, claim_start - SPEAKER_REACH)
    best: tuple[int, tuple[int, int]] | None = None
    for match in pattern.finditer(text, low, min(len(text), claim_end + SPEAKER_REACH)):
        start, end = match.span()
        if start < claim_end and end > claim_start:
            continue
        distance = claim_start - end if end <= claim_start else start - claim_end
        if best is None or distance < best[0]:
            best = (distance, (start, end))
    return best[1] if best else None


def labels(article: Article) -> dict[str, dict[str, str]]:
    """Short labels (C1, M1, F1) by row ID, in text order."""
    prefixes = {"claims": "C", "actor_mentions": "M", "figures": "F"}
    return {
        table: {row_id: f"{prefix}{n}" for n, row_id in enumerate(article.tables[table][definitions.ID_COLUMNS[table]], start=1)}
        for table, prefix in prefixes.items()
    }


def marks(article: Article) -> list[Mark]:
    names = labels(article)
    found = []
    for table, kind in (("claims", "claim"), ("actor_mentions", "mention"), ("figures", "figure")):
        id_column = definitions.ID_COLUMNS[table]
        for row_id, start, end in article.tables[table][[id_column, "char_start", "char_end"]].itertuples(index=False):
            found.append(Mark(kind, names[table][row_id], int(start), int(end)))
    speakers: dict[tuple[int, int], list[str]] = defaultdict(list)
    for claim_id, start, end, phrase in article.tables["claims"][["claim_id", "char_start", "char_end", "speaker_text"]].itertuples(index=False):
        span = speaker_span(article.text, int(start), int(end), phrase if isinstance(phrase, str) else "")
        if span:
            speakers[span].append(names["claims"][claim_id][1:])
    found += [Mark("speaker", "S" + ",".join(numbers), *span) for span, numbers in speakers.items()]
    return found


def _style(active: list[Mark]) -> str:
    kinds = {mark.kind for mark in active}
    colour = next((MARKS[kind][2] for kind in _COLOUR_PRIORITY if kind in kinds), None)
    return (UNDERLINE if "claim" in kinds else "") + (f"\x1b[{colour}m" if colour else "")


def render_text(text: str, all_marks: list[Mark], start: int, end: int, colour: bool, escape: bool = False) -> str:
    """``text[start:end]`` with every mark inside it bracketed (and coloured if asked).

    With ``escape`` (what :func:`render` prints) control characters in the
    text are shown as escapes (:func:`cmclaims.views.terminal.safe`); without it
    every character is kept as it is.
    """
    shown = terminal.safe if escape else str
    opening, closing = defaultdict(list), defaultdict(list)
    for mark in all_marks:
        if start <= mark.start and mark.end <= end:
            opening[mark.start].append(mark)
            closing[mark.end].append(mark)
    points = sorted({start, end, *opening, *closing})
    out: list[str] = []
    active: list[Mark] = []

    def marker(token: str) -> str:
        return f"{RESET}{DIM}{token}{RESET}" if colour else token

    for point, following in zip(points, [*points[1:], None]):
        for mark in sorted(closing[point], key=lambda m: (-m.start, -m.rank)):
            active.remove(mark)
            out.append(marker(MARKS[mark.kind][1]))
        for mark in sorted(opening[point], key=lambda m: (-m.end, m.rank)):
            out.append(marker(MARKS[mark.kind][0] + mark.label + " "))
            active.append(mark)
        if following is not None:
            out.append((_style(active) if colour else "") + shown(text[point:following]))
    return "".join(out) + (RESET if colour else "")


def _or_dash(value: object) -> str:
    return value if isinstance(value, str) else "-"


def _offsets(start: int, end: int) -> str:
    return f"{start}-{end}".ljust(11)


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else repr(float(value))


def row_tables(article: Article) -> list[str]:
    """The claims, figures and mentions of the article, one line each with offsets."""
    names = labels(article)
    claims, figures, mentions = (article.tables[t] for t in ("claims", "figures", "actor_mentions"))
    uncurated = set(article.tables["actors"].loc[~article.tables["actors"]["curated"].astype(bool), "actor_id"])
    lines = [f"claims ({len(claims)})"]
    for row in claims.itertuples(index=False):
        speaker = _or_dash(row.speaker_id) + (f" ({row.speaker_text!r})" if isinstance(row.speaker_text, str) else "")
        cue = repr(row.cue) if isinstance(row.cue, str) else "-"
        lines.append(f"  {names['claims'][row.claim_id]:<5}{_offsets(row.char_start, row.char_end)}{row.kind}  "
                     f"speaker {speaker}  cue {cue}  {row.provenance}")
        lines.append(f"       {_short(row.text)!r}")
    lines.append(f"figures ({len(figures)})")
    for row in figures.itertuples(index=False):
        value = _number(row.value) + (f"-{_number(row.value_high)}" if pd.notna(row.value_high) else "")
        claim = f"in {names['claims'][row.claim_id]}" if isinstance(row.claim_id, str) else "own voice"
        lines.append(f"  {names['figures'][row.figure_id]:<5}{_offsets(row.char_start, row.char_end)}{row.text!r}  "
                     f"{value} {row.unit} ({row.qualifier}, {row.measure})  {claim}  {row.provenance}")
    lines.append(f"actor mentions ({len(mentions)})")
    for row in mentions.itertuples(index=False):
        new = "  NEW, not curated" if row.actor_id in uncurated else ""
        lines.append(f"  {names['actor_mentions'][row.mention_id]:<5}{_offsets(row.char_start, row.char_end)}{row.text!r}  "
                     f"{row.actor_id}  {row.provenance}{new}")
    return lines


def render(article: Article, colour: bool = False) -> str:
    """The whole review: header, marked body, row tables, and how to correct a row."""
    source, found = article.source, marks(article)
    start = min([int(source["body_start"]), *(m.start for m in found)])
    end = max([int(source["body_end"]), *(m.end for m in found)])
    known = [f"{key} {source[key]}" for key in ("title", "outlet", "author", "published", "genre") if pd.notna(source[key])]
    header = [f"{source['source_id']}  ({source['raw_path']}, characters {start}-{end} shown)", "  " + "; ".join(known),
              "  marks: [C claim]  <S speaker of that claim>  {M actor mention}  {F figure}", ""]
    footer = ["", f"To correct a row, add an entry to raw/curations/{source['source_id']}.yaml with its "
                  "char_start, char_end and text (see CONTRIBUTING.md), then `cmclaims build`."]
    plain = [terminal.safe(line, keep_newlines=False) for line in header + [""] + row_tables(article) + footer]
    body = render_text(article.text, found, start, end, colour, escape=True)
    return "\n".join(plain[:len(header)] + [body] + plain[len(header):])
