"""Where an article's body lies, and which of its lines are furniture.

Raw texts are never cleaned. Instead this module labels the lines of the raw
text: the optional date header, title, section and navigation lines,
subtitles, bylines, credits, captions and widgets before the body; the body
paragraphs, with captions and appeals inside them marked as boilerplate;
and the trailer after the article ends. Extractors only read body
paragraphs, so nothing is extracted from furniture, and every offset still
points into the untouched raw text.

The rules are general, written for page shapes rather than outlets: web
pages (navigation, breadcrumbs, bylines, date lines, share buttons,
captions, teaser, newsletter and subscription blocks, reader prompts) and
news-database exports (labelled header fields, page numbers, footers).
Title, date, author and outlet are read only where the text states them;
the outlet also from the text speaking of itself anywhere ("<Outlet> has
contacted … for comment"). The cues are curated in ``lexicons/layout.yaml``
(no outlet- or file-specific offsets).
"""

from __future__ import annotations

import calendar
import datetime
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from cmclaims.lexicons import load_lexicon
from cmclaims.text.sentences import trim_span

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
class _Cue:
    """A line pattern, tried only on lines that contain one of ``needs`` (lower case; empty: every line)."""

    pattern: re.Pattern[str]
    needs: tuple[str, ...] = ()

    def may_match(self, lowered: str) -> bool:
        """Whether the line (lower-cased) holds one of ``needs``: a cheap test before the regex."""
        return not self.needs or any(word in lowered for word in self.needs)

    def search(self, line: str, lowered: str) -> re.Match[str] | None:
        return self.pattern.search(line) if self.may_match(lowered) else None


@dataclass(frozen=True)
class _Cues:
    date_header: re.Pattern[str]
    timestamp_line: re.Pattern[str]
    section_words: frozenset[str]
    byline: tuple[_Cue, ...]
    credit_line: re.Pattern[str]
    end_markers: tuple[_Cue, ...]
    inline_boilerplate: tuple[_Cue, ...]
    credit_caption: re.Pattern[str]
    opinion_markers: re.Pattern[str]
    outlet_phrases: tuple[_Cue, ...]
    page_marker: re.Pattern[str]
    export_field: re.Pattern[str]
    export_body_marker: re.Pattern[str]
    copyright_line: re.Pattern[str]
    copyright_suffix: re.Pattern[str]
    date_words: re.Pattern[str]
    breadcrumb_separator: re.Pattern[str]
    social_words: frozenset[str]
    block_headings: frozenset[str]
    weak_outlet_phrases: tuple[_Cue, ...]
    media_names: frozenset[str]
    author_note: re.Pattern[str]
    posted_line: re.Pattern[str]
    venue_byline: re.Pattern[str]
    name_line: re.Pattern[str]
    role_line: re.Pattern[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw = load_lexicon("layout")

    def compile_all(key: str, flags: int = re.IGNORECASE) -> tuple[_Cue, ...]:
        entries = [entry if isinstance(entry, dict) else {"pattern": entry} for entry in raw[key]]
        return tuple(_Cue(re.compile(entry["pattern"], flags), tuple(entry.get("needs", ()))) for entry in entries)

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
        page_marker=re.compile(raw["page_marker"], re.IGNORECASE),
        export_field=re.compile(raw["export_field"], re.IGNORECASE),
        export_body_marker=re.compile(raw["export_body_marker"], re.IGNORECASE),
        copyright_line=re.compile(raw["copyright_line"], re.IGNORECASE),
        copyright_suffix=re.compile(raw["copyright_suffix"], re.IGNORECASE),
        date_words=re.compile(raw["date_words"], re.IGNORECASE),
        breadcrumb_separator=re.compile(raw["breadcrumb_separator"]),
        social_words=frozenset(word.lower() for word in raw["social_words"]),
        block_headings=frozenset(word.lower() for word in raw["block_headings"]),
        weak_outlet_phrases=compile_all("weak_outlet_phrases", 0),
        media_names=_media_names(),
        author_note=re.compile(raw["author_note"]),
        posted_line=re.compile(raw["posted_line"], re.IGNORECASE),
        venue_byline=re.compile(raw["venue_byline"]),
        name_line=re.compile(raw["name_line"]),
        role_line=re.compile(raw["role_line"]),
    )


def _media_names() -> frozenset[str]:
    """Names and aliases of the outlets in the actor registry (for weak self-reference)."""
    media = [entry for entry in load_lexicon("actors")["actors"] if entry.get("kind") == "media"]
    return frozenset(alias for entry in media for alias in [entry["name"], *entry.get("aliases", [])])


_LINE = re.compile(r"[^\n]+")


def split_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of the non-blank lines from ``start``, surrounding whitespace trimmed."""
    spans = []
    for match in _LINE.finditer(text, start):
        if line := trim_span(text, match.start(), match.end()):
            spans.append(line)
    return spans


def _match_any(cues: tuple[_Cue, ...], line: str) -> re.Match[str] | None:
    lowered = line.lower()
    for cue in cues:
        match = cue.search(line, lowered)
        if match:
            return match
    return None


_TRAILING_QUALIFIER = re.compile(r"\s+\([A-Z][\w .,'-]{0,40}\)$")


def _is_headline_like(line: str) -> bool:
    """A short line without sentence-final punctuation: a title, section or dateline.

    A trailing bracketed qualifier ("Northgate Herald (Colorado)") does not end a sentence.
    """
    return len(line) <= 200 and not _TRAILING_QUALIFIER.sub("", line).endswith(_TERMINAL)


# ---------------------------------------------------------------- dates

_MONTHS = {name.lower(): number for number in range(1, 13)
           for name in (calendar.month_name[number], calendar.month_abbr[number])} | {"sept": 9}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month2>{_MONTH})\.?,?\s+(?P<year2>\d{{4}})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))\b",
    re.IGNORECASE,
)
_WEEKDAYS = frozenset(name.lower() for name in (*calendar.day_name, *calendar.day_abbr))
_CLOCK = re.compile(r"^\d{1,2}(?:[:.]\d{2}){0,2}(?:[ap]\.?m\.?)?$", re.IGNORECASE)
_DATE_LINE_TOKEN = re.compile(r"[^\s,|/·•()–—-]+")
_MAX_DATE_LINE = 100


def _iso_date(match: re.Match[str]) -> str | None:
    """The ISO form of a matched date, or None for an impossible one (31 June)."""
    if match.group("iso"):
        year, month, day = (int(part) for part in match.group("iso").split("-"))
    elif match.group("month"):
        year, month, day = int(match.group("year")), _MONTHS[match.group("month").lower()], int(match.group("day"))
    else:
        year, month, day = int(match.group("year2")), _MONTHS[match.group("month2").lower()], int(match.group("day2"))
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(line: str, cues: _Cues | None = None) -> tuple[str, bool] | None:
    """The date a date-only line states, and whether it is a revision ("Updated …") date.

    The line may hold, besides one date, only weekdays, clock times, time zones
    and words such as "Published" or "Updated"; any other word means the date
    belongs to a sentence, and None is returned.
    """
    if len(line) > _MAX_DATE_LINE:
        return None
    match = _DATE.search(line)
    if not match:
        return None
    date_words = (cues or _cues()).date_words
    updated = False
    for token in _DATE_LINE_TOKEN.findall(line[:match.start()] + " " + line[match.end():]):
        token = token.rstrip(":.")
        word = date_words.match(token)
        if word:
            updated = updated or bool(word.group("updated"))
        elif token.lower() not in _WEEKDAYS and not _CLOCK.match(token):
            return None
    iso = _iso_date(match)
    return (iso, updated) if iso else None


# ---------------------------------------------------------------- furniture lines

def _is_boilerplate(line: str, cues: _Cues) -> bool:
    return bool(_match_any(cues.inline_boilerplate, line) or cues.credit_caption.match(line)
                or cues.page_marker.match(line) or _is_social(line, cues))


_MAX_SOCIAL = 100
_COUNT = re.compile(r"^\(?\d[\d,.]*[km]?\)?$")


def _is_social(line: str, cues: _Cues) -> bool:
    """A line of social-media button labels only ("Share", "Facebook Twitter Email")."""
    if len(line) > _MAX_SOCIAL:
        return False
    words = [word for word in line.lower().replace("|", " ").replace("•", " ").replace("·", " ").split()
             if not _COUNT.match(word)]  # "Comments (14)", "Share 120"
    index = 0
    while index < len(words):  # longest label first: "share this article" before "share"
        for size in (4, 3, 2, 1):
            if " ".join(words[index:index + size]) in cues.social_words:
                index += size
                break
        else:
            return False
    return bool(words)


_MAX_CRUMB_WORDS = 4


def _is_breadcrumb(line: str, cues: _Cues) -> bool:
    """A trail of short section links: "Home > World > Europe" (two links only after "Home")."""
    parts = cues.breadcrumb_separator.split(line)
    if len(parts) < 2 or (len(parts) == 2 and parts[0].lower() != "home" and not all(
            len(part.split()) <= 2 and all(word[:1].isupper() for word in part.split()) for part in parts)):
        return False  # two links need "Home" first, or short capitalised links only ("Tech / Gadgets")
    return all(part and len(part.split()) <= _MAX_CRUMB_WORDS and not part.endswith(_TERMINAL) for part in parts)


def _is_block_heading(line: str, cues: _Cues) -> bool:
    """The heading of a teaser or promotion block ("Editor's Picks", "Related", "More from …")."""
    lowered = line.lower().rstrip(" :")
    return lowered in cues.block_headings or (lowered.startswith("more from ") and len(lowered) <= 60)


_BULLET = re.compile(r"^[•·▪◦*‣-]\s")
_MAX_TEASER_QUESTION = 120


def _continues_block(line: str) -> bool:
    """A link, bullet or teaser headline under a block heading; a sentence ends the block."""
    return bool(_BULLET.match(line)) or _is_headline_like(line) or (
        line.endswith("?") and len(line) <= _MAX_TEASER_QUESTION)


def _copyright_holder(line: str, cues: _Cues) -> str | None:
    """The owner named by a copyright line, without corporate suffixes ("The Daily Courier")."""
    match = cues.copyright_line.match(line)
    if not match:
        return None
    holder = match.group("holder").strip(" ,")
    while True:
        shorter = cues.copyright_suffix.sub("", holder)
        if shorter == holder:
            return holder or None
        holder = shorter


_TEASER_OVERLAP = 40


def _is_teaser(line: str, next_line: str | None) -> bool:
    """A lead cut off with an ellipsis, and repeated by the next line."""
    if next_line is None or not line.endswith(_ELLIPSIS):
        return False
    return len(os.path.commonprefix([line, next_line])) >= _TEASER_OVERLAP  # noqa: RUF071 (strings, not paths)


@dataclass
class _Found:
    """Metadata read from furniture lines, with the rule that read each."""

    values: dict[str, str] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)
    updated: str | None = None
    copyright_holder: str | None = None
    export: bool = False
    date_index: int | None = None

    def set(self, name: str, value: str | None, rule: str) -> None:
        if value and value.strip() and name not in self.values:
            self.values[name] = value.strip()
            self.rules[name] = f"rule:layout.{rule}"

    def date(self, line: str, cues: _Cues, rule: str) -> bool:
        """Record the date a date-only line states; True if it was one."""
        found = find_date(line, cues)
        if found is None:
            return False
        iso, updated = found
        if updated:
            self.updated = self.updated or iso
        else:
            self.set("published", iso, rule)
        return True


_BYLINE_VALUE = re.compile(r"^(?:by\s+)?(?P<author>[^,;|]+?)\s*(?:[,;|].*|\s[-–—]\s.*)?$", re.IGNORECASE)


def _opinion_section(line: str, cues: _Cues) -> bool:
    return bool(cues.opinion_markers.match(line.strip() + ":"))


def _header_kind(index: int, lines: list[str], cues: _Cues, found: _Found) -> str | None:
    """The kind of a line at the top of the article, or None once the body starts."""
    line = lines[index]
    next_line = lines[index + 1] if index + 1 < len(lines) else None
    lowered = line.lower()
    if lowered in cues.section_words:
        if _opinion_section(line, cues):
            found.set("genre", "opinion", "opinion-section")
        return "section"
    if cues.page_marker.match(line):
        return "header"
    if cues.export_body_marker.match(line):
        found.export = True
        return "header"
    export = cues.export_field.match(line)
    if export:
        found.export = True
        if export.group("label").lower() == "byline":
            value = _BYLINE_VALUE.match(export.group("value"))
            found.set("author", value.group("author") if value else None, "export-byline")
        return "header"
    holder = _copyright_holder(line, cues)
    if holder:
        found.copyright_holder = found.copyright_holder or holder
        return "header"
    timestamp = cues.timestamp_line.match(line)
    if timestamp:
        found.set("published", timestamp.group(1), "timestamp-line")
        return "header"
    if found.date(line, cues, "date-line"):
        found.date_index = found.date_index if found.date_index is not None else index
        return "header"
    posted = cues.posted_line.match(line)
    if posted and found.date(posted.group("date"), cues, "posted-line"):
        byline = _match_any(cues.byline, posted.group("by").capitalize()[:1] + posted.group("by")[1:])
        found.set("author", byline.group("author") if byline else None, "posted-line")
        return "byline"
    credit = cues.credit_line.match(line)
    if credit:
        label = credit.group("label").lower()
        if label.startswith("source"):
            found.set("outlet", credit.group("value"), "source-credit")
        elif label.startswith("author") or label == "written by":
            found.set("author", credit.group("value"), "author-credit")
        return "credit"
    if _is_breadcrumb(line, cues):
        if any(_opinion_section(part, cues) for part in cues.breadcrumb_separator.split(line)):
            found.set("genre", "opinion", "opinion-section")
        return "navigation"
    if _is_block_heading(line, cues):
        return "boilerplate"
    if _is_boilerplate(line, cues):
        byline = _match_any(cues.byline, line)
        if byline:
            found.set("author", byline.group("author"), "editor-note")
        return "boilerplate"
    if index and _repeats_caption(line, lines[index - 1], cues):
        return "boilerplate"
    byline = _match_any(cues.byline, line) if _could_be_byline(line) else None
    if byline is None and "title" in found.values:
        byline = cues.venue_byline.match(line) or _name_over_role(line, next_line, cues)
    if byline and not lowered.startswith("editor"):
        found.set("author", byline.group("author"), "byline")
        date = _DATE.search(line)
        if date:
            found.set("published", _iso_date(date), "byline-date")
        return "byline"
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


def _repeats_caption(line: str, previous: str, cues: _Cues) -> bool:
    """A caption printed again without its credit, right after the credited caption."""
    return len(line) >= _TEASER_OVERLAP and previous.startswith(line) and _is_boilerplate(previous, cues)


_NAME_ONLY = re.compile(r"(?P<author>.+)")


def _name_over_role(line: str, next_line: str | None, cues: _Cues) -> re.Match[str] | None:
    """A byline over two lines: a name alone, then the reporter's role alone ("Political Editor")."""
    if next_line is None or not cues.name_line.match(line) or not cues.role_line.match(next_line):
        return None
    return _NAME_ONLY.match(line)


_MAX_BYLINE = 160
_SPEECH = re.compile(r"\b(?:said|says|told|tells|added|warned|stated|noted)\b")


def _could_be_byline(line: str) -> bool:
    """Bylines are short and report nothing ("X, a researcher at HRW, said ..." is body)."""
    return len(line) <= _MAX_BYLINE and not _SPEECH.search(line)


def _label_header_run(head: int, lines: list[str], kinds: list[str], cues: _Cues, found: _Found) -> int:
    """Label furniture lines from ``head`` on; return the index of the first body line."""
    while head < len(lines):
        kind = _header_kind(head, lines, cues, found)
        if kind is None:
            break
        kinds[head] = kind
        head += 1
    return head


def _label_header(lines: list[str], cues: _Cues, found: _Found) -> list[str]:
    """Kinds of the leading furniture lines (the rest are provisionally body)."""
    kinds = ["body"] * len(lines)
    head = _label_header_run(0, lines, kinds, cues, found)
    if "byline" not in kinds:
        for index in range(head, min(len(lines), head + _MAX_HEADER_LINES)):
            byline = _match_any(cues.byline, lines[index]) if _could_be_byline(lines[index]) else None
            if byline and not lines[index].lower().startswith("editor"):
                for earlier in range(head, index):
                    kinds[earlier] = "subtitle"
                kinds[index] = "byline"
                found.set("author", byline.group("author"), "byline")
                head = _label_header_run(index + 1, lines, kinds, cues, found)  # a date or buttons may follow
                break
    for index, line in enumerate(lines):
        if kinds[index] == "title" and found.values.get("title") != line:
            continue
        for later in lines[index + 1:head]:
            if found.values.get("title", "").startswith(later) and len(later) < len(found.values["title"]):
                found.values["title"] = later
        break
    date_index = found.date_index
    if found.export and date_index and kinds[date_index - 1] == "subtitle":
        # an export names its outlet on the line between the title and the date
        found.set("outlet", _TRAILING_QUALIFIER.sub("", lines[date_index - 1]), "export-outlet-line")
    return kinds


def _read_trailer_credit(line: str, cues: _Cues, found: _Found) -> None:
    """Outlet and author from a closing credit line ("Source: Xinhua", "Author: Dave DeCamp")."""
    credit = cues.credit_line.match(line)
    if credit and credit.group("label").lower().startswith("source"):
        found.set("outlet", credit.group("value"), "source-credit")
    elif credit and credit.group("label").lower().startswith("author"):
        found.set("author", credit.group("value"), "author-credit")


def _label_body_and_trailer(lines: list[str], kinds: list[str], cues: _Cues, found: _Found) -> None:
    """Mark furniture inside the body, and the trailer from the first end marker on."""
    index = 0
    while index < len(lines):
        line = lines[index]
        if kinds[index] != "body":
            index += 1
            continue
        holder = _copyright_holder(line, cues)
        if holder:
            found.copyright_holder = found.copyright_holder or holder
        if holder or cues.credit_line.match(line) or _match_any(cues.end_markers, line):
            for later in range(index, len(lines)):
                kinds[later] = "trailer"
                _read_trailer_credit(lines[later], cues, found)
            return
        if _is_block_heading(line, cues):
            kinds[index] = "boilerplate"
            index += 1
            while index < len(lines) and kinds[index] == "body" and _continues_block(lines[index]):
                kinds[index] = "boilerplate"
                index += 1
            continue
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if (_is_boilerplate(line, cues) or find_date(line, cues)
                or (index and _repeats_caption(line, lines[index - 1], cues))
                or (_is_headline_like(line) and next_line.startswith(line) and _is_boilerplate(next_line, cues))):
            kinds[index] = "boilerplate"  # the last: a caption's heading, repeated by the caption
        index += 1


def _label_author_note(lines: list[str], kinds: list[str], cues: _Cues, author: str | None) -> None:
    """A last body paragraph that introduces the byline's author is a trailer, not article text."""
    body = [index for index, kind in enumerate(kinds) if kind == "body"]
    if author and len(body) > 1:
        last = lines[body[-1]]
        if last.startswith(author) and cues.author_note.match(last[len(author):]):
            kinds[body[-1]] = "trailer"


def find_outlet(lines: list[str]) -> str | None:
    """The outlet that names itself in the text (self-reference or dateline)."""
    for line in lines:
        match = _match_any(_cues().outlet_phrases, line)
        if match:
            return match.group("outlet")
    return None


def _weak_outlet(lines: list[str], cues: _Cues) -> str | None:
    """A registered outlet the text is told things by ("told Newsweek"), when nothing stronger names one."""
    for line in lines:
        lowered = line.lower()
        for cue in cues.weak_outlet_phrases:
            if not cue.may_match(lowered):
                continue
            for match in cue.pattern.finditer(line):
                if match.group("outlet") in cues.media_names:
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
    _label_author_note(lines, kinds, cues, found.values.get("author"))
    paragraphs = [Paragraph(0, content_start, "header")] if header else []
    paragraphs += [Paragraph(start, end, kind) for (start, end), kind in zip(spans, kinds)]
    body = [p for p in paragraphs if p.kind == "body"]
    body_start = body[0].start if body else content_start
    body_end = body[-1].end if body else body_start
    if "outlet" not in found.values:  # a credit line or an export header named it already
        after_header = [text[p.start:p.end] for p in paragraphs if p.kind in ("body", "boilerplate", "trailer")]
        found.set("outlet", find_outlet(after_header), "outlet-self-reference")
        found.set("outlet", found.copyright_holder, "copyright-holder")
        found.set("outlet", _weak_outlet(after_header, cues), "outlet-told")
    found.set("published", found.updated, "updated-date")
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
