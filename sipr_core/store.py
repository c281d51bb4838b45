"""The session store: the single source of truth for every session, rating, vote and change.

Every method is one transaction. Facilitator actions need the session's
facilitator key; participants need only the join code.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, Row, and_, bindparam, select, update

from . import action_records, db, transfer
from .access import (
    AccessDenied,
    SessionNotFound,
    hash_key,
    key_matches,
    new_facilitator_key,
    new_join_code,
    normalise_code,
)
from .actions import ActionEdits, ActionItem
from .records import (
    change_from,
    check_cell,
    clean_fields,
    entry_from,
    from_db,
    info_from,
    restore,
    to_db,
    upsert_into,
)
from .rubric import Rubric
from .session import (
    Change,
    EditConflict,
    Entry,
    InputError,
    Participant,
    Reflection,
    Session,
    SessionInfo,
    Timer,
    Vote,
    check_names,
    check_text,
    series_key,
)

UNSET: Any = object()

# The statements of every slider move, built once: building one costs more than running it on SQLite.
SESSION_BY_CODE = select(db.sessions).where(
    db.sessions.c.code == bindparam("code"), db.sessions.c.deleted_at.is_(None)
)
_THIS_ENTRY = and_(
    db.entries.c.session_id == bindparam("in_session"),
    db.entries.c.row_id == bindparam("in_row"),
    db.entries.c.dimension == bindparam("in_dimension"),
)
ENTRY_FOR_UPDATE = select(db.entries).where(_THIS_ENTRY).with_for_update()
UPDATE_ENTRY = update(db.entries).where(_THIS_ENTRY)
INSERT_CHANGE = db.changes.insert()
EDITABLE = ("level", "not_applicable", "ticked", "evidence", "next_steps")


class Store:
    """Sessions in a SQL database: SQLite by default, PostgreSQL when the URL names it."""

    def __init__(self, url: str | None = None):
        self.url = url or db.default_url()
        self.engine: Engine = db.make_engine(self.url)
        db.migrate(self.engine)
        self._rubrics: dict[str, Rubric] = {}

    def close(self) -> None:
        self.engine.dispose()

    # --- sessions ---------------------------------------------------------------------

    def create_session(
        self,
        rubric: Rubric,
        *,
        district: str,
        team: str,
        held_on: date,
        facilitator: str,
        school: str = "",
        key: str | None = None,
    ) -> tuple[SessionInfo, str]:
        """A new session with a fresh join code; returns it and the facilitator key.

        Pass an existing ``key`` to keep all of one facilitator's sessions under one key.
        """
        names = {"District": district, "School": school, "Team": team, "Facilitator": facilitator}
        checked = check_names(names, optional=("School",))
        district, school, team, facilitator = (checked[k] for k in names)
        key = key.strip() if key and key.strip() else new_facilitator_key()
        fingerprint = rubric.fingerprint()
        with db.writing(self.engine) as conn:
            self._keep_rubric(conn, rubric, fingerprint)
            code = self._unused_code(conn)
            values = dict(
                id=uuid.uuid4().hex,
                code=code,
                key_hash=hash_key(key),
                district=district,
                school=school,
                team=team,
                held_on=held_on.isoformat(),
                rubric_id=rubric.id,
                fingerprint=fingerprint,
                facilitator=facilitator,
                series=series_key(district, school, team, rubric.id),
                created_at=db.now(),
            )
            conn.execute(db.sessions.insert().values(**values))
        return info_from(values), key

    def _keep_rubric(self, conn: Connection, rubric: Rubric, fingerprint: str) -> None:
        body = rubric.model_dump_json()
        insert = upsert_into(conn, db.rubric_texts).values(
            fingerprint=fingerprint, rubric_id=rubric.id, body=body
        )
        conn.execute(insert.on_conflict_do_nothing(index_elements=["fingerprint"]))

    def _unused_code(self, conn: Connection) -> str:
        while True:
            code = new_join_code()
            if conn.execute(select(db.sessions.c.id).where(db.sessions.c.code == code)).first() is None:
                return code

    def info(self, code: str) -> SessionInfo:
        """The session's identity; ``SessionNotFound`` for an unknown or malformed code."""
        with db.reading(self.engine) as conn:
            return info_from(self._session_row(conn, code)._mapping)

    def session(self, code: str, *, with_votes: bool = True) -> Session:
        """Everything recorded in the session (without the individual votes, when they are not needed)."""
        with db.reading(self.engine) as conn:
            row = self._session_row(conn, code)
            return self._load(conn, row, with_votes)

    def _session_row(self, conn: Connection, code: str) -> Row[Any]:
        canonical = normalise_code(code)
        row = None
        if canonical is not None:
            row = conn.execute(SESSION_BY_CODE, {"code": canonical}).first()
        if row is None:
            raise SessionNotFound(code.strip()[:40])
        return row

    def _facilitator_row(self, conn: Connection, code: str, key: str | None) -> Row[Any]:
        row = self._session_row(conn, code)
        if not key_matches(key, row.key_hash):
            raise AccessDenied(
                f"Only the facilitator can do this: enter the facilitator key of session {row.code}."
            )
        return row

    def is_facilitator(self, code: str, key: str | None) -> bool:
        with db.reading(self.engine) as conn:
            return key_matches(key, self._session_row(conn, code).key_hash)

    def rubric(self, fingerprint: str, conn: Connection | None = None) -> Rubric:
        """The rubric text a session was rated against (kept, so later YAML edits change nothing)."""
        if fingerprint not in self._rubrics:
            if conn is None:
                with db.reading(self.engine) as own:
                    return self.rubric(fingerprint, own)
            query = select(db.rubric_texts.c.body).where(db.rubric_texts.c.fingerprint == fingerprint)
            self._rubrics[fingerprint] = Rubric.model_validate_json(conn.execute(query).scalar_one())
        return self._rubrics[fingerprint]

    def _load(self, conn: Connection, row: Row[Any], with_votes: bool = True) -> Session:
        sid = row.id
        entries = {
            (e.row_id, e.dimension): entry_from(e)
            for e in conn.execute(select(db.entries).where(db.entries.c.session_id == sid))
        }
        votes = (
            []
            if not with_votes
            else [
                Vote(v.participant_id, v.row_id, v.dimension, v.level, v.updated_at)
                for v in conn.execute(
                    select(db.votes).where(db.votes.c.session_id == sid).order_by(db.votes.c.updated_at)
                )
            ]
        )
        people = [
            Participant(p.id, p.name, p.joined_at)
            for p in conn.execute(
                select(db.participants)
                .where(db.participants.c.session_id == sid)
                .order_by(db.participants.c.joined_at)
            )
        ]
        reflections = {
            (r.row_id, r.prompt): Reflection(r.row_id, r.prompt, r.answer, r.updated_by, r.updated_at)
            for r in conn.execute(select(db.reflections).where(db.reflections.c.session_id == sid))
        }
        timer = None
        if row.timer_started_at is not None:
            timer = Timer(row.timer_activity, row.timer_minutes, row.timer_started_at)
        rubric = self.rubric(row.fingerprint, conn)
        return Session(info_from(row._mapping), rubric, entries, votes, people, reflections, timer)

    def sessions_for_key(self, key: str) -> list[SessionInfo]:
        """Every session this facilitator key opens, newest first."""
        with db.reading(self.engine) as conn:
            query = (
                select(db.sessions)
                .where(db.sessions.c.key_hash == hash_key(key), db.sessions.c.deleted_at.is_(None))
                .order_by(db.sessions.c.held_on.desc(), db.sessions.c.created_at.desc())
            )
            return [info_from(r._mapping) for r in conn.execute(query)]

    def series(self, code: str) -> list[SessionInfo]:
        """The sessions of this session's series (same team and continuum), oldest first."""
        with db.reading(self.engine) as conn:
            row = self._session_row(conn, code)
            query = (
                select(db.sessions)
                .where(db.sessions.c.series == row.series, db.sessions.c.deleted_at.is_(None))
                .order_by(db.sessions.c.held_on, db.sessions.c.created_at)
            )
            return [info_from(r._mapping) for r in conn.execute(query)]

    def previous(self, code: str) -> Session | None:
        """The session of the same series held just before this one, if any."""
        series = self.series(code)
        index = next(i for i, s in enumerate(series) if s.code == normalise_code(code))
        return self.session(series[index - 1].code) if index > 0 else None

    def delete_session(self, code: str, key: str) -> None:
        with db.writing(self.engine) as conn:
            row = self._facilitator_row(conn, code, key)
            conn.execute(update(db.sessions).where(db.sessions.c.id == row.id).values(deleted_at=db.now()))

    # --- participants and votes ---------------------------------------------------------

    def join(self, code: str, name: str, participant_id: str | None = None) -> Participant:
        """Join the session (or rename oneself, returning with one's id).

        The one way to join: the rules of ``voting.join`` (an empty name only when the open round
        allows anonymous votes; someone taken off the vote is back in it; a newcomer gets a group).
        """
        from . import voting  # voting builds on the store; imported here, where it is needed

        return voting.join(self, code, name, participant_id)

    def vote(self, code: str, participant_id: str, row_id: str, dimension: str, level: str | None) -> Vote:
        """Record (or change) one participant's vote on a row open for voting; ``None`` withdraws it.

        The one way a vote is written: the rules of ``voting.cast`` (a round open on the row, a
        participant who joined and was not taken off the vote).
        """
        from . import voting  # voting builds on the store; imported here, where it is needed

        return voting.cast(self, code, participant_id, row_id, dimension, level)

    # --- the team's ratings, evidence and next steps -------------------------------------

    def set_entry(
        self,
        code: str,
        key: str,
        row_id: str,
        dimension: str,
        *,
        actor: str,
        level: str | None = UNSET,
        not_applicable: bool = UNSET,
        ticked: Sequence[int] = UNSET,
        evidence: str = UNSET,
        next_steps: str = UNSET,
        expected: Mapping[str, Any] | None = None,
    ) -> Entry:
        """Change the given fields of one row and dimension; each change goes into the history.

        Choosing a level clears "not applicable"; the last writer and the time are kept. With
        ``expected`` (field: the value the editor last saw), a field that holds something else now,
        changed from another window, is not overwritten: ``EditConflict`` says what it holds.
        """
        given = dict(
            level=level,
            not_applicable=not_applicable,
            ticked=ticked,
            evidence=evidence,
            next_steps=next_steps,
        )
        fields = {k: v for k, v in given.items() if v is not UNSET}
        if level is not UNSET and level is not None and not_applicable is UNSET:
            fields["not_applicable"] = False
        with db.writing(self.engine) as conn:
            row = self._facilitator_row(conn, code, key)
            rubric = self.rubric(row.fingerprint, conn)
            clean = clean_fields(rubric, row_id, dimension, fields)
            return self._write_entry(conn, row.id, row_id, dimension, clean, actor, expected=expected)

    def _write_entry(
        self,
        conn: Connection,
        session_id: str,
        row_id: str,
        dimension: str,
        fields: dict[str, Any],
        actor: str,
        undoes: int | None = None,
        expected: Mapping[str, Any] | None = None,
    ) -> Entry:
        this = {"in_session": session_id, "in_row": row_id, "in_dimension": dimension}
        # Read (and lock) the entry first: it exists after its first change, so the insert is rare.
        current = conn.execute(ENTRY_FOR_UPDATE, this).first()
        if current is None:
            blank = dict(level=None, not_applicable=False, ticked="[]", evidence="", next_steps="")
            insert = upsert_into(conn, db.entries).values(
                session_id=session_id, row_id=row_id, dimension=dimension, **blank
            )
            conn.execute(insert.on_conflict_do_nothing(index_elements=["session_id", "row_id", "dimension"]))
            current = conn.execute(ENTRY_FOR_UPDATE, this).one()
        for name, seen in (expected or {}).items():
            now = from_db(name, getattr(current, name))
            if now != seen and now != fields.get(name, seen):
                raise EditConflict(name, now)
        at = db.now()
        stored = {k: to_db(k, v) for k, v in fields.items()}
        changed = {k: v for k, v in stored.items() if getattr(current, k) != v}
        if not changed:
            return entry_from(current)
        conn.execute(UPDATE_ENTRY, {**this, **changed, "updated_by": actor, "updated_at": at})
        for name, value in changed.items():
            old = from_db(name, getattr(current, name))
            self._record(
                conn, session_id, at, actor, row_id, dimension, name, old, from_db(name, value), undoes
            )
        # The row as written, without reading it back: the locked row and our changes.
        written = {**current._mapping, **changed, "updated_by": actor, "updated_at": at}
        return entry_from(SimpleNamespace(**written))

    def _record(
        self,
        conn: Connection,
        session_id: str,
        at: str,
        actor: str,
        row_id: str,
        dimension: str,
        field: str,
        old: Any,
        new: Any,
        undoes: int | None = None,
    ) -> None:
        conn.execute(
            INSERT_CHANGE,
            dict(
                session_id=session_id,
                at=at,
                actor=actor,
                row_id=row_id,
                dimension=dimension,
                field=field,
                old=json.dumps(old),
                new=json.dumps(new),
                undoes=undoes,
            ),
        )

    def history(self, code: str, key: str, *, include_votes: bool = False) -> list[Change]:
        """Every recorded change of the session, oldest first (votes only when asked)."""
        with db.reading(self.engine) as conn:
            row = self._facilitator_row(conn, code, key)
            query = select(db.changes).where(db.changes.c.session_id == row.id).order_by(db.changes.c.id)
            found = [change_from(c) for c in conn.execute(query)]
        return [c for c in found if include_votes or not c.field.startswith("vote:")]

    def undo(self, code: str, key: str, change_id: int, *, actor: str) -> Entry:
        """Put a field back to its value before the given change (itself recorded as a change)."""
        with db.writing(self.engine) as conn:
            row = self._facilitator_row(conn, code, key)
            found = conn.execute(
                select(db.changes).where(db.changes.c.session_id == row.id, db.changes.c.id == change_id)
            ).first()
            if found is None or found.field not in EDITABLE:
                raise InputError(f"No change {change_id} to undo in session {row.code}.")
            change = change_from(found)
            previous = {change.field: restore(change.field, change.old)}
            return self._write_entry(
                conn, row.id, change.row_id, change.dimension, previous, actor, undoes=change_id
            )

    # --- reflections and the activity timer ---------------------------------------------

    def set_reflection(
        self, code: str, key: str, row_id: str, prompt: str, answer: str, *, actor: str
    ) -> Reflection:
        """Save the team's answer to a reflection prompt (``row_id`` "" for the whole session)."""
        answer = check_text("Answer", answer)
        with db.writing(self.engine) as conn:
            row = self._facilitator_row(conn, code, key)
            if row_id:
                check_cell(
                    self.rubric(row.fingerprint, conn),
                    row_id,
                    self.rubric(row.fingerprint, conn).dimension_ids()[0],
                )
            where = and_(
                db.reflections.c.session_id == row.id,
                db.reflections.c.row_id == row_id,
                db.reflections.c.prompt == prompt,
            )
            old = conn.execute(select(db.reflections.c.answer).where(where).with_for_update()).scalar()
            if old == answer:
                return Reflection(row_id, prompt, answer)
            at = db.now()
            values = dict(answer=answer, updated_by=actor, updated_at=at)
            insert = upsert_into(conn, db.reflections).values(
                session_id=row.id, row_id=row_id, prompt=prompt, **values
            )
            conn.execute(
                insert.on_conflict_do_update(index_elements=["session_id", "row_id", "prompt"], set_=values)
            )
            self._record(conn, row.id, at, actor, row_id, "", f"reflection:{prompt}", old or "", answer)
            return Reflection(row_id, prompt, answer, actor, at)

    def start_timer(self, code: str, key: str, activity: str, minutes: int) -> Timer:
        """Start (or restart) the activity timer everyone sees."""
        if not 1 <= minutes <= 240:
            raise InputError(f"A timer runs from 1 to 240 minutes, not {minutes}.")
        at = db.now()
        with db.writing(self.engine) as conn:
            row = self._facilitator_row(conn, code, key)
            values = dict(timer_activity=activity, timer_minutes=minutes, timer_started_at=at)
            conn.execute(update(db.sessions).where(db.sessions.c.id == row.id).values(**values))
        return Timer(activity, minutes, at)

    def stop_timer(self, code: str, key: str) -> None:
        with db.writing(self.engine) as conn:
            row = self._facilitator_row(conn, code, key)
            values = dict(timer_activity=None, timer_minutes=None, timer_started_at=None)
            conn.execute(update(db.sessions).where(db.sessions.c.id == row.id).values(**values))

    # --- the action plan ----------------------------------------------------------------

    def actions(self, code: str) -> list[ActionItem]:
        """The session's action plan, in the team's order (anyone with the join code)."""
        return action_records.actions(self, code)

    def add_action(
        self,
        code: str,
        key: str,
        *,
        actor: str,
        source: str | None = None,
        **fields: Any,
    ) -> ActionItem:
        """Add an item (``what``, ``row_ids``, ``owner``, ``due``, ``status``); recorded in the history."""
        return action_records.add_action(self, code, key, fields, actor=actor, source=source)

    def edit_actions(self, code: str, key: str, edits: ActionEdits, *, actor: str) -> list[ActionItem]:
        """Save one edit of the plan's table, all or nothing; each changed field goes into the history."""
        return action_records.edit_actions(self, code, key, edits, actor=actor)

    def link_template(self, code: str, key: str, building_code: str, *, actor: str) -> SessionInfo:
        """Put a building team's session beside this district team's session."""
        return action_records.link_template(self, code, key, building_code, actor=actor)

    def unlink_template(self, code: str, key: str, building_code: str, *, actor: str) -> None:
        return action_records.unlink_template(self, code, key, building_code, actor=actor)

    def linked_templates(self, code: str) -> list[SessionInfo]:
        """The building teams' sessions put beside this one."""
        return action_records.linked_templates(self, code)

    def district_sessions(self, district: str) -> list[SessionInfo]:
        """Every session of a district, oldest first."""
        return action_records.district_sessions(self, district)

    # --- portable sessions ------------------------------------------------------------

    def export_json(self, code: str, key: str) -> str:
        """The whole session as a versioned JSON file (facilitator only)."""
        return transfer.export_json(self, code, key)

    def import_json(self, text: str | bytes) -> SessionInfo:
        """Add a session from an exported file, all or nothing (see ``transfer.import_json``)."""
        return transfer.import_json(self, text)
