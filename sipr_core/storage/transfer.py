"""Moving a whole session in and out of the store as a versioned JSON file (``portable`` is the format)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from ..session import SessionInfo
from ..session_file import (
    CommentFields,
    GroupFields,
    GroupRatingFields,
    LinkFields,
    MemberFields,
    ReviewFields,
    RoundFields,
    SessionExport,
    TargetFields,
    VotingRecords,
    dump_session,
    read_export,
)
from .actions import load_actions
from .database import Database
from .engine import upsert
from .keys import key_for_new_session, key_ids
from .rows import cells_from_db, change_from, info_from, without_session
from .schema import (
    action_items,
    changes,
    comments,
    entries,
    group_members,
    group_ratings,
    participants,
    reflections,
    reviews,
    series,
    sessions,
    targets,
    template_links,
    vote_groups,
    votes,
    voting_rounds,
)
from .scope import SessionScope
from .sessions import code_taken, load_session, new_series, unused_code


def _links(conn: Connection, session_id: str) -> list[LinkFields]:
    """The building sessions linked to this one (deleted ones left out), by join code."""
    links, s = template_links.c, sessions.c
    query = (
        select(s.code, links.added_by, links.added_at)
        .join(template_links, links.linked_id == s.id)
        .where(links.session_id == session_id, s.deleted_at.is_(None))
    )
    return [LinkFields(code=code, added_by=by, added_at=at) for code, by, at in conn.execute(query)]


def _plan(conn: Connection, series: str) -> tuple[list[TargetFields], list[ReviewFields]]:
    """The targets and planned reviews of a series, as the file carries them."""

    def rows(table: Any) -> list[dict[str, Any]]:
        found = conn.execute(select(table).where(table.c.series == series))
        return [{k: v for k, v in r._mapping.items() if k != "series"} for r in found]

    return (
        [TargetFields.model_validate(t) for t in rows(targets)],
        [ReviewFields.model_validate(r) for r in rows(reviews)],
    )


def _voting_records(conn: Connection, session_id: str) -> VotingRecords:
    """The rounds, small groups and vote details of a session, as they are stored."""

    def rows(table: Any) -> list[Any]:
        return list(conn.execute(select(table).where(table.c.session_id == session_id)))

    rounds = [
        RoundFields.model_validate({**without_session(r), "cells": cells_from_db(r.cells)})
        for r in rows(voting_rounds)
    ]
    groups = [GroupFields.model_validate(without_session(g)) for g in rows(vote_groups)]
    members = [MemberFields.model_validate(without_session(m)) for m in rows(group_members)]
    ratings = [GroupRatingFields.model_validate(without_session(r)) for r in rows(group_ratings)]
    trails = {(v.participant_id, v.row_id, v.dimension): (v.first_level, v.round_number) for v in rows(votes)}
    left = {p.id: p.left_at for p in rows(participants) if p.left_at is not None}
    said = [CommentFields.model_validate(without_session(c)) for c in rows(comments)]
    return VotingRecords(rounds, groups, members, ratings, trails, left, said)


def _dump(scope: SessionScope) -> str:
    conn = scope.conn
    history = [
        change_from(c)
        for c in conn.execute(select(changes).where(changes.c.session_id == scope.id).order_by(changes.c.id))
    ]
    goals, planned = _plan(conn, scope.series)
    return dump_session(
        load_session(scope, whole=True),
        history,
        load_actions(conn, scope.id),
        _voting_records(conn, scope.id),
        _links(conn, scope.id),
        goals,
        planned,
    )


@dataclass(frozen=True)
class ImportReport:
    """The session an import added, and the linked building sessions it could not link here."""

    info: SessionInfo
    missing_links: list[str]
    """Join codes of the file's linked building sessions that are not in this app (yet)."""
    code_in_file: str | None = None
    """The join code the file gave, when this app had it in use already and gave a new one."""
    key: str = ""
    """The facilitator key the session opens with: the importer's, or a fresh one (``new_key``)."""
    new_key: bool = False
    joined_series: bool = False
    """Whether it joined a series the importer's key holds here, rather than starting its own."""

    def message(self) -> str:
        """What to tell the facilitator: done, the session's new code if it changed, its series, and
        which building sessions to import and link again (a new key is shown by the page, apart)."""
        said = ["Imported with its ratings, evidence, votes and history."]
        if self.code_in_file is not None:
            said.append(
                f"Its join code is now {self.info.code}: {self.code_in_file} is used by another session here."
            )
        said.append(
            "It continues the series of your sessions it came from."
            if self.joined_series
            else "It starts a series of its own here, held by your facilitator key."
        )
        count = len(self.missing_links)
        if count:
            many = count != 1
            said.append(
                f"{count} linked building session{'s are' if many else ' is'} not in this app yet: "
                f"{', '.join(self.missing_links)}. Import {'them' if many else 'it'}, then link "
                f"{'them' if many else 'it'} again from the District view."
            )
        return " ".join(said)


class Transfer:
    """A session's file out of the store, and a file into it."""

    def __init__(self, database: Database):
        self.database = database

    def export_json(self, code: str, key: str) -> str:
        """The whole session as a versioned JSON file (facilitator only)."""
        with self.database.reading() as conn:
            return _dump(SessionScope.for_facilitator(self.database, conn, code, key))

    def export_json_direct(self, code: str) -> str:
        """The same file without the key: for whoever holds the database itself (the command line)."""
        with self.database.reading() as conn:
            return _dump(SessionScope.for_operator(self.database, conn, code))

    def import_session(self, text: str | bytes, key: str | None = None) -> ImportReport:
        """Add a session from an exported file, all or nothing, and link its building sessions found here.

        The session opens with the importer's facilitator ``key`` (a fresh one when none is given:
        the report holds it); the file carries no key. It keeps its join code unless that code is in
        use here. It joins the series the file names only when that series is here and the key holds
        it (or is not here yet: then the key holds it from now on); otherwise it starts its own. A
        linked building session that is not here is no error: the report names it.
        """
        export = read_export(text)
        s = export.session
        with self.database.writing() as conn:
            given = bool(key and key.strip())
            key, key_id = key_for_new_session(conn, key, [s.district, s.school, s.team, s.facilitator])
            series_id, joined = _series_for_import(
                conn, s.series, key_ids(conn, key) or [key_id], s.rubric_id
            )
            self.database.keep_rubric(conn, export.rubric, s.fingerprint)
            clash = (
                code_taken(conn, s.code)
                or conn.execute(select(sessions.c.id).where(sessions.c.id == s.id)).first()
            )
            values = s.model_dump(exclude={"timer"})
            values.update(held_on=s.held_on.isoformat(), key_id=key_id, series=series_id)
            if s.timer is not None:
                values.update(
                    timer_activity=s.timer.activity,
                    timer_minutes=s.timer.minutes,
                    timer_started_at=s.timer.started_at,
                )
            if clash is not None:
                values.update(id=uuid.uuid4().hex, code=unused_code(conn))
            sid = values["id"]
            conn.execute(sessions.insert().values(**values))
            for p in export.participants:
                conn.execute(participants.insert().values(session_id=sid, **p.model_dump()))
            for e in export.entries:
                fields = e.model_dump()
                fields["ticked"] = json.dumps(sorted(fields["ticked"]))
                conn.execute(entries.insert().values(session_id=sid, **fields))
            for r in export.reflections:
                conn.execute(reflections.insert().values(session_id=sid, **r.model_dump()))
            for v in export.votes:
                conn.execute(votes.insert().values(session_id=sid, **v.model_dump()))
            _import_voting(conn, sid, export)
            for a in export.action_items:
                fields = a.model_dump()
                fields.update(
                    row_ids=json.dumps(a.row_ids),
                    due=a.due.isoformat() if a.due else None,
                    reviewed_on=a.reviewed_on.isoformat() if a.reviewed_on else None,
                )
                conn.execute(action_items.insert().values(session_id=sid, **fields))
            ids: dict[int, int] = {}
            for c in export.history:
                change = c.model_dump(exclude={"id"})
                change.update(old=json.dumps(c.old), new=json.dumps(c.new), undoes=ids.get(c.undoes or 0))
                inserted = conn.execute(
                    changes.insert().values(session_id=sid, **change)
                ).inserted_primary_key
                assert inserted is not None
                ids[c.id] = int(inserted[0])
            missing = _import_links(conn, sid, export)
            _import_plan(conn, series_id, export)
            created = conn.execute(select(sessions).where(sessions.c.id == sid)).one()
            renamed = s.code if created.code != s.code else None
            return ImportReport(info_from(created._mapping), missing, renamed, key, not given, joined)


def _series_for_import(
    conn: Connection, series_id: str, key_ids: list[str], rubric_id: str
) -> tuple[str, bool]:
    """The series an imported session goes into, and whether it joined one that was here.

    Names never join a series, and neither does a file: the series the file names is joined only when
    the importer's key holds it here. A series not here yet is made under that id for this key, so a
    team's sessions imported one by one stay one series.
    """
    found = conn.execute(select(series).where(series.c.id == series_id)).first()
    if found is None:
        return new_series(conn, key_ids[0], rubric_id, series_id), False
    if found.key_id in key_ids and found.rubric_id == rubric_id:
        return series_id, True
    return new_series(conn, key_ids[0], rubric_id), False


def _import_links(conn: Connection, sid: str, export: SessionExport) -> list[str]:
    """Link the file's building sessions found here; the codes of those that are not.

    A session here under the same code but on another continuum, or without a school, is not the
    building session the file names (codes are random per app), so it counts as not here.
    """
    missing: list[str] = []
    s = sessions.c
    for link in export.linked_sessions:
        query = select(s.id).where(
            s.code == link.code,
            s.deleted_at.is_(None),
            s.id != sid,
            s.rubric_id == export.session.rubric_id,
            s.school != "",
        )
        found = conn.execute(query).scalar()
        if found is None:
            missing.append(link.code)
            continue
        conn.execute(
            template_links.insert().values(
                session_id=sid, linked_id=found, added_by=link.added_by, added_at=link.added_at
            )
        )
    return missing


def _import_voting(conn: Connection, sid: str, export: SessionExport) -> None:
    """Rounds, then groups, then their members and ratings (members refer to participants and groups),
    then the participants' comments."""
    for r in export.voting_rounds:
        fields = r.model_dump()
        fields["cells"] = json.dumps([list(cell) for cell in r.cells])
        conn.execute(voting_rounds.insert().values(session_id=sid, **fields))
    for g in export.vote_groups:
        conn.execute(vote_groups.insert().values(session_id=sid, **g.model_dump()))
    for m in export.group_members:
        conn.execute(group_members.insert().values(session_id=sid, **m.model_dump()))
    for rating in export.group_ratings:
        conn.execute(group_ratings.insert().values(session_id=sid, **rating.model_dump()))
    for comment in export.comments:
        conn.execute(comments.insert().values(session_id=sid, **comment.model_dump()))


def _import_plan(conn: Connection, series: str, export: SessionExport) -> None:
    """The file's targets and reviews, where its series has none of its own for the same row or date:
    a series here keeps what it set, and gains what only the file knew."""
    for t in export.targets:
        upsert(
            conn, targets, {"series": series, **t.model_dump()}, ["series", "scope", "item_id", "dimension"]
        )
    for r in export.reviews:
        values = {"series": series, **r.model_dump(), "due_on": r.due_on.isoformat()}
        upsert(conn, reviews, values, ["series", "due_on"])
