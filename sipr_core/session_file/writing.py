"""Writing a session file: the whole session as JSON, the same bytes for the same session."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..actions import ActionItem
from ..adoption import link_fields
from ..session import Change, Session
from .records import (
    FORMAT,
    VERSION,
    CommentFields,
    GroupFields,
    GroupRatingFields,
    LinkFields,
    MemberFields,
    ReviewFields,
    RoundFields,
    TargetFields,
)

VoteKey = tuple[str, str, str]
"""A vote: participant id, row id, dimension."""


@dataclass(frozen=True)
class VotingRecords:
    """What live voting keeps beside the session's votes, as the store holds it."""

    rounds: Sequence[RoundFields] = ()
    groups: Sequence[GroupFields] = ()
    members: Sequence[MemberFields] = ()
    group_ratings: Sequence[GroupRatingFields] = ()
    trails: Mapping[VoteKey, tuple[str | None, int | None]] = field(default_factory=dict)
    """Each vote's first level and the round of its last change."""
    left: Mapping[str, str] = field(default_factory=dict)
    """When each participant taken off the vote was taken off it."""
    comments: Sequence[CommentFields] = ()
    """The participants' comments on rows, revealed or not."""


def dump_session(
    session: Session,
    history: list[Change],
    actions: Sequence[ActionItem] = (),
    voting: VotingRecords | None = None,
    links: Sequence[LinkFields] = (),
    targets: Sequence[TargetFields] = (),
    reviews: Sequence[ReviewFields] = (),
) -> str:
    """The whole session as JSON; history ids are renumbered from 1 so the file is self-contained.

    ``links`` are the building sessions linked to a district team's session, by join code;
    ``targets`` and ``reviews`` those of the session's series.
    """
    numbers = {change.id: n for n, change in enumerate(history, start=1)}
    info = session.info
    voting = voting or VotingRecords()
    document = {
        "format": FORMAT,
        "version": VERSION,
        "session": {
            "id": info.id,
            "code": info.code,
            "district": info.district,
            "school": info.school,
            "team": info.team,
            "held_on": info.held_on.isoformat(),
            "rubric_id": info.rubric_id,
            "fingerprint": info.fingerprint,
            "facilitator": info.facilitator,
            "series": info.series,
            "created_at": info.created_at,
            "timer": None
            if session.timer is None
            else {
                "activity": session.timer.activity,
                "minutes": session.timer.minutes,
                "started_at": session.timer.started_at,
            },
        },
        "rubric": session.rubric.model_dump(mode="json"),
        "entries": [
            {
                "row_id": e.rating.row_id,
                "dimension": e.rating.dimension,
                "level": e.rating.level,
                "not_applicable": e.rating.not_applicable,
                "ticked": sorted(e.rating.ticked),
                "evidence": e.evidence,
                "next_steps": e.next_steps,
                "updated_by": e.updated_by,
                "updated_at": e.updated_at,
            }
            for _, e in sorted(session.entries.items())
        ],
        "votes": [
            {
                "participant_id": v.participant_id,
                "row_id": v.row_id,
                "dimension": v.dimension,
                "level": v.level,
                "updated_at": v.updated_at,
                "first_level": voting.trails.get((v.participant_id, v.row_id, v.dimension), (None, None))[0],
                "round_number": voting.trails.get((v.participant_id, v.row_id, v.dimension), (None, None))[1],
            }
            for v in sorted(session.votes, key=lambda v: (v.row_id, v.dimension, v.participant_id))
        ],
        "participants": [
            {"id": p.id, "name": p.name, "joined_at": p.joined_at, "left_at": voting.left.get(p.id)}
            for p in sorted(session.participants, key=lambda p: (p.joined_at, p.id))
        ],
        "reflections": [
            {
                "row_id": r.row_id,
                "prompt": r.prompt,
                "answer": r.answer,
                "updated_by": r.updated_by,
                "updated_at": r.updated_at,
            }
            for _, r in sorted(session.reflections.items())
        ],
        "action_items": [
            {
                "id": a.id,
                "position": a.position,
                "what": a.what,
                "row_ids": list(a.row_ids),
                "owner": a.owner,
                "due": a.due.isoformat() if a.due else None,
                "status": a.status.value,
                "source": a.source,
                "created_at": a.created_at,
                "updated_by": a.updated_by,
                "updated_at": a.updated_at,
                "carried_from": a.carried_from,
                "review": a.review,
                "review_note": a.review_note,
                "reviewed_on": a.reviewed_on.isoformat() if a.reviewed_on else None,
                **link_fields(a.adopted),
            }
            for a in actions
        ],
        "voting_rounds": [r.model_dump(mode="json") for r in sorted(voting.rounds, key=lambda r: r.number)],
        "vote_groups": [
            g.model_dump(mode="json") for g in sorted(voting.groups, key=lambda g: (g.position, g.id))
        ],
        "group_members": [
            m.model_dump(mode="json") for m in sorted(voting.members, key=lambda m: m.participant_id)
        ],
        "group_ratings": [
            r.model_dump(mode="json")
            for r in sorted(
                voting.group_ratings, key=lambda r: (r.round_number, r.group_id, r.row_id, r.dimension)
            )
        ],
        "linked_sessions": [link.model_dump(mode="json") for link in sorted(links, key=lambda k: k.code)],
        "targets": [
            t.model_dump(mode="json")
            for t in sorted(targets, key=lambda t: (t.scope, t.item_id, t.dimension))
        ],
        "reviews": [r.model_dump(mode="json") for r in sorted(reviews, key=lambda r: r.due_on)],
        "comments": [
            c.model_dump(mode="json")
            for c in sorted(voting.comments, key=lambda c: (c.row_id, c.dimension, c.participant_id))
        ],
        "history": [
            {
                "id": numbers[c.id],
                "at": c.at,
                "actor": c.actor,
                "row_id": c.row_id,
                "dimension": c.dimension,
                "field": c.field,
                "old": c.old,
                "new": c.new,
                "undoes": numbers.get(c.undoes) if c.undoes is not None else None,
            }
            for c in history
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
