"""The rules of live voting: what a round opens, who has voted, what the votes say, how far the team moved.

Pure: no storage and no Streamlit. ``sipr_core.voting`` fills these types from the store.
A voter is a participant, or in a small-groups round a group that rates as a unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .addresses import app_address, vote_link
from .consensus import Consensus, consensus
from .errors import InputError, VotingClosed
from .facilitation import guided_order
from .rubric import Level, Rubric
from .scoring import Key
from .session import Participant, check_name
from .tables import RatingsTable

ANONYMOUS = "Anonymous"
"""The name the store gives a participant who joins without one."""
MAX_GROUPS = 12


class Scope(StrEnum):
    """What a round opens for voting."""

    ROW = "row"
    GROUP = "group"
    ALL = "all"


def cells_for(
    rubric: Rubric, scope: Scope | str, target: str = "", dimensions: Sequence[str] | None = None
) -> tuple[Key, ...]:
    """The (row, dimension) cells a round on one row, one group or the whole continuum opens."""
    dims = rubric.dimension_ids() if dimensions is None else list(dimensions)
    if not dims:
        raise InputError("Choose at least one dimension to rate on.")
    for d in dims:
        if d not in rubric.dimension_ids():
            raise InputError(f'No such dimension in "{rubric.title}": {d}')
    scope = Scope(scope)
    if scope is Scope.ROW:
        rows = [row for _, row in rubric.rows() if row.id == target]
        if not rows:
            raise InputError(f'No such row in "{rubric.title}": {target}')
    elif scope is Scope.GROUP:
        rows = [row for group in rubric.groups if group.id == target for row in group.rows]
        if not rows:
            raise InputError(f'No such group in "{rubric.title}": {target}')
    else:
        rows = [row for _, row in rubric.rows()]
    return tuple((row.id, d) for row in rows for d in rubric.dimension_ids() if d in dims)


@dataclass(frozen=True)
class VotingRound:
    """One round of voting: the cells it opened, its settings, and when it closed and was revealed."""

    number: int
    cells: tuple[Key, ...]
    by_groups: bool = False
    allow_anonymous: bool = False
    auto_reveal: bool = False
    guided: bool = False
    """The ballot lists the levels from the highest down, as the toolkit's guided protocol reads them."""
    opened_at: str = ""
    closed_at: str | None = None
    revealed_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None

    def covers(self, row_id: str, dimension: str) -> bool:
        return (row_id, dimension) in self.cells


def check_open(voting: VotingRound | None, row_id: str, dimension: str, *, by_groups: bool) -> VotingRound:
    """The round a vote on this cell belongs to; ``VotingClosed`` saying why when there is none."""
    if voting is None:
        raise VotingClosed("Voting has not opened yet: wait for the facilitator to open it.")
    if not voting.is_open:
        raise VotingClosed(
            "Voting has closed, so this vote was not recorded. The team's votes are on the projector."
        )
    if not voting.covers(row_id, dimension):
        raise VotingClosed(f"Voting is not open on this row ({row_id}), so this vote was not recorded.")
    if voting.by_groups != by_groups:
        raise VotingClosed(
            "In this round each small group gives one rating together."
            if voting.by_groups
            else "In this round everyone votes for themselves, not as a group."
        )
    return voting


@dataclass(frozen=True)
class Voter:
    """Someone (or a small group) who votes in a round."""

    id: str
    name: str

    @property
    def anonymous(self) -> bool:
        return self.name == ANONYMOUS


@dataclass(frozen=True)
class VoteGroup:
    """A small group of participants that rates as one (toolkit Activity 2)."""

    id: str
    name: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class Board:
    """The facilitator's view of a round: who voted where, and the levels only once revealed.

    ``voters`` are those the round waits for. ``left`` are those the facilitator took off the
    vote: nobody waits for them, and what they cast before they left still counts.
    """

    round: VotingRound | None
    voters: tuple[Voter, ...] = ()
    voted: Mapping[Key, frozenset[str]] = field(default_factory=dict)
    levels: Mapping[Key, Mapping[str, str]] = field(default_factory=dict)
    """Voter id to level on each cell; empty until the round is revealed."""
    left: tuple[Voter, ...] = ()

    def votes_in(self) -> int:
        """Votes cast in this round, over every open cell (one per voter and cell)."""
        return sum(self.count(cell) for cell in self.cells)

    def votes_expected(self) -> int:
        return sum(self.expected(cell) for cell in self.cells)

    @property
    def cells(self) -> tuple[Key, ...]:
        return self.round.cells if self.round is not None else ()

    def count(self, cell: Key) -> int:
        ids = {v.id for v in (*self.voters, *self.left)}
        return len(self.voted.get(cell, frozenset()) & ids)

    def expected(self, cell: Key) -> int:
        """The votes a cell waits for: one per voter, plus those cast by people who have left since."""
        gone = {v.id for v in self.left}
        return len(self.voters) + len(self.voted.get(cell, frozenset()) & gone)

    def waiting(self) -> list[Voter]:
        """Voters who have not yet voted on every open cell, in the order they joined."""
        return [v for v in self.voters if any(v.id not in self.voted.get(c, frozenset()) for c in self.cells)]

    def everyone_voted(self) -> bool:
        return bool(self.voters) and bool(self.cells) and not self.waiting()


def waiting_names(board: Board) -> tuple[list[str], int]:
    """Who has not voted yet: the names, and how many anonymous participants besides."""
    waiting = board.waiting()
    return [v.name for v in waiting if not v.anonymous], sum(1 for v in waiting if v.anonymous)


@dataclass(frozen=True)
class Result:
    """What the votes on one cell say, with one dot per vote (its 1-based level position).

    ``labels`` names each dot in a small-groups round; individual votes stay unnamed.
    """

    row_id: str
    dimension: str
    summary: Consensus
    positions: tuple[int, ...]
    labels: tuple[str, ...] = ()

    @property
    def key(self) -> Key:
        return (self.row_id, self.dimension)


def results(levels: Sequence[str], board: Board) -> list[Result]:
    """Every revealed cell's result, those flagged for discussion first, else in the round's order."""
    if board.round is None or not board.round.revealed:
        return []
    names = {v.id: v.name for v in (*board.voters, *board.left)}
    found = []
    for row_id, dimension in board.cells:
        given = board.levels.get((row_id, dimension), {})
        summary = consensus(levels, given.values())
        dots = sorted((levels.index(level) + 1, names.get(voter, "")) for voter, level in given.items())
        labels = tuple(name for _, name in dots) if board.round.by_groups else ()
        found.append(Result(row_id, dimension, summary, tuple(pos for pos, _ in dots), labels))
    return sorted(found, key=lambda r: not r.summary.discuss)


def cell_label(rubric: Rubric, cell: Key) -> str:
    """A cell as the team reads it: the row's short title, and the dimension when there are several."""
    row_id, dimension = cell
    label = rubric.row(row_id).short
    return f"{label} · {rubric.dimension(dimension).short}" if rubric.dimensions else label


def votes_table(rubric: Rubric, board: Board) -> RatingsTable:
    """Each open cell's level from every voter (the groups, in a small-groups round), once revealed."""
    gave = {voter for given in board.levels.values() for voter in given}
    shown = [*board.voters, *(v for v in board.left if v.id in gave)]
    columns = {"row": rubric.terms.row, **{f"voter:{v.id}": v.name for v in shown}}
    columns["median"] = "Median"
    lines = []
    for cell in board.cells:
        given = board.levels.get(cell, {})
        line = {"row": cell_label(rubric, cell)}
        for voter in shown:
            level = given.get(voter.id)
            line[f"voter:{voter.id}"] = rubric.level(level).name if level else "–"
        found = consensus(rubric.level_ids(), given.values())
        line["median"] = found.median_words(lambda level_id: rubric.level(level_id).name) or "–"
        lines.append(line)
    return RatingsTable(columns, lines)


# --- small groups ------------------------------------------------------------------------------


def group_names(names: Iterable[str]) -> list[str]:
    """The names of the groups to make: blanks dropped, each different, two to twelve of them."""
    clean = [check_name("Group name", n, required=False) for n in names]
    clean = [n for n in clean if n]
    seen: set[str] = set()
    for name in clean:
        if name.casefold() in seen:
            raise InputError(f"Two groups are called {name}: give each group its own name.")
        seen.add(name.casefold())
    if not 2 <= len(clean) <= MAX_GROUPS:
        raise InputError(f"Name two to {MAX_GROUPS} groups, one per line (you named {len(clean)}).")
    return clean


def split(participant_ids: Sequence[str], groups: int) -> list[list[str]]:
    """Deal the participants into groups in turn, so sizes differ by one at most."""
    dealt: list[list[str]] = [[] for _ in range(groups)]
    for i, pid in enumerate(participant_ids):
        dealt[i % groups].append(pid)
    return dealt


def smallest(groups: Sequence[VoteGroup]) -> VoteGroup | None:
    """The group a newcomer joins: the smallest, the first of those in a tie."""
    return min(groups, key=lambda g: len(g.members)) if groups else None


@dataclass(frozen=True)
class Ballot:
    """What one participant sees: the round, their own votes, their group's ratings; nobody else's."""

    participant: Participant
    round: VotingRound | None
    mine: Mapping[Key, str | None] = field(default_factory=dict)
    """Their level on each open cell, cast in this round (None: not voted, or withdrawn)."""
    earlier: Mapping[Key, str] = field(default_factory=dict)
    """Their level on a cell from an earlier round, shown when the team votes again."""
    group: VoteGroup | None = None
    group_levels: Mapping[Key, str | None] = field(default_factory=dict)
    left: bool = False
    """The facilitator took them off the vote (they seemed to have left); they may rejoin."""
    comments: Mapping[Key, str] = field(default_factory=dict)
    """Their own comment on each open cell (whatever round they wrote it in)."""

    @property
    def given(self) -> Mapping[Key, str | None]:
        """The level this ballot gives each open cell: their own, or their group's in a small-groups round."""
        return self.group_levels if self.round is not None and self.round.by_groups else self.mine

    def voted(self) -> int:
        """How many of the round's cells have a level on this ballot."""
        cells = self.round.cells if self.round is not None else ()
        return sum(1 for cell in cells if self.given.get(cell) is not None)


def ballot_levels(rubric: Rubric, voting: VotingRound) -> list[Level]:
    """The levels in the order the ballot offers them: the highest first in a guided round."""
    return guided_order(rubric) if voting.guided else list(rubric.levels)


@dataclass(frozen=True)
class Attendance:
    """Who is in the vote, and who the facilitator took off it because they left."""

    present: tuple[Participant, ...] = ()
    left: tuple[Participant, ...] = ()


def join_link(page_url: str, vote_path: str, code: str, participant_id: str | None = None) -> str:
    """The Vote page's address beside the page at ``page_url``, for a session (and one participant).

    A link with the participant's id lets them carry on from another device as the same person.
    """
    return vote_link(app_address(page_url), vote_path, code, participant_id)


def distinct_names(people: Sequence[Participant]) -> dict[str, str]:
    """Each participant's name, numbered in the order they joined where several share it (Anonymous)."""
    names = [p.name for p in people]
    labels = {}
    for n, person in enumerate(people):
        same = names.count(person.name)
        labels[person.id] = person.name if same == 1 else f"{person.name} {names[: n + 1].count(person.name)}"
    return labels
