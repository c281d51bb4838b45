"""A district team adopts a building team's action (SQLite and PostgreSQL): once, with a link back that the
school's plan never shows, that survives the school's session being deleted, an undo and the session file."""

from __future__ import annotations

import datetime

import pytest
from store_support import make_code

from sipr_core import AccessDenied, AlreadyAdopted, InputError
from sipr_core.storage import migrations

DAY = datetime.date(2026, 10, 1)


def test_migration_twelve_is_the_adoption():
    (twelve,) = [(v, n) for v, n, _ in migrations.MIGRATIONS if v == 12]
    assert twelve == (12, "a district team's actions adopted from its building teams' plans")


@pytest.fixture
def linked(store, collaboration):
    """A district session with Lincoln's session linked; Lincoln has one action: (store, district code,
    district key, lincoln code, lincoln key, the action)."""
    code, key = make_code(store, collaboration, held_on=DAY)
    lincoln, lincoln_key = make_code(
        store, collaboration, school="Lincoln Elementary", team="Building team", held_on=DAY
    )
    item = store.actions.add(
        lincoln, lincoln_key, actor="Pat", what="Share the vision", row_ids=["vision"], owner="Lee",
        due="2026-12-01", status="in_progress",
    )
    store.district.link_schools(code, key, lincoln, actor="Ana")
    return store, code, key, lincoln, lincoln_key, item


def school_id(store, code):
    return store.sessions.load(code).info.id


def test_an_adopted_action_is_the_district_s_own_item_with_a_link_back(linked):
    store, code, key, lincoln, _, item = linked
    adopted = store.district.adopt(code, key, school_id(store, lincoln), item.id, actor="Ana")
    assert (adopted.what, adopted.row_ids, adopted.owner, adopted.due) == ("Share the vision", ("vision",), "", None)
    assert adopted.adopted.text() == "Adopted from Lincoln Elementary — Building team"
    assert store.actions.items(code) == [adopted]
    store.actions.edit(code, key, edits(adopted.id, owner="Ana Ruiz"), actor="Ana")
    assert store.actions.items(code)[0].owner == "Ana Ruiz"
    assert store.actions.items(code)[0].adopted == adopted.adopted
    (school_item,) = store.actions.items(lincoln)
    assert school_item == item  # nothing of the district's in the school's plan


def edits(item_id, **fields):
    from sipr_core import ActionEdits

    return ActionEdits(changed={item_id: fields})


def test_adopting_twice_without_the_key_or_from_an_unlinked_session_is_refused(linked, collaboration):
    store, code, key, lincoln, lincoln_key, item = linked
    sid = school_id(store, lincoln)
    with pytest.raises(AccessDenied):
        store.district.adopt(code, "wrong key", sid, item.id, actor="Someone")
    store.district.adopt(code, key, sid, item.id, actor="Ana")
    with pytest.raises(AlreadyAdopted) as twice:
        store.district.adopt(code, key, sid, item.id, actor="Ana")
    assert str(twice.value) == (
        "Not adopted: “Share the vision” from Lincoln Elementary is in the district's action plan already. "
        "Change that item in the Action plan instead."
    )
    other, other_key = make_code(store, collaboration, school="Adams Middle", team="Building team")
    stranger = store.actions.add(other, other_key, actor="Pat", what="Not linked")
    with pytest.raises(InputError) as unlinked:
        store.district.adopt(code, key, school_id(store, other), stranger.id, actor="Ana")
    assert str(unlinked.value).startswith("Not adopted: that building team's session is not in this District view")
    with pytest.raises(InputError) as gone:
        store.district.adopt(code, key, sid, "no-such-item", actor="Ana")
    assert str(gone.value) == (
        "Not adopted: Lincoln Elementary's team deleted that action in the meantime. The table now shows its plan."
    )
    with pytest.raises(InputError):  # a building team's session adopts nothing
        store.district.adopt(lincoln, lincoln_key, sid, item.id, actor="Pat")
    assert len(store.actions.items(code)) == 1


def test_the_link_survives_the_school_s_session_being_deleted_and_says_so(linked):
    store, code, key, lincoln, lincoln_key, item = linked
    store.district.adopt(code, key, school_id(store, lincoln), item.id, actor="Ana")
    store.sessions.delete(lincoln, lincoln_key)
    (adopted,) = store.actions.items(code)
    assert adopted.adopted.gone
    assert adopted.adopted.text() == (
        "Adopted from Lincoln Elementary — Building team (that school's session is no longer here)"
    )


def test_an_adopted_item_deleted_and_put_back_by_undo_keeps_its_link(linked):
    from sipr_core import ActionEdits

    store, code, key, lincoln, _, item = linked
    adopted = store.district.adopt(code, key, school_id(store, lincoln), item.id, actor="Ana")
    store.actions.edit(code, key, ActionEdits(deleted=[adopted.id]), actor="Ana")
    deleted = [c for c in store.history.changes(code, key) if c.field == f"action:{adopted.id}"][-1]
    store.history.undo(code, key, deleted.id, actor="Ana")
    assert store.actions.items(code)[0].adopted == adopted.adopted


def test_the_link_travels_in_the_district_s_session_file(linked, other_store):
    store, code, key, lincoln, _, item = linked
    adopted = store.district.adopt(code, key, school_id(store, lincoln), item.id, actor="Ana")
    moved = other_store.transfer.import_session(store.transfer.export_json(code, key), key).info
    (there,) = other_store.actions.items(moved.code)
    assert (there.what, there.adopted.item_id, there.adopted.school, there.adopted.team) == (
        "Share the vision", item.id, "Lincoln Elementary", "Building team",
    )
    assert there.adopted.gone  # the school's session is on the first server only
    copy = store.transfer.import_session(store.transfer.export_json(code, key), key).info
    assert store.actions.items(copy.code)[0].adopted == adopted.adopted


def test_the_district_s_summary_names_where_an_adopted_action_came_from(linked):
    from sipr_core import report, summary_of

    store, code, key, lincoln, _, item = linked
    store.district.adopt(code, key, school_id(store, lincoln), item.id, actor="Ana")
    (words,) = summary_of(store, code).actions
    assert words["what"] == "Share the vision (Adopted from Lincoln Elementary — Building team)"
    assert "Adopted from Lincoln Elementary" in report(store, code, "html").decode()
    assert "Adopted from" not in str(summary_of(store, lincoln).actions)
