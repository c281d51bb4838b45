"""Sessions in the store, on SQLite and PostgreSQL: autosave and restarts, join codes and keys, the kept
rubric text, series, and deleting a session."""

from __future__ import annotations

import datetime
import re

import pytest
from sqlalchemy import select
from store_support import NOT_FOUND, denied, make_session, open_voting

from sipr_core import AccessDenied, InputError, SessionNotFound
from sipr_core.access import ALPHABET, CODE_LENGTH, new_join_code, normalise_code, password_ok
from sipr_core.storage import schema

CODE_FORMAT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$")


# --- autosave and restarts --------------------------------------------------------------------


def test_everything_recorded_survives_a_restart(rated_session, reopen):
    store, code, key = rated_session
    before = store.sessions.load(code, key=key)
    history = store.history.changes(code, key, include_votes=True)
    store.close()
    restarted = reopen()
    assert restarted.sessions.load(code, key=key) == before
    assert restarted.history.changes(code, key, include_votes=True) == history
    assert restarted.sessions.is_facilitator(code, key)
    assert len(before.entries) == 3 and len(before.votes) == 3 and len(before.participants) == 2


def test_each_change_is_saved_when_made_without_closing_the_store(collab_session, reopen):
    store, code, key = collab_session
    store.entries.set(code, key, "vision", "rating", actor="Ana", level="evolving", evidence="Agendas")
    other_server = reopen()
    entry = other_server.sessions.load(code).entry("vision", "rating")
    assert (entry.rating.level, entry.evidence) == ("evolving", "Agendas")


@pytest.mark.parametrize(
    "typed",
    [
        "0A1-B0C-1DE",
        "0a1-b0c-1de",
        "0a1b0c1de",
        "OA1-BOC-1DE",
        "0AI-B0C-LDE",
        "oaiboclde",
        " 0A1 B0C 1DE ",
        "0a1_b0c.1de",
    ],
)
def test_a_session_opens_by_any_typed_form_of_its_code(store, collaboration, monkeypatch, typed):
    monkeypatch.setattr("sipr_core.storage.sessions.new_join_code", lambda: "0A1-B0C-1DE")
    info, key = make_session(store, collaboration)
    assert info.code == "0A1-B0C-1DE"
    assert store.sessions.info(typed) == info
    assert store.sessions.load(typed).info == info
    assert store.sessions.is_facilitator(typed, key)


def test_a_code_already_taken_is_never_given_to_a_second_session(store, collaboration, monkeypatch):
    codes = iter(["AAA-AAA-AAA", "AAA-AAA-AAA", "AAA-AAA-AAA", "BBB-BBB-BBB"])
    monkeypatch.setattr("sipr_core.storage.sessions.new_join_code", lambda: next(codes))
    first, _ = make_session(store, collaboration)
    second, _ = make_session(store, collaboration, team="Another team")
    assert (first.code, second.code) == ("AAA-AAA-AAA", "BBB-BBB-BBB")
    assert store.sessions.info("BBB-BBB-BBB").team == "Another team"

# --- join codes, keys and passwords -------------------------------------------------------------


def test_a_join_code_is_three_groups_of_three_unambiguous_symbols(store, collaboration):
    codes = [new_join_code() for _ in range(2_000)] + [
        make_session(store, collaboration)[0].code for _ in range(5)
    ]
    assert [c for c in codes if not CODE_FORMAT.match(c)] == []
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)


def test_the_code_alphabet_has_no_misreadable_letters_and_at_least_forty_bits():
    assert set("ILOU").isdisjoint(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 32
    assert len(ALPHABET) ** CODE_LENGTH >= 2**40


def test_join_codes_do_not_repeat():
    codes = [new_join_code() for _ in range(50_000)]
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("7KQ-M2X-9RD", "7KQ-M2X-9RD"),
        ("7kq-m2x-9rd", "7KQ-M2X-9RD"),
        ("7kqm2x9rd", "7KQ-M2X-9RD"),
        ("  7KQ M2X 9RD  ", "7KQ-M2X-9RD"),
        ("7KQ_M2X.9RD", "7KQ-M2X-9RD"),
        ("OOO-III-LLL", "000-111-111"),
        ("ooo-iii-lll", "000-111-111"),
        ("", None),
        ("7KQ-M2X-9R", None),
        ("7KQ-M2X-9RDX", None),
        ("7KQ-M2X-9RU", None),
        ("7KQ-M2X-9R!", None),
        ("' OR 1=1 --", None),
        ("x" * 5000, None),
    ],
)
def test_normalise_code_reads_what_people_type(typed, canonical):
    assert normalise_code(typed) == canonical


UNKNOWN = "ABC-DEF-GHJ"

OPERATIONS = {
    "info": lambda s, code: s.sessions.info(code),
    "session": lambda s, code: s.sessions.load(code),
    "is_facilitator": lambda s, code: s.sessions.is_facilitator(code, "any key"),
    "series": lambda s, code: s.sessions.series(code),
    "previous": lambda s, code: s.sessions.previous(code),
    "join": lambda s, code: s.voting.join(code, "Ben"),
    "vote": lambda s, code: s.voting.cast(code, "someone", "vision", "rating", "developing"),
    "set_entry": lambda s, code: s.entries.set(
        code, "any key", "vision", "rating", actor="Ana", level="developing"
    ),
    "history": lambda s, code: s.history.changes(code, "any key"),
    "undo": lambda s, code: s.history.undo(code, "any key", 1, actor="Ana"),
    "export_json": lambda s, code: s.transfer.export_json(code, "any key"),
    "delete_session": lambda s, code: s.sessions.delete(code, "any key"),
}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_unknown_code_is_session_not_found_with_the_exact_message(collab_session, operation):
    store, _, _ = collab_session
    with pytest.raises(SessionNotFound) as error:
        OPERATIONS[operation](store, UNKNOWN)
    assert str(error.value) == "No such session: ABC-DEF-GHJ. Check the code on the projector and try again."


@pytest.mark.parametrize(
    ("typed", "echoed"),
    [
        ("", ""),
        ("   ", ""),
        ("ABC-DEF", "ABC-DEF"),
        ("' OR 1=1 --", "' OR 1=1 --"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("x" * 5000, "x" * 40),
        ("A" * 41, "A" * 40),
    ],
    ids=["empty", "spaces", "too-short", "sql", "html", "5000-chars", "41-chars"],
)
def test_a_malformed_code_is_session_not_found_and_echoes_at_most_forty_characters(
    collab_session, typed, echoed
):
    store, code, key = collab_session
    for operation in ("info", "session", "join", "set_entry"):
        with pytest.raises(SessionNotFound) as error:
            OPERATIONS[operation](store, typed)
        if echoed:
            assert str(error.value) == NOT_FOUND.format(echoed)
        else:
            assert str(error.value) == "No session code given: type the join code shown on the projector."
        assert error.value.code == echoed
    assert [s.code for s in store.sessions.for_key(key)] == [code]


KEY_ACTIONS = {
    "set_entry": lambda s, code, key, change: s.entries.set(
        code, key, "vision", "rating", actor="X", level="beginning"
    ),
    "history": lambda s, code, key, change: s.history.changes(code, key),
    "undo": lambda s, code, key, change: s.history.undo(code, key, change, actor="X"),
    "delete_session": lambda s, code, key, change: s.sessions.delete(code, key),
    "export_json": lambda s, code, key, change: s.transfer.export_json(code, key),
}


@pytest.mark.parametrize("action", KEY_ACTIONS)
@pytest.mark.parametrize(
    "given", ["none", "empty", "wrong", "another session's key", "a participant id", "the code"]
)
def test_facilitator_actions_need_the_facilitator_key(collab_session, collaboration, action, given):
    store, code, key = collab_session
    store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing")
    change = store.history.changes(code, key)[-1].id
    _, other_key = make_session(store, collaboration, team="Another team")
    participant = store.voting.join(code, "Ben")
    bad_key = {
        "none": None,
        "empty": "",
        "wrong": "not-the-key",
        "another session's key": other_key,
        "a participant id": participant.id,
        "the code": code,
    }[given]
    before = store.sessions.load(code)
    with pytest.raises(AccessDenied) as error:
        KEY_ACTIONS[action](store, code, bad_key, change)
    assert str(error.value) == denied(code)
    assert store.sessions.load(code) == before
    assert len(store.history.changes(code, key)) == 1


def test_a_participant_can_vote_but_not_change_the_team_rating(collab_session):
    store, code, key = collab_session
    me = store.voting.join(code, "Ben")
    open_voting(store, code, key)
    vote = store.voting.cast(code, me.id, "vision", "rating", "evolving")
    assert (vote.participant_id, vote.level) == (me.id, "evolving")
    assert not store.sessions.is_facilitator(code, me.id)
    with pytest.raises(AccessDenied) as error:
        store.entries.set(code, me.id, "vision", "rating", actor="Ben", level="evolving")
    assert str(error.value) == denied(code)
    assert store.sessions.load(code).entry("vision", "rating").rating.level is None


@pytest.mark.parametrize(
    ("given", "opens"), [("exact", True), ("padded", True), ("other", False), ("none", False)]
)
def test_is_facilitator_tells_whether_a_key_opens_the_session(collab_session, given, opens):
    store, code, key = collab_session
    typed = {"exact": key, "padded": f"  {key}\n", "other": key + "x", "none": None}[given]
    assert store.sessions.is_facilitator(code, typed) is opens


def test_sessions_for_key_lists_exactly_that_facilitators_sessions_newest_first(
    store, collaboration, leadership
):
    first, ana = make_session(store, collaboration, held_on=datetime.date(2026, 9, 1))
    second, same = make_session(store, leadership, held_on=datetime.date(2026, 10, 1), key=ana)
    theirs, ben = make_session(store, collaboration, facilitator="Ben Ode")
    assert same == ana
    assert [s.code for s in store.sessions.for_key(ana)] == [second.code, first.code]
    assert [s.code for s in store.sessions.for_key(ben)] == [theirs.code]
    assert store.sessions.for_key("nobody's key") == []


def test_a_new_key_is_made_when_none_or_only_spaces_is_given(store, collaboration):
    _, made = make_session(store, collaboration)
    _, from_spaces = make_session(store, collaboration, key="   ")
    assert len(made) >= 16 and len(from_spaces) >= 16 and made != from_spaces
    assert from_spaces.strip() == from_spaces


def test_the_facilitator_key_is_neither_stored_nor_exported(collab_session):
    store, code, key = collab_session
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.sessions)).all()
    assert len(rows) == 1
    assert key not in repr(rows)
    assert key not in store.transfer.export_json(code, key)


@pytest.mark.parametrize(
    ("given", "expected", "ok"),
    [
        (None, None, True),
        ("anything", "", True),
        (None, "pässwörd", False),
        ("", "pässwörd", False),
        ("pässwörd", "pässwörd", True),
        ("Pässwörd", "pässwörd", False),
        ("pässwörd ", "pässwörd", False),
    ],
)
def test_the_app_password_is_needed_only_when_one_is_set(given, expected, ok):
    assert password_ok(given, expected) is ok

# --- the rubric text a session was rated against ---------------------------------------------------


def retitled(rubric):
    return rubric.model_copy(update={"title": rubric.title + " (2027 edition)"})


def renamed_level(rubric):
    levels = [rubric.levels[0].model_copy(update={"name": "Starting out"}), *rubric.levels[1:]]
    return rubric.model_copy(update={"levels": levels})


@pytest.mark.parametrize("edit", [retitled, renamed_level])
def test_a_session_keeps_the_rubric_text_it_was_rated_against(store, reopen, collaboration, edit):
    original = collaboration
    info, key = make_session(store, original)
    store.entries.set(info.code, key, "vision", "rating", actor="Ana", level="developing")
    modified = edit(original)
    assert modified != original
    later, _ = make_session(store, modified, team="Another team")
    assert info.fingerprint == original.fingerprint()
    assert later.fingerprint == modified.fingerprint() != original.fingerprint()
    assert store.sessions.load(info.code).rubric == original
    assert store.sessions.load(later.code).rubric == modified
    restarted = reopen()
    assert restarted.sessions.load(info.code).rubric == original
    assert restarted.sessions.info(info.code).fingerprint == original.fingerprint()
    assert restarted.sessions.load(later.code).rubric == modified


# --- series -----------------------------------------------------------------------------------------


def test_follow_ups_made_with_the_series_key_form_a_series_ordered_by_date(store, collaboration):
    spring, key = make_session(store, collaboration, held_on=datetime.date(2026, 4, 1))
    autumn, _ = make_session(
        store, collaboration, held_on=datetime.date(2026, 10, 1), key=key, follow_up_of=spring.code
    )
    winter, _ = make_session(
        store, collaboration, held_on=datetime.date(2026, 1, 15), key=key, follow_up_of=autumn.code.lower()
    )
    store.entries.set(spring.code, key, "vision", "rating", actor="Ana", level="evolving", evidence="Spring")
    assert [s.code for s in store.sessions.series(autumn.code)] == [winter.code, spring.code, autumn.code]
    assert store.sessions.series(winter.code) == store.sessions.series(spring.code.lower())
    earlier = store.sessions.previous(autumn.code.lower().replace("-", ""))
    assert earlier.info == store.sessions.info(spring.code)
    assert earlier.entry("vision", "rating").evidence == "Spring"
    assert store.sessions.previous(spring.code).info.code == winter.code
    assert store.sessions.previous(winter.code) is None


@pytest.mark.parametrize(
    "other",
    [
        {"team": "School improvement team"},
        {"school": "Lincoln Elementary"},
        {"district": "Lakeside Schools"},
        {"rubric": "leadership"},
    ],
    ids=["team", "school", "district", "continuum"],
)
def test_another_team_school_district_or_continuum_is_another_series(store, request, collaboration, other):
    first, _ = make_session(store, collaboration, held_on=datetime.date(2026, 4, 1))
    fields = dict(other)
    rubric = request.getfixturevalue(fields.pop("rubric")) if "rubric" in fields else collaboration
    second, _ = make_session(store, rubric, held_on=datetime.date(2026, 10, 1), **fields)
    assert store.sessions.previous(second.code) is None
    assert [s.code for s in store.sessions.series(second.code)] == [second.code]
    assert [s.code for s in store.sessions.series(first.code)] == [first.code]


def test_a_pipe_in_a_name_does_not_merge_two_teams_into_one_series(store, collaboration):
    first, _ = make_session(
        store,
        collaboration,
        district="North|South",
        school="",
        team="CI team",
        held_on=datetime.date(2026, 4, 1),
    )
    second, _ = make_session(
        store,
        collaboration,
        district="North",
        school="South|",
        team="CI team",
        held_on=datetime.date(2026, 10, 1),
    )
    assert store.sessions.previous(second.code) is None
    assert [s.code for s in store.sessions.series(first.code)] == [first.code]


def test_previous_skips_a_deleted_session(store, collaboration):
    one, key = make_session(store, collaboration, held_on=datetime.date(2026, 1, 1))
    two, _ = make_session(store, collaboration, held_on=datetime.date(2026, 2, 1), key=key, follow_up_of=one.code)
    three, _ = make_session(store, collaboration, held_on=datetime.date(2026, 3, 1), key=key, follow_up_of=one.code)
    store.sessions.delete(two.code, key)
    assert store.sessions.previous(three.code).info.code == one.code
    assert [s.code for s in store.sessions.series(one.code)] == [one.code, three.code]

def test_the_same_names_under_another_key_start_a_series_of_their_own(store, collaboration):
    """An outsider who reads the team's names off the projector neither sees nor joins its series."""
    team, key = make_session(store, collaboration, held_on=datetime.date(2026, 10, 1))
    store.entries.set(team.code, key, "vision", "rating", actor="Ana", level="evolving")
    outsider, outsider_key = make_session(
        store, collaboration, held_on=datetime.date(2026, 4, 1), district=" riverside  SCHOOLS", team="district ci team"
    )
    assert [s.code for s in store.sessions.series(team.code)] == [team.code]
    assert [s.code for s in store.sessions.series(outsider.code)] == [outsider.code]
    assert store.sessions.previous(team.code) is None  # the earlier-dated outsider is not the team's "before"
    with pytest.raises(AccessDenied) as refused:
        make_session(store, collaboration, key=outsider_key, follow_up_of=team.code)
    assert str(refused.value) == (
        f"Session {team.code} is held by another facilitator key: a follow-up continues a series your own key "
        "holds. Use the key of that session, or start a new series."
    )
    assert [s.code for s in store.sessions.series(team.code)] == [team.code]


def test_a_follow_up_rates_the_same_continuum(store, collaboration, leadership):
    first, key = make_session(store, collaboration)
    with pytest.raises(InputError, match=r"rates another continuum: a follow-up rates the same one"):
        make_session(store, leadership, key=key, follow_up_of=first.code)
    assert store.sessions.for_key(key) == [first]


def test_the_series_a_key_holds_are_listed_with_their_latest_session(store, collaboration, leadership):
    first, key = make_session(store, collaboration, held_on=datetime.date(2026, 1, 1))
    second, _ = make_session(store, collaboration, held_on=datetime.date(2026, 6, 1), key=key, follow_up_of=first.code)
    other, _ = make_session(store, leadership, held_on=datetime.date(2026, 3, 1), key=key)
    make_session(store, collaboration, held_on=datetime.date(2026, 9, 1))  # another key's
    held = store.sessions.series_for_key(key)
    assert [(s.latest.code, s.sessions) for s in held] == [(second.code, 2), (other.code, 1)]


# --- deleting a session -----------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["info", "session", "join", "vote", "series", "previous"])
def test_a_deleted_session_is_not_found_by_its_code(collab_session, operation):
    store, code, key = collab_session
    store.sessions.delete(code, key)
    with pytest.raises(SessionNotFound) as error:
        OPERATIONS[operation](store, code)
    assert str(error.value) == NOT_FOUND.format(code)


def test_a_deleted_session_stays_deleted_after_a_restart(collab_session, collaboration, reopen):
    store, code, key = collab_session
    kept, _ = make_session(store, collaboration, key=key, team="Another team")
    store.sessions.delete(code.lower(), key)
    restarted = reopen()
    with pytest.raises(SessionNotFound):
        restarted.sessions.load(code)
    with pytest.raises(SessionNotFound):
        restarted.transfer.export_json(code, key)
    assert [s.code for s in restarted.sessions.for_key(key)] == [kept.code]
