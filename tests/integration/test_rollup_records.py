"""The district view in the store, once on SQLite and once on PostgreSQL: linking building sessions by
pasted codes, and loading the roll-up in a few queries whatever the number of schools."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import event
from store_support import make_session

from sipr_core import AccessDenied, InputError
from sipr_core.rollup import Mark, State
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.rubric import Rubric
from sipr_core.storage import district as storage_district

DAY = datetime.date(2026, 10, 1)



def building(store, rubric, school, held_on=DAY, key=None, follow_up_of=None, **levels):
    """A building team's session with these levels (row id: level id), a follow-up of the one named by
    ``follow_up_of`` (with its ``key``) if given; returns (code, key)."""
    info, key = make_session(
        store, rubric, school=school, team="Building team", held_on=held_on, facilitator="Pat", key=key,
        follow_up_of=follow_up_of,
    )
    for row_id, level in levels.items():
        store.entries.set(info.code, key, row_id.replace("_", "-"), D, actor="Pat", level=level)
    return info.code, key


@pytest.fixture
def district(store, collaboration):
    """A district team's session on the collaboration continuum: (store, code, key)."""
    info, key = make_session(store, collaboration, held_on=DAY)
    return store, info.code, key


def test_pasted_codes_are_added_once_each_with_a_message_for_every_code_that_cannot_be(district, collaboration, library):
    store, code, key = district
    lincoln, _ = building(store, collaboration, "Lincoln Elementary")
    adams, _ = building(store, collaboration, "Adams Middle")
    other, _ = building(store, library.get("leadership-system"), "Baker High")
    no_school, _ = (lambda i: (i[0].code, i[1]))(make_session(store, collaboration, team="Another district team", held_on=DAY))
    report = store.district.link_schools(code, key, f"{lincoln}\n{adams.lower()}, {lincoln}\nLincoln\n{other}\nZZZ-ZZZ-ZZZ\n{no_school}\n{code}",
        actor="Ana Ruiz",
    )
    assert [i.code for i in report.added] == [lincoln, adams]
    assert report.already == []
    assert report.problems == [
        "Lincoln: not a join code (a join code looks like 7KQ-M2X-9RD).",
        f'Session {other} rates "Leadership System: Practices and Progress Indicators", not "Shift from a Culture '
        'of Isolation to a Culture of Collaboration": only sessions on the same continuum can be put side by side.',
        "No session has the code ZZZ-ZZZ-ZZZ here: check it with that building's team.",
        f"Session {no_school} has no school: only building teams' sessions can be added here.",
        f"{code}: That is this session's own code: enter the code of a building team's session.",
    ]
    again = store.district.link_schools(code, key, f"{adams}\n{lincoln}", actor="Ana Ruiz")
    assert (again.added, again.already, again.problems) == ([], [adams, lincoln], [])
    assert sorted(i.code for i in store.templates.linked(code)) == sorted([lincoln, adams])
    linked = [c for c in store.history.changes(code, key) if c.field.startswith("template:")]
    assert len(linked) == 2


def test_only_the_facilitator_links_sessions_and_only_to_a_district_teams_session(district, collaboration):
    store, code, key = district
    lincoln, lincoln_key = building(store, collaboration, "Lincoln Elementary")
    with pytest.raises(AccessDenied) as denied:
        store.district.link_schools(code, "wrong key", lincoln, actor="Someone")
    assert str(denied.value) == f"Only the facilitator can do this: enter the facilitator key of session {code}."
    with pytest.raises(InputError) as refused:
        store.district.link_schools(lincoln, lincoln_key, code, actor="Pat")
    assert str(refused.value).startswith(
        "The District view belongs to a district team's session (one without a school); this session is "
        "Lincoln Elementary's."
    )
    with pytest.raises(InputError) as empty:
        store.district.link_schools(code, key, " \n , ", actor="Ana Ruiz")
    assert str(empty.value) == "No join codes given: paste the building teams' codes, one per line."
    assert store.templates.linked(code) == []


def test_the_view_rolls_up_the_latest_session_per_school_in_the_dates_with_its_targets(district, collaboration):
    store, code, key = district
    store.entries.set(code, key, "vision", D, actor="Ana", level="developing")
    march, lincoln = building(store, collaboration, "Lincoln Elementary", datetime.date(2026, 3, 1), vision="beginning")
    october, october_key = building(
        store, collaboration, "Lincoln Elementary", DAY, lincoln, march, vision="evolving"
    )
    later, _ = building(
        store, collaboration, "Lincoln Elementary", datetime.date(2027, 3, 1), lincoln, march, vision="accomplished"
    )
    adams, _ = building(store, collaboration, "Adams Middle", DAY, vision="developing")
    store.district.link_schools(code, key, "\n".join([march, october, later, adams]), actor="Ana")
    store.targets.set(october, october_key, "row", "vision", D, "accomplished", actor="Pat")

    assert store.district.held_range(code) == (datetime.date(2026, 3, 1), datetime.date(2027, 3, 1))
    view = store.district.view(code, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), key=key)
    found = view.rollup
    assert found.labels == ["Adams Middle", "Lincoln Elementary"]
    assert [s.info.code for s in found.snapshots] == [adams, october]
    assert [e.code for e in found.snapshots[1].earlier] == [march]
    assert [line[0] for line in found.marks[D]] == [Mark(State.RATED, 2), Mark(State.RATED, 3)]
    assert [(s.label, s.shortfall, s.targets) for s in found.standings] == [
        ("Lincoln Elementary", 1.0, 1),
        ("Adams Middle", 0.0, 0),
    ]
    vision = found.comparison[0]
    assert (vision.district, vision.schools.median, vision.at_or_above) == (Mark(State.RATED, 2), 2.5, 2)
    assert (view.sessions_in_range, len(view.linked), view.first, view.last) == (
        3,
        4,
        datetime.date(2026, 3, 1),
        datetime.date(2027, 3, 1),
    )
    everything = store.district.view(code, key=key).rollup
    assert [s.info.code for s in everything.snapshots] == [adams, later]


def test_a_school_on_another_edition_contributes_the_rows_both_editions_share(district, collaboration):
    store, code, key = district
    data = collaboration.model_dump()
    data["groups"][0]["rows"] = [r for r in data["groups"][0]["rows"] if r["id"] != "routines"]
    older = Rubric.model_validate(data)
    assert older.fingerprint() != collaboration.fingerprint() and older.id == collaboration.id
    info, school_key = make_session(store, older, school="Lincoln Elementary", team="Building team", held_on=DAY)
    store.entries.set(info.code, school_key, "vision", D, actor="Pat", level="evolving")
    store.district.link_schools(code, key, info.code, actor="Ana")
    found = store.district.view(code).rollup
    rows = [row.id for _, row in collaboration.rows()]
    marks = dict(zip(rows, found.marks[D][0], strict=True))
    assert (marks["vision"], marks["routines"], marks["policies"]) == (
        Mark(State.RATED, 3),
        Mark(State.NOT_IN_EDITION),
        Mark(State.NOT_RATED),
    )
    assert found.snapshots[0].rubric.fingerprint() == older.fingerprint()


def test_a_deleted_building_session_leaves_the_view(district, collaboration):
    store, code, key = district
    lincoln, lincoln_key = building(store, collaboration, "Lincoln Elementary", vision="evolving")
    store.district.link_schools(code, key, lincoln, actor="Ana")
    store.sessions.delete(lincoln, lincoln_key)
    assert store.district.view(code).rollup.snapshots == []
    assert store.district.held_range(code) is None


def test_a_building_teams_session_says_where_the_district_view_is(store, collaboration):
    info, _ = make_session(store, collaboration, school="Lincoln Elementary", held_on=DAY)
    with pytest.raises(InputError) as refused:
        store.district.view(info.code)
    assert str(refused.value) == (
        "The District view belongs to a district team's session (one without a school); this session is "
        "Lincoln Elementary's. To get one, create a session on the Start page on the same continuum with the "
        "district filled in and the School left empty, then add the building teams' join codes there."
    )


def count_queries(store):
    """A list that collects every statement the store's engine runs."""
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_the_number_of_queries_does_not_grow_with_the_schools(district, collaboration, monkeypatch):
    store, code, key = district
    codes = [building(store, collaboration, f"School {n:02d}", vision="evolving")[0] for n in range(3)]
    store.district.link_schools(code, key, "\n".join(codes), actor="Ana")
    seen = count_queries(store)
    store.district.view(code)
    few = len(seen)
    more = [building(store, collaboration, f"School {n:02d}", vision="developing")[0] for n in range(3, 12)]
    store.district.link_schools(code, key, "\n".join(more), actor="Ana")
    seen.clear()
    view = store.district.view(code)
    assert len(view.rollup.snapshots) == 12
    assert len(seen) == few <= 8
    monkeypatch.setattr(storage_district, "CHUNK", 5)  # 12 sessions' ratings in three IN lists
    seen.clear()
    chunked = store.district.view(code)
    assert len(seen) == few + 2
    assert chunked.rollup.marks == view.rollup.marks


def test_the_schools_plans_are_read_in_as_many_queries_for_twelve_schools_as_for_three(district, collaboration):
    store, code, key = district

    def schools(numbers):
        made = []
        for n in numbers:
            school, school_key = building(store, collaboration, f"School {n:02d}", vision="evolving")
            store.actions.add(school, school_key, actor="Pat", what=f"Action of {n:02d}", row_ids=["vision"])
            made.append(school)
        store.district.link_schools(code, key, "\n".join(made), actor="Ana")

    schools(range(3))
    seen = count_queries(store)
    store.district.plans(code, key=key)
    few = len(seen)
    schools(range(3, 12))
    seen.clear()
    plans = store.district.plans(code, key=key)
    assert sorted(i.what for p in plans for i in p.items) == [f"Action of {n:02d}" for n in range(12)]
    assert len(seen) == few <= 8


def test_the_view_carries_each_school_s_ticked_scale_criteria(store, sipr):
    from sipr_core.scale_reach import scale_reach

    info, key = make_session(store, sipr, held_on=DAY)
    school, school_key = building(store, sipr, "Lincoln Elementary")
    store.entries.set(school, school_key, "2.1", "scale", actor="Pat", level="emerging", ticked=[1])
    store.entries.set(info.code, key, "2.1", "scale", actor="Ana", level="approaching", ticked=[0])
    store.district.link_schools(info.code, key, school, actor="Ana")
    view = store.district.view(info.code, key=key)
    reach = [(r.index, r.district_ticked, r.met, r.rated) for r in scale_reach(view.rollup) if r.row_id == "2.1"]
    assert reach[:2] == [(0, True, 0, 1), (1, False, 1, 1)]


def test_the_district_reads_its_schools_plans_and_evidence_with_codes_for_the_facilitator_only(district, collaboration):
    store, code, key = district
    adams, adams_key = building(store, collaboration, "Adams Middle", vision="developing")
    baker, _ = building(store, collaboration, "Baker High")
    store.entries.set(adams, adams_key, "vision", D, actor="Pat", evidence="Staff survey, October")
    store.actions.add(adams, adams_key, actor="Pat", what="Share the vision", row_ids=["vision"], owner="Lee")
    store.district.link_schools(code, key, f"{adams}\n{baker}", actor="Ana")
    plans = sorted(store.district.plans(code, key=key), key=lambda p: p.info.school)
    assert [(p.info.school, p.info.code) for p in plans] == [("Adams Middle", adams), ("Baker High", baker)]
    assert [i.what for i in plans[0].items] == ["Share the vision"] and plans[1].items == []
    assert plans[0].evidence == {("vision", D): "Staff survey, October"}
    viewer = store.district.plans(code)
    assert {p.info.code for p in viewer} == {""}
    assert sorted(len(p.items) for p in viewer) == [0, 1]
