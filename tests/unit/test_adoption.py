"""The adoption rules: a school's action enters the district's plan once, in the district's rows, and says
where it came from; and the District view's plans a page at a time, each line adoptable."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from sipr_core import ActionItem, Adoption, adopted_already
from sipr_core.adoption import adopted_fields, link_fields
from sipr_core.district_plans import PAGE_LINES, PlanFilter, SchoolPlan, plans_page
from sipr_core.session import SessionInfo

ids = st.sampled_from(["a1", "a2", "b1"])
sessions = st.sampled_from(["lincoln", "adams"])
adoptions = st.builds(Adoption, item_id=ids, session_id=sessions, school=st.just("Lincoln"), team=st.just("T"))


@given(st.lists(st.none() | adoptions, max_size=8), sessions, ids)
def test_an_action_counts_as_adopted_exactly_when_an_item_links_back_to_that_session_s_item(taken, session, item):
    expected = any(a is not None and a.session_id == session and a.item_id == item for a in taken)
    assert adopted_already(taken, session, item) is expected


@given(st.data())
def test_an_adopted_item_keeps_the_school_s_words_and_only_the_rows_the_district_knows_in_its_order(
    sipr, data
):
    known = [row.id for _, row in sipr.rows()]
    named = data.draw(st.lists(st.sampled_from([*known, "9.9", "retired"]), unique=True, max_size=6))
    fields = adopted_fields(sipr, "Walk the halls", named)
    assert fields["what"] == "Walk the halls"
    assert fields["row_ids"] == [r for r in known if r in named]
    assert set(fields) == {"what", "row_ids"}  # owner, due date and status are the district's to set


@given(adoptions, st.booleans())
def test_the_link_back_names_school_and_team_and_says_when_the_school_s_session_is_gone(adoption, gone):
    shown = Adoption(adoption.item_id, adoption.session_id, "Lincoln Elementary", "Building team", gone)
    text = shown.text()
    assert text.startswith("Adopted from Lincoln Elementary — Building team")
    assert text.endswith("(that school's session is no longer here)") is gone
    assert link_fields(shown) == {
        "adopted_from": adoption.item_id, "adopted_session": adoption.session_id,
        "adopted_school": "Lincoln Elementary", "adopted_team": "Building team",
    }
    assert link_fields(None) == {}


def school(sipr, name, count):
    info = SessionInfo(
        id=f"id-{name}", code="", district="D", school=name, team="Building team",
        held_on=datetime.date(2026, 10, 1), rubric_id=sipr.id, fingerprint="f", facilitator="Pat", series="s",
        created_at="2026-10-01T00:00:00",
    )
    items = [ActionItem(id=f"{name}-{n}", what=f"{name} step {n}", row_ids=("1.1",)) for n in range(count)]
    return SchoolPlan(info, sipr, items)


@given(st.lists(st.integers(0, 70), min_size=1, max_size=4), st.integers(-2, 9))
def test_the_pages_of_the_plans_hold_every_kept_line_once_and_each_line_names_its_item(sipr, counts, asked):
    plans = [school(sipr, f"School {n}", c) for n, c in enumerate(counts)]
    total = sum(counts)
    pages = max(1, -(-total // PAGE_LINES))
    seen = []
    for number in range(1, pages + 1):
        page = plans_page(sipr, plans, PlanFilter(), number)
        assert (page.number, page.pages, page.total) == (number, pages, total)
        assert len(page.items) == len(page.table.lines) <= PAGE_LINES
        assert [i.label.split(": ", 1)[1] for i in page.items] == [line["what"] for line in page.table.lines]
        seen += [(i.session_id, i.item_id) for i in page.items]
    assert sorted(seen) == sorted((p.info.id, i.id) for p in plans for i in p.items)
    assert plans_page(sipr, plans, PlanFilter(), asked).number == min(max(1, asked), pages)
