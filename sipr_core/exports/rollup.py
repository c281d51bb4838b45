"""The district view to download: an Excel workbook and a PDF, pure functions of a ``DistrictView``.

Both hold what the page shows: the district beside its schools, the schools furthest from their
targets, the levels per row, the heatmap (the level's name in Excel, its number on paper, where
the shading alone would not survive a black-and-white printer) and each school's sessions.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, SimpleDocTemplate, Spacer, Table

from ..district_plans import NO_ACTIONS, SchoolPlan, plans_table
from ..rollup import STATE_TEXT, DistrictView, Mark, State, is_sipr
from ..rollup_charts import STATE_MARK, mark_colour
from ..rollup_tables import (
    NO_SCHOOLS,
    SCALE_READING,
    TextTable,
    comparison_table,
    distribution_table,
    heatmap_table,
    range_text,
    scale_reach_table,
    schools_table,
    standings_table,
)
from ..rubric import Rubric
from .pdf_layout import FONT, GRID, SHADE, grid, paragraph, register_fonts, styles
from .safety import cell
from .xlsx import finish_sheet

CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def title_of(view: DistrictView) -> str:
    return f"District view: {view.rubric.short}, {view.info.district}"


def details(view: DistrictView) -> list[tuple[str, str]]:
    """What the view is of: the continuum, the district team's session, the dates and the schools."""
    info, found = view.info, view.rollup
    sessions = view.sessions_in_range
    return [
        ("Continuum", view.rubric.title),
        ("District", info.district),
        ("District team", f"{info.team}, session of {info.held_on:%d %B %Y} (join code {info.code})"),
        ("Dates", range_text(view.start, view.end)),
        ("Schools", f"{len(found.snapshots)} school teams, {sessions} sessions in these dates"),
    ]


def _dimensions(view: DistrictView) -> list[tuple[str, str]]:
    """(dimension id, suffix for a heading) for each dimension: no suffix for a one-dimension continuum."""
    rubric = view.rubric
    if not rubric.dimensions:
        return [(rubric.dimension_ids()[0], "")]
    return [(d, rubric.dimension(d).short) for d in rubric.dimension_ids()]


# --- Excel ------------------------------------------------------------------------------------


def _sheet_title(title: str, taken: list[str]) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, and new in the workbook."""
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    found, n = clean, 2
    while found.casefold() in (t.casefold() for t in taken):
        found = f"{clean[:27]} {n}"
        n += 1
    return found


def _sheet(book: Workbook, title: str, table: TextTable, empty: str = NO_SCHOOLS) -> Worksheet:
    sheet: Worksheet = book.create_sheet(_sheet_title(title, book.sheetnames))
    keys = list(table.columns)
    sheet.append([cell(heading) for heading in table.columns.values()])
    for line in table.lines:
        sheet.append([cell(line.get(k, "")) for k in keys])
    if not table.lines:
        sheet.append([cell(empty)])
    for index, key in enumerate(keys, start=1):
        longest = max(
            [len(str(line.get(key, ""))) for line in table.lines] + [len(table.columns[key]) // 2, 8]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, 50)
    finish_sheet(sheet, "B2")
    return sheet


def _dark(colour: str) -> bool:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


def _shade(sheet: Worksheet, view: DistrictView, dimension: str) -> None:
    """Colour each heatmap cell as the chart does (viridis levels, grey or white when there is no level)."""
    rubric = view.rubric
    styles: dict[Mark, tuple[PatternFill, Font]] = {}
    for r, marks in enumerate(view.rollup.marks[dimension], start=2):
        for c, found in enumerate(marks, start=2):
            if found not in styles:
                colour = mark_colour(rubric, found)
                fill = PatternFill("solid", fgColor=colour.removeprefix("#"))
                styles[found] = (fill, Font(color="FFFFFF" if _dark(colour) else "000000"))
            target = sheet.cell(row=r, column=c)
            target.fill, target.font = styles[found]
            target.alignment = CENTRE


def rollup_xlsx(view: DistrictView, plans: Sequence[SchoolPlan] = ()) -> bytes:
    """The district view as .xlsx bytes: a sheet per table, a heatmap sheet per dimension, and the building
    teams' action plans when given."""
    found = view.rollup
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    about = TextTable({"item": "Item", "value": "Value"}, [{"item": k, "value": v} for k, v in details(view)])
    _sheet(book, "District view", about).column_dimensions["B"].width = 90
    _sheet(book, "District and schools", comparison_table(found))
    if is_sipr(view.rubric):
        _sheet(book, "Scale across schools", scale_reach_table(found))
    _sheet(book, "Furthest from target", standings_table(found))
    for dimension, suffix in _dimensions(view):
        _sheet(book, f"Levels per row {suffix}".strip(), distribution_table(found, dimension))
        sheet = _sheet(book, f"Heatmap {suffix}".strip(), heatmap_table(found, dimension))
        _shade(sheet, view, dimension)
    _sheet(book, "Schools", schools_table(found))
    if plans:
        _sheet(book, "Action plans", plans_table(view.rubric, plans), NO_ACTIONS)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------

PAGE = landscape(A4)
COMPARISON_WIDTHS = {
    "group": 3.4 * cm,
    "row": 4.4 * cm,
    "dimension": 2.8 * cm,
    "district": 3.9 * cm,
    "spread": 4.4 * cm,
    "rated": 2.2 * cm,
}
MARGIN = 1.5 * cm
WIDTH = PAGE[0] - 2 * MARGIN


def _text_table(table: TextTable, s: dict[str, ParagraphStyle], widths: dict[str, float]) -> Flowable:
    """A table of paragraphs; columns without a given width share what is left."""
    keys = list(table.columns)
    fixed = sum(widths.get(k, 0) for k in keys)
    rest = (WIDTH - fixed) / max(sum(1 for k in keys if k not in widths), 1)
    head = [paragraph(table.columns[k], s["label"]) for k in keys]
    if not table.lines:
        return paragraph(NO_SCHOOLS, s["body"])
    # numbers need no wrapping, and a plain string costs far less than a paragraph
    body = [[_cell(line.get(k, ""), s) for k in keys] for line in table.lines]
    ruled = grid([head, *body], [widths.get(k, rest) for k in keys])
    ruled.setStyle([("FONT", (0, 1), (-1, -1), FONT, 9)])
    return ruled


def _cell(value: object, s: dict[str, ParagraphStyle]) -> object:
    return str(value) if isinstance(value, int | float) else paragraph(str(value), s["small"])


def _fit(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _grey(found: Mark, rubric: Rubric) -> colors.Color:
    """Lighter for lower levels, white when there is no level: the number in the cell says which."""
    if found.state is not State.RATED or found.position is None:
        return colors.white
    steps = len(rubric.scale()) - 1
    shade = 0.95 - 0.45 * (found.position - rubric.lowest()) / max(steps, 1)
    return colors.Color(shade, shade, shade)


def _heatmaps(
    view: DistrictView, dimension: str, suffix: str, s: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """One table per group: schools down the side, the group's rows across, a level number in each cell."""
    rubric, found = view.rubric, view.rollup
    heading = f"Heatmap: {suffix}" if suffix else "Heatmap"
    legend = " · ".join(f"{n} {level.name}" for n, level in enumerate(rubric.scale(), start=rubric.lowest()))
    legend += " · " + " · ".join(f"{STATE_MARK[state]} {STATE_TEXT[state].lower()}" for state in STATE_MARK)
    story: list[Flowable] = [paragraph(heading, s["h1"]), paragraph(legend, s["small"]), Spacer(1, 0.2 * cm)]
    if not found.snapshots:
        return [*story, paragraph(NO_SCHOOLS, s["body"])]
    index = {row.id: i for i, (_, row) in enumerate(rubric.rows())}
    for group in rubric.groups:
        columns = [index[row.id] for row in group.rows]
        head = [paragraph(rubric.terms.group + ": " + group.short, s["label"])]
        head += [paragraph(row.short, s["label"]) for row in group.rows]
        body = [
            [
                paragraph(label, s["small"]),
                *[STATE_MARK.get(marks[i].state, "") or str(marks[i].position) for i in columns],
            ]
            for label, marks in zip(found.labels, found.marks[dimension], strict=True)
        ]
        first = 6.5 * cm
        table = Table(
            [head, *body], colWidths=[first, *[(WIDTH - first) / len(columns)] * len(columns)], repeatRows=1
        )
        commands: list[Any] = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("FONT", (0, 1), (-1, -1), FONT, 9.5),
            ("TOPPADDING", (0, 1), (-1, -1), 1.5),  # about 35 schools a page
            ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
            ("ALIGN", (1, 1), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        for r, marks in enumerate(found.marks[dimension], start=1):
            for c, i in enumerate(columns, start=1):
                commands.append(("BACKGROUND", (c, r), (c, r), _grey(marks[i], rubric)))
        table.setStyle(commands)
        story += [table, Spacer(1, 0.4 * cm)]
    return story


def _scale_reach(view: DistrictView, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """SIPR: the district's Scale beside the schools that meet each Scale criterion, on its own pages."""
    if not is_sipr(view.rubric):
        return []
    widths = {"group": 3.4 * cm, "row": 4.4 * cm, "criterion": 9 * cm}
    table = _text_table(scale_reach_table(view.rollup), s, widths)
    heading = [paragraph("Scale across schools", s["h1"]), paragraph(SCALE_READING, s["small"])]
    return [PageBreak(), *heading, table]


def rollup_pdf(view: DistrictView, plans: Sequence[SchoolPlan] = ()) -> bytes:
    """The district view as PDF bytes (landscape A4), readable in black and white."""
    register_fonts()
    s = styles()
    found = view.rollup
    story: list[Flowable] = [
        paragraph("District view", s["kicker"]),
        paragraph(view.rubric.title, s["title"]),
        grid(
            [[paragraph(k, s["label"]), paragraph(v, s["cover"])] for k, v in details(view)],
            [4 * cm, WIDTH - 4 * cm],
            False,
        ),
        Spacer(1, 0.5 * cm),
        paragraph("The district beside its schools", s["h1"]),
        _text_table(comparison_table(found), s, COMPARISON_WIDTHS),
        *_scale_reach(view, s),
        PageBreak(),
        paragraph("Schools furthest from their targets", s["h1"]),
        _text_table(standings_table(found), s, {"school": 8 * cm}),
    ]
    for dimension, suffix in _dimensions(view):
        heading = f"Levels per row: {suffix}" if suffix else "Levels per row"
        table = _text_table(distribution_table(found, dimension), s, {"row": 6 * cm})
        story += [PageBreak(), KeepTogether([paragraph(heading, s["h1"]), table])]
        story += [PageBreak(), *_heatmaps(view, dimension, suffix, s)]
    story += [PageBreak(), paragraph("Schools and their sessions", s["h1"])]
    story.append(_text_table(schools_table(found), s, {"school": 6 * cm, "earlier": 7 * cm}))
    if plans:
        widths = {"school": 4 * cm, "what": 6 * cm, "evidence": 7 * cm}
        story += [PageBreak(), paragraph("Building teams' action plans", s["h1"])]
        story.append(_text_table(plans_table(view.rubric, plans), s, widths))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 0.4 * cm,
        title=title_of(view),
        author=view.info.facilitator,
        subject=view.rubric.title,
        creator="SIPR facilitation dashboard",
    )

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.drawString(
            MARGIN, MARGIN - 0.2 * cm, f"{title_of(view)} · {range_text(view.start, view.end)}"[:150]
        )
        canvas.drawRightString(PAGE[0] - MARGIN, MARGIN - 0.2 * cm, f"page {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def rollup_file_name(view: DistrictView, extension: str) -> str:
    """'2026-11-23 Riverside Schools - District view - sipr-practice-profile - 7KQ-M2X-9RD.xlsx'."""
    info = view.info
    safe = re.sub(r"[^\w .,()&'-]+", "_", info.district).strip(" ._")[:80] or "district"
    return f"{info.held_on.isoformat()} {safe} - District view - {info.rubric_id} - {info.code}.{extension}"


__all__ = ["rollup_file_name", "rollup_pdf", "rollup_xlsx"]
