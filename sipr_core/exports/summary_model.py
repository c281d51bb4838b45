"""What a summary holds, in words: the records every format lays out, and the texts they share.

``summary.summarise`` fills them from a session; the PDF, HTML, Excel and CSV writers only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

NOTHING_RATED = "Nothing has been rated yet in this session."
NO_ACTIONS = "No action items yet."
OVERDUE = "Actions overdue (past their due date, neither done nor dropped):"
NO_PREVIOUS = "This is the first session of this team on this continuum: there is nothing to compare with."
NO_FLAGS = "No row was flagged: wherever votes were taken, they were less than two levels apart."
NO_VOTES = "No individual votes were taken."
NO_COMMENTS = "No comments were written."
NOT_REVEALED = "Not yet revealed to the team"
"""How the facilitator's own copy marks the votes and comments of a round not yet revealed (nobody else's
holds them)."""


@dataclass(frozen=True)
class Votes:
    """The individual votes on one cell: how many chose each level, the consensus and the spread."""

    counts: list[tuple[str, int]]
    votes: int
    abstentions: int
    consensus: str
    median: str
    spread: int | None
    discuss: bool
    revealed: bool = True
    """False while the round is open or closed but not revealed: only the facilitator's copy holds these."""
    round: int | None = None
    """The voting round these votes were cast in, when known (``CellSummary.rounds``)."""

    @property
    def counts_text(self) -> str:
        return ", ".join(f"{name} {n}" for name, n in self.counts if n) or "no level chosen"

    @property
    def spread_text(self) -> str:
        if self.spread is None:
            return ""
        return (
            "all on one level" if self.spread == 0 else f"{self.spread} level{'s' * (self.spread > 1)} apart"
        )


@dataclass(frozen=True)
class CellSummary:
    """One row on one dimension: the level, what that level says, evidence, next steps, votes."""

    dimension_id: str
    dimension: str
    dimension_short: str
    level_id: str | None
    level: str
    position: int | None
    status: str
    level_text: str
    statement: str
    criteria: str
    evidence: str
    next_steps: str
    votes: Votes | None
    target: str = ""
    """The series' target for this cell and where it stands ("✓ Evolving (met)"), when one is set."""
    comments: list[str] = field(default_factory=list)
    """Participants' comments on the cell, signed unless anonymous: a viewer's summary holds only those
    of revealed rounds; in the facilitator's, a comment not yet revealed says so."""
    rounds: list[Votes] = field(default_factory=list)
    """The votes of every revealed round on this cell, oldest first; ``votes`` is each voter's latest."""


@dataclass(frozen=True)
class RowSummary:
    id: str
    title: str
    short: str
    subgroup: str
    cells: list[CellSummary]
    reflections: list[tuple[str, str]] = field(default_factory=list)

    def heading(self, row_term: str) -> str:
        """ "Progress indicator 3a" under its practice, whose sentence the title repeats; else titled."""
        if self.subgroup and self.title == self.subgroup:
            return f"{row_term} {self.id}"
        if self.subgroup:
            return f"{row_term} {self.id}: {self.title}"
        return f"{row_term}: {self.title}"


@dataclass(frozen=True)
class GroupSummary:
    id: str
    title: str
    description: str
    rows: list[RowSummary]


@dataclass(frozen=True)
class Flag:
    """A row and dimension whose votes were two or more levels apart."""

    group: str
    row: str
    dimension: str
    spread: str
    counts: str


@dataclass(frozen=True)
class Mean:
    dimension: str
    value: str
    place: str
    change: str


@dataclass(frozen=True)
class Move:
    """A row whose level changed since the previous session."""

    row: str
    dimension: str
    before: str
    after: str
    change: str


@dataclass(frozen=True)
class SinceLast:
    held_on: date
    code: str
    means: list[Mean]
    moves: list[Move]


@dataclass(frozen=True)
class ChartTable:
    """The chart's values as a table, for a document that cannot draw the chart."""

    columns: list[str]
    lines: list[list[str]]


@dataclass(frozen=True)
class BalanceSection:
    """Maintaining Balance: a team's action-planning template, or the building teams' side by side."""

    title: str
    note: str
    columns: list[str]
    lines: list[list[str]]
    tallies: list[str]


@dataclass(frozen=True)
class Summary:
    """Everything a summary shows, in words; ``figure`` is the radar as a plotly figure."""

    title: str
    short: str
    source: str
    district: str
    school: str
    team: str
    held_on: date
    facilitator: str
    code: str
    rubric_id: str
    participants: list[str]
    terms: dict[str, str]
    levels: list[str]
    rated: bool
    progress: str
    means: list[Mean]
    groups: list[GroupSummary]
    flagged: list[Flag]
    actions: list[dict[str, str]]
    since: SinceLast | None
    reflections: list[tuple[str, str]]
    chart: ChartTable
    figure: Any = field(repr=False, compare=False)
    balance: BalanceSection | None = None
    overdue: list[str] = field(default_factory=list)
    """The overdue actions in words ("Share the survey (Ben): due 2026-11-22, Not started")."""

    @property
    def place(self) -> str:
        return f"{self.district} · {self.school}" if self.school else self.district

    @property
    def commented(self) -> bool:
        return any(c.comments for g in self.groups for r in g.rows for c in r.cells)

    @property
    def votes_taken(self) -> bool:
        return any(c.votes for g in self.groups for r in g.rows for c in r.cells)

    def cells(self) -> list[tuple[GroupSummary, RowSummary, CellSummary]]:
        return [(g, r, c) for g in self.groups for r in g.rows for c in r.cells]
