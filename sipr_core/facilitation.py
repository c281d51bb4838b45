"""The toolkit's facilitation protocol: the guided walk down the levels, and reflection prompts."""

from __future__ import annotations

from .rubric import GuideSection, Level, Rubric

GUIDED_QUESTION = "To what extent does this describe your district?"
SCHOOL_QUESTION = "To what extent does this describe your school?"
"""The toolkit's question as a building team asks it: Activity 3 has building teams work on their own
building's functions, and a building team's session is one that names its school."""
READINESS = "Facilitator Readiness"
"""The title of the guide section that asks facilitators to be familiar with the content listed after it."""


def guided_order(rubric: Rubric) -> list[Level]:
    """Levels from the highest down: the toolkit begins with "Accomplished" and moves left until one fits."""
    return list(reversed(rubric.levels))


def guided_question(building_team: bool) -> str:
    """The guided walk's question: about the school in a building team's session, else the district."""
    return SCHOOL_QUESTION if building_team else GUIDED_QUESTION


def guided_step(rubric: Rubric, step: int) -> tuple[Level, bool]:
    """The level at this step of the walk down from the highest (0 is the highest; a step past the lowest
    is the lowest), and whether it is the lowest: there the walk stops, for the lowest level fits if no
    higher one does."""
    order = guided_order(rubric)
    at = max(0, min(step, len(order) - 1))
    return order[at], at == len(order) - 1


def reflection_prompts(rubric: Rubric) -> list[str]:
    """The questions the rubric's own file asks in its activities, and none it does not.

    No instrument borrows another's: the toolkit's questions belong to the toolkit's continua, and
    SIPR and the Leadership System have none unless a district's file of them names some.
    """
    return [prompt for activity in rubric.activities for prompt in activity.prompts]


def readiness_section(rubric: Rubric) -> GuideSection | None:
    """The guide's Facilitator Readiness section, if the rubric's file has one."""
    return next((section for section in rubric.guide if section.title == READINESS), None)


def readiness_checklist(rubric: Rubric) -> list[str]:
    """What a facilitator ticks before the meeting: the content Facilitator Readiness asks them to be
    familiar with, which is the list that follows it (the toolkit's MICIP Mindset), verbatim; none when the
    guide has no Facilitator Readiness or no list after it."""
    section = readiness_section(rubric)
    if section is None:
        return []
    after = rubric.guide[rubric.guide.index(section) :]
    return next((list(s.items) for s in after if s.items), [])
