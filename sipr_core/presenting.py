"""Presentation mode: the sequence of slides for the projector and the activity-timer presets.

Pure: a rubric in, plain data out. The Present page only draws what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rubric import Activity, Group, Row, Rubric, Subgroup
from .tables import NOT_RATED

MIN_MINUTES = 1
MAX_MINUTES = 240
"""The range of a timer the store accepts."""


@dataclass(frozen=True)
class Slide:
    """One slide: a row of the rubric (every dimension side by side) or, at the end, the overview."""

    number: int
    total: int
    group: Group | None = None
    row: Row | None = None
    subgroup: Subgroup | None = None
    row_in_group: int = 0
    rows_in_group: int = 0

    @property
    def is_overview(self) -> bool:
        return self.row is None

    @property
    def counter(self) -> str:
        """'Slide 3 of 29': slides, so it is not read as the row's place in its group."""
        return f"Slide {self.number} of {self.total}"


def slides(rubric: Rubric) -> list[Slide]:
    """One slide per row in the rubric's order, then a closing slide with the overall picture."""
    total = rubric.row_count() + 1
    found: list[Slide] = []
    for group in rubric.groups:
        subgroups = {s.id: s for s in group.subgroups}
        for place, row in enumerate(group.rows, start=1):
            found.append(
                Slide(
                    number=len(found) + 1,
                    total=total,
                    group=group,
                    row=row,
                    subgroup=subgroups.get(row.subgroup) if row.subgroup else None,
                    row_in_group=place,
                    rows_in_group=len(group.rows),
                )
            )
    found.append(Slide(number=total, total=total))
    return found


def slide_number(asked: str | None, total: int) -> int:
    """The slide to show for a ``?slide=`` value: 1 when missing or not a number, else kept in range."""
    try:
        number = int((asked or "").strip())
    except ValueError:
        return 1
    return min(max(number, 1), total)


def level_choices(rubric: Rubric) -> dict[str, str | None]:
    """The choices of a slide's level control, lowest first after "Not rated": name to level id."""
    choices: dict[str, str | None] = {NOT_RATED: None}
    choices.update({level.name: level.id for level in rubric.levels})
    return choices


@dataclass(frozen=True)
class TimerPreset:
    """A timer the facilitator can start: an activity of the source and its suggested minutes."""

    label: str
    minutes: int
    low: int
    high: int

    @property
    def suggestion(self) -> str:
        """'20 to 30 minutes', or 'about 45 minutes' when the source gives one figure."""
        if self.low == self.high:
            return f"about {self.high} minutes"
        return f"{self.low} to {self.high} minutes"


def timer_presets(rubric: Rubric) -> list[TimerPreset]:
    """The rubric's own activities with suggested minutes; the default is the upper bound.

    Activities without minutes are left out; a rubric without any gets no preset (a custom timer only).
    """
    return [preset for activity in rubric.activities if (preset := activity_preset(activity)) is not None]


def activity_preset(activity: Activity) -> TimerPreset | None:
    """The timer an activity's own minutes suggest (the upper bound, kept in the timer's range); None
    when the source gives no minutes."""
    if activity.minutes is None:
        return None
    low, high = sorted(activity.minutes)
    high = min(max(high, MIN_MINUTES), MAX_MINUTES)
    low = min(max(low, MIN_MINUTES), high)
    return TimerPreset(activity.title, high, low, high)
