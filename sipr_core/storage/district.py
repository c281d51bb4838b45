"""The District view in the store: a district team's session and the building sessions linked to it.

Read in a handful of queries whatever the number of schools: the district session, its ratings,
the linked sessions, the ratings of the latest one per school team in the range, the continuum
texts (kept once read) and the targets. Anyone with the district session's join code may read it;
linking sessions needs its facilitator key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Connection, func, select

from ..actions import ActionItem, clean_action
from ..adoption import AlreadyAdopted, adopted_already, adopted_fields
from ..district_plans import SchoolPlan
from ..errors import InputError, SessionNotFound
from ..rollup import DistrictView, Pick, Snapshot, pasted_codes, pick_latest, rollup
from ..rubric import Rubric
from ..scoring import Key, Rating, Ratings
from ..session import SessionInfo
from .actions import Templates, insert_item, item_row, linked_to, load_actions
from .database import Database
from .rows import action_from, entry_value_from_db
from .schema import action_items, entries, sessions, template_links
from .scope import SessionScope
from .targets import targets_of

NONE_TICKED = "[]"
"""How most entries' ticked column reads: no JSON to parse."""


CHUNK = 500
"""Session ids per IN (...) list: far below SQLite's and PostgreSQL's limits on bound parameters."""

NOT_A_DISTRICT = (
    "The District view belongs to a district team's session (one without a school); this session is "
    "{place}'s. To get one, create a session on the Start page on the same continuum with the district "
    "filled in and the School left empty, then add the building teams' join codes there."
)


def _plan(
    pick: Pick,
    editions: dict[str, Rubric],
    items: dict[str, list[ActionItem]],
    written: dict[str, dict[Key, str]],
    shown: bool,
) -> SchoolPlan:
    info = pick.latest
    seen = info if shown else replace(info, code="")
    return SchoolPlan(seen, editions[info.fingerprint], items.get(info.id, []), written.get(info.id, {}))


def not_a_district(info: SessionInfo) -> str | None:
    """Why a building team's session has no District view (and how to get one); ``None`` for a district's."""
    return NOT_A_DISTRICT.format(place=info.school) if info.school else None


def ratings_of(conn: Connection, session_ids: Sequence[str]) -> dict[str, Ratings]:
    """The ratings of many sessions, by session id: levels and ticked criteria (SIPR's Scale reach), never the
    long texts."""
    e = entries.c
    found: dict[str, dict[tuple[str, str], Rating]] = {sid: {} for sid in session_ids}
    for start in range(0, len(session_ids), CHUNK):
        chunk = list(session_ids[start : start + CHUNK])
        query = select(e.session_id, e.row_id, e.dimension, e.level, e.not_applicable, e.ticked).where(
            e.session_id.in_(chunk)
        )
        for session_id, row_id, dimension, level, not_applicable, ticked in conn.execute(query).all():
            marks = frozenset() if ticked == NONE_TICKED else frozenset(entry_value_from_db("ticked", ticked))
            rating = Rating(row_id, dimension, level, bool(not_applicable), marks)
            found[session_id][(row_id, dimension)] = rating
    return dict(found)


def evidence_of(conn: Connection, session_ids: Sequence[str]) -> dict[str, dict[Key, str]]:
    """The evidence the teams wrote, by session id and cell (cells without any left out)."""
    e = entries.c
    found: dict[str, dict[Key, str]] = {sid: {} for sid in session_ids}
    for start in range(0, len(session_ids), CHUNK):
        chunk = list(session_ids[start : start + CHUNK])
        query = select(e.session_id, e.row_id, e.dimension, e.evidence).where(
            e.session_id.in_(chunk), e.evidence != ""
        )
        for session_id, row_id, dimension, evidence in conn.execute(query).all():
            found[session_id][(row_id, dimension)] = evidence
    return found


def adopt_item(scope: SessionScope, session_id: str, item_id: str, actor: str) -> ActionItem:
    """Add a building team's item, linked to the scope's district session, to the district's plan (once)."""
    conn, t = scope.conn, template_links.c
    query = (
        select(sessions)
        .join(template_links, t.linked_id == sessions.c.id)
        .where(t.session_id == scope.id, sessions.c.id == session_id, sessions.c.deleted_at.is_(None))
    )
    school = conn.execute(query).first()
    if school is None:
        raise InputError(NOT_LINKED)
    found = item_row(conn, session_id, item_id)
    if found is None:
        raise InputError(NO_SUCH_ITEM.format(school=school.school))
    item = action_from(found)
    if adopted_already([i.adopted for i in load_actions(conn, scope.id)], session_id, item_id):
        raise AlreadyAdopted(item.what, school.school)
    fields = clean_action(scope.rubric, adopted_fields(scope.rubric, item.what, item.row_ids))
    fields.update(adopted_from=item_id, adopted_session=session_id)
    fields.update(adopted_school=school.school, adopted_team=school.team)
    return insert_item(scope, fields, actor, None)


NOT_LINKED = (
    "Not adopted: that building team's session is not in this District view (any more). "
    "Add its join code under Add building teams' sessions, then adopt its action."
)
NO_SUCH_ITEM = (
    "Not adopted: {school}'s team deleted that action in the meantime. The table now shows its plan."
)


def actions_of(conn: Connection, session_ids: Sequence[str]) -> dict[str, list[ActionItem]]:
    """The action plans of many sessions, by session id, each in the team's order: one query per
    ``CHUNK`` sessions, not one per session (the District view reads 200 schools' plans at once)."""
    a = action_items.c
    found: dict[str, list[ActionItem]] = {sid: [] for sid in session_ids}
    for start in range(0, len(session_ids), CHUNK):
        chunk = list(session_ids[start : start + CHUNK])
        query = select(action_items).where(a.session_id.in_(chunk)).order_by(a.position, a.created_at, a.id)
        for row in conn.execute(query):
            found[row.session_id].append(action_from(row))
    return found  # no district item among them: none adopted, none to mark gone


@dataclass(frozen=True)
class LinkReport:
    """What a pasted list of codes did: the sessions added, those already here, a message per problem."""

    added: list[SessionInfo]
    already: list[str]
    problems: list[str]


class District:
    """The roll-up of a district team's building sessions."""

    def __init__(self, database: Database, templates: Templates):
        self.database = database
        self.templates = templates

    def view(
        self, code: str, start: date | None = None, end: date | None = None, *, key: str | None = None
    ) -> DistrictView:
        """The roll-up of the building sessions linked here, held from ``start`` to ``end``.

        The building sessions' join codes are in it only for the facilitator (``key``).
        ``InputError`` when the session is a building team's own (it has a school).
        """
        with self.database.reading() as conn:
            scope = self._scope(conn, code, key)
            info = scope.info
            district = ratings_of(conn, [scope.id]).get(scope.id, {})
            linked = linked_to(conn, scope.id)
            if not scope.is_facilitator:
                linked = [replace(i, code="") for i in linked]
            picks = pick_latest(linked, start, end)
            ratings = ratings_of(conn, [p.latest.id for p in picks])
            editions = {fp: self.database.rubric(fp, conn) for fp in {p.latest.fingerprint for p in picks}}
            goals = targets_of(conn, [p.latest.series for p in picks])
            rubric = scope.rubric
        snapshots = [
            Snapshot(
                p.latest,
                editions[p.latest.fingerprint],
                ratings.get(p.latest.id, {}),
                goals[p.latest.series],
                p.earlier,
            )
            for p in picks
        ]
        return DistrictView(info, rubric, linked, start, end, rollup(rubric, district, snapshots))

    def plans(
        self, code: str, start: date | None = None, end: date | None = None, *, key: str | None = None
    ) -> list[SchoolPlan]:
        """The action plan and evidence of each school team's latest session linked here in the range.

        Read in a constant number of queries whatever the number of schools (the action items and the
        evidence of all of them at once); a join code is in it only for the facilitator (``key``).
        """
        with self.database.reading() as conn:
            scope = self._scope(conn, code, key)
            picks = pick_latest(linked_to(conn, scope.id), start, end)
            latest = [p.latest.id for p in picks]
            written, items = evidence_of(conn, latest), actions_of(conn, latest)
            editions = {fp: self.database.rubric(fp, conn) for fp in {p.latest.fingerprint for p in picks}}
            shown = scope.is_facilitator
        return [_plan(p, editions, items, written, shown) for p in picks]

    def adopt(self, code: str, key: str, session_id: str, item_id: str, *, actor: str) -> ActionItem:
        """Add a linked building session's action item to this district team's plan, with a link back.

        ``AlreadyAdopted`` when the district's plan has it already; ``InputError`` when the session is no
        longer linked here or the item is gone.
        """
        with self.database.writing() as conn:
            scope = self._scope(conn, code, key)
            return adopt_item(scope, session_id, item_id, actor)

    def _scope(self, conn: Connection, code: str, key: str | None) -> SessionScope:
        if key is not None:
            scope = SessionScope.for_facilitator(self.database, conn, code, key)
        else:
            scope = SessionScope.for_viewer(self.database, conn, code)
        if scope.info.school:
            raise InputError(NOT_A_DISTRICT.format(place=scope.info.school))
        return scope

    def held_range(self, code: str) -> tuple[date, date] | None:
        """The first and last days the building sessions linked here were held; ``None`` when none is."""
        s, links = sessions.c, template_links.c
        with self.database.reading() as conn:
            district = SessionScope.for_viewer(self.database, conn, code).id
            query = (
                select(func.min(s.held_on), func.max(s.held_on))
                .join(template_links, links.linked_id == s.id)
                .where(links.session_id == district, s.deleted_at.is_(None))
            )
            first, last = conn.execute(query).one()
        if first is None or last is None:
            return None
        return date.fromisoformat(first), date.fromisoformat(last)

    def link_schools(self, code: str, key: str, text: str, *, actor: str) -> LinkReport:
        """Add every building session whose join code is in the pasted text to this district view.

        Each code is added once; a code that cannot be added gets its own message and stops nothing else.
        """
        with self.database.reading() as conn:
            info = SessionScope.for_facilitator(self.database, conn, code, key).info
        if info.school:
            raise InputError(NOT_A_DISTRICT.format(place=info.school))
        pasted = pasted_codes(text)
        if not pasted.codes and not pasted.bad:
            raise InputError("No join codes given: paste the building teams' codes, one per line.")
        here = {i.code for i in self.templates.linked(code)}
        problems = [
            f"{token[:40]}: not a join code (a join code looks like 7KQ-M2X-9RD)." for token in pasted.bad
        ]
        added: list[SessionInfo] = []
        already: list[str] = []
        for building in pasted.codes:
            if building in here:
                already.append(building)
                continue
            try:
                added.append(self.templates.link(code, key, building, actor=actor))
            except SessionNotFound:
                problems.append(
                    f"No session has the code {building} here: check it with that building's team."
                )
            except InputError as error:
                message = str(error)
                problems.append(message if building in message else f"{building}: {message}")
        return LinkReport(added, already, problems)
