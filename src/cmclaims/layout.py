"""Where an article's body lies, and which of its lines are furniture.

Raw texts are never cleaned. Instead this module labels the lines of the raw
text: the optional date header, title, section and navigation lines,
subtitles, bylines, credits, captions and widgets before the body; the body
paragraphs, with captions and appeals inside them marked as boilerplate;
and the trailer after the article ends. Extractors only read body
paragraphs, so nothing is extracted from furniture, and every offset still
points into the untouched raw text.

The cues are curated in ``lexicons/layout.yaml``; the rules are generic (no
outlet- or file-specific offsets).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from cmclaims.lexicons import load_lexicon

_TERMINAL = tuple('.!?"”’\')…:')
_ELLIPSIS = ("…", "...")
_MAX_HEADER_LINES = 8


@dataclass(frozen=True)
class Paragraph:
    """One non-blank line of the raw text, with its role."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Layout:
    """The labelled structure of one raw article."""

    body_start: int
    body_end: int
    paragraphs: tuple[Paragraph, ...]
    published: str | None = None
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    genre: str = "news"
    rules: dict[str, str] = field(default_factory=dict)

    def body_spans(self) -> list[tuple[int, int]]:
        """Spans of the body paragraphs that carry article text."""
        return [(p.start, p.end) for p in self.paragraphs if p.kind == "body"]


@dataclass(frozen=True)
class _Cues:
    date_header: re.Pattern[str]
    timestamp_line: re.Pattern[str]
    section_words: frozenset[str]
    byline: tuple[re.Pattern[str], ...]
    credit_line: re.Pattern[str]
    end_markers: tuple[re.Pattern[str], ...]
    inline_boilerplate: tuple[re.Pattern[str], ...]
    credit_caption: re.Pattern[str]
    opinion_markers: re.Pattern[str]
    outlet_phrases: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = load_lexicon("layout")

    def compile_all(key: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern, flags) for pattern in raw[key])

    return _Cues(
        date_header=re.compile(raw["date_header"]),
        timestamp_line=re.compile(raw["timestamp_line"]),
        section_words=frozenset(word.lower() for word in raw["section_words"]),
        byline=compile_all("byline", 0),
        credit_line=re.compile(raw["credit_line"], re.IGNORECASE),
        end_markers=compile_all("end_markers"),
        inline_boilerplate=compile_all("inline_boilerplate"),
        credit_caption=re.compile(raw["credit_caption"]),
        opinion_markers=re.compile(raw["opinion_markers"], re.IGNORECASE),
        outlet_phrases=compile_all("outlet_phrases", 0),
    )


_LINE = re.compile(r"[^\n]+")


def split_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of the non-blank lines from ``start``, surrounding whitespace trimmed."""
    spans = []
    for match in _LINE.finditer(text, start):
        left, right = match.start(), match.end()
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if left < right:
            spans.append((left, right))
    return spans


def _match_any(patterns: tuple[re.Pattern[str], ...], line: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = pattern.search(line)
        if match:
            return match
    return None


def _is_headline_like(line: str) -> bool:
    """A short line without sentence-final punctuation: a title, section or dateline."""
    return len(line) <= 200 and not line.endswith(_TERMINAL)


def _is_boilerplate(line: str, cues: _Cues) -> bool:
    return bool(_match_any(cues.inline_boilerplate, line) or cues.credit_caption.match(line))


_TEASER_OVERLAP = 40


def _is_teaser(line: str, next_line: str | None) -> bool:
    """A lead cut off with an ellipsis, and repeated by the next line."""
    if next_line is None or not line.endswith(_ELLIPSIS):
        return False
    return len(os.path.commonprefix([line, next_line])) >= _TEASER_OVERLAP


@dataclass
class _Found:
    """Metadata read from furniture lines, with the rule that read each."""

    values: dict[str, str] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: str | None, rule: str) -> None:
        if value and name not in self.values:
            self.values[name] = value.strip()
            self.rules[name] = f"rule:layout.{rule}"


def _header_kind(line: str, next_line: str | None, cues: _Cues, found: _Found) -> str | None:
    """The kind of a line at the top of the article, or None once the body starts."""
    lowered = line.lower()
    if lowered in cues.section_words:
        return "section"
    timestamp = cues.timestamp_line.match(line)
    if timestamp:
        found.set("published", timestamp.group(1), "timestamp-line")
        return "header"
    credit = cues.credit_line.match(line)
    if credit:
        label = credit.group("label").lower()
        if label.startswith("source"):
            found.set("outlet", credit.group("value"), "source-credit")
        elif label.startswith("author") or label == "written by":
            found.set("author", credit.group("value"), "author-credit")
        return "credit"
    if _is_boilerplate(line, cues):
        byline = _match_any(cues.byline, line)
        if byline:
            found.set("author", byline.group("author"), "editor-note")
        return "boilerplate"
    if _is_teaser(line, next_line):
        return "subtitle"
    if _is_headline_like(line):
        if "title" not in found.values:
            found.set("title", line, "headline-line")
            if cues.opinion_markers.match(line):
                found.set("genre", "opinion", "opinion-title")
            return "title"
        return "subtitle"
    return None


_MAX_BYLINE = 160
_SPEECH = re.compile(r"\b(?:said|says|told|tells|added|warned|stated|noted)\b")


def _could_be_byline(line: str) -> bool:
    """Bylines are short and report nothing ("X, a researcher at HRW, said ..." is body)."""
    return len(line) <= _MAX_BYLINE and not _SPEECH.search(line)


def _label_header(lines: list[str], cues: _Cues, found: _Found) -> list[str]:
    """Kinds of the leading furniture lines (the rest are provisionally body)."""
    kinds = ["body"] * len(lines)
    head = 0
    while head < len(lines):
        kind = _header_kind(lines[head], lines[head + 1] if head + 1 < len(lines) else None, cues, found)
        if kind is None:
            break
        kinds[head] = kind
        head += 1
    for index in range(head, min(len(lines), head + _MAX_HEADER_LINES)):
        byline = _match_any(cues.byline, lines[index]) if _could_be_byline(lines[index]) else None
        if byline and not lines[index].lower().startswith("editor"):
            for earlier in range(head, index):
                kinds[earlier] = "subtitle"
            kinds[index] = "byline"
            found.set("author", byline.group("author"), "byline")
            break
    for index, line in enumerate(lines):
        if kinds[index] == "title" and found.values.get("title") != line:
            continue
        for later in lines[index + 1:head]:
            if found.values.get("title", "").startswith(later) and len(later) < len(found.values["title"]):
                found.values["title"] = later
        break
    return kinds


def _label_body_and_trailer(lines: list[str], kinds: list[str], cues: _Cues, found: _Found) -> None:
    """Mark boilerplate inside the body, and the trailer from the first end marker on."""
    for index, line in enumerate(lines):
        if kinds[index] != "body":
            continue
        credit = cues.credit_line.match(line)
        if credit or _match_any(cues.end_markers, line):
            if credit and credit.group("label").lower().startswith("source"):
                found.set("outlet", credit.group("value"), "source-credit")
            if credit and credit.group("label").lower().startswith("author"):
                found.set("author", credit.group("value"), "author-credit")
            for later in range(index, len(lines)):
                kinds[later] = "trailer"
            return
        if _is_boilerplate(line, cues):
            kinds[index] = "boilerplate"


def find_outlet(lines: list[str]) -> str | None:
    """The outlet that names itself in the text (self-reference or dateline)."""
    for line in lines:
        match = _match_any(_cues().outlet_phrases, line)
        if match:
            return match.group("outlet")
    return None


def find_layout(text: str) -> Layout:
    """Label the lines of one raw article and locate its body."""
    cues = _cues()
    found = _Found()
    header = cues.date_header.match(text)
    if header:
        found.set("published", header.group(1), "date-header")
    content_start = header.end() if header else 0
    spans = split_paragraphs(text, content_start)
    lines = [text[start:end] for start, end in spans]
    kinds = _label_header(lines, cues, found)
    _label_body_and_trailer(lines, kinds, cues, found)
    paragraphs = [Paragraph(0, content_start, "header")] if header else []
    paragraphs += [Paragraph(start, end, kind) for (start, end), kind in zip(spans, kinds)]
    body = [p for p in paragraphs if p.kind == "body"]
    body_start = body[0].start if body else content_start
    body_end = body[-1].end if body else body_start
    if "outlet" not in found.values:  # a credit line named it already
        body_lines = [text[p.start:p.end] for p in paragraphs if p.kind in ("body", "trailer")]
        found.set("outlet", find_outlet(body_lines), "outlet-self-reference")
    found.set("genre", "news", "genre-default")
    return Layout(
        body_start=body_start,
        body_end=body_end,
        paragraphs=tuple(paragraphs),
        published=found.values.get("published"),
        title=found.values.get("title"),
        author=found.values.get("author"),
        outlet=found.values.get("outlet"),
        genre=found.values["genre"],
        rules=found.rules,
    )


def body_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text`` that extractors may read."""
    return find_layout(text).body_spans()
