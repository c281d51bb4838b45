"""Participants' comments on rows in the store, once on SQLite and once on PostgreSQL (issue 16, item 5).

A comment is written on an open row, hidden until its round is revealed (from the facilitator's
results and from a viewer's reading of the session), shown with its writer's name unless the round
or the writer is anonymous, added to the row's evidence by the facilitator without overwriting
evidence changed meanwhile, and carried by the session file.
"""

from __future__ import annotations

import json

import pytest

from sipr_core import AccessDenied, EvidenceChanged, InputError, VotingClosed
from sipr_core.comments import MAX_COMMENT

VISION, POLICIES = ("vision", "rating"), ("policies", "rating")
NOT_ADDED = "Nothing was added to the evidence."


@pytest.fixture
def open_vote(collab_session):
    """A round open on vision and policies, with Ana and Ben joined: (store, code, key, ana, ben)."""
    store, code, key = collab_session
    store.voting.open_round(code, key, [VISION, POLICIES], actor="Facilitator")
    ana, ben = (store.voting.join(code, name).id for name in ("Ana", "Ben"))
    return store, code, key, ana, ben


def test_a_comment_is_kept_trimmed_changed_and_cleared_on_the_participants_own_ballot(open_vote):
    store, code, key, ana, ben = open_vote
    store.comments.write(code, ana, *VISION, "  Posters in 9 of 12 buildings \n")
    assert store.voting.ballot(code, ana).comments == {VISION: "Posters in 9 of 12 buildings"}
    assert store.voting.ballot(code, ben).comments == {}  # nobody sees another's comment
    store.comments.write(code, ana, *VISION, "Posters in 10 of 12")
    assert store.voting.ballot(code, ana).comments == {VISION: "Posters in 10 of 12"}
    store.comments.write(code, ana, *VISION, "   ")
    assert store.voting.ballot(code, ana).comments == {}


def test_a_comment_stays_hidden_until_its_round_is_revealed(open_vote):
    store, code, key, ana, ben = open_vote
    store.comments.write(code, ana, *VISION, "Posters in 9 of 12 buildings")
    assert store.comments.on(code, key, *VISION) == []
    assert store.sessions.load(code).comments == []  # a viewer's reading
    assert [c.text for c in store.reports.session(code, key).session.comments] == ["Posters in 9 of 12 buildings"]
    assert [c.revealed for c in store.reports.session(code, key).session.comments] == [False]
    store.voting.close_round(code, key)
    assert store.comments.on(code, key, *VISION) == [] and store.sessions.load(code).comments == []
    store.voting.reveal(code, key)
    (shown,) = store.comments.on(code, key, *VISION)
    assert (shown.text, shown.author, shown.participant_id, shown.revealed) == (
        "Posters in 9 of 12 buildings", "Ana", ana, True
    )
    assert [c.text for c in store.sessions.load(code).comments] == ["Posters in 9 of 12 buildings"]


def test_a_comment_in_a_new_round_is_hidden_again_until_that_round_is_revealed(open_vote):
    store, code, key, ana, ben = open_vote
    store.comments.write(code, ana, *VISION, "First thought")
    store.voting.reveal(code, key)
    store.voting.open_round(code, key, [VISION], actor="Facilitator")
    assert store.voting.ballot(code, ana).comments == {VISION: "First thought"}  # kept on her ballot
    assert [c.text for c in store.comments.on(code, key, *VISION)] == ["First thought"]
    store.comments.write(code, ana, *VISION, "Second thought")
    assert store.comments.on(code, key, *VISION) == []
    store.voting.reveal(code, key)
    assert [c.text for c in store.comments.on(code, key, *VISION)] == ["Second thought"]


def test_comments_are_anonymous_when_the_round_or_the_writer_is(collab_session):
    store, code, key = collab_session
    store.voting.open_round(code, key, [VISION], actor="Facilitator", allow_anonymous=True)
    ana, nameless = store.voting.join(code, "Ana").id, store.voting.join(code, "").id
    store.comments.write(code, ana, *VISION, "From Ana")
    store.comments.write(code, nameless, *VISION, "From nobody")
    store.voting.reveal(code, key)
    assert {c.text: c.author for c in store.comments.on(code, key, *VISION)} == {"From Ana": "", "From nobody": ""}


def test_a_comment_is_refused_outside_an_open_row_and_from_someone_taken_off_the_vote(open_vote):
    store, code, key, ana, ben = open_vote
    with pytest.raises(VotingClosed) as error:
        store.comments.write(code, ana, "routines", "rating", "Not open")
    assert str(error.value) == "Voting is not open on this row (routines), so this comment was not saved."
    store.attendance.remove(code, key, ben, actor="Facilitator")
    with pytest.raises(AccessDenied) as error:
        store.comments.write(code, ben, *VISION, "Still here")
    assert str(error.value) == (
        'The facilitator took you off this vote, so this comment was not saved. Press "Rejoin the vote" to vote again.'
    )
    store.voting.close_round(code, key)
    with pytest.raises(VotingClosed) as error:
        store.comments.write(code, ana, *VISION, "Too late")
    assert str(error.value) == "Voting has closed, so this comment was not saved."
    with pytest.raises(AccessDenied) as error:
        store.comments.write(code, "someone-else", *VISION, "Who am I")
    assert str(error.value) == "Join the session with your name before you vote."
    assert store.reports.session(code, key).session.comments == []


def test_a_comment_longer_than_the_limit_is_refused_saying_the_limit(open_vote):
    store, code, _, ana, _ = open_vote
    with pytest.raises(InputError) as error:
        store.comments.write(code, ana, *VISION, "x" * (MAX_COMMENT + 1))
    assert str(error.value) == (
        "Comment is too long: 1,001 characters (the limit is 1,000). Shorten it, or link to a longer document instead."
    )
    store.comments.write(code, ana, *VISION, "x" * MAX_COMMENT)


def test_use_as_evidence_appends_the_comment_once_and_keeps_it_in_the_history(open_vote):
    store, code, key, ana, ben = open_vote
    store.entries.set(code, key, *VISION, actor="Facilitator", evidence="Survey, spring 2026.")
    store.comments.write(code, ana, *VISION, "Posters in 9 of 12 buildings")
    store.voting.reveal(code, key)
    entry = store.comments.use_as_evidence(
        code, key, ana, *VISION, actor="Facilitator", expected="Survey, spring 2026."
    )
    assert entry.evidence == "Survey, spring 2026.\nPosters in 9 of 12 buildings"
    again = store.comments.use_as_evidence(code, key, ana, *VISION, actor="Facilitator", expected=entry.evidence)
    assert again.evidence == entry.evidence  # a second click adds nothing
    last = store.history.changes(code, key)[-1]
    assert (last.field, last.old, last.new, last.actor) == (
        "evidence", "Survey, spring 2026.", entry.evidence, "Facilitator"
    )


def test_use_as_evidence_never_overwrites_evidence_changed_in_another_window(open_vote):
    store, code, key, ana, _ = open_vote
    store.comments.write(code, ana, *VISION, "Posters in 9 of 12 buildings")
    store.voting.reveal(code, key)
    shown = store.sessions.load(code).entry(*VISION).evidence  # "" on the facilitator's page
    store.entries.set(code, key, *VISION, actor="Co-facilitator", evidence="Typed meanwhile")
    with pytest.raises(EvidenceChanged) as error:
        store.comments.use_as_evidence(code, key, ana, *VISION, actor="Facilitator", expected=shown)
    assert str(error.value) == (
        "Not added: the evidence of this row was changed in another window since this page showed it. "
        "It now reads: “Typed meanwhile”. Press “Use as evidence” again to add the comment to it."
    )
    assert store.sessions.load(code).entry(*VISION).evidence == "Typed meanwhile"


def test_use_as_evidence_needs_the_key_a_revealed_round_and_a_comment_that_is_still_there(open_vote):
    store, code, key, ana, ben = open_vote
    store.comments.write(code, ana, *VISION, "Posters")
    with pytest.raises(InputError) as error:
        store.comments.use_as_evidence(code, key, ana, *VISION, actor="F", expected="")
    assert str(error.value) == f"That comment's round is not revealed yet: reveal the votes first. {NOT_ADDED}"
    with pytest.raises(AccessDenied):
        store.comments.use_as_evidence(code, "not-the-key", ana, *VISION, actor="F", expected="")
    store.voting.reveal(code, key)
    with pytest.raises(InputError) as error:
        store.comments.use_as_evidence(code, key, ben, *VISION, actor="F", expected="")
    assert str(error.value) == f"That comment is no longer there: its writer cleared it. {NOT_ADDED}"
    assert store.sessions.load(code).entry(*VISION).evidence == ""


def test_comments_travel_in_the_session_file_and_import_back(open_vote, other_store):
    store, code, key, ana, ben = open_vote
    store.comments.write(code, ana, *VISION, "Revealed <b>comment</b>")
    store.voting.reveal(code, key)
    store.voting.open_round(code, key, [POLICIES], actor="Facilitator")
    store.comments.write(code, ben, *POLICIES, "Not revealed yet")
    exported = store.transfer.export_json(code, key)
    document = json.loads(exported)
    assert [(c["participant_id"], c["row_id"], c["text"], c["round_number"]) for c in document["comments"]] == [
        (ben, "policies", "Not revealed yet", 2),
        (ana, "vision", "Revealed <b>comment</b>", 1),
    ]
    other_store.transfer.import_session(exported, key)
    assert other_store.transfer.export_json(code, key) == exported
    assert [c.text for c in other_store.sessions.load(code).comments] == ["Revealed <b>comment</b>"]
    assert [c.text for c in other_store.comments.on(code, key, *VISION)] == ["Revealed <b>comment</b>"]
