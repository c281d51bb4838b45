"""A district team adopts a building team's action into its own plan, with a link back to it.

Pure: the district's action items and the school's item in; the new item's fields, or why it cannot be
adopted, out. The district's item keeps the school and team it came from (the link survives the school's
session being deleted, and then says so); the school's own plan holds nothing of the district's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .errors import InputError, quoted
from .rubric import Rubric


@dataclass(frozen=True)
class Adoption:
    """Where an adopted item came from: the building team's item, its session, school and team."""

    item_id: str
    session_id: str
    school: str
    team: str
    gone: bool = False
    """The school's session is no longer here (deleted, or the district's file was imported elsewhere)."""

    def text(self) -> str:
        """'Adopted from Lincoln Elementary — Building team', and whether that session is gone."""
        said = f"Adopted from {self.school} — {self.team}"
        return said + " (that school's session is no longer here)" if self.gone else said


def link_fields(adoption: Adoption | None) -> dict[str, str]:
    """An adopted item's link back as its columns and the session file's fields hold it ({}: not adopted)."""
    if adoption is None:
        return {}
    a = adoption
    return dict(
        adopted_from=a.item_id, adopted_session=a.session_id, adopted_school=a.school, adopted_team=a.team
    )


class AlreadyAdopted(InputError):
    """The district's plan has this school's action already; nothing was added."""

    def __init__(self, what: str, school: str):
        super().__init__(
            f"Not adopted: {quoted(what, 80)} from {school} is in the district's action plan already. "
            "Change that item in the Action plan instead."
        )


def adopted_already(adoptions: Sequence[Adoption | None], session_id: str, item_id: str) -> bool:
    """Whether one of the district's items was adopted from this school session's item."""
    return any(a is not None and (a.session_id, a.item_id) == (session_id, item_id) for a in adoptions)


def adopted_fields(rubric: Rubric, what: str, row_ids: Sequence[str]) -> dict[str, Any]:
    """The district's new item: the school's words and the rows the district's continuum knows (in its
    order); owner, due date and status are the district's own to set."""
    known = [row.id for _, row in rubric.rows()]
    return {"what": what, "row_ids": [r for r in known if r in set(row_ids)]}
