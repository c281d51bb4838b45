"""Bad input, each with the exact message a user sees and proof that nothing saved was lost.

Every case is tried against saved work: a session with a rating, evidence, next steps, a
reflection, an action item and votes, and (for rubric files) a district folder holding a continuum
saved earlier. Afterwards the session exports to the same JSON, byte for byte, the facilitator's
list of sessions is the same, and the district folder holds the same files.

Neighbouring tests try more variants of some kinds at the layer below: about sixty broken rubric
files in tests/unit/test_rubric_errors.py, damaged session files and text limits in
tests/integration/test_store.py, formula starts in tests/unit/test_exports_safety.py.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from app_support import open_page
from openpyxl import load_workbook

from sipr_core import (
    AccessDenied,
    ExportError,
    InputError,
    RubricError,
    SessionNotFound,
    Store,
    VotingClosed,
    exports,
    load_library,
)
from sipr_core.district import EXAMPLE, save_rubric
from sipr_core.loader import RUBRICS_ENV, rubric_folders
from sipr_core.session_file import VERSION

HELD_ON = datetime.date(2026, 11, 23)
FIVE_MB = 5_000_000
TOO_LONG = "{} is too long: {:,} characters (the limit is {:,}). Shorten it, or link to a longer document instead."
NOT_IMPORTED = "Nothing was imported."
CLOSED = "Voting has closed, so this vote was not recorded. The team's votes are on the projector."
NOT_JOINED = "Join the session with your name before you vote."
WEAK_KEY = (
    "That facilitator key is too easy to guess: a key needs the strength of 64 random bits (for example "
    "25 random letters and digits, or six or more unrelated words). Leave the box empty to get a strong key "
    "made for you, or type the key you got for your earlier sessions."
)


# --- saved work ---------------------------------------------------------------------------------


@dataclass
class Saved:
    store: Store
    code: str
    key: str
    ben: str  # a participant's id
    stranger: str  # a participant of another session


@pytest.fixture
def saved(store, collaboration) -> Saved:
    """A session with a rating, evidence, next steps, a reflection, an action item and an open vote."""
    info, key = store.sessions.create(
        collaboration, district="Riverside Schools", team="District CI team", held_on=HELD_ON, facilitator="Ana"
    )
    code = info.code
    store.entries.set(
        code, key, "vision", "rating", actor="Ana", level="developing", evidence="Walkthrough notes",
        next_steps="Write the vision with families",
    )
    store.entries.set_reflection(code, key, "", "What surprised us?", "How much we agree", actor="Ana")
    store.actions.add(code, key, actor="Ana", what="Draft the vision", row_ids=["vision"], owner="Ben")
    store.voting.open_round(code, key, [("vision", "rating"), ("policies", "rating")], actor="Ana")
    ben = store.voting.join(code, "Ben").id
    store.voting.cast(code, ben, "vision", "rating", "evolving")
    other, _ = store.sessions.create(
        collaboration, district="Elsewhere", team="Other team", held_on=HELD_ON, facilitator="Zoe"
    )
    stranger = store.voting.join(other.code, "Stranger").id
    return Saved(store, code, key, ben, stranger)


def everything(s: Saved) -> tuple[str, list[str]]:
    """The whole session as its JSON export, and the facilitator's list of sessions."""
    return s.store.transfer.export_json(s.code, s.key), [i.code for i in s.store.sessions.for_key(s.key)]


def export_of(s: Saved) -> str:
    return s.store.transfer.export_json(s.code, s.key)


def damaged(change):
    def apply(s: Saved) -> str:
        data = json.loads(export_of(s))
        change(data)
        return json.dumps(data)

    return apply


def truncated(s: Saved) -> str:
    exported = export_of(s)
    return exported[: len(exported) // 2]


def json_error(text: str) -> str:
    """Where Python's JSON reader finds the text broken, as the import words it."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return f"{error.msg.removesuffix(' at')} at line {error.lineno}, column {error.colno}"
    raise AssertionError("the text is valid JSON")


# Each case: what the user does (after the saved work), the error, and its exact message.
STORE_CASES = [
    # text far beyond the limits
    pytest.param(
        lambda s: s.store.entries.set(s.code, s.key, "vision", "rating", actor="Ana", evidence="é" * FIVE_MB),
        InputError, TOO_LONG.format("Evidence", FIVE_MB, 20_000), id="5 MB of evidence",
    ),
    pytest.param(
        lambda s: s.store.entries.set(s.code, s.key, "policies", "rating", actor="Ana", next_steps="x" * FIVE_MB),
        InputError, TOO_LONG.format("Next steps", FIVE_MB, 20_000), id="5 MB of next steps",
    ),
    pytest.param(
        lambda s: s.store.entries.set_reflection(s.code, s.key, "", "What surprised us?", "x" * FIVE_MB, actor="Ana"),
        InputError, TOO_LONG.format("Answer", FIVE_MB, 20_000), id="5 MB reflection",
    ),
    pytest.param(
        lambda s: s.store.actions.add(s.code, s.key, actor="Ana", what="x" * FIVE_MB),
        InputError, TOO_LONG.format("What", FIVE_MB, 20_000), id="5 MB action item",
    ),
    pytest.param(
        lambda s: s.store.voting.join(s.code, "N" * 5_000, s.ben),
        InputError, TOO_LONG.format("Name", 5_000, 200), id="a 5,000-character name",
    ),
    # session files
    pytest.param(
        lambda s: s.store.transfer.import_session(damaged(lambda d: d.update(version=VERSION + 1))(s), s.key).info,
        ExportError,
        f"This session file is version {VERSION + 1}, newer than this app reads (version {VERSION}). "
        f"Update the app, then import the file again. {NOT_IMPORTED}",
        id="session file of a newer version",
    ),
    pytest.param(
        lambda s: s.store.transfer.import_session(damaged(lambda d: d.update(version="2.0-beta"))(s), s.key).info,
        ExportError, f"This session file has an unknown version ('2.0-beta'). {NOT_IMPORTED}",
        id="session file of an unknown version",
    ),
    pytest.param(
        lambda s: s.store.transfer.import_session(truncated(s), s.key).info,
        ExportError, "This file is damaged or is not a session export: {truncated}. " + NOT_IMPORTED,
        id="session file cut off halfway",
    ),
    pytest.param(
        lambda s: s.store.transfer.import_session(exports.report(s.store, s.code, "csv", s.key), s.key).info,
        ExportError,
        "This file is damaged or is not a session export: Expecting value at line 1, column 1. " + NOT_IMPORTED,
        id="the CSV download imported as a session",
    ),
    pytest.param(
        lambda s: s.store.transfer.import_session(EXAMPLE, s.key).info,
        ExportError,
        "This file is damaged or is not a session export: Expecting value at line 1, column 1. " + NOT_IMPORTED,
        id="a rubric file imported as a session",
    ),
    # join codes
    pytest.param(
        lambda s: s.store.voting.join("7KQ-M2X-9RD", "Ben"),
        SessionNotFound, "No such session: 7KQ-M2X-9RD. Check the code on the projector and try again.",
        id="a guessed join code",
    ),
    pytest.param(
        lambda s: s.store.voting.join(s.code[:-1], "Ben"),
        SessionNotFound, "No such session: {short}. Check the code on the projector and try again.",
        id="a join code one symbol short",
    ),
    pytest.param(
        lambda s: s.store.voting.join("<script>alert('code')</script>" * 3, "Ben"),
        SessionNotFound,
        "No such session: <script>alert('code')</script><script>al. Check the code on the projector and try again.",
        id="markup typed as a join code",
    ),
    pytest.param(
        lambda s: s.store.voting.join("   ", "Ben"),
        SessionNotFound, "No session code given: type the join code shown on the projector.",
        id="an empty join code",
    ),
    # what only the facilitator may do
    pytest.param(
        lambda s: s.store.entries.set(s.code, s.ben, "vision", "rating", actor="Ben", level="accomplished"),
        AccessDenied, "Only the facilitator can do this: enter the facilitator key of session {code}.",
        id="a participant setting the consensus",
    ),
    pytest.param(
        lambda s: s.store.entries.set(s.code, s.code, "vision", "rating", actor="Ben", level="accomplished"),
        AccessDenied, "Only the facilitator can do this: enter the facilitator key of session {code}.",
        id="the join code given as the facilitator key",
    ),
    pytest.param(
        lambda s: s.store.voting.reveal(s.code, s.ben),
        AccessDenied, "Only the facilitator can do this: enter the facilitator key of session {code}.",
        id="a participant revealing the votes",
    ),
    # facilitator keys and series (issue 15: trust)
    pytest.param(
        lambda s: s.store.sessions.create(
            load_library().get("micip-collaboration"), district="Riverside Schools", team="District CI team",
            held_on=HELD_ON, facilitator="Ana", key="1",
        ),
        InputError, WEAK_KEY, id="a facilitator key of one character",
    ),
    pytest.param(
        lambda s: s.store.sessions.create(
            load_library().get("micip-collaboration"), district="Riverside Schools", team="District CI team",
            held_on=HELD_ON, facilitator="Ana", key="Riverside Schools District CI team",
        ),
        InputError, WEAK_KEY, id="a facilitator key made of the session's names",
    ),
    pytest.param(
        lambda s: s.store.sessions.create(
            load_library().get("micip-collaboration"), district="Riverside Schools", team="District CI team",
            held_on=HELD_ON, facilitator="Mallory", follow_up_of=s.code,
        ),
        AccessDenied,
        "Session {code} is held by another facilitator key: a follow-up continues a series your own key holds. "
        "Use the key of that session, or start a new series.",
        id="a follow-up of a series another key holds",
    ),
    pytest.param(
        lambda s: s.store.transfer.import_session(
            damaged(lambda d: d["session"].update(facilitator="", district="D" * 300))(s), s.key
        ),
        ExportError,
        "This session file cannot be imported: session: District is too long: 300 characters (the limit is 200). "
        "Shorten it, or link to a longer document instead. Facilitator is empty: type a facilitator. "
        + NOT_IMPORTED,
        id="a session file with names a new session refuses",
    ),
    # votes
    pytest.param(
        lambda s: s.store.voting.cast(s.code, s.ben, "vision", "rating", "accomplished"),
        VotingClosed, CLOSED, id="a vote after voting closed",
    ),
    pytest.param(
        lambda s: s.store.voting.cast(s.code, s.ben, "routines", "rating", "evolving"),
        VotingClosed, "Voting is not open on this row (routines), so this vote was not recorded.",
        id="a vote on a row not open for voting",
    ),
    pytest.param(
        lambda s: s.store.voting.cast(s.code, s.stranger, "vision", "rating", "evolving"),
        AccessDenied, NOT_JOINED, id="a vote by a participant of another session",
    ),
    pytest.param(
        lambda s: s.store.voting.cast(s.code, s.ben, "vision", "rating", "expert"),
        InputError, "No such level: expert (levels: beginning, developing, evolving, accomplished)",
        id="a vote for a level the continuum lacks",
    ),
]


@pytest.mark.parametrize(("act", "error", "message"), STORE_CASES)
def test_bad_input_is_refused_with_its_exact_message_and_nothing_saved_is_lost(saved, act, error, message):
    if "{truncated}" in message:
        message = message.format(truncated=json_error(truncated(saved)))
    message = message.replace("{code}", saved.code).replace("{short}", saved.code[:-1])
    if message == CLOSED:  # the facilitator closed the vote first: that is saved work too
        saved.store.voting.close_round(saved.code, saved.key)
    before = everything(saved)
    with pytest.raises(error) as raised:
        act(saved)
    assert str(raised.value) == message
    assert everything(saved) == before


# --- rubric files uploaded on the Rubrics page ----------------------------------------------------

ROW = """\
      - id: {id}
        title: Row {n}
        descriptors:
          emerging: Emerging {n}.
          established: Established {n}.
          leading: Leading {n}.
"""
ALIASES = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)
)
LEVELS_TOP_FIRST = EXAMPLE.replace(
    """levels:                          # lowest first
  - {id: emerging, name: Emerging}
  - {id: established, name: Established}
  - {id: leading, name: Leading}""",
    """levels:
  - {id: leading, name: Leading, min_share: 1.0}
  - {id: established, name: Established, min_share: 0.5}
  - {id: emerging, name: Emerging, min_share: 0.0}""",
).replace(
    "        descriptors:                 # one text for every level",
    "        criteria: [Families get news, Families answer]\n        descriptors:",
)


def at_lines(message: str, text: str | bytes) -> str:
    """The message with each @needle@ replaced by the number of the first line holding the needle.

    The loader names the line where a key's value starts."""
    lines = text.splitlines() if isinstance(text, str) else []
    return re.sub(r"@(.+?)@", lambda m: str(next(i for i, x in enumerate(lines, 1) if m[1] in x)), message)


def rows(count: int) -> str:
    head, _ = EXAMPLE.split("    rows:\n")
    return head + "    rows:\n" + "".join(ROW.format(id=f"r{n}", n=n) for n in range(count))


RUBRIC_CASES = [
    pytest.param(
        EXAMPLE.replace("title: Family Engagement Continuum", 'title: "Family Engagement Continuum'),
        ["family.yaml:@  edition: \"2026\"@ YAML syntax: expected <block end>, but found '<scalar>'"],
        id="an unclosed quote",
    ),
    pytest.param(
        EXAMPLE.replace("    title: Two-way communication", "\ttitle: Two-way communication"),
        ["family.yaml:@\ttitle: Two-way@ YAML syntax: found character '\\t' that cannot start any token"],
        id="a tab for indentation",
    ),
    pytest.param(
        "- emerging\n- established\n- leading\n",
        ["family.yaml:1 a rubric file must be a mapping (key: value lines) at the top"],
        id="a list instead of a rubric",
    ),
    pytest.param("", ["family.yaml:1 the file is empty"], id="an empty file"),
    pytest.param(
        EXAMPLE.encode("utf-16"),
        ["family.yaml not UTF-8 text: save the file as UTF-8 and upload it again"],
        id="saved as UTF-16",
    ),
    pytest.param(
        ALIASES,
        ["family.yaml the file expands to more than 500,000 values (through aliases)"],
        id="an alias bomb",
    ),
    pytest.param(
        EXAMPLE.replace("          leading: Families shape what the school shares and how.\n", ""),
        ['family.yaml:@emerging: Newsletters@ groups[0].rows[0].descriptors: no text for level "Leading"'],
        id="a level without text",
    ),
    pytest.param(
        EXAMPLE.replace("          established: Families get regular news", "          establish: Families get regular news"),
        [
            'family.yaml:@establish:@ groups[0].rows[0].descriptors.establish: unknown level "establish" '
            "(levels: emerging, established, leading)",
            'family.yaml:@emerging: Newsletters@ groups[0].rows[0].descriptors: no text for level "Established"',
        ],
        id="a misspelt level in a row",
    ),
    pytest.param(
        rows(2).replace("id: r1", "id: r0 "),  # the space only marks the line for the test
        ['family.yaml:@id: r0 @ groups[0].rows[1].id: duplicate row id "r0" (also at groups[0].rows[0].id)'],
        id="a row id given twice",
    ),
    pytest.param(
        rows(5_000),
        ["family.yaml:@  - id: communication@ groups: 5,000 rows, more than the 200 a continuum may have: split it up"],
        id="5,000 rows",
    ),
    pytest.param(
        LEVELS_TOP_FIRST,
        [
            "family.yaml:@id: emerging@ levels[2].min_share: levels suggest themselves from ticked criteria, "
            "so the top level must mean every criterion holds: set min_share: 1.0",
            "family.yaml:@id: emerging@ levels[2].min_share: min_share must not go down from one level to the next",
        ],
        id="levels listed highest first",
    ),
]


@pytest.fixture
def district(tmp_path, monkeypatch) -> Path:
    """A district folder holding a continuum saved earlier."""
    folder = tmp_path / "district"
    monkeypatch.setenv(RUBRICS_ENV, str(folder))
    monkeypatch.chdir(tmp_path)
    save_rubric(
        EXAMPLE.replace("family-engagement", "saved-earlier").replace("Family Engagement", "Saved Earlier"),
        "earlier.yaml",
    )
    return folder


def folder_state(folder: Path):
    library = load_library([folder])
    return {f.name: f.read_bytes() for f in folder.iterdir()}, sorted(library.rubrics), library.problems


@pytest.mark.parametrize(("upload", "messages"), RUBRIC_CASES)
def test_a_broken_rubric_upload_is_refused_with_every_problem_and_nothing_saved_changes(
    district, upload, messages
):
    before = folder_state(district)
    assert "saved-earlier" in before[1]
    with pytest.raises(RubricError) as raised:
        save_rubric(upload, "family.yaml")
    assert [str(p) for p in raised.value.problems] == [at_lines(m, upload) for m in messages]
    assert folder_state(district) == before


def test_descriptors_in_another_order_than_the_levels_still_read_lowest_first(district):
    reordered = EXAMPLE.replace(
        "          emerging: Newsletters go home sometimes.\n"
        "          established: Families get regular news in their language.\n"
        "          leading: Families shape what the school shares and how.\n",
        "          leading: Families shape what the school shares and how.\n"
        "          emerging: Newsletters go home sometimes.\n"
        "          established: Families get regular news in their language.\n",
    )
    assert reordered != EXAMPLE
    save_rubric(reordered, "family.yaml")
    rubric = load_library(rubric_folders()).get("family-engagement")
    assert rubric.level_ids() == ["emerging", "established", "leading"]
    cell = rubric.row("c1").cells()[rubric.dimension_ids()[0]]
    assert [cell.descriptors[level] for level in rubric.level_ids()] == [
        "Newsletters go home sometimes.",
        "Families get regular news in their language.",
        "Families shape what the school shares and how.",
    ]


# --- text that is not what it seems: stored exactly, shown and exported safely ---------------------

NASTY = {
    "html": "<b>bold</b> <img src=x onerror=alert(1)> &amp; <a href='javascript:x'>link</a>",
    "script": "<script>document.cookie</script>",
    "right to left": "خطة تحسين المدرسة \u202eevil\u202c שיפור 2",
    "emoji": "Great 🎉👩🏽‍🏫👨‍👩‍👧‍👦 ✅",
    "formula": "=HYPERLINK(\"http://evil\",\"click\")",
    "dde": "+cmd|' /C calc'!A0",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def everywhere(store, collaboration):
    """Every free-text field of a session holds one of the strings: names, ratings, reflection, plan."""

    def fill(text: str) -> tuple[str, str]:
        info, key = store.sessions.create(
            collaboration, district=f"D {text}", school=f"S {text}", team=f"T {text}", held_on=HELD_ON,
            facilitator=f"F {text}",
        )
        code = info.code
        store.entries.set(code, key, "vision", "rating", actor=text, level="evolving", evidence=text, next_steps=text)
        store.entries.set_reflection(code, key, "", "What surprised us?", text, actor=text)
        store.actions.add(code, key, actor=text, what=text, owner=text, row_ids=["vision"])
        store.voting.open_round(code, key, [("vision", "rating")], actor=text)
        store.voting.cast(code, store.voting.join(code, text).id, "vision", "rating", "developing")
        return code, key

    return fill


@pytest.mark.parametrize("text", NASTY.values(), ids=NASTY.keys())
def test_markup_scripts_right_to_left_emoji_and_formulas_round_trip_exactly_in_every_field(
    store, everywhere, other_engine_store, text
):
    code, key = everywhere(text)
    session = store.sessions.load(code)
    entry = session.entry("vision", "rating")
    assert (entry.evidence, entry.next_steps, entry.updated_by) == (text, text, text)
    assert session.answer("", "What surprised us?") == text
    assert [p.name for p in session.participants] == [text]
    assert session.info.facilitator == f"F {text}"
    (item,) = store.actions.items(code)
    assert (item.what, item.owner) == (text, text)
    exported = store.transfer.export_json(code, key)
    other_engine_store.transfer.import_session(exported, key).info
    assert other_engine_store.transfer.export_json(code, key) == exported


@pytest.mark.parametrize("text", [NASTY["formula"], NASTY["dde"]], ids=["formula", "dde"])
def test_formulas_in_every_free_text_field_are_neutralised_in_the_csv_and_excel_downloads(
    store, everywhere, text
):
    code, key = everywhere(text)
    table = list(csv.reader(io.StringIO(exports.report(store, code, "csv", key).decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(exports.report(store, code, "xlsx", key)))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    for found in [v for row in table for v in row] + [c.value for c in cells if isinstance(c.value, str)]:
        assert not found.startswith(FORMULA_STARTS), found
    assert "'" + text in [v for row in table for v in row]  # evidence and next steps, kept readable
    assert sum(c.value == "'" + text for c in cells) >= 4  # evidence, next steps, action, owner


@pytest.mark.parametrize("text", [NASTY["html"], NASTY["script"]], ids=["html", "script"])
def test_markup_in_every_field_shows_as_text_on_the_dashboard(data_dir, monkeypatch, collaboration, text):
    app = Store(f"sqlite:///{data_dir / 'sipr.db'}")
    info, key = app.sessions.create(
        collaboration, district=f"D {text}", team=f"T {text}", held_on=HELD_ON, facilitator=f"F {text}"
    )
    app.entries.set(info.code, key, "vision", "rating", actor="Ana", level="evolving", evidence=text, next_steps=text)
    app.close()
    at = open_page("pages/dashboard.py", info.code)
    assert not at.exception and not at.error
    shown = [m.value for m in at.markdown] + [str(c.value) for c in at.caption]
    live = [re.sub(r"\\.", "", s) for s in shown]  # what is left once the escaped characters are dropped
    assert not [s for s in live if "<script" in s or "<img" in s or "<b>" in s]
    (table,) = [h.proto.body for h in at.html if 'class="ratings-table"' in h.proto.body]
    assert f'<td data-key="evidence">{html.escape(text)}</td>' in table  # shown as text, escaped
    assert "<script" not in table and "<img" not in table and "<b>" not in table


@pytest.fixture
def other_engine_store(tmp_path):
    """An empty SQLite store beside the one under test, to import into."""
    s = Store(f"sqlite:///{tmp_path / 'imported.db'}")
    yield s
    s.close()
