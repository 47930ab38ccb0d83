"""One article with everything extracted from it marked, for review in a terminal.

The article body is printed with inline marks, labelled so that each can be
found in the tables printed below it::

    [C3 claim content]   <S3 the speaker phrase of claim 3>   {M7 actor mention}   {F2 figure}

In a terminal the marks are dimmed and the marked text coloured by rich
(claims underlined yellow, speakers magenta, mentions cyan, figures green);
every string from the data is escaped (:mod:`cmclaims.views.terminal`)
before it is styled, and the colour codes are the only ones added. The
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

from cmclaims.corpus.reader import read_raw_text
from cmclaims.errors import CmclaimsError
from cmclaims.tabular import definitions
from cmclaims.views import terminal
from cmclaims.views.compare import format_value
from cmclaims.views.marks import Mark, stretches

if TYPE_CHECKING:
    from cmclaims.selection import Dataset

SPEAKER_REACH = 300
"""How far (characters) from a claim its speaker phrase is looked for."""

MARKS = {
    "claim": ("[", "]", "yellow"),
    "speaker": ("<", ">", "bold magenta"),
    "figure": ("{", "}", "bold green"),
    "mention": ("{", "}", "cyan"),
}
"""kind: (opening bracket, closing bracket, rich style of the marked text)."""
_COLOUR_PRIORITY = ("figure", "speaker", "mention", "claim")
MARKER_STYLE = "dim"


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
    raise CmclaimsError(f"{wanted!r} is not a source of this dataset (run `cmclaims build` after adding it); "
                        f"sources: {known}")


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
    pattern = re.compile((r"\b" if phrase[0].isalnum() else "") + re.escape(phrase)
                         + (r"\b" if phrase[-1].isalnum() else ""))
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
        table: {row_id: f"{prefix}{n}"
                for n, row_id in enumerate(article.tables[table][definitions.ID_COLUMNS[table]], start=1)}
        for table, prefix in prefixes.items()
    }


def marks(article: Article) -> list[Mark]:
    names = labels(article)
    found = []
    for table, kind in (("claims", "claim"), ("actor_mentions", "mention"), ("figures", "figure")):
        id_column = definitions.ID_COLUMNS[table]
        for row_id, start, end in article.tables[table][[id_column, "char_start", "char_end"]].itertuples(index=False):
            found.append(Mark(kind, int(start), int(end), names[table][row_id]))
    speakers: dict[tuple[int, int], list[str]] = defaultdict(list)
    claims = article.tables["claims"][["claim_id", "char_start", "char_end", "speaker_text"]]
    for claim_id, start, end, phrase in claims.itertuples(index=False):
        span = speaker_span(article.text, int(start), int(end), phrase if isinstance(phrase, str) else "")
        if span:
            speakers[span].append(names["claims"][claim_id][1:])
    found += [Mark("speaker", *span, "S" + ",".join(numbers)) for span, numbers in speakers.items()]
    return found


def _style(active: tuple[Mark, ...]) -> str | None:
    """The rich style of text under ``active`` marks: one colour (figure first), underlined inside a claim."""
    kinds = {mark.kind for mark in active}
    colour = next((MARKS[kind][2] for kind in _COLOUR_PRIORITY if kind in kinds), "")
    return " ".join(filter(None, ["underline" if "claim" in kinds else "", colour])) or None


Piece = tuple[str, "str | None"]
"""A run of output and its rich style (None: unstyled)."""


def pieces(text: str, all_marks: list[Mark], start: int, end: int, escape: bool = False) -> list[Piece]:
    """``text[start:end]`` cut into styled runs, with a bracket run wherever a mark opens or closes.

    With ``escape`` (what :func:`render` prints) control characters in the
    text are shown as escapes (:func:`cmclaims.views.terminal.safe`); without it
    every character is kept as it is.
    """
    shown = terminal.safe if escape else str
    out: list[Piece] = []
    before: tuple[Mark, ...] = ()
    for low, high, active in stretches(all_marks, start, end):
        out += [(MARKS[mark.kind][1], MARKER_STYLE) for mark in reversed(before) if mark.end == low]
        out += [(MARKS[mark.kind][0] + mark.label + " ", MARKER_STYLE) for mark in active if mark.start == low]
        out.append((shown(text[low:high]), _style(active)))
        before = active
    return out + [(MARKS[mark.kind][1], MARKER_STYLE) for mark in reversed(before)]


def ansi(runs: list[Piece]) -> str:
    """The runs with rich's terminal codes around each styled one (the text itself unchanged: no wrapping)."""
    from rich.color import ColorSystem
    from rich.style import Style

    return "".join(Style.parse(style).render(run, color_system=ColorSystem.STANDARD) if style else run
                   for run, style in runs)


def render_text(text: str, all_marks: list[Mark], start: int, end: int, colour: bool = False,
                escape: bool = False) -> str:
    """``text[start:end]`` with every mark inside it bracketed, in colour if asked (see :func:`pieces`)."""
    runs = pieces(text, all_marks, start, end, escape)
    return ansi(runs) if colour else "".join(run for run, _ in runs)


def _or_dash(value: object) -> str:
    return value if isinstance(value, str) else "-"


def _offsets(start: int, end: int) -> str:
    return f"{start}-{end}".ljust(11)


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


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
        value = format_value(row.value, row.value_high)
        claim = f"in {names['claims'][row.claim_id]}" if isinstance(row.claim_id, str) else "own voice"
        lines.append(f"  {names['figures'][row.figure_id]:<5}{_offsets(row.char_start, row.char_end)}{row.text!r}  "
                     f"{value} {row.unit} ({row.qualifier}, {row.measure})  {claim}  {row.provenance}")
    lines.append(f"actor mentions ({len(mentions)})")
    for row in mentions.itertuples(index=False):
        new = "  NEW, not curated" if row.actor_id in uncurated else ""
        label = names["actor_mentions"][row.mention_id]
        lines.append(f"  {label:<5}{_offsets(row.char_start, row.char_end)}{row.text!r}  "
                     f"{row.actor_id}  {row.provenance}{new}")
    return lines


def render(article: Article, colour: bool = False) -> str:
    """The whole review: header, marked body, row tables, and how to correct a row."""
    source, found = article.source, marks(article)
    start = min([int(source["body_start"]), *(m.start for m in found)])
    end = max([int(source["body_end"]), *(m.end for m in found)])
    known = [f"{key} {source[key]}" for key in ("title", "outlet", "author", "published", "genre")
             if pd.notna(source[key])]
    header = [f"{source['source_id']}  ({source['raw_path']}, characters {start}-{end} shown)", "  " + "; ".join(known),
              "  marks: [C claim]  <S speaker of that claim>  {M actor mention}  {F figure}", ""]
    footer = ["", f"To correct a row, add an entry to raw/curations/{source['source_id']}.yaml with its "
                  "char_start, char_end and text (see CONTRIBUTING.md), then `cmclaims build`."]
    plain = [terminal.safe(line, keep_newlines=False) for line in [*header, "", *row_tables(article), *footer]]
    body = render_text(article.text, found, start, end, colour, escape=True)
    return "\n".join([*plain[:len(header)], body, *plain[len(header):]])
