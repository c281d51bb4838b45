"""The summary as an Excel workbook: Summary, Ratings, Votes, Comments and Action plan sheets.

Each sheet has a bold header row that stays in view (frozen), set column widths and wrapped
text. Text a spreadsheet would run as a formula is neutralised and stored as text.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .safety import cell
from .summary_model import NO_ACTIONS, NO_COMMENTS, NO_PREVIOUS, NO_VOTES, NOTHING_RATED, OVERDUE, Summary

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet(book: Workbook, title: str, columns: list[tuple[str, int]], rows: list[list[Any]]) -> Worksheet:
    sheet: Worksheet = book.create_sheet(title)
    sheet.append([cell(name) for name, _ in columns])
    for row in rows:
        sheet.append([cell(v) for v in row])
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    finish_sheet(sheet, "A2")
    return sheet


def finish_sheet(sheet: Worksheet, freeze: str) -> None:
    """Bold grey headers, wrapped text, frozen panes, and no cell ever read as a formula."""
    for header in sheet[1]:
        header.font, header.fill, header.alignment = HEADER_FONT, HEADER_FILL, WRAP
    for line in sheet.iter_rows(min_row=2):
        for value in line:
            value.alignment = WRAP
            if isinstance(value.value, str):
                value.data_type = "s"  # never a formula, whatever the text
    sheet.freeze_panes = freeze


def summary_xlsx(summary: Summary) -> bytes:
    """The workbook as .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _sheet(
        book, "Summary", [("Item", 28), ("Value", 70), ("Detail", 40), ("Change", 16)], _summary_rows(summary)
    )
    _sheet(
        book,
        "Ratings",
        [
            (summary.terms["group"], 26),
            (summary.terms["row"], 36),
            ("Dimension", 18),
            ("Level", 22),
            ("Level position", 10),
            ("Target", 24),
            ("Status", 14),
            ("This level says", 50),
            ("Criteria", 18),
            ("Evidence", 50),
            ("Next steps", 50),
        ],
        [
            [
                g.title,
                r.title,
                c.dimension,
                c.level,
                c.position,
                c.target,
                c.status.replace("_", " "),
                c.level_text or c.statement,
                c.criteria,
                c.evidence,
                c.next_steps,
            ]
            for g, r, c in summary.cells()
        ],
    )
    level_columns = [(name, 12) for name in summary.levels]
    _sheet(
        book,
        "Votes",
        [
            (summary.terms["group"], 26),
            (summary.terms["row"], 36),
            ("Dimension", 18),
            ("Votes", 8),
            *level_columns,
            ("Abstentions", 11),
            ("Median", 18),
            ("Consensus", 40),
            ("Spread (levels)", 10),
            ("Flagged for discussion", 12),
            ("Revealed to the team", 12),
        ],
        [
            [
                g.title,
                r.title,
                c.dimension,
                c.votes.votes,
                *[n for _, n in c.votes.counts],
                c.votes.abstentions,
                c.votes.median,
                c.votes.consensus,
                c.votes.spread,
                "yes" if c.votes.discuss else "no",
                "yes" if c.votes.revealed else "no (only the facilitator's copy shows these)",
            ]
            for g, r, c in summary.cells()
            if c.votes is not None
        ]
        or [[NO_VOTES]],
    )
    _sheet(
        book,
        "Comments",
        [(summary.terms["group"], 26), (summary.terms["row"], 36), ("Dimension", 18), ("Comment", 80)],
        [[g.title, r.title, c.dimension, comment] for g, r, c in summary.cells() for comment in c.comments]
        or [[NO_COMMENTS]],
    )
    _sheet(
        book,
        "Action plan",
        [("What", 60), (f"{summary.terms['row']}(s)", 36), ("Owner", 22), ("Due", 12), ("Status", 14)],
        [[a["what"], a["rows"], a["owner"], a["due"], a["status"]] for a in summary.actions]
        or [[NO_ACTIONS]],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _summary_rows(summary: Summary) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["Continuum", summary.title],
        ["Source", summary.source],
        ["District", summary.district],
        ["School", summary.school or "(district team)"],
        ["Team", summary.team],
        ["Date", summary.held_on.isoformat()],
        ["Facilitator", summary.facilitator],
        ["Participants", ", ".join(summary.participants)],
        ["Join code", summary.code],
        ["Progress", summary.progress if summary.rated else NOTHING_RATED],
    ]
    for m in summary.means:
        rows.append([f"Mean level: {m.dimension}", m.value, m.place, m.change])
    rows.append([f"{summary.terms['rows']} flagged for discussion", len(summary.flagged)])
    rows.append(["Action items", len(summary.actions)])
    if summary.overdue:
        rows.append([OVERDUE, len(summary.overdue)])
        rows += [["Overdue", line] for line in summary.overdue]
    if summary.since is None:
        rows.append(["Previous session", NO_PREVIOUS])
    else:
        rows.append(
            ["Previous session", summary.since.held_on.isoformat(), *[c for c in [summary.since.code] if c]]
        )
        for move in summary.since.moves:
            dimension = f" ({move.dimension})" if move.dimension else ""
            rows.append([f"Changed: {move.row}{dimension}", f"{move.before} → {move.after}", "", move.change])
    return rows
