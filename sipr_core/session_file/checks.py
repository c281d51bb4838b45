"""Consistency checks of a session file that its types alone cannot express.

Each returns the first problem in plain words (the record's path and what it names), or None.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import TypeVar

from ..access import normalise_code
from ..actions import clean_action
from ..checks import check_rubric, format_path
from ..comments import MAX_COMMENT
from ..errors import InputError
from ..presenting import MAX_MINUTES, MIN_MINUTES
from ..session import check_name, check_names, check_text
from ..targets import MAX_REVIEWS, check_review, check_target
from .records import SessionExport

H = TypeVar("H", bound=Hashable)


MAX_SHOWN = 3
"""How many of a file's problems a message names at once."""


def content_problems(export: SessionExport) -> list[str]:
    """What a rubric upload, a new session or a save would refuse in this file, first problems first:
    an imported session passes exactly the checks of the paths that make one in the app."""
    problems = [f"rubric.{format_path(path)}: {message}" for path, message in check_rubric(export.rubric)]
    s = export.session
    names = {"District": s.district, "School": s.school, "Team": s.team, "Facilitator": s.facilitator}
    problems += _refused("session", check_names, names, ("School",))
    if s.timer is not None:
        try:
            datetime.fromisoformat(s.timer.started_at)
        except ValueError:
            problems.append(f'session.timer.started_at: "{s.timer.started_at[:40]}" is not a time')
        if not MIN_MINUTES <= s.timer.minutes <= MAX_MINUTES:
            problems.append(
                f"session.timer.minutes: a timer runs from {MIN_MINUTES} to {MAX_MINUTES} minutes"
            )
    for i, e in enumerate(export.entries):
        problems += _refused(f"entries[{i}].evidence", check_text, "evidence", e.evidence)
        problems += _refused(f"entries[{i}].next_steps", check_text, "next_steps", e.next_steps)
    for i, r in enumerate(export.reflections):
        problems += _refused(f"reflections[{i}].answer", check_text, "Answer", r.answer)
    for i, p in enumerate(export.participants):
        problems += _refused(f"participants[{i}].name", check_name, "Name", p.name)
    for i, a in enumerate(export.action_items):
        fields = {"what": a.what, "owner": a.owner, "row_ids": a.row_ids, "due": a.due, "status": a.status}
        problems += _refused(f"action_items[{i}]", clean_action, export.rubric, fields)
        problems += _refused(f"action_items[{i}].review_note", check_text, "Progress note", a.review_note)
        for name in ("adopted_school", "adopted_team"):
            named = getattr(a, name) or ""
            problems += _refused(f"action_items[{i}].{name}", check_name, "Name", named, False)
    for i, g in enumerate(export.vote_groups):
        problems += _refused(f"vote_groups[{i}].name", check_name, "Group name", g.name)
    return problems


def _refused(where: str, check: Callable[..., object], *given: object) -> list[str]:
    """The check's message, as a problem of the record at ``where``; nothing when it passes."""
    try:
        check(*given)
    except InputError as problem:
        return [f"{where}: {problem}"]
    return []


def inconsistency(export: SessionExport) -> str | None:
    """The first record that repeats another or names something its continuum or the file lacks."""
    rubric = export.rubric
    rows = {row.id for _, row in rubric.rows()}
    dimensions, levels = set(rubric.dimension_ids()), set(rubric.scale_ids())
    people = [p.id for p in export.participants]
    if len(set(people)) != len(people):
        return "a participant appears twice"
    round_twice = _repeated([r.number for r in export.voting_rounds])
    if round_twice is not None:
        return f"voting round {round_twice} appears twice"
    cells = [("entries", i, "", e.row_id, e.dimension, e.level) for i, e in enumerate(export.entries)]
    cells += [
        ("votes", i, v.participant_id, v.row_id, v.dimension, v.level) for i, v in enumerate(export.votes)
    ]
    cells += [
        ("voting_rounds", i, str(r.number), row_id, dimension, None)
        for i, r in enumerate(export.voting_rounds)
        for row_id, dimension in r.cells
    ]
    cells += [
        ("group_ratings", i, f"{r.round_number} {r.group_id}", r.row_id, r.dimension, r.level)
        for i, r in enumerate(export.group_ratings)
    ]
    cells += [
        ("comments", i, c.participant_id, c.row_id, c.dimension, None) for i, c in enumerate(export.comments)
    ]
    items = [a.id for a in export.action_items]
    if len(set(items)) != len(items):
        return "an action item appears twice"
    for i, action in enumerate(export.action_items):
        strange = [r for r in action.row_ids if r not in rows]
        if strange:
            return f'action_items[{i}] names a row its continuum lacks: "{strange[0]}"'
    wrong_link = _link_inconsistency(export) or _plan_inconsistency(export)
    if wrong_link is not None:
        return wrong_link
    strangers = sorted({v.participant_id for v in export.votes} - set(people))
    if strangers:
        return f'votes name a participant who never joined: "{strangers[0]}"'
    seen: set[tuple[str, str, str, str]] = set()
    for what, i, voter, row_id, dimension, level in cells:
        if (what, voter, row_id, dimension) in seen:
            return f"{what}[{i}] repeats row {row_id} ({dimension})"
        seen.add((what, voter, row_id, dimension))
        if row_id not in rows:
            return f'{what}[{i}] names a row its continuum lacks: "{row_id}"'
        if dimension not in dimensions:
            return f'{what}[{i}] names a dimension its continuum lacks: "{dimension}"'
        if level is not None and level not in levels:
            return f'{what}[{i}] names a level its continuum lacks: "{level}"'
    return _voting_inconsistency(export, levels)


def _voting_inconsistency(export: SessionExport, levels: set[str]) -> str | None:
    """The first voting record that repeats another or names a round, group or person the file lacks."""
    rounds = {r.number for r in export.voting_rounds}
    for i, v in enumerate(export.votes):
        if v.first_level is not None and v.first_level not in levels:
            return f'votes[{i}] names a level its continuum lacks: "{v.first_level}"'
        if v.round_number is not None and v.round_number not in rounds:
            return f"votes[{i}] names voting round {v.round_number}, which is not in the file"
    groups = {g.id: g for g in export.vote_groups}
    group_twice = _repeated([g.id for g in export.vote_groups])
    if group_twice is not None:
        return f'small group "{group_twice}" appears twice'
    member_twice = _repeated([m.participant_id for m in export.group_members])
    if member_twice is not None:
        return f'participant "{member_twice}" is in two small groups'
    people = {p.id for p in export.participants}
    for i, m in enumerate(export.group_members):
        if m.participant_id not in people:
            return f'group_members[{i}] names a participant who never joined: "{m.participant_id}"'
        if m.group_id not in groups:
            return f'group_members[{i}] names a small group that is not in the file: "{m.group_id}"'
        if groups[m.group_id].retired_at is not None:
            return f'group_members[{i}] names a small group that was replaced: "{m.group_id}"'
    for i, c in enumerate(export.comments):
        if c.participant_id not in people:
            return f'comments[{i}] names a participant who never joined: "{c.participant_id}"'
        if c.round_number not in rounds:
            return f"comments[{i}] names voting round {c.round_number}, which is not in the file"
        if len(c.text) > MAX_COMMENT or not c.text.strip():
            return f"comments[{i}] is empty or longer than {MAX_COMMENT:,} characters"
    for i, r in enumerate(export.group_ratings):
        if r.group_id not in groups:
            return f'group_ratings[{i}] names a small group that is not in the file: "{r.group_id}"'
        if r.round_number not in rounds:
            return f"group_ratings[{i}] names voting round {r.round_number}, which is not in the file"
    return None


def _link_inconsistency(export: SessionExport) -> str | None:
    """The first linked building session that is no join code, repeats another or is this session."""
    seen: set[str] = set()
    for i, link in enumerate(export.linked_sessions):
        if normalise_code(link.code) != link.code:
            return (
                f'linked_sessions[{i}] is not a join code: "{link.code[:40]}" '
                "(a join code looks like 7KQ-M2X-9RD)"
            )
        if link.code in seen:
            return f"linked_sessions[{i}] repeats session {link.code}"
        if link.code == export.session.code:
            return f"linked_sessions[{i}] names this session itself ({link.code})"
        seen.add(link.code)
    return None


def _plan_inconsistency(export: SessionExport) -> str | None:
    """The first target or review that the Progress page would refuse, or that repeats another."""
    for i, t in enumerate(export.targets):
        try:
            check_target(export.rubric, t.scope, t.item_id, t.dimension, t.level)
        except InputError as problem:
            return f"targets[{i}]: {problem}"
    twice = _repeated([(t.scope, t.item_id, t.dimension) for t in export.targets])
    if twice is not None:
        return f"the target of {twice[1]} ({twice[2]}) appears twice"
    if len(export.reviews) > MAX_REVIEWS:
        return f"it plans {len(export.reviews)} reviews, more than the {MAX_REVIEWS} a series may have"
    for i, r in enumerate(export.reviews):
        try:
            check_review(r.due_on, r.note)
        except InputError as problem:
            return f"reviews[{i}]: {problem}"
    day = _repeated([r.due_on for r in export.reviews])
    return f"the review of {day} appears twice" if day is not None else None


def _repeated(values: Sequence[H]) -> H | None:
    seen: set[H] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None
