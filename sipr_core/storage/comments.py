"""Participants' comments on rows in the store: written on the ballot, read after Reveal, used as evidence.

A participant writes (or clears) their own comment with the join code and their id, while a round is
open on the row. Nobody reads a comment before its round is revealed, but the facilitator's own
downloads and session file; a viewer's reading of a session holds only revealed ones. The
facilitator adds a revealed comment to the row's evidence with the facilitator key.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection, and_, select

from ..comments import check_comment, check_comment_open, with_comment
from ..errors import AccessDenied, EditConflict, EvidenceChanged, InputError
from ..rounds import ANONYMOUS, VotingRound
from ..session import Comment, Entry, check_cell, check_text
from .database import Database
from .engine import now, upsert
from .rows import comment_from
from .schema import comments, participants, voting_rounds
from .scope import SessionScope
from .voting import latest_round_for_a_vote

LEFT = (
    "The facilitator took you off this vote, so this comment was not saved. "
    'Press "Rejoin the vote" to vote again.'
)
GONE = "That comment is no longer there: its writer cleared it. Nothing was added to the evidence."
HIDDEN = (
    "That comment's round is not revealed yet: reveal the votes first. Nothing was added to the evidence."
)


def comments_in(
    conn: Connection, session_id: str, *, revealed_only: bool, cell: tuple[str, str] | None = None
) -> list[Comment]:
    """A session's comments (on one cell, if given), each with its writer's name unless its round or its
    writer is anonymous."""
    c, r, p = comments.c, voting_rounds.c, participants.c
    query = (
        select(comments, p.name, r.allow_anonymous, r.revealed_at)
        .join(voting_rounds, and_(r.session_id == c.session_id, r.number == c.round_number))
        .join(participants, and_(p.session_id == c.session_id, p.id == c.participant_id))
        .where(c.session_id == session_id)
        .order_by(c.updated_at, c.participant_id)
    )
    if revealed_only:
        query = query.where(r.revealed_at.is_not(None))
    if cell is not None:
        query = query.where(c.row_id == cell[0], c.dimension == cell[1])
    found = []
    for row in conn.execute(query):
        named = not row.allow_anonymous and row.name != ANONYMOUS
        comment = comment_from(row, row.name if named else "")
        found.append(replace(comment, revealed=row.revealed_at is not None))
    return found


class Comments:
    """A participant's comment on a row, and the facilitator's use of it as evidence."""

    def __init__(self, database: Database):
        self.database = database

    def write(self, code: str, participant_id: str, row_id: str, dimension: str, text: str) -> Comment:
        """Keep (or change) one's own comment on an open row; an empty text clears it."""
        text = check_comment(text)
        with self.database.writing() as conn:
            scope = SessionScope.for_participant(self.database, conn, code, participant_id)
            check_cell(scope.rubric, row_id, dimension)
            voting = open_for_comment(conn, scope, row_id, dimension)
            key = dict(session_id=scope.id, participant_id=participant_id, row_id=row_id, dimension=dimension)
            at = now()
            if not text:
                c = comments.c
                conn.execute(comments.delete().where(*(c[k] == value for k, value in key.items())))
            else:
                changed = dict(text=text, round_number=voting.number, updated_at=at)
                upsert(conn, comments, {**key, **changed}, list(key), changed)
            return Comment(participant_id, row_id, dimension, text, voting.number, at, revealed=False)

    def on(self, code: str, key: str, row_id: str, dimension: str) -> list[Comment]:
        """The comments on one row whose round has been revealed, oldest first (for the projected results)."""
        with self.database.reading() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            return comments_in(conn, scope.id, revealed_only=True, cell=(row_id, dimension))

    def use_as_evidence(
        self,
        code: str,
        key: str,
        participant_id: str,
        row_id: str,
        dimension: str,
        *,
        actor: str,
        expected: str,
    ) -> Entry:
        """Add a revealed comment to the row's evidence, on a line of its own.

        ``expected`` is the evidence the facilitator's page showed: when it changed since (another
        window), nothing is added and ``EvidenceChanged`` says what it holds now.
        """
        with self.database.writing() as conn:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
            check_cell(scope.rubric, row_id, dimension)
            every = comments_in(conn, scope.id, revealed_only=False, cell=(row_id, dimension))
            wanted = [found for found in every if found.participant_id == participant_id]
            if not wanted:
                raise InputError(GONE)
            if not wanted[0].revealed:
                raise InputError(HIDDEN)
            evidence = check_text("evidence", with_comment(expected, wanted[0]))
            try:
                fields, seen = {"evidence": evidence}, {"evidence": expected}
                return scope.write_entry(row_id, dimension, fields, actor, expected=seen)
            except EditConflict as conflict:
                raise EvidenceChanged(conflict.stored) from None


def open_for_comment(conn: Connection, scope: SessionScope, row_id: str, dimension: str) -> VotingRound:
    """The round open on this row, for someone still in the vote; why not, otherwise."""
    voting = check_comment_open(latest_round_for_a_vote(conn, scope.id), row_id, dimension)
    if scope.left_at is not None:
        raise AccessDenied(LEFT)
    return voting
