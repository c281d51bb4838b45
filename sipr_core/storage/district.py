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

from ..district_plans import SchoolPlan
from ..errors import InputError, SessionNotFound
from ..rollup import DistrictView, Pick, Snapshot, pasted_codes, pick_latest, rollup
from ..rubric import Rubric
from ..scoring import Key, Rating, Ratings
from ..session import SessionInfo
from .actions import ActionPlan, Templates, linked_to
from .database import Database
from .rows import entry_value_from_db
from .schema import entries, sessions, template_links
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


@dataclass(frozen=True)
class LinkReport:
    """What a pasted list of codes did: the sessions added, those already here, a message per problem."""

    added: list[SessionInfo]
    already: list[str]
    problems: list[str]


class District:
    """The roll-up of a district team's building sessions."""

    def __init__(self, database: Database, templates: Templates, actions: ActionPlan):
        self.database = database
        self.templates = templates
        self.actions = actions

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

        Each plan is read through ``store.actions.items`` (however action items are kept); its join code
        is in it only for the facilitator (``key``).
        """
        with self.database.reading() as conn:
            scope = self._scope(conn, code, key)
            picks = pick_latest(linked_to(conn, scope.id), start, end)
            written = evidence_of(conn, [p.latest.id for p in picks])
            editions = {fp: self.database.rubric(fp, conn) for fp in {p.latest.fingerprint for p in picks}}
            shown = scope.is_facilitator
        return [self._plan(p, editions, written, shown) for p in picks]

    def _plan(
        self, pick: Pick, editions: dict[str, Rubric], written: dict[str, dict[Key, str]], shown: bool
    ) -> SchoolPlan:
        info = pick.latest
        items = self.actions.items(info.code)
        evidence = written.get(info.id, {})
        seen = info if shown else replace(info, code="")
        return SchoolPlan(seen, editions[info.fingerprint], items, evidence)

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
