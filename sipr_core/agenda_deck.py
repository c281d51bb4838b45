"""The Present deck of a meeting with an agenda: for each activity a slide with its purpose, steps and
timing, then (a discussion) its question, or (a continuum) its rows, its reflective questions each on a
slide of its own, and its closing radar.

Pure: the meeting and the rubrics in, plain data out. The questions are the rated rubric file's own
(``facilitation.reflection_prompts`` of the activity), never another instrument's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from .agenda import Meeting, activity_of
from .presenting import Slide, TimerPreset, activity_preset, slides
from .rubric import Activity, Rubric


class SlideKind(StrEnum):
    ACTIVITY = "activity"
    QUESTION = "question"
    """A discussion's question; its answers, grouped, once revealed."""
    ROW = "row"
    REFLECTION = "reflection"
    OVERVIEW = "overview"


@dataclass(frozen=True)
class AgendaSlide:
    """One slide of the meeting's deck; ``slide`` is the continuum's own row or overview slide."""

    number: int
    total: int
    position: int
    kind: SlideKind
    activity: Activity | None = None
    slide: Slide | None = None
    prompt: str = ""

    @property
    def counter(self) -> str:
        return f"Slide {self.number} of {self.total}"

    @property
    def timer(self) -> TimerPreset | None:
        """The timer the activity's own minutes suggest, if the source gives them."""
        return activity_preset(self.activity) if self.activity is not None else None


def agenda_slides(meeting: Meeting, rubrics: Mapping[str, Rubric]) -> list[AgendaSlide]:
    """Every slide of the meeting in agenda order, numbered from 1."""
    found: list[tuple[int, SlideKind, Activity | None, Slide | None, str]] = []
    for entry in meeting.items:
        item = entry.item
        rubric = rubrics.get(item.rubric_id or "")
        activity = activity_of(rubric, item.activity_id) if rubric is not None else None
        found.append((entry.position, SlideKind.ACTIVITY, activity, None, item.prompt))
        if entry.is_discussion:
            found.append((entry.position, SlideKind.QUESTION, activity, None, item.prompt))
            continue
        if rubric is None or entry.session_code is None:
            continue
        deck = slides(rubric)
        found += [(entry.position, SlideKind.ROW, activity, s, "") for s in deck[:-1]]
        prompts = activity.prompts if activity is not None else []
        found += [(entry.position, SlideKind.REFLECTION, activity, None, p) for p in prompts]
        found.append((entry.position, SlideKind.OVERVIEW, activity, deck[-1], ""))
    total = len(found)
    return [
        AgendaSlide(number, total, position, kind, activity, slide, prompt)
        for number, (position, kind, activity, slide, prompt) in enumerate(found, start=1)
    ]


def first_slide_of(deck: list[AgendaSlide], position: int) -> int:
    """The number of the first slide of the activity at ``position`` (1 when it has none)."""
    return next((s.number for s in deck if s.position == position), 1)
