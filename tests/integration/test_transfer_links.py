"""A district team's linked building sessions in the session file, once on SQLite and once on PostgreSQL.

Importing the district session links every building session the file names that is here, in the
same transaction, and reports the others by join code; with every building here, the file reads
back byte for byte.
"""

from __future__ import annotations

import datetime
import json

import pytest

from sipr_core import transfer
from sipr_core.portable import ExportError
from sipr_core.rollup_records import district_view, link_schools
from sipr_core.rubric import DEFAULT_DIMENSION as D

DAY = datetime.date(2026, 10, 1)


def new_session(store, rubric, **fields):
    values = dict(district="Riverside Schools", team="District CI team", held_on=DAY, facilitator="Ana Ruiz")
    values.update(fields)
    info, key = store.create_session(rubric, **values)
    return info.code, key


@pytest.fixture
def linked(store, collaboration):
    """A district session with two building sessions linked to it.

    Returns (store, district (code, key), {school: (code, key)}).
    """
    district = new_session(store, collaboration)
    schools = {}
    for school, level in (("Lincoln Elementary", "evolving"), ("Adams Middle", "developing")):
        code, key = new_session(store, collaboration, school=school, team="Building team", facilitator="Pat")
        store.set_entry(code, key, "vision", D, actor="Pat", level=level)
        schools[school] = (code, key)
    codes = "\n".join(code for code, _ in schools.values())
    assert len(link_schools(store, *district, codes, actor="Ana Ruiz").added) == 2
    return store, district, schools


def test_the_file_names_the_linked_building_sessions_by_join_code(linked):
    store, (code, key), schools = linked
    document = json.loads(store.export_json(code, key))
    assert document["version"] == 3
    assert [link["code"] for link in document["linked_sessions"]] == sorted(c for c, _ in schools.values())
    assert {link["added_by"] for link in document["linked_sessions"]} == {"Ana Ruiz"}


def test_a_building_here_is_linked_and_one_not_here_is_reported(linked, other_store):
    store, (code, key), schools = linked
    lincoln, adams = schools["Lincoln Elementary"], schools["Adams Middle"]
    transfer.import_json(other_store, store.export_json(*lincoln))
    report = transfer.import_session(other_store, store.export_json(code, key))
    assert report.info == store.info(code)
    assert report.missing_links == [adams[0]]
    assert report.message() == (
        f"Imported with its ratings, evidence, votes and history. 1 linked building session is not in this app yet: {adams[0]}. "
        "Import it, then link it again from the District view."
    )
    assert [i.code for i in other_store.linked_templates(code)] == [lincoln[0]]
    view = district_view(other_store, code)
    assert [s.info.school for s in view.rollup.snapshots] == ["Lincoln Elementary"]
    # the building imported later, and linked again, completes the view as it was
    transfer.import_json(other_store, store.export_json(*adams))
    again = link_schools(other_store, code, key, adams[0], actor="Ana Ruiz")
    assert [i.code for i in again.added] == [adams[0]]
    assert sorted(s.info.school for s in district_view(other_store, code).rollup.snapshots) == [
        "Adams Middle",
        "Lincoln Elementary",
    ]


def test_with_every_building_here_the_file_reads_back_byte_for_byte(linked, other_store):
    store, (code, key), schools = linked
    for building in schools.values():
        transfer.import_json(other_store, store.export_json(*building))
    exported = store.export_json(code, key)
    report = transfer.import_session(other_store, exported)
    assert (report.missing_links, report.message()) == ([], "Imported with its ratings, evidence, votes and history.")
    assert other_store.export_json(code, key) == exported
    assert other_store.linked_templates(code) == store.linked_templates(code)


def test_a_copy_in_the_same_store_is_linked_to_the_same_buildings(linked):
    store, (code, key), _ = linked
    report = transfer.import_session(store, store.export_json(code, key))
    assert report.info.code != code and report.missing_links == []
    assert store.linked_templates(report.info.code) == store.linked_templates(code)
    assert (report.code_in_file, report.message()) == (
        code,
        f"Imported with its ratings, evidence, votes and history. Its join code is now {report.info.code}: {code} is used by another session here. "
        "The facilitator key stays the same.",
    )
    assert store.is_facilitator(report.info.code, key)


def test_a_deleted_building_is_neither_exported_nor_linked(linked, other_store):
    store, (code, key), schools = linked
    lincoln, adams = schools["Lincoln Elementary"], schools["Adams Middle"]
    for building in (lincoln, adams):
        transfer.import_json(other_store, store.export_json(*building))
    other_store.delete_session(*adams)
    report = transfer.import_session(other_store, store.export_json(code, key))
    assert report.missing_links == [adams[0]]
    assert [i.code for i in other_store.linked_templates(code)] == [lincoln[0]]
    store.delete_session(*lincoln)
    document = json.loads(store.export_json(code, key))
    assert [link["code"] for link in document["linked_sessions"]] == [adams[0]]


def test_a_session_here_under_the_code_but_on_another_continuum_is_not_linked(linked, other_store, library):
    store, (code, key), schools = linked
    adams = schools["Adams Middle"][0]
    stranger = new_session(store, library.get("leadership-system"), school="Baker High", team="Building team")
    document = json.loads(store.export_json(*stranger))
    document["session"].update(code=adams, id="stranger-id")  # another app gave it the same code
    transfer.import_json(other_store, json.dumps(document))
    report = transfer.import_session(other_store, store.export_json(code, key))
    assert sorted(report.missing_links) == sorted(c for c, _ in schools.values())
    assert other_store.linked_templates(code) == []


def test_an_older_file_imports_with_no_links(linked, other_store):
    store, (code, key), schools = linked
    for building in schools.values():
        transfer.import_json(other_store, store.export_json(*building))
    document = json.loads(store.export_json(code, key))
    document["version"] = 2
    document.pop("linked_sessions")
    report = transfer.import_session(other_store, json.dumps(document))
    assert report.missing_links == []
    assert other_store.linked_templates(code) == []
    assert json.loads(other_store.export_json(code, key))["linked_sessions"] == []


def test_a_damaged_link_imports_nothing(linked, other_store):
    store, (code, key), schools = linked
    for building in schools.values():
        transfer.import_json(other_store, store.export_json(*building))
    document = json.loads(store.export_json(code, key))
    document["linked_sessions"][1]["code"] = "Adams"
    with pytest.raises(ExportError) as error:
        transfer.import_session(other_store, json.dumps(document))
    assert str(error.value) == (
        'This session file is damaged: linked_sessions[1] is not a join code: "Adams" '
        "(a join code looks like 7KQ-M2X-9RD). Nothing was imported."
    )
    assert other_store.sessions_for_key(key) == []
