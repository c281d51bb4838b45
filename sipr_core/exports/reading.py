"""A reading's handout to print (the toolkit's Handout 1): the source's text to read and discuss, whole.

Portrait A4, black and white: the reading's name, the source line, each section's title and paragraphs,
its items each after a box to tick (Activity 1 asks each person for the outcome that most resonates),
and room for notes. Every word but the labels is the rubric file's own text.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer

from ..rubric import Reading, Rubric
from .pdf_layout import grid, page_numbers, paragraph, paragraphs, register_fonts, styles
from .pdf_marks import Room, ticked

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2 * cm
NOTES = "Notes"
NOTES_ROOM = 4 * cm
"""Room to write under "Notes": why an outcome resonates, the examples the team names."""
READING_LABELS = (NOTES, "Source:", "page")
"""Every word a reading's handout adds to the reading's own text (and its name and source line)."""


def reading_file_name(reading: Reading) -> str:
    """'micip-introduction-handout.pdf': a reading's id is letters, digits, '.', '-' and '_' only."""
    return f"{reading.id}-handout.pdf"


def reading_pdf(rubric: Rubric, reading: Reading) -> bytes:
    """The reading as PDF bytes, with the source of the rubric file that holds it."""
    register_fonts()
    s = styles()
    source = rubric.source
    where = ", ".join(part for part in (source.document, reading.part, source.edition) if part)
    story: list[Flowable] = [
        paragraph(reading.name, s["kicker"]),
        *paragraphs(f"Source: {where}", s["source"]),
        Spacer(1, 0.4 * cm),
    ]
    for section in reading.sections:
        story += paragraphs(section.title, s["h1"])
        for text in section.paragraphs:
            story += [*paragraphs(text, s["body"]), Spacer(1, 0.25 * cm)]
        for item in section.items:
            story += [*ticked(item, s["body"]), Spacer(1, 0.2 * cm)]
        story.append(Spacer(1, 0.3 * cm))
    notes = grid([[[Room(NOTES_ROOM)]]], [PAGE_WIDTH - 2 * MARGIN], header=False)
    story.append(KeepTogether([paragraph(NOTES, s["label"]), notes]))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{reading.name}: {reading.sections[0].title}",
        subject=source.document,
        creator="SIPR facilitation dashboard",
    )
    footer = page_numbers(PAGE_WIDTH - MARGIN, MARGIN - 0.6 * cm)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
