"""Moving a whole session in and out of the store as a versioned JSON file."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, select

from . import action_records, db
from .portable import (
    GroupFields,
    GroupRatingFields,
    LinkFields,
    MemberFields,
    RoundFields,
    VotingRecords,
    dump_session,
    read_export,
)
from .records import change_from, info_from
from .session import SessionInfo

if TYPE_CHECKING:
    from .portable import SessionExport
    from .store import Store


def export_json(store: Store, code: str, key: str) -> str:
    """The whole session as a versioned JSON file (facilitator only)."""
    with db.reading(store.engine) as conn:
        return _dump(store, conn, store._facilitator_row(conn, code, key))


def export_json_direct(store: Store, code: str) -> str:
    """The same file without the key: for whoever holds the database itself (the command line)."""
    with db.reading(store.engine) as conn:
        return _dump(store, conn, store._session_row(conn, code))


def _dump(store: Store, conn: Connection, row: Row[Any]) -> str:
    session = store._load(conn, row)
    query = select(db.changes).where(db.changes.c.session_id == row.id).order_by(db.changes.c.id)
    history = [change_from(c) for c in conn.execute(query)]
    actions = action_records.load(conn, row.id)
    voting = _voting_records(conn, row.id)
    return dump_session(session, row.key_hash, history, actions, voting, _links(conn, row.id))


def _links(conn: Connection, session_id: str) -> list[LinkFields]:
    """The building sessions linked to this one (deleted ones left out), by join code."""
    links, sessions = db.template_links.c, db.sessions.c
    query = (
        select(sessions.code, links.added_by, links.added_at)
        .join(db.template_links, links.linked_id == sessions.id)
        .where(links.session_id == session_id, sessions.deleted_at.is_(None))
    )
    return [LinkFields(code=code, added_by=by, added_at=at) for code, by, at in conn.execute(query)]


def _voting_records(conn: Connection, session_id: str) -> VotingRecords:
    """The rounds, small groups and vote details of a session, as they are stored."""

    def rows(table: Any) -> list[Any]:
        return list(conn.execute(select(table).where(table.c.session_id == session_id)))

    rounds = [
        RoundFields(
            number=r.number,
            cells=json.loads(r.cells),
            by_groups=bool(r.by_groups),
            allow_anonymous=bool(r.allow_anonymous),
            auto_reveal=bool(r.auto_reveal),
            opened_by=r.opened_by,
            opened_at=r.opened_at,
            closed_at=r.closed_at,
            revealed_at=r.revealed_at,
        )
        for r in rows(db.voting_rounds)
    ]
    groups = [GroupFields.model_validate(_without_session(g)) for g in rows(db.vote_groups)]
    members = [MemberFields.model_validate(_without_session(m)) for m in rows(db.group_members)]
    ratings = [GroupRatingFields.model_validate(_without_session(r)) for r in rows(db.group_ratings)]
    trails = {
        (v.participant_id, v.row_id, v.dimension): (v.first_level, v.round_number) for v in rows(db.votes)
    }
    left = {p.id: p.left_at for p in rows(db.participants) if p.left_at is not None}
    return VotingRecords(rounds, groups, members, ratings, trails, left)


def _without_session(row: Any) -> dict[str, Any]:
    return {k: v for k, v in row._mapping.items() if k != "session_id"}


@dataclass(frozen=True)
class ImportReport:
    """The session an import added, and the linked building sessions it could not link here."""

    info: SessionInfo
    missing_links: list[str]
    """Join codes of the file's linked building sessions that are not in this app (yet)."""
    code_in_file: str | None = None
    """The join code the file gave, when this app had it in use already and gave a new one."""

    def message(self) -> str:
        """What to tell the facilitator: done, the session's new code if it changed, and which
        building sessions to import and link again."""
        said = ["Imported with its ratings, evidence, votes and history."]
        if self.code_in_file is not None:
            said.append(
                f"Its join code is now {self.info.code}: {self.code_in_file} is used by another session "
                "here. The facilitator key stays the same."
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


def import_json(store: Store, text: str | bytes) -> SessionInfo:
    """Add a session from an exported file, all or nothing (see ``import_session``)."""
    return import_session(store, text).info


def import_session(store: Store, text: str | bytes) -> ImportReport:
    """Add a session from an exported file, all or nothing, and link its building sessions found here.

    It keeps its join code and facilitator key unless that code is already in use here,
    in which case it gets a new code (the key stays the same). A linked building session that
    is not here is no error: the report names it, to import and link later.
    """
    export = read_export(text)
    s = export.session
    with db.writing(store.engine) as conn:
        store._keep_rubric(conn, export.rubric, s.fingerprint)
        clash = conn.execute(
            select(db.sessions.c.id).where((db.sessions.c.code == s.code) | (db.sessions.c.id == s.id))
        ).first()
        values = s.model_dump(exclude={"timer"})
        values["held_on"] = s.held_on.isoformat()
        if s.timer is not None:
            values.update(
                timer_activity=s.timer.activity,
                timer_minutes=s.timer.minutes,
                timer_started_at=s.timer.started_at,
            )
        if clash is not None:
            values.update(id=uuid.uuid4().hex, code=store._unused_code(conn))
        sid = values["id"]
        conn.execute(db.sessions.insert().values(**values))
        for p in export.participants:
            conn.execute(db.participants.insert().values(session_id=sid, **p.model_dump()))
        for e in export.entries:
            fields = e.model_dump()
            fields["ticked"] = json.dumps(sorted(fields["ticked"]))
            conn.execute(db.entries.insert().values(session_id=sid, **fields))
        for r in export.reflections:
            conn.execute(db.reflections.insert().values(session_id=sid, **r.model_dump()))
        for v in export.votes:
            conn.execute(db.votes.insert().values(session_id=sid, **v.model_dump()))
        _import_voting(conn, sid, export)
        for a in export.action_items:
            fields = a.model_dump()
            fields.update(row_ids=json.dumps(a.row_ids), due=a.due.isoformat() if a.due else None)
            conn.execute(db.action_items.insert().values(session_id=sid, **fields))
        ids: dict[int, int] = {}
        for c in export.history:
            change = c.model_dump(exclude={"id"})
            change.update(old=json.dumps(c.old), new=json.dumps(c.new), undoes=ids.get(c.undoes or 0))
            inserted = conn.execute(db.changes.insert().values(session_id=sid, **change)).inserted_primary_key
            assert inserted is not None
            ids[c.id] = int(inserted[0])
        missing = _import_links(conn, sid, export)
        created = conn.execute(select(db.sessions).where(db.sessions.c.id == sid)).one()
        renamed = s.code if created.code != s.code else None
        return ImportReport(info_from(created._mapping), missing, renamed)


def _import_links(conn: Connection, sid: str, export: SessionExport) -> list[str]:
    """Link the file's building sessions found here; the codes of those that are not.

    A session here under the same code but on another continuum, or without a school, is not the
    building session the file names (codes are random per app), so it counts as not here.
    """
    missing: list[str] = []
    sessions = db.sessions.c
    for link in export.linked_sessions:
        query = select(sessions.id).where(
            sessions.code == link.code,
            sessions.deleted_at.is_(None),
            sessions.id != sid,
            sessions.rubric_id == export.session.rubric_id,
            sessions.school != "",
        )
        found = conn.execute(query).scalar()
        if found is None:
            missing.append(link.code)
            continue
        conn.execute(
            db.template_links.insert().values(
                session_id=sid, linked_id=found, added_by=link.added_by, added_at=link.added_at
            )
        )
    return missing


def _import_voting(conn: Connection, sid: str, export: SessionExport) -> None:
    """Rounds, then groups, then their members and ratings (members refer to participants and groups)."""
    for r in export.voting_rounds:
        fields = r.model_dump()
        fields["cells"] = json.dumps([list(cell) for cell in r.cells])
        conn.execute(db.voting_rounds.insert().values(session_id=sid, **fields))
    for g in export.vote_groups:
        conn.execute(db.vote_groups.insert().values(session_id=sid, **g.model_dump()))
    for m in export.group_members:
        conn.execute(db.group_members.insert().values(session_id=sid, **m.model_dump()))
    for rating in export.group_ratings:
        conn.execute(db.group_ratings.insert().values(session_id=sid, **rating.model_dump()))
