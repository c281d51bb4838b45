"""A district team's linked building sessions in the session file, once on SQLite and once on PostgreSQL.

Importing the district session links every building session the file names that is here, in the
same transaction, and reports the others by join code; with every building here, the file reads
back byte for byte.
"""

from __future__ import annotations

import datetime
import json

import pytest
from store_support import make_code

from sipr_core import ExportError
from sipr_core.rubric import DEFAULT_DIMENSION as D
from sipr_core.session_file import VERSION

DAY = datetime.date(2026, 10, 1)



@pytest.fixture
def linked(store, collaboration):
    """A district session with two building sessions linked to it.

    Returns (store, district (code, key), {school: (code, key)}).
    """
    district = make_code(store, collaboration, held_on=DAY)
    schools = {}
    for school, level in (("Lincoln Elementary", "evolving"), ("Adams Middle", "developing")):
        code, key = make_code(store, collaboration, school=school, team="Building team", facilitator="Pat", held_on=DAY)
        store.entries.set(code, key, "vision", D, actor="Pat", level=level)
        schools[school] = (code, key)
    codes = "\n".join(code for code, _ in schools.values())
    assert len(store.district.link_schools(*district, codes, actor="Ana Ruiz").added) == 2
    return store, district, schools


def test_the_file_names_the_linked_building_sessions_by_join_code(linked):
    store, (code, key), schools = linked
    document = json.loads(store.transfer.export_json(code, key))
    assert document["version"] == VERSION
    assert [link["code"] for link in document["linked_sessions"]] == sorted(c for c, _ in schools.values())
    assert {link["added_by"] for link in document["linked_sessions"]} == {"Ana Ruiz"}


def test_a_building_here_is_linked_and_one_not_here_is_reported(linked, other_store):
    store, (code, key), schools = linked
    lincoln, adams = schools["Lincoln Elementary"], schools["Adams Middle"]
    other_store.transfer.import_session(store.transfer.export_json(*lincoln), lincoln[1]).info
    report = other_store.transfer.import_session(store.transfer.export_json(code, key), key)
    assert report.info == store.sessions.info(code)
    assert report.missing_links == [adams[0]]
    assert report.message() == (
        "Imported with its ratings, evidence, votes and history. It starts a series of its own here, held by your "
        f"facilitator key. 1 linked building session is not in this app yet: {adams[0]}. "
        "Import it, then link it again from the District view."
    )
    assert [i.code for i in other_store.templates.linked(code)] == [lincoln[0]]
    view = other_store.district.view(code)
    assert [s.info.school for s in view.rollup.snapshots] == ["Lincoln Elementary"]
    # the building imported later, and linked again, completes the view as it was
    other_store.transfer.import_session(store.transfer.export_json(*adams), adams[1]).info
    again = other_store.district.link_schools(code, key, adams[0], actor="Ana Ruiz")
    assert [i.code for i in again.added] == [adams[0]]
    assert sorted(s.info.school for s in other_store.district.view(code).rollup.snapshots) == [
        "Adams Middle",
        "Lincoln Elementary",
    ]


def test_with_every_building_here_the_file_reads_back_byte_for_byte(linked, other_store):
    store, (code, key), schools = linked
    for building in schools.values():
        other_store.transfer.import_session(store.transfer.export_json(*building), building[1]).info
    exported = store.transfer.export_json(code, key)
    report = other_store.transfer.import_session(exported, key)
    assert (report.missing_links, report.message()) == (
        [],
        "Imported with its ratings, evidence, votes and history. It starts a series of its own here, held by your "
        "facilitator key.",
    )
    assert other_store.transfer.export_json(code, key) == exported
    assert other_store.templates.linked(code) == store.templates.linked(code)


def test_a_copy_in_the_same_store_is_linked_to_the_same_buildings(linked):
    store, (code, key), _ = linked
    report = store.transfer.import_session(store.transfer.export_json(code, key), key)
    assert report.info.code != code and report.missing_links == []
    assert store.templates.linked(report.info.code) == store.templates.linked(code)
    assert (report.code_in_file, report.message()) == (
        code,
        f"Imported with its ratings, evidence, votes and history. Its join code is now {report.info.code}: {code} is used by another session here. "
        "It continues the series of your sessions it came from.",
    )
    assert store.sessions.is_facilitator(report.info.code, key)


def test_a_deleted_building_is_neither_exported_nor_linked(linked, other_store):
    store, (code, key), schools = linked
    lincoln, adams = schools["Lincoln Elementary"], schools["Adams Middle"]
    for building in (lincoln, adams):
        other_store.transfer.import_session(store.transfer.export_json(*building), building[1]).info
    other_store.sessions.delete(*adams)
    report = other_store.transfer.import_session(store.transfer.export_json(code, key), key)
    assert report.missing_links == [adams[0]]
    assert [i.code for i in other_store.templates.linked(code)] == [lincoln[0]]
    store.sessions.delete(*lincoln)
    document = json.loads(store.transfer.export_json(code, key))
    assert [link["code"] for link in document["linked_sessions"]] == [adams[0]]


def test_a_session_here_under_the_code_but_on_another_continuum_is_not_linked(linked, other_store, library):
    store, (code, key), schools = linked
    adams = schools["Adams Middle"][0]
    stranger = make_code(store, library.get("leadership-system"), school="Baker High", team="Building team", held_on=DAY)
    document = json.loads(store.transfer.export_json(*stranger))
    document["session"].update(code=adams, id="stranger-id")  # another app gave it the same code
    other_store.transfer.import_session(json.dumps(document), key).info
    report = other_store.transfer.import_session(store.transfer.export_json(code, key), key)
    assert sorted(report.missing_links) == sorted(c for c, _ in schools.values())
    assert other_store.templates.linked(code) == []


def test_an_older_file_imports_with_no_links(linked, other_store):
    store, (code, key), schools = linked
    for building in schools.values():
        other_store.transfer.import_session(store.transfer.export_json(*building), building[1]).info
    document = json.loads(store.transfer.export_json(code, key))
    document["version"] = 2
    for name in ("linked_sessions", "targets", "reviews", "comments"):
        document.pop(name)
    for voting_round in document["voting_rounds"]:
        voting_round.pop("guided")
    document["session"]["key_hash"] = "0" * 64  # versions 1 to 3 carried the key's hash
    report = other_store.transfer.import_session(json.dumps(document), key)
    assert report.missing_links == []
    assert other_store.templates.linked(code) == []
    assert json.loads(other_store.transfer.export_json(code, key))["linked_sessions"] == []


def test_a_damaged_link_imports_nothing(linked, other_store):
    store, (code, key), schools = linked
    for building in schools.values():
        other_store.transfer.import_session(store.transfer.export_json(*building), building[1]).info
    document = json.loads(store.transfer.export_json(code, key))
    document["linked_sessions"][1]["code"] = "Adams"
    with pytest.raises(ExportError) as error:
        other_store.transfer.import_session(json.dumps(document), key)
    assert str(error.value) == (
        'This session file is damaged: linked_sessions[1] is not a join code: "Adams" '
        "(a join code looks like 7KQ-M2X-9RD). Nothing was imported."
    )
    assert other_store.sessions.for_key(key) == []
