"""The disagreement view: each source's figure and wording, per cross-source group.

:func:`figure_comparison` lists, for every ``figure_group_id``, each
source's figure (value, qualifier, text, who gives it) and whether the group
agrees; :func:`claim_comparison` lists, for every ``claim_group_id``, each
source's wording of the statement. Both are pure functions of the tables;
:func:`format_comparison` is what ``cmclaims compare`` prints.
"""

from __future__ import annotations

import textwrap

import pandas as pd

OWN_VOICE = "(article)"
"""``said_by`` of a figure stated in the article's own voice, outside any claim."""

FIGURE_COLUMNS = ["figure_group_id", "unit", "measure", "source_id", "outlet", "label", "figure_id", "text",
                  "value", "value_high", "qualifier", "said_by", "agrees"]
CLAIM_COLUMNS = ["claim_group_id", "source_id", "outlet", "label", "claim_id", "speaker_id", "speaker_text",
                 "kind", "text", "same_wording"]
LABEL_WIDTH = 60
"""Longest label shown next to a source ID; a longer title is cut with an ellipsis."""
LABEL_KEYS = ("title", "outlet", "published")
"""The source fields a readable label is made of, in :func:`source_label`'s order."""


def _known(value) -> str | None:
    return None if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value) \
        else (str(value).strip() or None)


def source_label(title=None, outlet=None, published=None) -> str:
    """A readable name for a source, shown next to its hash ID: its title, else its outlet and date, else ''."""
    title, outlet, published = _known(title), _known(outlet), _known(published)
    if title:
        return title if len(title) <= LABEL_WIDTH else title[: LABEL_WIDTH - 1].rstrip() + "…"
    return ", ".join(part for part in (outlet, published) if part)


def source_labels(sources: pd.DataFrame) -> pd.Series:
    """``source_label`` of every source, indexed by ``source_id``."""
    columns = [sources[c].tolist() if c in sources else [None] * len(sources) for c in LABEL_KEYS]
    labels = [source_label(*values) for values in zip(*columns)]
    return pd.Series(labels, index=sources["source_id"].tolist(), dtype="object")


def labelled(source_id: str, label: str | None) -> str:
    """``003_b2133e815e3632d7 (US going to send cluster munitions…)``; the bare ID when nothing is known."""
    return f"{source_id} ({label})" if label else source_id


def _outlets(sources: pd.DataFrame) -> pd.Series:
    return sources.set_index("source_id")["outlet"]


def _in_groups(frame: pd.DataFrame, group_column: str) -> pd.DataFrame:
    return frame[frame[group_column].notna()].sort_values([group_column, "source_id", "char_start"], ignore_index=True)


def figure_comparison(figures: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per grouped figure; ``agrees`` is False where the group's values or qualifiers differ."""
    grouped = _in_groups(figures, "figure_group_id")
    speakers = claims.set_index("claim_id")["speaker_id"]
    said_by = [
        OWN_VOICE if pd.isna(claim_id)
        else (speakers.get(claim_id) if pd.notna(speakers.get(claim_id)) else "(unnamed)")
        for claim_id in grouped["claim_id"]
    ]
    statement = (grouped["value"].astype("string") + "|" + grouped["value_high"].astype("string").fillna("") + "|"
                 + grouped["qualifier"].astype("string"))
    agrees = statement.groupby(grouped["figure_group_id"]).transform("nunique") == 1
    view = grouped.assign(outlet=grouped["source_id"].map(_outlets(sources)),
                          label=grouped["source_id"].map(source_labels(sources)), said_by=said_by,
                          agrees=agrees.astype(bool))
    return view[FIGURE_COLUMNS]


def normalised_wording(text: str) -> str:
    """Case, quotation marks and spacing ignored: what counts as the same wording."""
    for mark in "\"'“”‘’":
        text = text.replace(mark, "")
    return " ".join(text.lower().rstrip(" .,").split())


def claim_comparison(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per grouped claim; ``same_wording`` is False where the sources word it differently."""
    grouped = _in_groups(claims, "claim_group_id")
    wording = grouped["text"].map(normalised_wording)
    same = wording.groupby(grouped["claim_group_id"]).transform("nunique") == 1
    view = grouped.assign(outlet=grouped["source_id"].map(_outlets(sources)),
                          label=grouped["source_id"].map(source_labels(sources)), same_wording=same.astype(bool))
    return view[CLAIM_COLUMNS]


def format_value(value: float, value_high: float | None = None) -> str:
    """800000000.0 -> '800,000,000'; a range as 'low–high'."""
    def one(number: float) -> str:
        return f"{number:,.0f}" if float(number).is_integer() else f"{number:,}"

    return one(value) if value_high is None or pd.isna(value_high) else f"{one(value)}–{one(value_high)}"


def _figure_block(group_id: str, rows: pd.DataFrame) -> list[str]:
    first = rows.iloc[0]
    verdict = "all sources agree" if rows["agrees"].iloc[0] else "sources disagree"
    lines = [f"{group_id}  ·  {first['unit']} ({first['measure']})  ·  {verdict}"]
    for row in rows.itertuples(index=False):
        value = format_value(row.value, row.value_high)
        lines.append(f"  {labelled(row.source_id, row.label)}:")
        lines.append(f"      {value:>12}  {row.qualifier:<13} {row.text!r:<30} said by {row.said_by}")
    return lines


def _claim_block(group_id: str, rows: pd.DataFrame, width: int) -> list[str]:
    speakers = ", ".join(sorted(set(rows["speaker_id"].dropna())))
    verdict = "same wording" if rows["same_wording"].iloc[0] else "worded differently"
    lines = [f"{group_id}  ·  {speakers}  ·  {verdict}"]
    for row in rows.itertuples(index=False):
        lines.append(f"  {labelled(row.source_id, row.label)}, {row.kind}, {row.speaker_text!s} ({row.claim_id}):")
        lines += textwrap.wrap(row.text, width=width, initial_indent="      ", subsequent_indent="      ")
    return lines


def format_comparison(figure_view: pd.DataFrame, claim_view: pd.DataFrame, width: int = 100) -> str:
    """The two views as text: one block per group, one line (or paragraph) per source."""
    lines = [f"Figures that measure the same thing: {figure_view['figure_group_id'].nunique()} group(s)", ""]
    for group_id, rows in figure_view.groupby("figure_group_id", sort=True):
        lines += [*_figure_block(group_id, rows), ""]
    lines += [f"Claims that report the same statement: {claim_view['claim_group_id'].nunique()} group(s)", ""]
    for group_id, rows in claim_view.groupby("claim_group_id", sort=True):
        lines += [*_claim_block(group_id, rows, width), ""]
    return "\n".join(lines).rstrip() + "\n"


def compare_tables(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both views from a dataset's tables."""
    return (figure_comparison(tables["figures"], tables["claims"], tables["sources"]),
            claim_comparison(tables["claims"], tables["sources"]))
