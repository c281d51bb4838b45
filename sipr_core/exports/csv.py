"""Ratings in tidy long form: one line per session, row and dimension, for a district's own analysis.

Every session's file has the same columns, so a district's files can be stacked into one table.
Text a spreadsheet would run as a formula is neutralised (see ``safety``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from .safety import cell
from .summary_model import Summary

COLUMNS = [
    "session_code",
    "district",
    "school",
    "team",
    "held_on",
    "continuum_id",
    "continuum",
    "group_id",
    "group",
    "row_id",
    "row",
    "dimension_id",
    "dimension",
    "status",
    "level_id",
    "level",
    "level_position",
    "levels_on_scale",
    "target",
    "evidence",
    "next_steps",
    "votes",
    "abstentions",
    "vote_median",
    "vote_spread",
    "flagged_for_discussion",
    "votes_revealed",
    "comments",
]


def rating_lines(summary: Summary) -> list[dict[str, Any]]:
    """The summary's ratings as tidy records (``COLUMNS``), values not yet neutralised."""
    lines = []
    for group, row, c in summary.cells():
        v = c.votes
        lines.append(
            {
                "session_code": summary.code,
                "district": summary.district,
                "school": summary.school,
                "team": summary.team,
                "held_on": summary.held_on.isoformat(),
                "continuum_id": summary.rubric_id,
                "continuum": summary.title,
                "group_id": group.id,
                "group": group.title,
                "row_id": row.id,
                "row": row.title,
                "dimension_id": c.dimension_id,
                "dimension": c.dimension,
                "status": c.status,
                "level_id": c.level_id or "",
                "level": c.level,
                "level_position": c.position if c.position is not None else "",
                "levels_on_scale": len(summary.levels),
                "target": c.target,
                "evidence": c.evidence,
                "next_steps": c.next_steps,
                "votes": v.votes if v else 0,
                "abstentions": v.abstentions if v else 0,
                "vote_median": v.median if v else "",
                "vote_spread": v.spread if v and v.spread is not None else "",
                "flagged_for_discussion": "yes" if v and v.discuss else "no",
                "votes_revealed": ("yes" if v.revealed else "no") if v else "",
                "comments": "\n".join(c.comments),
            }
        )
    return lines


def summary_csv(summaries: Summary | Sequence[Summary]) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so Excel reads accents) of one or several sessions."""
    chosen = [summaries] if isinstance(summaries, Summary) else list(summaries)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for summary in chosen:
        for line in rating_lines(summary):
            writer.writerow({k: cell(v) for k, v in line.items()})
    return out.getvalue().encode("utf-8-sig")
