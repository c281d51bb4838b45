"""The toolkit's facilitation protocol: the guided walk down the levels, and reflection prompts."""

from __future__ import annotations

from .rubric import Level, Rubric

GUIDED_QUESTION = "To what extent does this describe your district?"


def guided_order(rubric: Rubric) -> list[Level]:
    """Levels from the highest down: the toolkit begins with "Accomplished" and moves left until one fits."""
    return list(reversed(rubric.levels))


def reflection_prompts(rubric: Rubric) -> list[str]:
    """The questions the rubric's own file asks in its activities, and none it does not.

    No instrument borrows another's: the toolkit's questions belong to the toolkit's continua, and
    SIPR and the Leadership System have none unless a district's file of them names some.
    """
    return [prompt for activity in rubric.activities for prompt in activity.prompts]
