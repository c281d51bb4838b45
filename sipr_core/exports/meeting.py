"""The meeting's summary as PDF: the agenda, each discussion's answers grouped, each continuum's levels.

What a district leader takes away from a meeting with an agenda: one file for the whole meeting. Each
continuum's own session summary (Summary page) still has its evidence, next steps and charts.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, SimpleDocTemplate

from ..agenda import Meeting, group_answers
from ..rounds import cell_label
from ..session import Session
from ..storage import MeetingRecord
from .pdf_layout import paragraph, paragraphs, register_fonts, styles

NOT_REVEALED = "The answers are not revealed yet."
NOT_RECORDED = "not recorded"


def meeting_file_name(meeting: Meeting) -> str:
    """'meeting-2026-12-02-7KQM2X9RD.pdf': the date and the join code, nothing a person typed."""
    return f"meeting-{meeting.held_on.isoformat()}-{meeting.code.replace('-', '')}.pdf"


def meeting_lines(record: MeetingRecord) -> list[tuple[str, str]]:
    """The summary as (style, text) lines, in order: the one content both the PDF and its test read."""
    meeting = record.meeting
    lines = [
        ("title", meeting.title),
        (
            "cover",
            f"{meeting.place} · {meeting.team} · {meeting.held_on:%d %B %Y}"
            f" · facilitator {meeting.facilitator}",
        ),
    ]
    for item in meeting.items:
        lines.append(("h1", f"{item.position + 1}. {item.item.title}"))
        if item.is_discussion:
            lines.append(("label", item.item.prompt))
            answers = record.answers.get(item.position)
            if answers is None:
                lines.append(("body", NOT_REVEALED))
                continue
            for group in group_answers(answers):
                lines.append(("h2", f"{group.topic or 'Other answers'} ({len(group.answers)})"))
                lines += [("body", f"{a.name}: {a.text}" if a.text else a.name) for a in group.answers]
        elif item.position in record.sessions:
            lines += _levels(record.sessions[item.position])
    return lines


def _levels(session: Session) -> list[tuple[str, str]]:
    rubric = session.rubric
    lines = [("small", f"Session {session.info.code}")]
    for _, row in rubric.rows():
        for dimension in row.cells():
            entry = session.entry(row.id, dimension)
            rating = entry.rating
            level = rubric.level(rating.level).name if rating.level else NOT_RECORDED
            level = "not applicable" if rating.not_applicable else level
            lines.append(("body", f"{cell_label(rubric, (row.id, dimension))}: {level}"))
            lines += [
                ("small", f"{what}: {text}")
                for what, text in (("Evidence", entry.evidence), ("Next steps", entry.next_steps))
                if text
            ]
    return lines


def meeting_summary_pdf(record: MeetingRecord) -> bytes:
    """The meeting's summary as PDF bytes (A4 portrait); every text a person typed is literal text."""
    register_fonts()
    s = styles()
    story: list[Flowable] = []
    for style, text in meeting_lines(record):
        story += paragraphs(text, s[style]) if style == "body" else [paragraph(text, s[style])]
    out = io.BytesIO()
    margin = 1.8 * cm
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"Meeting summary {record.meeting.code}",
        creator="SIPR facilitation dashboard",
    )
    document.build(story)
    return out.getvalue()
