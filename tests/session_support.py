"""Sessions built in memory for unit tests: no store, just the core's types."""

from __future__ import annotations

import datetime
from typing import Any

from sipr_core.session import Entry, Session, SessionInfo


def session_info(rubric, **overrides: Any) -> SessionInfo:
    """A district team's session on this rubric, held on 23 November 2026; any field can be overridden."""
    values: dict[str, Any] = dict(
        id="s1",
        code="AAA-BBB-CCC",
        district="Riverside Schools",
        school="",
        team="District CI team",
        held_on=datetime.date(2026, 11, 23),
        rubric_id=rubric.id,
        fingerprint=rubric.fingerprint(),
        facilitator="Ana Ruiz",
        series="riverside",
        created_at="2026-11-23T09:00:00",
    )
    values.update(overrides)
    return SessionInfo(**values)


def session_of(rubric, *entries: Entry, info: SessionInfo | None = None, votes=(), **more: Any) -> Session:
    """A session on this rubric holding these entries (and votes, and any other Session field)."""
    recorded = {e.rating.key: e for e in entries}
    return Session(info or session_info(rubric), rubric, recorded, list(votes), **more)
