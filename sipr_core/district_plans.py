"""The building teams' action plans and evidence, gathered for the district team's plan.

Pure: each school team's latest session in the range (its action items and the evidence it wrote on
its rows) in; one line per action item, filtered by row and status, out. A join code is in a line only
when the plan was read with the facilitator key (the store leaves it empty otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .actions import ActionItem, ActionStatus, describe, known_row
from .history_words import short
from .rollup import school_labels, school_order
from .rollup_tables import TextTable, Value
from .rubric import Rubric
from .scoring import Key
from .session import SessionInfo
from .tables import plural


@dataclass(frozen=True)
class SchoolPlan:
    """A building team's action plan and the evidence it wrote, from its latest session in the range."""

    info: SessionInfo
    rubric: Rubric
    items: list[ActionItem]
    evidence: Mapping[Key, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanFilter:
    """Which action items to show: those naming this row, with this status (``None``: any)."""

    row_id: str | None = None
    status: ActionStatus | None = None

    def keeps(self, item: ActionItem) -> bool:
        if self.row_id is not None and self.row_id not in item.row_ids:
            return False
        return self.status is None or item.status is self.status


def evidence_text(plan: SchoolPlan, row_ids: Sequence[str]) -> str:
    """The school's evidence on these rows, a line per row and dimension that has some."""
    rubric = plan.rubric
    lines = []
    for row_id in row_ids:
        if not known_row(rubric, row_id):
            continue
        for dimension in rubric.dimension_ids():
            text = plan.evidence.get((row_id, dimension), "").strip()
            if text:
                where = rubric.row(row_id).short
                if len(rubric.dimension_ids()) > 1:
                    where += f" ({rubric.dimension(dimension).short})"
                lines.append(f"{where}: {text}")
    return "\n".join(lines)


Kept = tuple[str, SchoolPlan, ActionItem]
"""An action item the filter keeps, with its plan and the school's label."""


def kept_items(plans: Sequence[SchoolPlan], chosen: PlanFilter = PlanFilter()) -> list[Kept]:
    """The action items the filter keeps, school by school (alphabetical), in each team's order."""
    ordered = sorted(plans, key=lambda p: school_order(p.info))
    labels = school_labels([p.info for p in ordered])
    return [
        (label, plan, item)
        for label, plan in zip(labels, ordered, strict=True)
        for item in plan.items
        if chosen.keeps(item)
    ]


def line_of(label: str, plan: SchoolPlan, item: ActionItem) -> dict[str, str]:
    """An action item in words, with its school, session and evidence."""
    line = {"school": label, "code": plan.info.code, "held_on": plan.info.held_on.isoformat()}
    line.update(session_id=plan.info.id, item_id=item.id)
    line.update(describe(plan.rubric, item))
    line["evidence"] = evidence_text(plan, item.row_ids)
    return line


def plan_lines(plans: Sequence[SchoolPlan], chosen: PlanFilter = PlanFilter()) -> list[dict[str, str]]:
    """One line per action item the filter keeps, school by school (alphabetical), in each team's order."""
    return [line_of(*kept) for kept in kept_items(plans, chosen)]


NO_ACTIONS = "No building team in these dates has an action item in its plan yet."

PLAN_COLUMNS = {
    "school": "School",
    "what": "What we will do",
    "status": "Status",
    "rows": "Rows",
    "owner": "Owner",
    "due": "Due",
    "evidence": "Evidence on those rows",
    "held_on": "Session of",
    "code": "Join code",
}
"""What a phone shows first: the school, the action and its status."""


def plans_table(rubric: Rubric, plans: Sequence[SchoolPlan], chosen: PlanFilter = PlanFilter()) -> TextTable:
    """The building teams' action items as a table, in the continuum's words; the join code only when known
    (the facilitator's view)."""
    return _table(rubric, plans, plan_lines(plans, chosen))


def _table(rubric: Rubric, plans: Sequence[SchoolPlan], found: Sequence[dict[str, str]]) -> TextTable:
    rows = plural(rubric.terms.row)
    columns = dict(PLAN_COLUMNS, rows=rows, evidence=f"Evidence on those {rows.lower()}")
    if not any(p.info.code for p in plans):
        del columns["code"]
    lines: list[dict[str, Value]] = [{k: line[k] for k in columns} for line in found]
    return TextTable(columns, lines)


PAGE_LINES = 50
"""Action items on one page of the District view's table: 200 schools' plans are thousands of lines."""


@dataclass(frozen=True)
class Adoptable:
    """A line of the plans' table as the district may adopt it: the school session's item, in words."""

    session_id: str
    item_id: str
    label: str


@dataclass(frozen=True)
class PlanPage:
    """One page of the building teams' action items the filter keeps, and which page of how many."""

    table: TextTable
    items: list[Adoptable]
    number: int
    pages: int
    total: int

    def caption(self) -> str:
        """'Action items 51–100 of 2,000' (or 'One action item', 'All 7 action items')."""
        if self.total <= PAGE_LINES:
            return "One action item" if self.total == 1 else f"All {self.total:,} action items"
        first = (self.number - 1) * PAGE_LINES + 1
        return f"Action items {first:,}–{first + len(self.items) - 1:,} of {self.total:,}"


def plans_page(
    rubric: Rubric, plans: Sequence[SchoolPlan], chosen: PlanFilter = PlanFilter(), number: int = 1
) -> PlanPage:
    """Page ``number`` (from 1; past the last: the last) of the action items the filter keeps."""
    found = kept_items(plans, chosen)  # in words only the page's lines: 200 schools' plans are thousands
    pages = max(1, -(-len(found) // PAGE_LINES))
    number = min(max(1, number), pages)
    shown = [line_of(*kept) for kept in found[(number - 1) * PAGE_LINES : number * PAGE_LINES]]
    items = [
        Adoptable(x["session_id"], x["item_id"], f"{x['school']}: {short(x['what'], 120)}") for x in shown
    ]
    return PlanPage(_table(rubric, plans, shown), items, number, pages, len(found))
