"""Participants and votes in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from store_support import make_session, open_voting

from sipr_core import AccessDenied, EditConflict, InputError

# --- participants and votes ------------------------------------------------------------------------


def test_a_vote_before_joining_is_refused(collab_session):
    store, code, key = collab_session
    open_voting(store, code, key)
    with pytest.raises(AccessDenied) as error:
        store.voting.cast(code, "a-stranger", "vision", "rating", "developing")
    assert str(error.value) == "Join the session with your name before you vote."
    assert store.sessions.load(code).votes == []
    assert store.history.changes(code, key, include_votes=True) == []


def test_joining_another_session_does_not_let_you_vote_in_this_one(collab_session, collaboration):
    store, code, key = collab_session
    open_voting(store, code, key)
    other, _ = make_session(store, collaboration, team="Another team")
    me = store.voting.join(other.code, "Ben")
    with pytest.raises(AccessDenied) as error:
        store.voting.cast(code, me.id, "vision", "rating", "developing")
    assert str(error.value) == "Join the session with your name before you vote."


def test_changing_a_vote_keeps_one_vote_per_participant_per_row(collab_session):
    store, code, key = collab_session
    open_voting(store, code, key)
    ben = store.voting.join(code, "Ben")
    cy = store.voting.join(code, "Cy")
    for level in ("beginning", "evolving", "developing"):
        store.voting.cast(code, ben.id, "vision", "rating", level)
    store.voting.cast(code, cy.id, "vision", "rating", "accomplished")
    store.voting.cast(code, ben.id, "policies", "rating", "beginning")
    session = store.sessions.load(code, key=key)
    assert sorted((v.participant_id, v.level) for v in session.votes_on("vision", "rating")) == sorted(
        [(ben.id, "developing"), (cy.id, "accomplished")]
    )
    assert [(v.participant_id, v.level) for v in session.votes_on("policies", "rating")] == [
        (ben.id, "beginning")
    ]
    assert len(session.votes) == 3


def test_an_abstention_is_stored_as_a_vote_without_a_level(collab_session, reopen):
    store, code, key = collab_session
    open_voting(store, code, key)
    ben = store.voting.join(code, "Ben")
    store.voting.cast(code, ben.id, "vision", "rating", "evolving")
    vote = store.voting.cast(code, ben.id, "vision", "rating", None)
    assert vote.level is None
    votes = reopen().sessions.load(code, key=key).votes_on("vision", "rating")
    assert [(v.participant_id, v.level) for v in votes] == [(ben.id, None)]


def test_votes_are_in_the_history_only_when_asked(collab_session):
    store, code, key = collab_session
    open_voting(store, code, key)
    ben = store.voting.join(code, "Ben")
    store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing")
    store.voting.cast(code, ben.id, "vision", "rating", "evolving")
    store.voting.cast(code, ben.id, "vision", "rating", None)
    assert [c.field for c in store.history.changes(code, key)] == ["level"]
    assert [
        (c.actor, c.row_id, c.field, c.old, c.new) for c in store.history.changes(code, key, include_votes=True)
    ] == [
        ("Ana", "vision", "level", None, "developing"),
        ("Ben", "vision", f"vote:{ben.id}", None, "evolving"),
        ("Ben", "vision", f"vote:{ben.id}", "evolving", None),
    ]


def test_joining_again_with_the_same_id_renames_the_participant(collab_session):
    store, code, _ = collab_session
    first = store.voting.join(code, "Ben")
    store.voting.join(code, "Benjamin O.", participant_id=first.id)
    assert [(p.id, p.name) for p in store.sessions.load(code).participants] == [(first.id, "Benjamin O.")]


def test_joining_again_returns_the_participant_as_stored(collab_session):
    store, code, _ = collab_session
    first = store.voting.join(code, "Ben")
    again = store.voting.join(code, "Benjamin", participant_id=first.id)
    assert store.sessions.load(code).participants == [again]


@pytest.mark.parametrize("name", ["", "   ", "\n"])
def test_an_empty_name_joins_as_anonymous_when_the_round_allows_it(collab_session, name):
    store, code, key = collab_session
    with pytest.raises(InputError, match="Type your name"):
        store.voting.join(code, name)  # the store's join keeps the voting rules
    store.voting.open_round(code, key, [("vision", "rating")], actor="F", allow_anonymous=True)
    me = store.voting.join(code, name)
    assert me.name == "Anonymous"
    assert [p.name for p in store.sessions.load(code).participants] == ["Anonymous"]


def test_a_text_changed_in_another_window_is_not_overwritten_and_the_message_quotes_it(collab_session):
    store, code, key = collab_session
    store.entries.set(code, key, "vision", "rating", actor="Ana", evidence="Seen by both windows")
    store.entries.set(code, key, "vision", "rating", actor="Ana", evidence="Window A: plans merged")
    with pytest.raises(EditConflict) as conflict:
        store.entries.set(
            code, key, "vision", "rating", actor="Ana", evidence="Window B: plans drafted",
            expected={"evidence": "Seen by both windows"},
        )
    assert str(conflict.value) == (
        "Not saved: the evidence of this row was changed in another window since this one showed it. "
        "It now reads: “Window A: plans merged”. Your text is still in the box: to keep it instead, change it "
        "and click out of the box again."
    )
    assert store.sessions.load(code).entry("vision", "rating").evidence == "Window A: plans merged"
    saved = store.entries.set(
        code, key, "vision", "rating", actor="Ana", evidence="Window B: plans drafted",
        expected={"evidence": "Window A: plans merged"},  # having seen the other window's text
    )
    assert saved.evidence == "Window B: plans drafted"
    same = store.entries.set(  # both windows typed the same: nothing to protect
        code, key, "vision", "rating", actor="Ana", evidence="Window B: plans drafted", expected={"evidence": "old"}
    )
    assert same.evidence == "Window B: plans drafted"
