"""The action plan in a summary: each item in words, the overdue ones, and Maintaining Balance's templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..actions import ActionItem, describe
from ..balance import template, templates_side_by_side
from ..rubric import Rubric
from ..session import Session
from .summary_model import BalanceSection


def action_words(rubric: Rubric, item: ActionItem) -> dict[str, str]:
    """An action item in words; a district's item adopted from a school's plan says where it came from."""
    words = describe(rubric, item)
    if item.adopted is not None:
        words["what"] = f"{words['what']} ({item.adopted.text()})"
    return words


def overdue_text(item: ActionItem) -> str:
    """An overdue action in one line: what, whose, when it was due and how it stands."""
    owner = f" ({item.owner})" if item.owner else ""
    due = item.due.isoformat() if item.due else ""
    return f"{item.what}{owner}: due {due}, {item.status.label}"


def balance_section(
    session: Session,
    actions: Sequence[ActionItem],
    buildings: Sequence[Session],
    plans: Mapping[str, Sequence[ActionItem]],
) -> BalanceSection:
    """Maintaining Balance in a summary: the team's own template, or the building teams' side by side."""
    rubric = session.rubric
    if buildings:
        table = templates_side_by_side(session, buildings, {session.info.id: actions, **plans})
        return BalanceSection(
            "Building teams' templates, side by side",
            "Maintaining Balance, Activity 3: the district team reviews the building teams' templates "
            "before completing its own.",
            list(table.columns.values()),
            [list(line.values()) for line in table.lines],
            [f"{team}: {tally}" for team, tally in table.tallies.items()],
        )
    own = template(session, actions)
    whose = "Building" if session.info.school else "District"
    columns = [rubric.terms.row, *(own.lines[0].levels if own.lines else []), "Action items"]
    return BalanceSection(
        f"{whose} action-planning template",
        "Maintaining Balance, Activity 3: which functions are in place, and which need to be created "
        "or strengthened.",
        columns,
        [[line.function, *line.levels.values(), "\n".join(line.actions)] for line in own.lines],
        [own.tally_text()],
    )
