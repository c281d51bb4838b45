"""Each participant's comment on a row: their evidence, or what resonates and why (pure, no storage).

The toolkit asks every person "What evidence can you cite to support this description?"; a comment is
that answer in writing, one per participant and row, beside their vote. Like a vote it stays hidden
until the round it was written in is revealed; the facilitator may then add it to the row's evidence.
"""

from __future__ import annotations

from .errors import InputError, VotingClosed
from .rounds import VotingRound
from .scoring import Key
from .session import Comment, check_text

MAX_COMMENT = 1_000
"""The most characters a comment keeps: a phone paragraph (evidence itself may hold 20,000)."""


def check_comment(text: str) -> str:
    """A comment as it is kept: spaces at either end dropped; ``InputError`` when it is too long."""
    if not isinstance(text, str):
        raise InputError("Comment must be text.")
    return check_text("Comment", text.strip(), MAX_COMMENT)


def check_comment_open(voting: VotingRound | None, row_id: str, dimension: str) -> VotingRound:
    """The round a comment on this cell belongs to; ``VotingClosed`` saying why when there is none."""
    if voting is None:
        raise VotingClosed("Voting has not opened yet, so this comment was not saved.")
    if not voting.is_open:
        raise VotingClosed("Voting has closed, so this comment was not saved.")
    if not voting.covers(row_id, dimension):
        raise VotingClosed(f"Voting is not open on this row ({row_id}), so this comment was not saved.")
    return voting


def in_evidence(evidence: str, comment: Comment) -> bool:
    """Whether the row's evidence already holds this comment's text."""
    return bool(comment.text) and comment.text in evidence


def with_comment(evidence: str, comment: Comment) -> str:
    """The row's evidence with the comment added as a line of its own (unchanged if it holds it)."""
    if in_evidence(evidence, comment):
        return evidence
    kept = evidence.rstrip()
    return f"{kept}\n{comment.text}" if kept else comment.text


def by_cell(comments: list[Comment]) -> dict[Key, list[Comment]]:
    """Comments grouped by row and dimension, each group in the order they were written."""
    grouped: dict[Key, list[Comment]] = {}
    for comment in sorted(comments, key=lambda c: (c.updated_at, c.participant_id)):
        grouped.setdefault(comment.key, []).append(comment)
    return grouped
