"""The action plan in the store, once on SQLite and once on PostgreSQL: items, history, access, templates."""

from __future__ import annotations

import datetime
import json

import pytest
from sqlalchemy import inspect
from store_support import make_session

from sipr_core import AccessDenied, ExportError, InputError, SessionNotFound, Store
from sipr_core.actions import ActionEdits, ActionStatus
from sipr_core.storage import migrations

DENIED = "Only the facilitator can do this: enter the facilitator key of session {}."



def test_migration_three_is_the_action_plan_and_makes_its_tables(store):
    assert [(v, n) for v, n, _ in migrations.MIGRATIONS][2] == (3, "action plan")
    tables = set(inspect(store.engine).get_table_names())
    assert {"action_items", "template_links"} <= tables


def test_an_item_is_added_with_its_fields_and_read_with_the_join_code_alone(collab_session):
    store, code, key = collab_session
    item = store.actions.add(
        code,
        key,
        actor="Ana",
        what=" Share the survey ",
        row_ids=["policies", "vision"],
        owner="Ben Ortiz",
        due="2026-12-01",
        status="in_progress",
    )
    assert (item.what, item.row_ids, item.owner, item.due, item.status, item.position) == (
        "Share the survey",
        ("vision", "policies"),
        "Ben Ortiz",
        datetime.date(2026, 12, 1),
        ActionStatus.IN_PROGRESS,
        1,
    )
    assert (item.updated_by, item.source) == ("Ana", None)
    second = store.actions.add(code, key, actor="Ana", what="Draft a policy", source="policies/rating")
    assert store.actions.items(code) == [item, second]
    assert (second.position, second.status, second.due, second.row_ids) == (
        2,
        ActionStatus.NOT_STARTED,
        None,
        (),
    )


def test_every_edit_goes_into_the_history_with_who_the_old_and_the_new_value(collab_session):
    store, code, key = collab_session
    item = store.actions.add(code, key, actor="Ana", what="Share the survey")
    store.actions.edit(
        code,
        key,
        ActionEdits(changed={item.id: {"status": "done", "owner": "Cy", "what": "Share the survey"}}),
        actor="Ben",
    )
    store.actions.edit(code, key, ActionEdits(deleted=[item.id]), actor="Cy")
    history = [(c.actor, c.field, c.old, c.new) for c in store.history.changes(code, key)]
    created = {"what": "Share the survey", "row_ids": [], "owner": "", "due": None, "status": "not_started"}
    changed = dict(created, owner="Cy", status="done")
    assert history == [
        ("Ana", f"action:{item.id}", None, created),
        ("Ben", f"action:{item.id}:owner", "", "Cy"),
        ("Ben", f"action:{item.id}:status", "not_started", "done"),
        ("Cy", f"action:{item.id}", {**changed, "position": 1, "source": None}, None),  # to put it back
    ]
    assert store.actions.items(code) == []


def test_one_edit_of_the_table_adds_changes_and_deletes_in_one_go(collab_session):
    store, code, key = collab_session
    first = store.actions.add(code, key, actor="Ana", what="One")
    second = store.actions.add(code, key, actor="Ana", what="Two")
    plan = store.actions.edit(
        code,
        key,
        ActionEdits(
            added=[{"what": "Three", "due": "2027-01-15"}],
            changed={second.id: {"row_ids": ["routines"]}},
            deleted=[first.id],
        ),
        actor="Ana",
    )
    assert [(i.what, i.row_ids, i.due, i.position) for i in plan] == [
        ("Two", ("routines",), None, 2),
        ("Three", (), datetime.date(2027, 1, 15), 3),
    ]
    assert store.actions.items(code) == plan


def test_an_unchanged_value_records_nothing(collab_session):
    store, code, key = collab_session
    item = store.actions.add(code, key, actor="Ana", what="One", due="2026-12-01")
    before = store.history.changes(code, key)
    store.actions.edit(
        code,
        key,
        ActionEdits(changed={item.id: {"what": "One", "due": datetime.date(2026, 12, 1)}}),
        actor="Ben",
    )
    assert store.history.changes(code, key) == before
    assert store.actions.items(code)[0].updated_by == "Ana"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"status": "finished"}, "No such status: finished (statuses: Not started, In progress, Done)."),
        ({"due": "soon"}, "Due date 'soon' is not a date: use a date such as 2026-12-01."),
        (
            {"row_ids": ["9.9"]},
            'No such element in "Shift from a Culture of Isolation to a Culture of Collaboration": 9.9',
        ),
        (
            {"what": "bad\x00text"},
            "What contains an invisible NUL character, often left by copying from a PDF. "
            "Retype or paste the text as plain text.",
        ),
    ],
)
def test_a_bad_value_saves_nothing_of_the_same_edit(collab_session, edit, message):
    store, code, key = collab_session
    item = store.actions.add(code, key, actor="Ana", what="One")
    before = (store.actions.items(code), store.history.changes(code, key))
    with pytest.raises(InputError) as error:
        store.actions.edit(
            code, key, ActionEdits(added=[{"what": "Two"}], changed={item.id: edit}), actor="Ana"
        )
    assert str(error.value) == message
    assert (store.actions.items(code), store.history.changes(code, key)) == before


def test_changing_an_item_deleted_meanwhile_says_so_and_saves_nothing(collab_session):
    store, code, key = collab_session
    item = store.actions.add(code, key, actor="Ana", what="One")
    store.actions.edit(code, key, ActionEdits(deleted=[item.id]), actor="Ben")
    with pytest.raises(InputError) as error:
        store.actions.edit(code, key, ActionEdits(changed={item.id: {"owner": "Cy"}}), actor="Ana")
    assert str(error.value) == (
        "An action item you changed was deleted in the meantime. The table now shows the current plan."
    )
    store.actions.edit(code, key, ActionEdits(deleted=[item.id]), actor="Ana")  # deleting twice is harmless
    assert store.actions.items(code) == []


@pytest.mark.parametrize(
    "action",
    [
        lambda s, code, key: s.actions.add(code, key, actor="X", what="One"),
        lambda s, code, key: s.actions.edit(code, key, ActionEdits(added=[{}]), actor="X"),
        lambda s, code, key: s.templates.link(code, key, code, actor="X"),
        lambda s, code, key: s.templates.unlink(code, key, code, actor="X"),
    ],
    ids=["add", "edit", "link", "unlink"],
)
@pytest.mark.parametrize("given", [None, "", "not the key"])
def test_changing_the_plan_needs_the_facilitator_key(collab_session, action, given):
    store, code, _ = collab_session
    with pytest.raises(AccessDenied) as error:
        action(store, code, given)
    assert str(error.value) == DENIED.format(code)
    assert store.actions.items(code) == []


def test_the_plan_of_an_unknown_session_is_not_found(store):
    with pytest.raises(SessionNotFound):
        store.actions.items("ZZZ-ZZZ-ZZZ")


def test_deleting_a_session_deletes_its_plan_on_every_engine(collab_session):
    store, code, key = collab_session
    store.actions.add(code, key, actor="Ana", what="One")
    store.sessions.delete(code, key)
    with pytest.raises(SessionNotFound):
        store.actions.items(code)


def test_the_plan_travels_in_the_session_file_and_comes_back_identical(collab_session, store_url, tmp_path):
    store, code, key = collab_session
    store.actions.add(
        code,
        key,
        actor="Ana",
        what="=Share",
        row_ids=["vision"],
        owner="Ben",
        due="2026-12-01",
        status="done",
        source="vision/rating",
    )
    store.actions.add(code, key, actor="Ana", what="Draft")
    exported = store.transfer.export_json(code, key)
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        other.transfer.import_session(exported, key).info
        assert other.transfer.export_json(code, key) == exported
        assert other.actions.items(code) == store.actions.items(code)
        copy = store.transfer.import_session(exported, key).info  # into the same store: a copy under a new code
        assert [(a.what, a.source) for a in store.actions.items(copy.code)] == [
            ("=Share", "vision/rating"),
            ("Draft", None),
        ]
    finally:
        other.close()


def test_a_session_file_without_an_action_plan_still_imports(collab_session, tmp_path):
    store, code, key = collab_session
    document = json.loads(store.transfer.export_json(code, key))
    document.pop("action_items")
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        other.transfer.import_session(json.dumps(document), key).info
        assert other.actions.items(code) == []
    finally:
        other.close()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            lambda d: d["action_items"][0].update(row_ids=["9.9"]),
            'This session file cannot be imported: action_items[0]: No such element in "Shift from a Culture of '
            'Isolation to a Culture of Collaboration": 9.9. Nothing was imported.',
        ),
        (
            lambda d: d["action_items"].append(dict(d["action_items"][0])),
            "This session file is damaged: an action item appears twice. Nothing was imported.",
        ),
        (
            lambda d: d["action_items"][0].update(status="finished"),
            "This session file is damaged: action_items[0].status: Input should be 'not_started', 'in_progress' or "
            "'done'. Nothing was imported.",
        ),
    ],
    ids=["unknown-row", "twice", "bad-status"],
)
def test_a_damaged_action_plan_imports_nothing_and_says_why(collab_session, tmp_path, spoil, message):
    store, code, key = collab_session
    store.actions.add(code, key, actor="Ana", what="One", row_ids=["vision"])
    document = json.loads(store.transfer.export_json(code, key))
    spoil(document)
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        with pytest.raises(ExportError) as error:
            other.transfer.import_session(json.dumps(document), key).info
        assert str(error.value) == message
        assert other.sessions.for_key(key) == []
    finally:
        other.close()


# --- the district's view of its building teams' Maintaining Balance templates -----------------------


@pytest.fixture
def balance_sessions(store, library):
    balance = library.get("micip-maintaining-balance")
    district, key = make_session(store, balance)
    lincoln, lincoln_key = make_session(store, balance, school="Lincoln Elementary", team="Building CI team")
    roosevelt, _ = make_session(store, balance, school="Roosevelt Middle", team="School improvement team")
    return store, district.code, key, lincoln.code, lincoln_key, roosevelt.code


def test_a_district_session_gathers_building_sessions_by_their_join_codes(balance_sessions):
    store, district, key, lincoln, _, roosevelt = balance_sessions
    assert store.templates.linked(district) == []
    added = store.templates.link(district, key, roosevelt.lower().replace("-", " "), actor="Ana")
    assert added.code == roosevelt
    store.templates.link(district, key, lincoln, actor="Ana")
    store.templates.link(district, key, lincoln, actor="Ana")  # twice is once
    assert [i.school for i in store.templates.linked(district)] == ["Lincoln Elementary", "Roosevelt Middle"]
    assert [(c.field, c.new) for c in store.history.changes(district, key)] == [
        (f"template:{roosevelt}", roosevelt),
        (f"template:{lincoln}", lincoln),
    ]
    store.templates.unlink(district, key, roosevelt, actor="Ana")
    assert [i.code for i in store.templates.linked(district)] == [lincoln]
    assert store.history.changes(district, key)[-1].old == roosevelt


def test_a_deleted_building_session_leaves_the_district_view(balance_sessions):
    store, district, key, lincoln, lincoln_key, _ = balance_sessions
    store.templates.link(district, key, lincoln, actor="Ana")
    store.sessions.delete(lincoln, lincoln_key)
    assert store.templates.linked(district) == []


def test_only_building_sessions_of_the_same_continuum_can_be_added(balance_sessions, collaboration):
    store, district, key, lincoln, lincoln_key, roosevelt = balance_sessions
    other, _ = make_session(store, collaboration, school="Lincoln Elementary")
    district_two, _ = make_session(store, store.sessions.load(district).rubric, team="Another district team")
    cases = [
        (
            lincoln,
            lincoln_key,
            roosevelt,
            "Only a district team's session (one without a school) gathers the building teams' templates.",
        ),
        (
            district,
            key,
            district,
            "That is this session's own code: enter the code of a building team's session.",
        ),
        (
            district,
            key,
            other.code,
            f'Session {other.code} rates "Shift from a Culture of Isolation to a Culture of Collaboration", not '
            '"Maintaining Balance in the Continuous Improvement Process": only sessions on the same continuum can be '
            "put side by side.",
        ),
        (
            district,
            key,
            district_two.code,
            f"Session {district_two.code} has no school: only building teams' sessions can be added here.",
        ),
    ]
    for code, given, building, message in cases:
        with pytest.raises(InputError) as error:
            store.templates.link(code, given, building, actor="Ana")
        assert str(error.value) == message
    with pytest.raises(SessionNotFound):
        store.templates.link(district, key, "ZZZ-ZZZ-ZZZ", actor="Ana")
    assert store.templates.linked(district) == []


def test_district_sessions_match_the_name_whatever_its_case_and_spacing(store, collaboration):
    first, _ = make_session(
        store, collaboration, district="Riverside  Schools", held_on=datetime.date(2026, 9, 1)
    )
    second, _ = make_session(store, collaboration, district="riverside schools", school="Lincoln Elementary")
    make_session(store, collaboration, district="Lakeside")
    assert [i.code for i in store.sessions.of_district(" RIVERSIDE schools ")] == [first.code, second.code]
    assert store.sessions.of_district("Nowhere") == []
