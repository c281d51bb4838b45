"""Live voting in the store, once on SQLite and once on PostgreSQL.

Rounds open and close; the store refuses late votes, hides levels until Reveal, keeps each
first vote, reveals by itself when everyone has voted; small groups; how far the team moved.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect

from sipr_core import AccessDenied, InputError, VotingClosed
from sipr_core.rounds import cells_for, results
from sipr_core.storage import migrations

VISION, POLICIES = ("vision", "rating"), ("policies", "rating")
CLOSED = "Voting has closed, so this vote was not recorded. The team's votes are on the projector."
DENIED = "Only the facilitator can do this: enter the facilitator key of session {}."


@pytest.fixture
def open_vote(collab_session):
    """A round open on vision and policies, with Ana, Ben and Cy joined: (store, code, key, ids)."""
    store, code, key = collab_session
    store.voting.open_round(code, key, [VISION, POLICIES], actor="Facilitator")
    ids = [store.voting.join(code, name).id for name in ("Ana", "Ben", "Cy")]
    return store, code, key, ids


def test_migration_four_adds_the_voting_tables_and_the_first_vote_column(store):
    tables = set(inspect(store.engine).get_table_names())
    assert {"voting_rounds", "vote_groups", "group_members", "group_ratings"} <= tables
    columns = {c["name"] for c in inspect(store.engine).get_columns("votes")}
    assert {"first_level", "round_number"} <= columns
    assert (4, "live voting") in [(v, n) for v, n, _ in migrations.MIGRATIONS]


def test_only_the_facilitator_opens_closes_and_reveals(collab_session):
    store, code, key = collab_session
    for action in (
        lambda k: store.voting.open_round(code, k, [VISION], actor="X"),
        lambda k: store.voting.close_round(code, k),
        lambda k: store.voting.reveal(code, k),
        lambda k: store.voting.board(code, k),
    ):
        with pytest.raises(AccessDenied) as error:
            action("not-the-key")
        assert str(error.value) == DENIED.format(code)


def test_a_vote_before_any_round_is_refused(collab_session):
    store, code, _ = collab_session
    ana = store.voting.join(code, "Ana")
    with pytest.raises(VotingClosed) as error:
        store.voting.cast(code, ana.id, *VISION, "developing")
    assert str(error.value) == "Voting has not opened yet: wait for the facilitator to open it."


def test_a_participant_can_change_their_vote_until_voting_closes_then_late_votes_are_refused(open_vote):
    store, code, key, (ana, *_) = open_vote
    store.voting.cast(code, ana, *VISION, "beginning")
    store.voting.cast(code, ana, *VISION, "evolving")
    store.voting.close_round(code, key)
    with pytest.raises(VotingClosed) as error:
        store.voting.cast(code, ana, *VISION, "accomplished")
    assert str(error.value) == CLOSED
    votes = store.sessions.load(code, key=key).votes
    assert [(v.participant_id, v.level) for v in votes] == [(ana, "evolving")]


def test_a_vote_on_a_row_the_round_did_not_open_is_refused(open_vote):
    store, code, _, (ana, *_) = open_vote
    with pytest.raises(VotingClosed) as error:
        store.voting.cast(code, ana, "routines", "rating", "evolving")
    assert str(error.value) == "Voting is not open on this row (routines), so this vote was not recorded."


def test_someone_who_never_joined_or_joined_another_session_cannot_vote(open_vote, collaboration):
    store, code, _, _ = open_vote
    other, _ = store.sessions.create(
        collaboration, district="Elsewhere", team="Other team", held_on=store.sessions.info(code).held_on, facilitator="Zoe"
    )
    stranger = store.voting.join(other.code, "Stranger")
    for pid in ("nobody", stranger.id):
        with pytest.raises(AccessDenied) as error:
            store.voting.cast(code, pid, *VISION, "developing")
        assert str(error.value) == "Join the session with your name before you vote."
    assert store.voting.participant(code, stranger.id) is None


def test_a_vote_for_an_unknown_level_is_an_input_error(open_vote):
    store, code, _, (ana, *_) = open_vote
    with pytest.raises(InputError) as error:
        store.voting.cast(code, ana, *VISION, "excellent")
    assert str(error.value) == "No such level: excellent (levels: beginning, developing, evolving, accomplished)"


def test_the_board_counts_votes_but_hides_their_levels_until_reveal(open_vote, collaboration):
    store, code, key, (ana, ben, cy) = open_vote
    store.voting.cast(code, ana, *VISION, "beginning")
    store.voting.cast(code, ben, *VISION, "evolving")
    store.voting.cast(code, ben, *POLICIES, "developing")
    board = store.voting.board(code, key)
    assert (board.votes_in(), board.votes_expected()) == (3, 6)
    assert board.levels == {}
    assert [v.name for v in board.waiting()] == ["Ana", "Cy"]
    store.voting.close_round(code, key)
    assert store.voting.board(code, key).levels == {}
    store.voting.reveal(code, key)
    revealed = store.voting.board(code, key)
    assert revealed.levels == {VISION: {ana: "beginning", ben: "evolving"}, POLICIES: {ben: "developing"}}
    found = results(collaboration.level_ids(), revealed)
    assert [r.key for r in found] == [VISION, POLICIES]  # two levels apart: discussed first
    assert found[0].positions == (1, 3)


def test_a_participant_sees_only_their_own_votes(open_vote):
    store, code, _, (ana, ben, _) = open_vote
    store.voting.cast(code, ana, *VISION, "beginning")
    store.voting.cast(code, ben, *VISION, "evolving")
    ballot = store.voting.ballot(code, ana)
    assert ballot.mine == {VISION: "beginning"}
    assert ballot.participant.name == "Ana"
    with pytest.raises(AccessDenied):
        store.voting.ballot(code, "nobody")


def test_reveal_closes_the_round(open_vote):
    store, code, key, (ana, *_) = open_vote
    shown = store.voting.reveal(code, key)
    assert shown.revealed and not shown.is_open
    with pytest.raises(VotingClosed):
        store.voting.cast(code, ana, *VISION, "developing")


def test_the_round_reveals_itself_when_everyone_has_voted_if_the_facilitator_chose_so(collab_session):
    store, code, key = collab_session
    store.voting.open_round(code, key, [VISION, POLICIES], actor="F", auto_reveal=True)
    people = [store.voting.join(code, n).id for n in ("Ana", "Ben")]
    for pid in people:
        store.voting.cast(code, pid, *VISION, "developing")
    store.voting.cast(code, people[0], *POLICIES, "developing")
    assert not store.voting.current_round(code).revealed
    store.voting.cast(code, people[1], *POLICIES, "evolving")
    latest = store.voting.current_round(code)
    assert latest.revealed and not latest.is_open


def test_without_auto_reveal_the_votes_stay_hidden_when_everyone_has_voted(open_vote):
    store, code, key, ids = open_vote
    for pid in ids:
        for cell in (VISION, POLICIES):
            store.voting.cast(code, pid, *cell, "developing")
    assert store.voting.board(code, key).everyone_voted()
    assert not store.voting.current_round(code).revealed


def test_opening_a_new_round_closes_the_open_one(open_vote):
    store, code, key, (ana, *_) = open_vote
    second = store.voting.open_round(code, key, [POLICIES], actor="F")
    assert second.number == 2 and second.is_open
    with pytest.raises(VotingClosed):
        store.voting.cast(code, ana, *VISION, "developing")


def test_the_first_vote_is_kept_through_changes_and_a_second_round(open_vote):
    store, code, key, (ana, ben, _) = open_vote
    store.voting.cast(code, ana, *VISION, "beginning")
    store.voting.cast(code, ana, *VISION, "developing")
    store.voting.cast(code, ben, *VISION, "accomplished")
    store.voting.reveal(code, key)
    store.voting.open_round(code, key, [VISION], actor="F")
    assert store.voting.ballot(code, ana).mine == {}
    assert store.voting.ballot(code, ana).earlier == {VISION: "developing"}
    assert store.voting.board(code, key).votes_in() == 0  # a new round counts its own votes
    store.voting.cast(code, ana, *VISION, "evolving")
    store.voting.cast(code, ben, *VISION, "evolving")
    store.entries.set(code, key, *VISION, actor="F", level="evolving", evidence="We agreed")
    report = store.voting.movement(code, key)
    moved = report.cells[VISION]
    # Ana: first beginning, last evolving (2); Ben: first accomplished, last evolving (1)
    assert (moved.voters, moved.first_to_final, moved.first_to_consensus) == (2, 1.5, 1.5)
    assert store.sessions.load(code).entry(*VISION).evidence == "We agreed"


def test_withdrawing_a_vote_uncounts_it_and_keeps_the_first_vote(open_vote):
    store, code, key, (ana, *_) = open_vote
    store.voting.cast(code, ana, *VISION, "developing")
    store.voting.cast(code, ana, *VISION, None)
    assert store.voting.board(code, key).votes_in() == 0
    store.voting.reveal(code, key)
    report = store.voting.movement(code, key)
    assert report.cells[VISION].first_to_final is None and report.cells[VISION].voters == 1


def test_votes_are_in_the_history_with_the_participants_name(open_vote):
    store, code, key, (ana, *_) = open_vote
    store.voting.cast(code, ana, *VISION, "developing")
    change = store.history.changes(code, key, include_votes=True)[-1]
    assert (change.actor, change.field, change.old, change.new) == ("Ana", f"vote:{ana}", None, "developing")
    assert store.history.changes(code, key) == []


def test_joining_without_a_name_needs_a_round_that_allows_anonymous_votes(collab_session):
    store, code, key = collab_session
    with pytest.raises(InputError) as error:
        store.voting.join(code, "   ")
    assert str(error.value) == "Type your name: the facilitator asked everyone to vote by name."
    store.voting.open_round(code, key, [VISION], actor="F", allow_anonymous=True)
    assert store.voting.join(code, "").name == "Anonymous"


def test_a_returning_participant_keeps_their_id_and_votes(open_vote):
    store, code, _, (ana, *_) = open_vote
    store.voting.cast(code, ana, *VISION, "evolving")
    again = store.voting.join(code, "Ana María", ana)
    assert again.id == ana and again.name == "Ana María"
    assert store.voting.ballot(code, ana).mine == {VISION: "evolving"}


def test_a_deleted_session_takes_its_votes_out_of_reach(open_vote):
    store, code, key, (ana, *_) = open_vote
    store.sessions.delete(code, key)
    with pytest.raises(Exception) as error:
        store.voting.cast(code, ana, *VISION, "evolving")
    assert type(error.value).__name__ == "SessionNotFound"


# --- concurrency -----------------------------------------------------------------------------------


def test_forty_participants_voting_at_once_lose_no_vote(collab_session, leadership):
    store, code, key = collab_session
    cells = cells_for(store.sessions.load(code).rubric, "all")
    store.voting.open_round(code, key, cells, actor="F")
    ids = [store.voting.join(code, f"P{n}").id for n in range(40)]
    errors: list[Exception] = []

    def vote(n: int) -> None:
        try:
            for j, cell in enumerate(cells):
                store.voting.cast(code, ids[n], *cell, ["beginning", "developing", "evolving"][(n + j) % 3])
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    board = store.voting.board(code, key)
    assert board.votes_in() == 40 * len(cells) == len(store.sessions.load(code, key=key).votes)


def test_a_vote_racing_the_close_is_either_recorded_before_it_or_refused(open_vote):
    store, code, key, ids = open_vote
    outcomes: dict[str, str] = {}
    start = threading.Barrier(len(ids) + 1)

    def vote(pid: str) -> None:
        start.wait()
        try:
            store.voting.cast(code, pid, *VISION, "evolving")
            outcomes[pid] = "recorded"
        except VotingClosed:
            outcomes[pid] = "refused"

    threads = [threading.Thread(target=vote, args=(pid,)) for pid in ids]
    for t in threads:
        t.start()
    start.wait()
    store.voting.close_round(code, key)
    for t in threads:
        t.join()
    stored = {v.participant_id for v in store.sessions.load(code, key=key).votes}
    assert stored == {pid for pid, outcome in outcomes.items() if outcome == "recorded"}


def test_the_last_votes_arriving_together_still_reveal_the_round(collab_session):
    store, code, key = collab_session
    store.voting.open_round(code, key, [VISION], actor="F", auto_reveal=True)
    ids = [store.voting.join(code, f"P{n}").id for n in range(12)]
    start = threading.Barrier(len(ids))

    def vote(pid: str) -> None:
        start.wait()
        store.voting.cast(code, pid, *VISION, "developing")

    threads = [threading.Thread(target=vote, args=(pid,)) for pid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.voting.current_round(code).revealed


# --- small groups ----------------------------------------------------------------------------------


@pytest.fixture
def grouped(collab_session):
    """Five participants split into Blue and Green: (store, code, key, {name: id}, groups)."""
    store, code, key = collab_session
    people = {name: store.voting.join(code, name).id for name in ("Ana", "Ben", "Cy", "Dee", "Eli")}
    made = store.groups.make(code, key, ["Blue", "Green"])
    return store, code, key, people, made


def test_making_groups_deals_everyone_into_them_in_turn(grouped):
    _, _, _, people, (blue, green) = grouped
    assert (blue.name, green.name) == ("Blue", "Green")
    assert blue.members == (people["Ana"], people["Cy"], people["Eli"])
    assert green.members == (people["Ben"], people["Dee"])


def test_a_newcomer_joins_the_smallest_group_and_can_be_moved(grouped):
    store, code, key, people, (blue, green) = grouped
    fay = store.voting.join(code, "Fay").id
    assert fay in store.groups.of(code, key)[1].members
    store.groups.move(code, key, fay, blue.id)
    now = store.groups.of(code, key)
    assert fay in now[0].members and fay not in now[1].members


def test_making_groups_again_replaces_the_old_groups(grouped):
    store, code, key, _, _ = grouped
    again = store.groups.make(code, key, ["Red", "Gold", "Teal"])
    assert [g.name for g in store.groups.of(code, key)] == ["Red", "Gold", "Teal"]
    assert sum(len(g.members) for g in again) == 5


def test_a_small_groups_round_needs_groups(collab_session):
    store, code, key = collab_session
    with pytest.raises(InputError) as error:
        store.voting.open_round(code, key, [VISION], actor="F", by_groups=True)
    assert str(error.value) == "Make the small groups first, then open voting by groups."


def test_each_group_rates_as_a_unit_and_the_facilitator_merges_the_ratings(grouped, collaboration):
    store, code, key, people, (blue, green) = grouped
    store.voting.open_round(code, key, [VISION, POLICIES], actor="F", by_groups=True)
    with pytest.raises(VotingClosed):
        store.voting.cast(code, people["Ana"], *VISION, "evolving")
    store.groups.rate(code, people["Ana"], *VISION, "developing")
    store.groups.rate(code, people["Cy"], *VISION, "evolving")  # a teammate changes it
    store.groups.rate(code, people["Ben"], *VISION, "beginning")
    store.groups.rate(code, people["Dee"], *POLICIES, "accomplished")
    assert store.voting.ballot(code, people["Eli"]).group_levels == {VISION: "evolving"}
    board = store.voting.board(code, key)
    assert [v.name for v in board.voters] == ["Blue", "Green"]
    assert (board.votes_in(), board.levels) == (3, {})
    with pytest.raises(InputError) as error:
        store.groups.merge(code, key, actor="F")
    assert str(error.value) == "Reveal a round of small-group ratings first, then merge them."
    store.voting.reveal(code, key)
    revealed = store.voting.board(code, key)
    assert revealed.levels[VISION] == {blue.id: "evolving", green.id: "beginning"}
    merged = store.groups.merge(code, key, actor="F")
    # Evolving and Beginning: the median is midway, Developing
    assert [(e.rating.row_id, e.rating.level) for e in merged] == [("vision", "developing"), ("policies", "accomplished")]
    assert store.sessions.load(code).entry(*VISION).rating.level == "developing"


def test_only_a_member_of_a_group_rates_for_it(grouped):
    store, code, key, _, _ = grouped
    store.voting.open_round(code, key, [VISION], actor="F", by_groups=True)
    latecomer = store.voting.join(code, "Gus").id  # joins the smallest group
    store.groups.rate(code, latecomer, *VISION, "evolving")
    assert store.voting.board(code, key).votes_in() == 1
    with pytest.raises(AccessDenied) as error:
        store.groups.rate(code, "nobody", *VISION, "evolving")
    assert str(error.value) == "Join the session with your name before you vote."


# --- someone who left the meeting ------------------------------------------------------------------

LEFT = (
    'The facilitator took you off this vote, so this vote was not recorded. Press "Rejoin the vote" to vote again.'
)


def test_migration_six_adds_when_a_participant_was_taken_off_the_vote(store):
    columns = {c["name"] for c in inspect(store.engine).get_columns("participants")}
    assert "left_at" in columns
    assert (6, "participants who left a vote") in [(v, n) for v, n, _ in migrations.MIGRATIONS]


def test_the_facilitator_takes_someone_who_left_off_the_vote_and_nobody_waits_for_them(open_vote):
    store, code, key, (ana, ben, cy) = open_vote
    store.voting.cast(code, ana, *VISION, "developing")
    assert [v.name for v in store.voting.board(code, key).waiting()] == ["Ana", "Ben", "Cy"]
    removed = store.attendance.remove(code, key, cy, actor="Facilitator")
    assert removed.name == "Cy"
    board = store.voting.board(code, key)
    assert [v.name for v in board.voters] == ["Ana", "Ben"]
    assert [v.name for v in board.left] == ["Cy"]
    assert [v.name for v in board.waiting()] == ["Ana", "Ben"]
    assert (board.votes_in(), board.votes_expected()) == (1, 4)
    found = store.attendance.of(code, key)
    assert ([p.id for p in found.present], [p.id for p in found.left]) == ([ana, ben], [cy])


def test_votes_cast_before_leaving_are_kept_and_still_count(open_vote, collaboration):
    store, code, key, (ana, ben, cy) = open_vote
    store.voting.cast(code, ana, *VISION, "beginning")
    store.voting.cast(code, cy, *VISION, "accomplished")
    store.attendance.remove(code, key, cy, actor="Facilitator")
    board = store.voting.board(code, key)
    assert (board.count(VISION), board.expected(VISION)) == (2, 3)  # Ana, Ben and Cy's vote already in
    assert (board.count(POLICIES), board.expected(POLICIES)) == (0, 2)
    assert [v.name for v in board.waiting()] == ["Ana", "Ben"]
    store.voting.reveal(code, key)
    revealed = store.voting.board(code, key)
    assert revealed.levels[VISION] == {ana: "beginning", cy: "accomplished"}
    assert results(collaboration.level_ids(), revealed)[0].positions == (1, 4)
    assert {(v.participant_id, v.level) for v in store.sessions.load(code, key=key).votes} == {
        (ana, "beginning"),
        (cy, "accomplished"),
    }


def test_taking_off_the_last_one_waited_for_reveals_a_round_that_reveals_itself(collab_session):
    store, code, key = collab_session
    store.voting.open_round(code, key, [VISION], actor="F", auto_reveal=True)
    ana, ben, cy = (store.voting.join(code, name).id for name in ("Ana", "Ben", "Cy"))
    store.voting.cast(code, ana, *VISION, "developing")
    store.voting.cast(code, ben, *VISION, "evolving")
    assert not store.voting.current_round(code).revealed
    store.attendance.remove(code, key, cy, actor="F")
    latest = store.voting.current_round(code)
    assert latest.revealed and not latest.is_open


def test_taking_someone_off_a_closed_round_does_not_reveal_it(collab_session):
    store, code, key = collab_session
    store.voting.open_round(code, key, [VISION], actor="F", auto_reveal=True)
    ana, ben = (store.voting.join(code, name).id for name in ("Ana", "Ben"))
    store.voting.cast(code, ana, *VISION, "developing")
    store.voting.close_round(code, key)
    store.attendance.remove(code, key, ben, actor="F")
    assert not store.voting.current_round(code).revealed


def test_someone_taken_off_the_vote_cannot_vote_until_they_rejoin(open_vote):
    store, code, key, (ana, ben, cy) = open_vote
    store.voting.cast(code, cy, *VISION, "developing")
    store.attendance.remove(code, key, cy, actor="Facilitator")
    with pytest.raises(AccessDenied) as error:
        store.voting.cast(code, cy, *VISION, "accomplished")
    assert str(error.value) == LEFT
    ballot = store.voting.ballot(code, cy)
    assert ballot.left and ballot.mine == {VISION: "developing"}
    back = store.attendance.rejoin(code, cy)
    assert back.name == "Cy"
    assert not store.voting.ballot(code, cy).left
    store.voting.cast(code, cy, *VISION, "accomplished")
    board = store.voting.board(code, key)
    assert [v.name for v in board.voters] == ["Ana", "Ben", "Cy"] and board.left == ()
    left_changes = [
        (c.actor, c.old is None, c.new is None)
        for c in store.history.changes(code, key, include_votes=True)
        if c.field == f"vote:left:{cy}"
    ]
    assert left_changes == [("Facilitator", True, False), ("Cy", False, True)]
    assert store.history.changes(code, key) == []  # kept out of the history of the team's ratings


def test_joining_again_with_the_same_id_brings_someone_back_into_the_vote(open_vote):
    store, code, key, (_, _, cy) = open_vote
    store.attendance.remove(code, key, cy, actor="Facilitator")
    assert store.voting.join(code, "Cy R.", cy).name == "Cy R."
    assert "Cy R." in [v.name for v in store.voting.board(code, key).voters]


def test_taking_someone_off_twice_changes_nothing_the_second_time(open_vote):
    store, code, key, (_, _, cy) = open_vote
    store.attendance.remove(code, key, cy, actor="Facilitator")
    history = store.history.changes(code, key, include_votes=True)
    store.attendance.remove(code, key, cy, actor="Facilitator")
    assert store.history.changes(code, key, include_votes=True) == history


def test_only_the_facilitator_takes_someone_off_the_vote_or_sees_who_left(open_vote):
    store, code, _, (ana, _, cy) = open_vote
    for bad_key in ("not-the-key", ana, None):
        with pytest.raises(AccessDenied) as error:
            store.attendance.remove(code, bad_key, cy, actor="Ana")
        assert str(error.value) == DENIED.format(code)
        with pytest.raises(AccessDenied):
            store.attendance.of(code, bad_key)
    assert not store.voting.ballot(code, cy).left


def test_taking_off_someone_who_never_joined_is_an_input_error(open_vote, collaboration):
    store, code, key, _ = open_vote
    other, _ = store.sessions.create(
        collaboration, district="Elsewhere", team="Other", held_on=store.sessions.info(code).held_on, facilitator="Zoe"
    )
    stranger = store.voting.join(other.code, "Stranger").id
    for pid in ("nobody", stranger):
        with pytest.raises(InputError) as error:
            store.attendance.remove(code, key, pid, actor="F")
        assert str(error.value) == "No such participant in this session."
    with pytest.raises(AccessDenied) as error:
        store.attendance.rejoin(code, stranger)
    assert str(error.value) == "Join the session with your name before you vote."


def test_a_group_whose_members_all_left_is_not_waited_for(grouped):
    store, code, key, people, (blue, green) = grouped
    store.voting.open_round(code, key, [VISION], actor="F", by_groups=True, auto_reveal=True)
    store.groups.rate(code, people["Ana"], *VISION, "developing")
    store.attendance.remove(code, key, people["Ben"], actor="F")
    with pytest.raises(AccessDenied) as error:
        store.groups.rate(code, people["Ben"], *VISION, "evolving")
    assert str(error.value) == LEFT
    assert not store.voting.current_round(code).revealed  # Dee is still in Green
    store.attendance.remove(code, key, people["Dee"], actor="F")
    assert store.voting.current_round(code).revealed
    board = store.voting.board(code, key)
    assert ([v.name for v in board.voters], [v.name for v in board.left]) == (["Blue"], ["Green"])


def test_new_groups_leave_out_who_left_and_a_returning_person_joins_the_smallest(grouped):
    store, code, key, people, _ = grouped
    store.attendance.remove(code, key, people["Eli"], actor="F")
    red, gold = store.groups.make(code, key, ["Red", "Gold"])
    assert len(red.members) + len(gold.members) == 4 and people["Eli"] not in red.members + gold.members
    store.attendance.rejoin(code, people["Eli"])
    assert store.voting.ballot(code, people["Eli"]).group.name == "Red"  # both had two: the first one
