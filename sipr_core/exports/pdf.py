"""The summary as a PDF that reads on paper, in black and white: a pure function of a ``Summary``.

Every text goes through ``paragraph``, which escapes it: reportlab reads ``<`` and ``&`` as markup.
Tables come from ``grid``, whose rows split across pages, so no text within the app's limits is
too long for the PDF (``pdf_layout``).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, SimpleDocTemplate, Spacer

from .pdf_layout import FONT, columns_table, labelled_rows, paragraph, paragraphs, register_fonts, styles
from .summary_model import (
    NO_ACTIONS,
    NO_FLAGS,
    NO_PREVIOUS,
    NO_VOTES,
    NOT_REVEALED,
    NOTHING_RATED,
    OVERDUE,
    CellSummary,
    ChartTable,
    Summary,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 1.8 * cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_WIDTH = 13.5 * cm


def _table(
    columns: list[str], lines: list[list[str]], widths: list[float], s: dict[str, ParagraphStyle]
) -> list[Flowable]:
    return columns_table(columns, list(lines), widths, s["label"], s["small"])


def summary_pdf(summary: Summary, chart_png: bytes | None = None, chart_note: str = "") -> bytes:
    """The summary as PDF bytes.

    Without ``chart_png`` the chart's values are a table, and ``chart_note`` says why.
    """
    register_fonts()
    s = styles()
    story: list[Flowable] = []
    story += _cover(summary, s)
    story += _chart(summary, chart_png, chart_note, s)
    for group in summary.groups:
        story.append(PageBreak())
        story += _group(summary, group, s)
    story.append(PageBreak())
    story += _flags(summary, s)
    story += _actions(summary, s)
    story += _balance(summary, s)
    story += _since(summary, s)
    story += _reflections(summary, s)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 0.4 * cm,
        title=f"Session summary: {summary.short}, {summary.team}, {summary.held_on:%d %B %Y}",
        author=summary.facilitator,
        subject=summary.title,
        creator="SIPR facilitation dashboard",
    )

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(colors.black)
        line = f"{summary.short} · {summary.place} · {summary.team} · {summary.held_on:%d %B %Y}"
        canvas.drawString(MARGIN, MARGIN - 0.2 * cm, line[:120])
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN - 0.2 * cm, f"page {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _cover(summary: Summary, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    details = [
        ("District", summary.district),
        ("School", summary.school or "(district team)"),
        ("Team", summary.team),
        ("Date", f"{summary.held_on:%d %B %Y}"),
        ("Facilitator", summary.facilitator),
        ("Participants", ", ".join(summary.participants) or "none joined on their own device"),
        ("Join code", summary.code),
    ]
    story: list[Flowable] = [
        paragraph("Session summary", s["kicker"]),
        paragraph(summary.title, s["title"]),
        paragraph(f"Source: {summary.source}", s["source"]),
        Spacer(1, 0.5 * cm),
        *labelled_rows(details, [3.5 * cm, TEXT_WIDTH - 3.5 * cm], s["label"], s["cover"]),
        Spacer(1, 0.4 * cm),
    ]
    if not summary.rated:
        story.append(paragraph(NOTHING_RATED, s["note"]))
        return story
    story.append(paragraph(summary.progress[0].upper() + summary.progress[1:] + ".", s["cover"]))
    rows = [["Mean level", "Value", "On the scale", "Since last session"]]
    rows += [[m.dimension, m.value, m.place, m.change or "—"] for m in summary.means]
    story += _table(rows[0], rows[1:], [4 * cm, 3 * cm, 5.5 * cm, TEXT_WIDTH - 12.5 * cm], s)
    return story


def _chart(summary: Summary, png: bytes | None, note: str, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    heading = paragraph("The chart", s["h2"])
    if png is not None:
        image = Image(io.BytesIO(png))
        ratio = image.imageHeight / image.imageWidth
        image.drawWidth, image.drawHeight = CHART_WIDTH, CHART_WIDTH * ratio
        return [KeepTogether([heading, image, paragraph(_chart_caption(summary.chart), s["small"])])]
    why = f"The chart is shown as a table because {note or 'it could not be drawn'}."
    reason = paragraph(why, s["small"])
    return [KeepTogether([heading, reason, Spacer(1, 0.2 * cm), *_chart_table(summary.chart, s)])]


def _chart_caption(chart: ChartTable) -> str:
    previous = [c for c in chart.columns if c.endswith(", previous session")]
    return "Grey dotted line: the previous session of this series." if previous else ""


def _chart_table(chart: ChartTable, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    first = 6 * cm
    rest = (TEXT_WIDTH - first) / max(len(chart.columns) - 1, 1)
    return _table(chart.columns, chart.lines, [first, *[rest] * (len(chart.columns) - 1)], s)


def _group(summary: Summary, group: Any, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [paragraph(f"{summary.terms['group']}: {group.title}", s["h1"])]
    if group.description:
        story.append(paragraph(group.description, s["body"]))
    shown_subgroup = ""
    for row in group.rows:
        if row.subgroup and row.subgroup != shown_subgroup:
            shown_subgroup = row.subgroup
            story.append(paragraph(row.subgroup, s["h2"]))
        block: list[Flowable] = [paragraph(row.heading(summary.terms["row"]), s["h2"])]
        for cell in row.cells:
            block += _cell_table(cell, s)
            block.append(Spacer(1, 0.15 * cm))
        for prompt, answer in row.reflections:
            block += paragraphs(f"{prompt} {answer}", s["small"])
        # kept on one page when it fits; KeepTogether splits what is longer than a page
        story.append(KeepTogether(block))
    return story


def _cell_table(cell: CellSummary, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    lines: list[tuple[str, str]] = []
    heading = f"{cell.dimension}: {cell.level}" if cell.dimension else cell.level
    if cell.target:
        lines.append(("Target", cell.target))
    if cell.statement:
        lines.append(("Statement", cell.statement))
    if cell.level_text:
        lines.append(("This level says", cell.level_text))
    if cell.criteria:
        lines.append(("Criteria", cell.criteria))
    lines.append(("Evidence", cell.evidence or "—"))
    lines.append(("Next steps", cell.next_steps or "—"))
    for v in cell.rounds or ([cell.votes] if cell.votes is not None else []):
        counted = f"{v.votes} vote{'s' * (v.votes != 1)}" + (
            f", {v.abstentions} abstained" if v.abstentions else ""
        )
        text = f"{counted}: {v.counts_text}. Consensus: {v.consensus}."
        if v.spread_text:
            text += f" Spread: {v.spread_text}."
        if v.discuss:
            text += " FLAGGED FOR DISCUSSION."
        if not v.revealed:
            text = f"{NOT_REVEALED}. {text}"
        lines.append(("Votes" if v.round is None else f"Votes, round {v.round}", text))
    if cell.comments:
        lines.append(("Comments", "\n".join(cell.comments)))
    widths = [3.3 * cm, TEXT_WIDTH - 3.3 * cm]
    return labelled_rows(lines, widths, s["label"], s["body"], head=("Level", heading))


def _flags(summary: Summary, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [paragraph(f"{summary.terms['rows']} flagged for discussion", s["h1"])]
    if not summary.votes_taken:
        return [*story, paragraph(NO_VOTES, s["body"]), Spacer(1, 0.4 * cm)]
    if not summary.flagged:
        return [*story, paragraph(NO_FLAGS, s["body"]), Spacer(1, 0.4 * cm)]
    lines = [[f.group, f.row, f.dimension, f.spread, f.counts] for f in summary.flagged]
    columns = [summary.terms["group"], summary.terms["row"], "Dimension", "Spread", "Votes"]
    widths = [3.2 * cm, 4.6 * cm, 2.6 * cm, 2.4 * cm, TEXT_WIDTH - 12.8 * cm]
    return [*story, *_table(columns, lines, widths, s), Spacer(1, 0.4 * cm)]


def _actions(summary: Summary, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [paragraph("Action plan", s["h1"])]
    if summary.overdue:
        story.append(paragraph(OVERDUE, s["body"]))
        story += [p for line in summary.overdue for p in paragraphs(f"• {line}", s["body"])]
        story.append(Spacer(1, 0.2 * cm))
    if not summary.actions:
        return [*story, paragraph(NO_ACTIONS, s["body"]), Spacer(1, 0.4 * cm)]
    lines = [[a["what"] or "—", a["rows"], a["owner"], a["due"], a["status"]] for a in summary.actions]
    widths = [6.4 * cm, 3.6 * cm, 2.6 * cm, 2.2 * cm, TEXT_WIDTH - 14.8 * cm]
    table = _table(["What", f"{summary.terms['row']}(s)", "Owner", "Due", "Status"], lines, widths, s)
    return [*story, *table, Spacer(1, 0.4 * cm)]


def _balance(summary: Summary, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    section = summary.balance
    if section is None:
        return []
    first = 4.2 * cm
    rest = (TEXT_WIDTH - first) / max(len(section.columns) - 1, 1)
    widths = [first, *[rest] * (len(section.columns) - 1)]
    story: list[Flowable] = [
        paragraph(section.title, s["h1"]),
        paragraph(section.note, s["body"]),
        Spacer(1, 0.2 * cm),
    ]
    story += [*_table(section.columns, section.lines, widths, s), Spacer(1, 0.15 * cm)]
    story += [paragraph(tally, s["small"]) for tally in section.tallies]
    return [*story, Spacer(1, 0.4 * cm)]


def _since(summary: Summary, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [paragraph("Change since the previous session", s["h1"])]
    since = summary.since
    if since is None:
        return [*story, paragraph(NO_PREVIOUS, s["body"])]
    held = f"The previous session of this series was held on {since.held_on:%d %B %Y}."
    story.append(paragraph(held, s["body"]))
    lines = [[m.dimension, m.value, m.change or "—"] for m in since.means]
    story += _table(["Mean level", "Now", "Change"], lines, [5 * cm, 5 * cm, TEXT_WIDTH - 10 * cm], s)
    story.append(Spacer(1, 0.3 * cm))
    if not since.moves:
        return [*story, paragraph("No level changed.", s["body"])]
    moves = [[m.row, m.dimension, m.before, m.after, m.change or "—"] for m in since.moves]
    widths = [6 * cm, 2.8 * cm, 3.2 * cm, 3.2 * cm, TEXT_WIDTH - 15.2 * cm]
    return [*story, *_table([summary.terms["row"], "Dimension", "Before", "Now", "Levels"], moves, widths, s)]


def _reflections(summary: Summary, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not summary.reflections:
        return []
    story: list[Flowable] = [Spacer(1, 0.4 * cm), paragraph("Reflection on the whole continuum", s["h1"])]
    for prompt, answer in summary.reflections:
        story += [paragraph(prompt, s["label"]), *paragraphs(answer, s["body"]), Spacer(1, 0.2 * cm)]
    return story
