"""The building teams' action plans and evidence on the district team's session: filtered by row and status,
a join code only in the facilitator's view."""

from __future__ import annotations

import datetime
from dataclasses import replace

from test_rollup import info

from sipr_core.actions import ActionItem, ActionStatus
from sipr_core.district_plans import PlanFilter, SchoolPlan, plan_lines, plans_table

I, S = "implementation", "scale"


def plans(sipr):
    baker = SchoolPlan(
        info("Baker High"),
        sipr,
        [
            ActionItem("b1", "Share the plan with staff", ("1.1",), "Lee", datetime.date(2026, 12, 1), ActionStatus.IN_PROGRESS),
            ActionItem("b2", "Book a data day", ("2.1", "1.1"), status=ActionStatus.DONE),
        ],
        {("1.1", I): "Plan on the website", ("1.1", S): "Two of five schools", ("2.1", S): ""},
    )
    adams = SchoolPlan(info("Adams Middle"), sipr, [ActionItem("a1", "Walkthroughs", ("1.2",))])
    return [baker, adams]


def test_every_item_of_every_school_is_listed_school_by_school_with_its_evidence(sipr):
    lines = plan_lines(plans(sipr))
    assert [(line["school"], line["what"]) for line in lines] == [
        ("Adams Middle", "Walkthroughs"), ("Baker High", "Share the plan with staff"), ("Baker High", "Book a data day"),
    ]
    share = lines[1]
    assert (share["owner"], share["due"], share["status"]) == ("Lee", "2026-12-01", "In progress")
    assert share["evidence"] == (
        "Focused strategies (Implementation): Plan on the website\nFocused strategies (Scale): Two of five schools"
    )


def test_the_filter_keeps_the_items_naming_a_row_and_with_a_status(sipr):
    by_row = plan_lines(plans(sipr), PlanFilter(row_id="1.1"))
    assert [line["what"] for line in by_row] == ["Share the plan with staff", "Book a data day"]
    both = plan_lines(plans(sipr), PlanFilter(row_id="1.1", status=ActionStatus.DONE))
    assert [line["what"] for line in both] == ["Book a data day"]
    assert plan_lines(plans(sipr), PlanFilter(status=ActionStatus.NOT_STARTED))[0]["what"] == "Walkthroughs"


def test_the_join_code_is_a_column_only_when_the_plans_carry_codes(sipr):
    with_codes = plans_table(sipr, plans(sipr))
    assert list(with_codes.columns) == [
        "school", "what", "status", "rows", "owner", "due", "evidence", "held_on", "code",
    ]
    assert (with_codes.columns["rows"], with_codes.columns["evidence"]) == (
        "Characteristics", "Evidence on those characteristics"
    )
    blank = [replace(p, info=replace(p.info, code="")) for p in plans(sipr)]
    table = plans_table(sipr, blank)
    assert "code" not in table.columns
    assert all("code" not in line for line in table.lines)
