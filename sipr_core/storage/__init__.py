"""The store: every session, rating, vote and change, in SQLite by default or PostgreSQL.

``Store`` is the one door: ``store.<records>.<action>(...)``, for instance
``store.entries.set(code, key, row_id, dimension, actor=..., level=...)`` or
``store.voting.cast(code, participant_id, row_id, dimension, level)``. Each action is one
transaction, and each opens its session in a ``SessionScope`` that decides who is asking.

Inside: ``engine`` (the engine, transactions and plain error words), ``schema`` (the tables),
``migrations`` (how a database reaches that schema), ``rows`` (rows to domain objects),
``scope`` (who is asking, and the writes many records share), then one module per kind of record.
"""

from __future__ import annotations

from ..errors import StoreError
from .actions import ActionPlan, Templates
from .attendance import Attendances
from .carry_over import CarryOver
from .comments import Comments
from .database import Database
from .deleted import Clock, DeletedSessions, utc_now
from .discussion import Discussions
from .district import District, LinkReport, not_a_district
from .engine import default_url
from .entries import Entries
from .groups import SmallGroups
from .history import History
from .meetings import MeetingRecord, Meetings
from .preparation import Preparation
from .reports import Reports, SeriesRecord, SessionRecord
from .sessions import Sessions
from .targets import Targets
from .transfer import ImportReport, Transfer
from .voting import Voting


class Store:
    """Sessions in a SQL database, by kind of record: ``store.sessions``, ``store.entries``, ..."""

    def __init__(self, url: str | None = None, *, clock: Clock = utc_now):
        self.database = Database(url)
        self.sessions = Sessions(self.database)
        """Create, open, list and delete sessions; a session's series; the activity timer."""
        self.deleted = DeletedSessions(self.database, clock)
        """Deleted sessions: listed and restorable for 30 days, then purged for good."""
        self.entries = Entries(self.database)
        """The team's ratings, evidence, next steps and reflection answers."""
        self.history = History(self.database)
        """Every change of a session, and undo."""
        self.voting = Voting(self.database)
        """Rounds, joining, votes, the ballot and the facilitator's board."""
        self.groups = SmallGroups(self.database)
        """Small groups that rate as one."""
        self.attendance = Attendances(self.database)
        """Taking someone who left off the vote, and rejoining."""
        self.comments = Comments(self.database)
        """Participants' comments on rows, and using one as the row's evidence."""
        self.actions = ActionPlan(self.database)
        """The action plan."""
        self.carry_over = CarryOver(self.database)
        """A series' actions across its sessions: carried ones reviewed at a follow-up, overdue ones."""
        self.templates = Templates(self.database)
        """A district team's links to its building teams' sessions."""
        self.targets = Targets(self.database)
        """Targets and review dates of a series."""
        self.district = District(self.database, self.templates)
        """The District view: the roll-up of the linked building sessions."""
        self.meetings = Meetings(self.database)
        """Meetings with an agenda: several activities under one join code and one facilitator key."""
        self.discussion = Discussions(self.database)
        """Written answers to a meeting's discussions, hidden until the facilitator's Reveal."""
        self.transfer = Transfer(self.database)
        """The session file: export and import."""
        self.reports = Reports(self.database)
        """A session or a series read whole, for summaries and the Progress page."""
        self.preparation = Preparation(self.database)
        """The facilitator's readiness checklist of a session."""
        try:
            self.deleted.purge()  # sessions past their 30 days go when the store opens (and when listed)
        except StoreError:
            pass  # a database that cannot be written now: the next listing purges them

    @property
    def url(self) -> str:
        return self.database.url

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.database.engine

    def close(self) -> None:
        self.database.close()


__all__ = [
    "Database",
    "ImportReport",
    "LinkReport",
    "MeetingRecord",
    "SeriesRecord",
    "SessionRecord",
    "Store",
    "default_url",
    "not_a_district",
]
