"""The Present page's slides of a meeting with an agenda that are not a continuum's rows or radar: an
activity's purpose, steps and timing; a discussion's question and its answers once revealed; one of
the continuum file's reflective questions. Drawn in large type for the projector; all text as text.
"""

import html

import streamlit as st

from pages.common import attempt, attempt_quietly, store
from sipr_core import AgendaSlide, Meeting, SlideKind, first_slide_of, group_answers

GREY, INK = "#4A5563", "#14213D"


def title(text: str, size: str = "2.2rem") -> None:
    style = f"font-size:{size};line-height:1.2;margin:0.2rem 0 0.6rem 0;padding:0"
    st.html(f'<h1 style="{style}">{html.escape(text)}</h1>')


def start_timer(code: str, key: str, label: str, minutes: int) -> None:
    attempt(store().sessions.start_timer, code, key, label, minutes)


def activity_slide(meeting: Meeting, slide: AgendaSlide, code: str, key: str | None) -> None:
    """Purpose (the source's introduction), how long, the steps; the timer its minutes suggest."""
    item = meeting.items[slide.position].item
    title(item.title)
    activity = slide.activity
    if activity is not None and activity.duration:
        st.html(f'<div style="font-size:1.35rem;color:{GREY}">{html.escape(activity.duration)}</div>')
    steps = activity.steps if activity is not None else ([item.prompt] if item.prompt else [])
    if steps:
        items = "".join(f'<li style="margin:0.5rem 0">{html.escape(step)}</li>' for step in steps)
        st.html(f'<ol style="font-size:1.55rem;line-height:1.4">{items}</ol>')
    preset = slide.timer
    if preset is not None and key is not None:
        st.button(
            f"Start the {preset.minutes}-minute timer ({preset.suggestion})",
            icon=":material/timer:",
            key=f"agenda-timer-{slide.number}",
            on_click=start_timer,
            args=(code, key, preset.label, preset.minutes),
        )


def question_slide(meeting: Meeting, slide: AgendaSlide, key: str | None) -> None:
    """The question everyone answers on their phone; after Reveal, the answers grouped by topic."""
    title(slide.prompt, "2.4rem")
    item = meeting.items[slide.position]
    answers = attempt_quietly(store().discussion.answers, meeting.code, slide.position, key=key).value or []
    if not item.revealed:
        count = f"{len(answers)} answer{'s' if len(answers) != 1 else ''} in · " if key is not None else ""
        st.html(
            f'<div style="font-size:1.5rem;color:{GREY}">{count}Answer on your phone with the join code '
            f'<b style="color:{INK}">{html.escape(meeting.code)}</b>. The answers stay hidden until the '
            "facilitator reveals them.</div>"
        )
        if (
            key is not None
            and answers
            and st.button("Reveal the answers", type="primary", key="present-reveal")
        ):
            if attempt(store().discussion.reveal, meeting.code, key, slide.position).ok:
                st.rerun()
        return
    blocks = []
    for group in group_answers(answers):
        heading = html.escape(group.topic) if group.topic else "Other answers"
        lines = "".join(
            f'<li style="margin:0.25rem 0"><b>{html.escape(a.name)}</b>: {html.escape(a.text)}</li>'
            for a in group.answers
        )
        blocks.append(
            f'<div style="border:1px solid #C9D3DF;border-radius:0.6rem;padding:0.6rem 1rem;margin:0.5rem 0">'
            f'<div style="font-size:1.6rem;font-weight:700">{heading} ({len(group.answers)})</div>'
            f'<ul style="font-size:1.3rem;line-height:1.35">{lines}</ul></div>'
        )
    st.html("".join(blocks) or '<div style="font-size:1.5rem">No answers were written.</div>')


def reflection_slide(slide: AgendaSlide) -> None:
    st.html(f'<div style="font-size:1.4rem;color:{GREY}">Reflect together</div>')
    title(slide.prompt, "2.8rem")


def draw(meeting: Meeting, slide: AgendaSlide, code: str, key: str | None) -> None:
    """An agenda slide that is not a continuum's row or radar."""
    if slide.kind is SlideKind.ACTIVITY:
        activity_slide(meeting, slide, code, key)
    elif slide.kind is SlideKind.QUESTION:
        question_slide(meeting, slide, key)
    else:
        reflection_slide(slide)


def where(meeting: Meeting, slide: AgendaSlide) -> str:
    return html.escape(f"{meeting.title} · activity {slide.position + 1} of {len(meeting.items)}")


def follow_agenda(meeting: Meeting, deck: list[AgendaSlide], key: str | None, number: int) -> int:
    """A slide of another activity: the meeting moves there, so the phones follow the projector. Refused
    when another window moved the meeting since this one was drawn: then the slide to show is the first
    of the activity the meeting is at."""
    target = deck[max(1, min(number, len(deck))) - 1].position
    if key is None or target == meeting.current:
        return number
    if attempt(store().meetings.move, meeting.code, key, target, expected=meeting.current).ok:
        return number
    now = attempt_quietly(store().meetings.load, meeting.code).value
    return first_slide_of(deck, now.current) if now is not None else number
