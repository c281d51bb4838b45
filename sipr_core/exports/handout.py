"""Handouts to print: a continuum blank, laid out as its source lays it out, to mark with a pen.

A continuum whose rows describe each level (the toolkit's Isolation to Collaboration, the Leadership
System) is a matrix on landscape pages: every row with every level's full text, a box to tick the level
that fits and a column for the evidence. A continuum of criteria (the SIPR profile, Maintaining Balance)
is a checklist: each column's text and criteria with boxes to tick, the levels to mark and room for
evidence. A continuum rated by building and district teams (Maintaining Balance) adds each team's
action-planning template, and one whose file names reflection questions adds them with room to answer.

Every word of the continuum is the rubric file's own text, whole: texts are cut into paragraphs that
split across pages (``pdf_layout.paragraphs``) and a table row taller than a page is split across pages.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, SimpleDocTemplate, Spacer, Table

from ..facilitation import reflection_prompts
from ..rubric import Cell, Dimension, Group, Row, Rubric
from .pdf_layout import PADDING, grid, page_numbers, paragraph, paragraphs, register_fonts, styles
from .pdf_marks import BOX_ROOM, Room, ticked

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 1.5 * cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TOP, BOTTOM = MARGIN, MARGIN + 0.3 * cm
PAGE_ROOM = PAGE_HEIGHT - TOP - BOTTOM - 12
"""The height of an empty page's frame (reportlab's frame pads 6 points on each side)."""
EVIDENCE_WIDTH = 5 * cm
LEAST_EVIDENCE_WIDTH = 3.2 * cm
CELL_PADDING = 3
"""reportlab's padding above and below a table cell's content, in points."""
WRITING_ROOM = 2.2 * cm
"""The least height of a row's evidence cell: room for a few handwritten lines."""

EVIDENCE = "Evidence"
LEVEL = "Level"
FILL_IN = ("District", "School", "Team", "Date")
MATRIX_HOW = (
    "For each row, tick the box of the level that describes your district or school, and write the evidence."
)
CHECKLIST_HOW = "Tick each criterion that holds, then tick the level and write the evidence."
TEMPLATE = "Action planning template"
TEMPLATE_HOW = "Tick the level of each function and write what the team will do about it, who and by when."
ACTIONS = "What we will do, who, by when"
BUILDINGS_FOUND = "What the building teams found"
QUESTIONS = "Questions to consider"
LABELS = (EVIDENCE, LEVEL, *FILL_IN, MATRIX_HOW, CHECKLIST_HOW, TEMPLATE, TEMPLATE_HOW, ACTIONS,
          BUILDINGS_FOUND, QUESTIONS, "Handout", "Source:", "page")  # fmt: skip
"""Every word a handout adds to the continuum's own text."""

TEAM_DIMENSIONS = ("building", "district")
"""A continuum with both of these dimensions is rated by building and district teams, each on its own
column (``balance.own_dimension``): its handout adds each team's action-planning template."""


def handout_file_name(rubric: Rubric) -> str:
    """'micip-collaboration-handout.pdf': a rubric id is letters, digits, '.', '-' and '_' only."""
    return f"{rubric.id}-handout.pdf"


def handout_pdf(rubric: Rubric) -> bytes:
    """The continuum's handout as PDF bytes: landscape A4, black and white."""
    register_fonts()
    s = styles()
    s["cell"] = ParagraphStyle("cell", parent=s["small"], fontSize=8.5, leading=11)
    story = _heading(rubric, s)
    matrix = any(cell.descriptors for _, row in rubric.rows() for cell in row.cells().values())
    story.append(paragraph(MATRIX_HOW if matrix else CHECKLIST_HOW, s["body"]))
    for group in rubric.groups:
        lines, widths = _matrix(rubric, group, s) if matrix else _checklist(rubric, group, s)
        story += _with_heading(_group_heading(rubric, group, s), lines, widths)
    dimensions = {d.id: d for d in rubric.dimensions}
    if all(d in dimensions for d in TEAM_DIMENSIONS):
        for team in TEAM_DIMENSIONS:
            story += _template(rubric, dimensions[team], s)
    story += _questions(rubric, s)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=f"Handout: {rubric.title}",
        subject=rubric.source.document,
        creator="SIPR facilitation dashboard",
    )
    footer = page_numbers(PAGE_WIDTH - MARGIN, MARGIN - 0.3 * cm)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _heading(rubric: Rubric, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    source = rubric.source
    where = ", ".join(part for part in (source.document, source.part, source.edition) if part)
    blanks: list[Any] = []
    for name in FILL_IN:
        blanks += [paragraph(name, s["label"]), ""]
    label, blank = 2 * cm, (TEXT_WIDTH - 4 * 2 * cm) / 4
    story: list[Flowable] = [
        paragraph("Handout", s["kicker"]),
        *paragraphs(rubric.title, s["title"]),
        *paragraphs(f"Source: {where}", s["source"]),
        Spacer(1, 0.3 * cm),
        grid([blanks], [label, blank] * 4, header=False),
        Spacer(1, 0.3 * cm),
    ]
    if rubric.description:
        story += paragraphs(rubric.description, s["small"])
    return [*story, Spacer(1, 0.2 * cm)]


def _group_heading(rubric: Rubric, group: Group, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 0.2 * cm)]
    if len(rubric.groups) > 1 or group.title != rubric.title:
        story += paragraphs(group.title, s["h2"])
    if group.description:
        story += paragraphs(group.description, s["small"])
    return [*story, Spacer(1, 0.15 * cm)]


def _heading_of(row: Row) -> str:
    """The row's title, after its number where the id is one (SIPR's "1.1")."""
    return f"{row.id} {row.title}" if row.id[:1].isdigit() else row.title


def _writing_room() -> list[Flowable]:
    return [Room(WRITING_ROOM)]


Lines = list[list[Any]]
"""A table's rows of cells, the header first; a cell is a list of flowables."""


def _with_heading(heading: list[Flowable], lines: Lines, widths: list[float]) -> list[Flowable]:
    """The heading, then its table; first a page break when the heading and the table's first row do not
    fit in what is left of the page (the row would move on alone, leaving the heading at the foot)."""
    needed = sum(_height(f, TEXT_WIDTH) for f in heading)
    needed += sum(_row_height(line, widths) for line in lines[:2])
    page_break: list[Flowable] = [CondPageBreak(needed)] if needed < PAGE_ROOM else []
    return [*page_break, *heading, grid(lines, widths, page_room=PAGE_ROOM)]


def _height(flowable: Flowable, width: float) -> float:
    _, height = flowable.wrap(width, PAGE_ROOM)
    return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def _row_height(line: list[Any], widths: list[float]) -> float:
    cells = [(c if isinstance(c, list) else [c], width) for c, width in zip(line, widths, strict=True)]
    return max(sum(_height(f, width - 2 * PADDING) for f in cell) for cell, width in cells) + 2 * CELL_PADDING


def _matrix(rubric: Rubric, group: Group, s: dict[str, ParagraphStyle]) -> tuple[Lines, list[float]]:
    """Rows down the side, one column per level with its full text and a box, then the evidence."""
    subgroups = {sub.id: sub.title for sub in group.subgroups}
    heads = [rubric.terms.subgroup, "#"] if subgroups else [rubric.terms.row]
    head_widths = [4.4 * cm, 1.2 * cm] if subgroups else [_side_width(group, s["label"])]
    level_width, evidence = _level_columns(rubric, TEXT_WIDTH - sum(head_widths), s["cell"])
    header = [paragraph(h, s["label"]) for h in [*heads, *(lv.name for lv in rubric.levels), EVIDENCE]]
    lines: Lines = [header]
    shown = None
    for row in group.rows:
        for dimension in _dimensions_of(rubric):
            cell = row.cells()[dimension.id]
            if subgroups:
                title = subgroups.get(row.subgroup or "", row.title)
                first = [] if title == shown else paragraphs(title, s["cell"])
                shown = title
                side: list[Any] = [first, paragraphs(row.id, s["cell"])]
                if row.subgroup and row.title != title:
                    side[1] += paragraphs(row.title, s["cell"])
            else:
                side = [paragraphs(_heading_of(row), s["label"])]
            if len(rubric.dimensions) > 1:
                side[-1] += paragraphs(dimension.name, s["cell"])
            levels = [ticked(cell.describe(level), s["cell"]) for level in rubric.levels]
            lines.append([*side, *levels, _writing_room()])
    return lines, [*head_widths, *[level_width] * len(rubric.levels), evidence]


def _side_width(group: Group, style: ParagraphStyle) -> float:
    """The rows' heading column: 3.2 cm, or wide enough for the longest word of a title, up to 5 cm."""
    words = {w for row in group.rows for w in row.title.split()}
    widest = max(stringWidth(w, style.fontName, style.fontSize) for w in words)
    return min(max(3.2 * cm, widest + 2 * PADDING + 1), 5 * cm)


def _level_columns(rubric: Rubric, room: float, style: ParagraphStyle) -> tuple[float, float]:
    """The width of each level's column and of the evidence column: a level's column is wide enough for
    the longest word of its texts (a word is broken only when no column could hold it), the evidence
    column takes the rest."""
    words = {w for _, row in rubric.rows() for cell in row.cells().values() for lv in rubric.levels
             for w in cell.describe(lv).split()}  # fmt: skip
    widest = max((stringWidth(w, style.fontName, style.fontSize) for w in words), default=0)
    count = len(rubric.levels)
    usual = (room - EVIDENCE_WIDTH) / count
    level = min(max(usual, widest + BOX_ROOM + 2 * PADDING + 1), (room - LEAST_EVIDENCE_WIDTH) / count)
    return level, room - level * count


def _dimensions_of(rubric: Rubric) -> list[Dimension]:
    return [rubric.dimension(d) for d in rubric.dimension_ids()]


def _cell_checklist(rubric: Rubric, cell: Cell, s: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    """A cell's text, its criteria to tick, and its levels to tick."""
    story: list[Flowable] = paragraphs(cell.text, s["cell"]) if cell.text else []
    for criterion in cell.criteria or []:
        story += ticked(criterion, s["cell"])
    levels = _levels_across(rubric, s, width - 2 * PADDING)
    return [*story, Spacer(1, 3), paragraph(LEVEL, s["label"]), *levels]


def _levels_across(rubric: Rubric, s: dict[str, ParagraphStyle], room: float) -> list[Flowable]:
    """The levels side by side on one line, each after a box, when their names fit on one line in
    ``room``; otherwise one under the other (a name is never broken inside a word)."""
    style = s["cell"]
    boxes = [ticked(level.name, style) for level in rubric.levels]
    widths = [stringWidth(lv.name, style.fontName, style.fontSize) + BOX_ROOM + 6 for lv in rubric.levels]
    if sum(widths) > room:
        return [f for box in boxes for f in box]
    table = Table([boxes], colWidths=widths)
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    table.setStyle([("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1)])
    table.hAlign = "LEFT"
    return [table]


def _checklist(rubric: Rubric, group: Group, s: dict[str, ParagraphStyle]) -> tuple[Lines, list[float]]:
    """Rows down the side, one column per dimension with its criteria to tick, then the evidence."""
    dimensions = _dimensions_of(rubric)
    side, evidence = 4 * cm, 4.2 * cm
    width = (TEXT_WIDTH - side - evidence) / len(dimensions)
    header = [paragraph(h, s["label"]) for h in [rubric.terms.row, *(d.name for d in dimensions), EVIDENCE]]
    lines: Lines = [header]
    for row in group.rows:
        cells = row.cells()
        lines.append(
            [
                paragraphs(_heading_of(row), s["label"]),
                *(_cell_checklist(rubric, cells[d.id], s, width) for d in dimensions),
                _writing_room(),
            ]
        )
    return lines, [side, *[width] * len(dimensions), evidence]


def _template(rubric: Rubric, team: Dimension, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A team's action-planning template: its column of each function, the level, and what it will do."""
    district = team.id == "district"
    heads = [rubric.terms.row, team.name, LEVEL, *([BUILDINGS_FOUND] if district else []), ACTIONS]
    fixed = [4 * cm, 7.5 * cm, 4 * cm]
    rest = TEXT_WIDTH - sum(fixed)
    widths = [*fixed, rest / 2, rest / 2] if district else [*fixed, rest]
    lines: Lines = [[paragraph(h, s["label"]) for h in heads]]
    for _, row in rubric.rows():
        cell = row.cells()[team.id]
        text = paragraphs(cell.text, s["cell"]) if cell.text else []
        for criterion in cell.criteria or []:
            text += ticked(criterion, s["cell"])
        levels = [f for level in rubric.levels for f in ticked(level.name, s["cell"])]
        found: list[list[Flowable]] = [[]] if district else []
        lines.append([paragraphs(row.title, s["label"]), text, levels, *found, _writing_room()])
    return [
        PageBreak(),
        paragraph(TEMPLATE, s["kicker"]),
        *paragraphs(team.name, s["h1"]),
        paragraph(TEMPLATE_HOW, s["body"]),
        Spacer(1, 0.2 * cm),
        grid(lines, widths, page_room=PAGE_ROOM),
    ]


def _questions(rubric: Rubric, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The file's own reflection questions, each with room to answer; none when it names none."""
    prompts = reflection_prompts(rubric)
    if not prompts:
        return []
    story: list[Flowable] = [PageBreak(), paragraph(QUESTIONS, s["h1"])]
    for prompt in prompts:
        story += [*paragraphs(prompt, s["body"]), grid([[_writing_room() * 2]], [TEXT_WIDTH], header=False)]
        story.append(Spacer(1, 0.3 * cm))
    return story
