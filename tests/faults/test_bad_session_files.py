"""A session file passes exactly the checks a rubric upload and a new session pass, or imports nothing.

Each file here was once imported and then broke the Rate, Present or Progress page with a traceback.
"""

from __future__ import annotations

import json

import pytest
from app_support import new_session, open_page

from sipr_core import ExportError, Rubric

NOT_IMPORTED = "Nothing was imported."


def spoil(document: dict, change) -> str:
    """The file changed, its fingerprint made to match its continuum again (as anyone editing it can)."""
    change(document)
    document["session"]["fingerprint"] = Rubric.model_validate(document["rubric"]).fingerprint()
    return json.dumps(document, ensure_ascii=False)


def duplicate_row(d):
    d["rubric"]["groups"][0]["rows"].append(dict(d["rubric"]["groups"][0]["rows"][0]))


def undeclared_dimension(d):
    row = d["rubric"]["groups"][0]["rows"][0]
    row["dimensions"] = {"scale": {"descriptors": row.pop("descriptors")}}


def thousand_rows(d):
    group = d["rubric"]["groups"][0]
    first = group["rows"][0]
    group["rows"] = [dict(first, id=f"r{n}") for n in range(1000)]


CASES = [
    pytest.param(duplicate_row, 'rubric.groups[0].rows[6].id: duplicate row id "vision"', id="duplicate-row-ids"),
    pytest.param(
        undeclared_dimension,
        "rubric.groups[0].rows[0].dimensions: this rubric declares no dimensions",
        id="undeclared-dimension",
    ),
    pytest.param(
        lambda d: d["session"].update(timer={"activity": "Activity 2", "minutes": 20, "started_at": "garbage"}),
        'session.timer.started_at: "garbage" is not a time',
        id="timer-garbage",
    ),
    pytest.param(thousand_rows, "rubric.groups: 1,000 rows, more than the 200 a continuum may have", id="1000-rows"),
    pytest.param(
        lambda d: d["session"].update(district="D" * 300),
        "session: District is too long: 300 characters (the limit is 200).",
        id="300-character-district",
    ),
    pytest.param(
        lambda d: d["session"].update(facilitator=" "),
        "session: Facilitator is empty: type a facilitator.",
        id="empty-facilitator",
    ),
    pytest.param(
        lambda d: d["entries"].append({**d["entries"][0], "row_id": "policies", "evidence": "x" * 20_001}),
        "entries[1].evidence: Evidence is too long: 20,001 characters (the limit is 20,000).",
        id="evidence-over-the-limit",
    ),
]


@pytest.fixture
def exported(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, "vision", "rating", actor="Ana", level="evolving", evidence="Agendas")
    return app_store, json.loads(app_store.transfer.export_json(code, key)), key


@pytest.mark.parametrize(("change", "problem"), CASES)
def test_a_file_that_a_new_session_or_an_upload_would_refuse_imports_nothing(exported, change, problem):
    store, document, key = exported
    before = store.sessions.for_key(key)
    with pytest.raises(ExportError) as refused:
        store.transfer.import_session(spoil(document, change), key)
    message = str(refused.value)
    assert message.startswith(f"This session file cannot be imported: {problem}")
    assert message.endswith(NOT_IMPORTED)
    assert store.sessions.for_key(key) == before


def test_several_problems_are_named_at_once_up_to_three(exported):
    store, document, key = exported

    def many(d):
        d["session"].update(district="", team="", facilitator="")
        d["entries"][0]["evidence"] = "x" * 20_001
        d["participants"].append({"id": "p", "name": "N" * 201, "joined_at": "now", "left_at": None})

    with pytest.raises(ExportError) as refused:
        store.transfer.import_session(spoil(document, many), key)
    assert str(refused.value) == (
        "This session file cannot be imported: session: District is empty: type a district. Team is empty: "
        "type a team. Facilitator is empty: type a facilitator; entries[0].evidence: Evidence is too long: "
        "20,001 characters (the limit is 20,000). Shorten it, or link to a longer document instead; "
        "participants[0].name: Name is too long: 201 characters (the limit is 200). Shorten it, or link to "
        "a longer document instead. Nothing was imported."
    )


@pytest.mark.parametrize("page", ["pages/rate.py", "pages/present.py", "pages/progress.py", "pages/dashboard.py"])
def test_an_imported_session_opens_on_every_page(exported, page):
    store, document, key = exported
    report = store.transfer.import_session(json.dumps(document), key)
    at = open_page(page, report.info.code, key)
    assert not at.exception
