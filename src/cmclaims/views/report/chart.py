"""An inline SVG chart of claims per speaker, stacked by source (a template, no chart library, no network)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from cmclaims.views.report.render import render

SOURCE_COLOURS = ("#1f5fa8", "#e07b00", "#2b8a3e", "#b5179e", "#5c6bc0", "#8d6e63", "#00897b", "#c62828", "#6d4c41",
                  "#546e7a")
"""One colour per source, in source order (cycled beyond ten sources)."""

UNNAMED = "(unnamed)"
OTHERS = "(other speakers)"
MAX_SPEAKERS = 20
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, PLOT_WIDTH, LEGEND_ROW = 18, 6, 250, 560, 20
LABEL_CHARACTERS = 36
"""Longer speaker names are cut with '…' (the full name is in the bar's tooltip)."""


def claims_per_speaker(claims: pd.DataFrame, top: int = MAX_SPEAKERS) -> pd.DataFrame:
    """Counts with speakers as rows (most claims first) and sources as columns; the tail summed."""
    speakers = claims["speaker_id"].astype("object").where(claims["speaker_id"].notna(), UNNAMED)
    counts = pd.crosstab(speakers, claims["source_id"].astype("object"))
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    if len(counts) > top:
        head, tail = counts.iloc[: top - 1], counts.iloc[top - 1:]
        counts = pd.concat([head, tail.sum().to_frame(OTHERS).T])
    return counts


def source_colours(source_ids: list[str]) -> dict[str, str]:
    return {source_id: SOURCE_COLOURS[i % len(SOURCE_COLOURS)] for i, source_id in enumerate(source_ids)}


def stacked_bars_svg(counts: pd.DataFrame, colours: dict[str, str], names: dict[str, str] | None = None) -> Markup:
    """Horizontal stacked bars, one per row of ``counts``; every segment has a <title> tooltip."""
    names = names or {}
    largest = max(int(counts.sum(axis=1).max()), 1) if len(counts) else 1
    scale = PLOT_WIDTH / largest
    legend_height = LEGEND_ROW * len(counts.columns) + 10
    height = len(counts) * (BAR_HEIGHT + BAR_GAP) + legend_height + 10
    bars = []
    for row, (speaker, counts_row) in enumerate(counts.iterrows()):
        label = names.get(speaker, speaker)
        x, segments = float(LABEL_WIDTH), []
        for source_id, count in counts_row.items():
            if count:
                segments.append({"x": f"{x:.1f}", "width": f"{count * scale:.1f}", "colour": colours[source_id],
                                 "count": count, "source_id": source_id})
                x += count * scale
        bars.append({"y": row * (BAR_HEIGHT + BAR_GAP), "label": label, "segments": segments,
                     "short": label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…",
                     "total_x": f"{x + 6:.1f}", "total": int(counts_row.sum())})
    top = len(counts) * (BAR_HEIGHT + BAR_GAP) + 10
    legend = [{"y": top + row * LEGEND_ROW, "colour": colours[source_id], "name": names.get(source_id, source_id)}
              for row, source_id in enumerate(counts.columns)]
    return render("chart.svg.j2", width=LABEL_WIDTH + PLOT_WIDTH + 60, height=height, bars=bars, legend=legend,
                  label_x=LABEL_WIDTH - 8, plot_x=LABEL_WIDTH, bar_height=BAR_HEIGHT)
