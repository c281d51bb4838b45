"""Sessions made in a real store for tests: one place for the defaults every test layer uses."""

from __future__ import annotations

import datetime
from typing import Any

from sipr_core import SessionInfo, Store

HELD_ON = datetime.date(2026, 11, 23)
DEFAULTS: dict[str, Any] = dict(
    district="Riverside Schools", team="District CI team", held_on=HELD_ON, facilitator="Ana Ruiz"
)


def make_session(store: Store, rubric, **fields: Any) -> tuple[SessionInfo, str]:
    """A new district team's session on ``rubric`` (any field overridden); returns (info, facilitator key)."""
    return store.sessions.create(rubric, **{**DEFAULTS, **fields})


def make_code(store: Store, rubric, **fields: Any) -> tuple[str, str]:
    """The same session, as (join code, facilitator key)."""
    info, key = make_session(store, rubric, **fields)
    return info.code, key


NOT_FOUND = "No such session: {}. Check the code on the projector and try again."


def denied(code: str) -> str:
    return f"Only the facilitator can do this: enter the facilitator key of session {code}."



def open_voting(store, code, key, cells=(("vision", "rating"), ("policies", "rating"))):
    """Open a round of voting, as the facilitator does before anyone can vote."""
    return store.voting.open_round(code, key, list(cells), actor="Ana Ruiz")


def value_of(entry, field: str):
    """One editable field of an entry, in the form set_entry takes it."""
    if field == "ticked":
        return sorted(entry.rating.ticked)
    if field in ("level", "not_applicable"):
        return getattr(entry.rating, field)
    return getattr(entry, field)
