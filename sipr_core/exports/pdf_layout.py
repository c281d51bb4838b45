"""The PDFs' building blocks, shared by the session summary (``pdf``) and the District view (``rollup``):
the font, the paragraph styles, paragraphs of literal text, and ruled tables.

Every text the app accepts fits: reportlab moves a whole table row to the next page and stops with a
LayoutError when a row is taller than a page (5,000 characters of evidence are). So a row holding a
tall text is laid out below the table instead, as a label and the text in paragraphs the width of the
page (``labelled_rows``, ``columns_table``), cut into pieces that are cheap to split across pages;
any other row too tall for what is left of a page is split across pages (``grid``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..text import pdf_text

__all__ = [
    "FONT",
    "GRID",
    "PADDING",
    "SHADE",
    "WholeRows",
    "columns_table",
    "grid",
    "labelled_rows",
    "page_numbers",
    "paragraph",
    "paragraphs",
    "register_fonts",
    "styles",
]

FONT = "SiprSans"
_FONT_FILES = [
    # DejaVu covers far more scripts than Vera; Vera ships inside reportlab, so it is always there.
    (
        Path("/usr/share/fonts/truetype/dejavu"),
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    ),
    (Path(reportlab.__file__ or ".").parent / "fonts", ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf")),
]
GRID = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.92, 0.92, 0.92)
ROW_SPLIT_POINTS = 36
"""A row is split across pages only where both parts are at least this tall (about three lines)."""
TALL_CELL_POINTS = 250
"""A cell whose text would be taller than this (a third of a page) is laid out below its table."""
PIECE = 1_500
"""Characters per paragraph of a long text: reportlab lays a paragraph's rest out again on every page."""
PADDING = 4


def register_fonts() -> None:
    """Register the PDF's font family (DejaVu Sans, else reportlab's own Vera) once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for folder, (regular, bold, italic) in _FONT_FILES:
        if all((folder / name).is_file() for name in (regular, bold, italic)):
            pdfmetrics.registerFont(TTFont(FONT, str(folder / regular)))
            pdfmetrics.registerFont(TTFont(FONT + "-Bold", str(folder / bold)))
            pdfmetrics.registerFont(TTFont(FONT + "-Italic", str(folder / italic)))
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT + "-Bold", italic=FONT + "-Italic", boldItalic=FONT + "-Bold"
            )
            return
    raise RuntimeError("No font for the PDF: neither DejaVu Sans nor reportlab's Vera was found.")


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles by name: body, small, label, cover, kicker, title, source, h1, h2, note."""
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12),
        "label": ParagraphStyle("label", parent=base, fontName=FONT + "-Bold", fontSize=9.5, leading=12),
        "cover": ParagraphStyle("cover", parent=base, fontSize=11, leading=15, spaceAfter=4),
        "kicker": ParagraphStyle("kicker", parent=base, fontSize=12, leading=16, spaceAfter=6),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT + "-Bold", fontSize=22, leading=27, spaceAfter=8
        ),
        "source": ParagraphStyle("source", parent=base, fontName=FONT + "-Italic", fontSize=9.5, leading=13),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=FONT + "-Bold", fontSize=16, leading=20, spaceAfter=6
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT + "-Bold",
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "note": ParagraphStyle(
            "note",
            parent=base,
            borderColor=colors.black,
            borderWidth=1,
            borderPadding=8,
            spaceBefore=8,
            spaceAfter=12,
        ),
    }


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of literal text (reportlab reads ``<`` and ``&`` as markup), line breaks kept."""
    return Paragraph(pdf_text(text), style)


def paragraphs(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Text of any length as paragraphs of at most ``PIECE`` characters, cut after a line or a
    sentence where one ends near the limit, else after a word, else anywhere (one long "word")."""
    pieces: list[Flowable] = []
    rest = text
    while len(rest) > PIECE:
        window = rest[:PIECE]
        cut = max(window.rfind("\n"), window.rfind(". ") + 1)
        if cut < PIECE // 2:
            cut = window.rfind(" ")
        if cut < PIECE // 2:
            cut = PIECE
        pieces.append(paragraph(rest[:cut].strip("\n"), style))
        rest = rest[cut:].lstrip(" \n")
    pieces.append(paragraph(rest, style))
    return pieces


def _tall(cell: object, width: float) -> bool:
    """Whether the paragraph is taller than ``TALL_CELL_POINTS`` in a column this wide; a text too long
    to fit even in the narrowest letters is, without the cost of laying it out."""
    if not isinstance(cell, Paragraph):
        return False
    style, room = cell.style, width - 2 * PADDING
    narrowest_line = room / (0.25 * style.fontSize)  # characters: no letter is narrower than a quarter em
    if len(cell.text) > narrowest_line * TALL_CELL_POINTS / style.leading:
        return True
    return bool(cell.wrap(room, 1e9)[1] > TALL_CELL_POINTS)


def labelled_rows(
    rows: list[tuple[str, str]],
    widths: list[float],
    label_style: ParagraphStyle,
    value_style: ParagraphStyle,
    head: tuple[str, str] | None = None,
) -> list[Flowable]:
    """Label and value, one pair a row, under a shaded ``head`` row repeated on every page; a value too
    tall for a table is laid out below the rows before it (its label, then the text) and the table goes
    on after it."""
    top = [[paragraph(head[0], label_style), paragraph(head[1], label_style)]] if head else []
    story: list[Flowable] = []
    pending: list[list[Any]] = []
    for label, value in rows:
        shown = paragraph(value, value_style)
        if not _tall(shown, widths[1]):
            pending.append([paragraph(label, label_style), shown])
            continue
        if pending or (top and not story):
            story.append(grid([*top, *pending], widths, header=bool(top)))
        story += [Spacer(1, 4), paragraph(label, label_style), *paragraphs(value, value_style), Spacer(1, 6)]
        pending = []
    if pending or (top and not story):
        story.append(grid([*top, *pending], widths, header=bool(top)))
    return story


def columns_table(
    columns: list[str],
    lines: list[list[Any]],
    widths: list[float],
    head_style: ParagraphStyle,
    cell_style: ParagraphStyle,
) -> list[Flowable]:
    """A table under its column headings (repeated on every page); numbers are put in as they are. A
    line with a text too tall for a table is laid out below the lines before it, each value under its
    column's heading, and the table goes on after it, under its headings again."""
    head = [paragraph(c, head_style) for c in columns]
    story: list[Flowable] = []
    pending: list[list[Any]] = []

    def table() -> None:
        ruled = grid([head, *pending], widths)
        ruled.setStyle([("FONT", (0, 1), (-1, -1), cell_style.fontName, cell_style.fontSize)])
        story.append(ruled)

    for line in lines:
        cells = [str(v) if isinstance(v, int | float) else paragraph(v, cell_style) for v in line]
        if not any(_tall(c, w) for c, w in zip(cells, widths, strict=True)):
            pending.append(cells)
            continue
        if pending:
            table()
        story.append(Spacer(1, 4))
        for name, value in zip(columns, line, strict=True):
            story += [paragraph(name, head_style), *paragraphs(str(value), cell_style)]
        story.append(Spacer(1, 6))
        pending = []
    if pending or not story:
        table()
    return story


class WholeRows(Table):
    """A table that splits a row across pages only when the row is taller than ``page_room``, the height
    of an empty page. reportlab's own Table splits between rows first, then places the rest of the table
    in what is left of the page by splitting its first row there, under a second header mid-page."""

    def __init__(self, *args: Any, page_room: float = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # reportlab makes the parts of a split without page_room
        self.page_room = page_room

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # reportlab's own split, in two steps; its row geometry is not in its type stubs
        self._calc(availWidth, availHeight)  # type: ignore[attr-defined]
        parts: list[Flowable] = self._splitRows(availHeight, doInRowSplit=0)  # type: ignore[attr-defined]
        first_row = sum(self._rowHeights[: int(self.repeatRows) + 1])  # type: ignore[attr-defined]
        if not parts and (first_row > self.page_room or availHeight >= self.page_room - 1):
            parts = self._splitRows(availHeight, doInRowSplit=1)  # type: ignore[attr-defined]
        # otherwise [], and the first row moves to the next page whole
        for part in parts:
            if isinstance(part, WholeRows):
                part.page_room = self.page_room
        return list(parts)


def grid(
    rows: list[list[Any]], widths: list[float], header: bool = True, page_room: float | None = None
) -> Table:
    """A ruled table, its first row shaded and repeated on every page when ``header``; a row too tall
    for what is left of a page is split across pages (with ``page_room``, the height of an empty page,
    only a row taller than that: any other moves to the next page whole)."""
    options: dict[str, Any] = {"repeatRows": 1 if header else 0, "splitInRow": ROW_SPLIT_POINTS}
    if page_room is None:
        table = Table(rows, colWidths=widths, **options)
    else:
        table = WholeRows(rows, colWidths=widths, page_room=page_room, **options)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def page_numbers(right: float, y: float, size: float = 8) -> Callable[[Any, Any], None]:
    """A page callback for ``SimpleDocTemplate.build``: "page N" in black at the foot, ending at ``right``."""

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, size)
        canvas.setFillColor(colors.black)
        canvas.drawRightString(right, y, f"page {doc.page}")
        canvas.restoreState()

    return footer
