"""Where an article's body lies, and which of its paragraphs are furniture.

Raw texts are never cleaned. Instead this module labels spans of the raw
text: the optional date header, title and section lines, a byline, the body
paragraphs, captions and appeals inside the body, and the trailing
boilerplate after the article ends. Extractors only ever look at the body
paragraphs, so nothing is extracted from furniture, and every offset still
points into the untouched raw text.

The cues are curated in ``lexicons/layout.yaml``; the rules here are generic
(no outlet- or file-specific offsets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cmclaims.lexicons import load_lexicon

PARAGRAPH_KINDS = ("header", "title", "section", "subtitle", "byline", "body", "boilerplate", "trailer")
_TERMINAL = tuple('.!?"”’\')…:')


@dataclass(frozen=True)
class Paragraph:
    """A run of non-blank text between blank lines, with its role."""

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
    rules: dict[str, str] = field(default_factory=dict)

    def body_spans(self) -> list[tuple[int, int]]:
        """Spans of the body paragraphs that carry article text."""
        return [(p.start, p.end) for p in self.paragraphs if p.kind == "body"]


@dataclass(frozen=True)
class _Cues:
    date_header: re.Pattern[str]
    section_words: frozenset[str]
    byline: tuple[re.Pattern[str], ...]
    end_markers: tuple[re.Pattern[str], ...]
    inline_boilerplate: tuple[re.Pattern[str], ...]
    outlet_phrases: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = load_lexicon("layout")

    def compile_all(key: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(pattern, flags) for pattern in raw[key])

    return _Cues(
        date_header=re.compile(raw["date_header"]),
        section_words=frozenset(word.lower() for word in raw["section_words"]),
        byline=compile_all("byline", 0),
        end_markers=compile_all("end_markers"),
        inline_boilerplate=compile_all("inline_boilerplate"),
        outlet_phrases=compile_all("outlet_phrases", 0),
    )


_PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t\u00a0]*[^\s\u00a0][^\n]*)*")


def split_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of the non-blank runs of lines from ``start``, edges trimmed."""
    spans = []
    for match in _PARAGRAPH.finditer(text, start):
        left, right = match.start(), match.end()
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if left < right:
            spans.append((left, right))
    return spans


def _is_headline_like(paragraph: str) -> bool:
    """A short line without sentence-final punctuation: a title or section."""
    return "\n" not in paragraph and len(paragraph) <= 200 and not paragraph.endswith(_TERMINAL)


def _match_any(patterns: tuple[re.Pattern[str], ...], paragraph: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = pattern.search(paragraph)
        if match:
            return match
    return None


_MAX_HEADER_PARAGRAPHS = 5


def _label_header(text: str, spans: list[tuple[int, int]], cues: _Cues) -> tuple[list[str], dict[str, str]]:
    """Label the leading title/section/subtitle/byline paragraphs.

    Headline-like lines at the top are titles or sections. A byline within
    the first few paragraphs closes the header: anything between the last
    headline and the byline is a subtitle.
    """
    kinds = ["body"] * len(spans)
    found: dict[str, str] = {}
    head = 0
    while head < len(spans) and _is_headline_like(text[slice(*spans[head])]):
        line = text[slice(*spans[head])]
        if line.strip().lower() in cues.section_words:
            kinds[head] = "section"
        elif "title" not in found:
            kinds[head], found["title"] = "title", line.strip()
        else:
            kinds[head] = "title"
        head += 1
    for index in range(head, min(len(spans), head + _MAX_HEADER_PARAGRAPHS)):
        match = _match_any(cues.byline, text[slice(*spans[index])])
        if match:
            for earlier in range(head, index):
                kinds[earlier] = "subtitle"
            kinds[index] = "byline"
            found["author"] = match.group("author").strip()
            break
    return kinds, found


def _label_trailer(text: str, spans: list[tuple[int, int]], kinds: list[str], cues: _Cues) -> None:
    """Mark the first end marker and everything after it as trailer."""
    for index, span in enumerate(spans):
        if kinds[index] != "body":
            continue
        if _match_any(cues.end_markers, text[slice(*span)].strip()):
            for later in range(index, len(spans)):
                kinds[later] = "trailer"
            return


def _label_inline_boilerplate(text: str, spans: list[tuple[int, int]], kinds: list[str], cues: _Cues) -> None:
    for index, span in enumerate(spans):
        if kinds[index] == "body" and _match_any(cues.inline_boilerplate, text[slice(*span)].strip()):
            kinds[index] = "boilerplate"


def find_outlet(text: str) -> str | None:
    """The outlet that speaks of itself in the text, if it does."""
    for line in text.splitlines():
        match = _match_any(_cues().outlet_phrases, line.strip())
        if match:
            return match.group("outlet")
    return None


def find_layout(text: str) -> Layout:
    """Label the paragraphs of one raw article and locate its body."""
    cues = _cues()
    rules: dict[str, str] = {}
    header = cues.date_header.match(text)
    published = header.group(1) if header else None
    if header:
        rules["published"] = "rule:layout.date-header"
    content_start = header.end() if header else 0
    spans = split_paragraphs(text, content_start)
    kinds, found = _label_header(text, spans, cues)
    _label_trailer(text, spans, kinds, cues)
    _label_inline_boilerplate(text, spans, kinds, cues)
    paragraphs = [Paragraph(0, content_start, "header")] if header else []
    paragraphs += [Paragraph(start, end, kind) for (start, end), kind in zip(spans, kinds)]
    body = [p for p in paragraphs if p.kind in ("body", "boilerplate")]
    body_start = body[0].start if body else content_start
    body_end = body[-1].end if body else body_start
    if "title" in found:
        rules["title"] = "rule:layout.headline-line"
    if "author" in found:
        rules["author"] = "rule:layout.byline"
    outlet = find_outlet(text)
    if outlet:
        rules["outlet"] = "rule:layout.outlet-self-reference"
    return Layout(
        body_start=body_start,
        body_end=body_end,
        paragraphs=tuple(paragraphs),
        published=published,
        title=found.get("title"),
        author=found.get("author"),
        outlet=outlet,
        rules=rules,
    )


def body_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text`` that extractors may read."""
    return find_layout(text).body_spans()
