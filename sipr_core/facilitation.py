"""The toolkit's facilitation protocol: the guided walk down the levels, and reflection prompts."""

from __future__ import annotations

from .loader import Library
from .rubric import Level, Rubric

TOOLKIT_RUBRIC = "micip-collaboration"
TOOLKIT_ACTIVITY = "activity-2"
GUIDED_QUESTION = "To what extent does this describe your district?"


def guided_order(rubric: Rubric) -> list[Level]:
    """Levels from the highest down: the toolkit begins with "Accomplished" and moves left until one fits."""
    return list(reversed(rubric.levels))


def reflection_prompts(rubric: Rubric, library: Library) -> list[str]:
    """The rubric's own activity prompts; otherwise the toolkit's Activity 2 questions."""
    own = [prompt for activity in rubric.activities for prompt in activity.prompts]
    if own:
        return own
    toolkit = library.rubrics.get(TOOLKIT_RUBRIC)
    if toolkit is None:
        return []
    return [p for a in toolkit.activities if a.id == TOOLKIT_ACTIVITY for p in a.prompts]
