"""A district team's linked building sessions in the session file (since version 3), without a store.

The file names each building session by its join code; older files (versions 1 and 2) read as
sessions without links; a damaged list of links names the bad record and imports nothing.
"""

from __future__ import annotations

import json

import pytest
from session_support import session_info, session_of

from sipr_core import ExportError, ImportReport
from sipr_core.session_file import VERSION, LinkFields, dump_session, read_export

DISTRICT = "AAA-BBB-CCC"
LINCOLN, ADAMS = "7KQ-M2X-9RD", "4HX-2PW-QT8"
NOT_IMPORTED = "Nothing was imported."


def district_session(rubric, code=DISTRICT):
    return session_of(rubric, info=session_info(rubric, id="district-id", code=code))


def link(code, at="2026-11-24T10:00:00"):
    return LinkFields(code=code, added_by="Ana Ruiz", added_at=at)


@pytest.fixture
def exported(collaboration):
    """A district session's file with two linked building sessions, given out of order."""
    return dump_session(district_session(collaboration), [], links=[link(LINCOLN), link(ADAMS)])


def edited(text, change):
    document = json.loads(text)
    change(document)
    return json.dumps(document, ensure_ascii=False, indent=1)


def older(text, version):
    """The file as the app wrote it at ``version``, before links (and, for 1, live voting) were carried."""
    document = json.loads(text)
    document["version"] = version
    for name in ("targets", "reviews", "comments"):
        document.pop(name)
    for voting_round in document["voting_rounds"]:
        voting_round.pop("guided")
    document["session"]["key_hash"] = "0" * 64  # versions 1 to 3 carried the key's hash
    if version == 3:
        return json.dumps(document, ensure_ascii=False, indent=1)
    document.pop("linked_sessions")
    if version == 1:
        for name in ("voting_rounds", "vote_groups", "group_members", "group_ratings"):
            document.pop(name)
    return json.dumps(document, ensure_ascii=False, indent=1)


def test_the_file_names_the_linked_sessions_by_code_in_order(exported):
    document = json.loads(exported)
    assert document["version"] == VERSION
    assert document["linked_sessions"] == [
        {"code": ADAMS, "added_by": "Ana Ruiz", "added_at": "2026-11-24T10:00:00"},
        {"code": LINCOLN, "added_by": "Ana Ruiz", "added_at": "2026-11-24T10:00:00"},
    ]


def test_a_session_without_links_writes_an_empty_list(collaboration):
    document = json.loads(dump_session(district_session(collaboration), []))
    assert document["linked_sessions"] == []


def test_the_linked_sessions_read_back_as_typed_records(exported):
    export = read_export(exported)
    assert export.linked_sessions == [link(ADAMS), link(LINCOLN)]


def test_a_link_record_takes_exactly_its_three_fields():
    fields = {"code": LINCOLN, "added_by": "Ana", "added_at": "2026-11-24"}
    assert LinkFields.model_validate(fields) == LinkFields(**fields)
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        LinkFields.model_validate({**fields, "id": "x"})
    with pytest.raises(ValueError, match="Field required"):
        LinkFields.model_validate({"code": LINCOLN, "added_by": "Ana"})


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_reads_as_a_session_without_links(exported, version):
    export = read_export(older(exported, version))
    assert export.version == VERSION
    assert export.linked_sessions == []
    assert export.session.code == DISTRICT


def test_a_version_2_file_with_links_is_refused(exported):
    document = json.loads(older(exported, 2))
    document["linked_sessions"] = []
    with pytest.raises(ExportError) as error:
        read_export(json.dumps(document))
    assert str(error.value) == (
        f"This session file is damaged: linked_sessions: Extra inputs are not permitted. {NOT_IMPORTED}"
    )


def test_a_file_newer_than_this_app_is_refused_with_the_versions(exported):
    with pytest.raises(ExportError) as error:
        read_export(edited(exported, lambda d: d.update(version=VERSION + 1)))
    assert str(error.value) == (
        f"This session file is version {VERSION + 1}, newer than this app reads (version {VERSION}). "
        f"Update the app, then import the file again. {NOT_IMPORTED}"
    )


DAMAGED = [
    pytest.param(
        lambda d: d.pop("linked_sessions"),
        "linked_sessions: Field required",
        id="no-list",
    ),
    pytest.param(
        lambda d: d.update(linked_sessions={"code": LINCOLN}),
        "linked_sessions: Input should be a valid list",
        id="not-a-list",
    ),
    pytest.param(
        lambda d: d["linked_sessions"][1].pop("added_by"),
        "linked_sessions[1].added_by: Field required",
        id="no-added-by",
    ),
    pytest.param(
        lambda d: d["linked_sessions"][0].update(code=7),
        "linked_sessions[0].code: Input should be a valid string",
        id="code-not-text",
    ),
    pytest.param(
        lambda d: d["linked_sessions"][0].update(id="building-id"),
        "linked_sessions[0].id: Extra inputs are not permitted",
        id="an-id",
    ),
    pytest.param(
        lambda d: d["linked_sessions"][1].update(code="Lincoln Elementary"),
        'linked_sessions[1] is not a join code: "Lincoln Elementary" (a join code looks like 7KQ-M2X-9RD)',
        id="not-a-code",
    ),
    pytest.param(
        lambda d: d["linked_sessions"][1].update(code=LINCOLN.lower()),
        f'linked_sessions[1] is not a join code: "{LINCOLN.lower()}" (a join code looks like 7KQ-M2X-9RD)',
        id="code-not-as-written",
    ),
    pytest.param(
        lambda d: d["linked_sessions"].append(dict(d["linked_sessions"][0], added_by="Ben")),
        f"linked_sessions[2] repeats session {ADAMS}",
        id="code-twice",
    ),
    pytest.param(
        lambda d: d["linked_sessions"][0].update(code=DISTRICT),
        f"linked_sessions[0] names this session itself ({DISTRICT})",
        id="itself",
    ),
]


@pytest.mark.parametrize(("spoil", "problem"), DAMAGED)
def test_a_damaged_list_of_links_is_refused_and_names_the_record(exported, spoil, problem):
    with pytest.raises(ExportError) as error:
        read_export(edited(exported, spoil))
    assert str(error.value) == f"This session file is damaged: {problem}. {NOT_IMPORTED}"


def test_the_import_message_names_the_building_sessions_to_import_and_link_again(collaboration):
    info = district_session(collaboration).info
    done = "Imported with its ratings, evidence, votes and history."
    own = "It starts a series of its own here, held by your facilitator key."
    assert ImportReport(info, []).message() == f"{done} {own}"
    assert ImportReport(info, [], joined_series=True).message() == (
        f"{done} It continues the series of your sessions it came from."
    )
    assert ImportReport(info, [LINCOLN]).message() == (
        f"{done} {own} 1 linked building session is not in this app yet: {LINCOLN}. "
        "Import it, then link it again from the District view."
    )
    assert ImportReport(info, [LINCOLN, ADAMS]).message() == (
        f"{done} {own} 2 linked building sessions are not in this app yet: {LINCOLN}, {ADAMS}. "
        "Import them, then link them again from the District view."
    )
