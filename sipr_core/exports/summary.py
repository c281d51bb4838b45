"""What every summary shows, whatever its format: a pure function of the session.

The PDF, HTML, Excel and CSV writers only lay this out; none of them computes anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..actions import ActionItem, describe
from ..balance import BALANCE_RUBRIC, template, templates_side_by_side
from ..carry_over import overdue as overdue_items
from ..charts import RadarData, radar, radar_data
from ..compare import compare
from ..consensus import consensus
from ..round_votes import RoundVotes
from ..rubric import Cell, Rubric
from ..scoring import Key, Status, score
from ..session import Session
from ..tables import NOT_RATED, comparable, level_between, level_text, mean_levels, plural, target_text
from ..targets import TargetSet, row_targets

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


def source_text(rubric: Rubric) -> str:
    s = rubric.source
    return ", ".join(p for p in (s.document, s.part, s.edition, s.publisher) if p)


def summarise(
    session: Session,
    previous: Session | None = None,
    actions: Sequence[ActionItem] = (),
    buildings: Sequence[Session] = (),
    targets: TargetSet | None = None,
    rounds: Mapping[Key, Sequence[RoundVotes]] | None = None,
    *,
    today: date | None = None,
    carried_on: frozenset[str] = frozenset(),
    building_actions: Mapping[str, Sequence[ActionItem]] | None = None,
) -> Summary:
    """The summary of a session, with the change since ``previous`` (the series' session before it).

    ``rounds``: each cell's votes in every revealed round (``round_votes.votes_by_round``).
    ``today``: the day overdue actions are flagged as of (none flagged without it); ``carried_on``: the
    ids of actions a later session of the series continues (that session flags them).

    On the Maintaining Balance continuum it carries the team's action-planning template, or for a
    district team with ``buildings`` (its building teams' sessions) their templates side by side, with
    their actions (``building_actions``, by session id) and evidence.
    """
    rubric, info = session.rubric, session.info
    ratings = session.ratings()
    earlier = comparable(rubric, previous.ratings()) if previous is not None else None
    card = score(rubric, ratings)
    rated = any(s.rated or s.not_applicable for s in card.overall.values())
    groups = [
        GroupSummary(
            g.id,
            g.title,
            g.description or "",
            [
                RowSummary(
                    row.id,
                    row.title,
                    row.short,
                    next((s.title for s in g.subgroups if s.id == row.subgroup), ""),
                    [
                        _cell(session, row.id, d, cell, targets, (rounds or {}).get((row.id, d), ()))
                        for d, cell in _cells(rubric, row.id)
                    ],
                    [
                        (r.prompt, r.answer)
                        for (rid, _), r in sorted(session.reflections.items())
                        if rid == row.id
                    ],
                )
                for row in g.rows
            ],
        )
        for g in rubric.groups
    ]
    rows_word = plural(rubric.terms.row.lower())
    if rubric.dimensions:
        names = [d.short for d in rubric.dimensions]
        rows_word += " rated on " + (", ".join(names[:-1]) + " and " if len(names) > 1 else "") + names[-1]
    else:
        rows_word += " rated"
    balance = None
    if rubric.id == BALANCE_RUBRIC:
        balance = _balance(session, actions, buildings, building_actions or {})
    return Summary(
        title=rubric.title,
        short=rubric.short,
        source=source_text(rubric),
        district=info.district,
        school=info.school,
        team=info.team,
        held_on=info.held_on,
        facilitator=info.facilitator,
        code=info.code,
        rubric_id=rubric.id,
        participants=[p.name for p in session.participants],
        terms={
            "group": rubric.terms.group,
            "row": rubric.terms.row,
            "rows": plural(rubric.terms.row),
        },
        levels=[level.name for level in rubric.levels],
        rated=rated,
        progress=f"{card.rows_rated} of {card.rows_total} {rows_word}",
        means=_means(session, previous),
        groups=groups,
        flagged=[
            Flag(
                g.title,
                r.title,
                c.dimension_short,
                c.votes.spread_text + ("" if c.votes.revealed else f" ({NOT_REVEALED.lower()})"),
                c.votes.counts_text,
            )
            for g in groups
            for r in g.rows
            for c in r.cells
            if c.votes is not None and c.votes.discuss
        ],
        actions=[action_words(rubric, item) for item in actions],
        since=_since(session, previous) if previous is not None else None,
        reflections=[(r.prompt, r.answer) for (row, _), r in sorted(session.reflections.items()) if not row],
        chart=_chart_table(rubric, radar_data(rubric, ratings, earlier)),
        figure=radar(rubric, ratings, previous=earlier, targets=targets),
        balance=balance,
        overdue=[overdue_text(item) for item in overdue_items(actions, today, carried_on)] if today else [],
    )


def action_words(rubric: Rubric, item: ActionItem) -> dict[str, str]:
    """An action item in words; a district's item adopted from a school's plan says where it came from."""
    words = describe(rubric, item)
    if item.adopted is not None:
        words["what"] = f"{words['what']} ({item.adopted.text()})"
    return words


def overdue_text(item: ActionItem) -> str:
    """An overdue action in one line: what, whose, when it was due and how it stands."""
    owner = f" ({item.owner})" if item.owner else ""
    due = item.due.isoformat() if item.due else ""
    return f"{item.what}{owner}: due {due}, {item.status.label}"


def _balance(
    session: Session,
    actions: Sequence[ActionItem],
    buildings: Sequence[Session],
    plans: Mapping[str, Sequence[ActionItem]],
) -> BalanceSection:
    rubric = session.rubric
    if buildings:
        table = templates_side_by_side(session, buildings, {session.info.id: actions, **plans})
        return BalanceSection(
            "Building teams' templates, side by side",
            "Maintaining Balance, Activity 3: the district team reviews the building teams' templates "
            "before completing its own.",
            list(table.columns.values()),
            [list(line.values()) for line in table.lines],
            [f"{team}: {tally}" for team, tally in table.tallies.items()],
        )
    own = template(session, actions)
    whose = "Building" if session.info.school else "District"
    columns = [rubric.terms.row, *(own.lines[0].levels if own.lines else []), "Action items"]
    return BalanceSection(
        f"{whose} action-planning template",
        "Maintaining Balance, Activity 3: which functions are in place, and which need to be created "
        "or strengthened.",
        columns,
        [[line.function, *line.levels.values(), "\n".join(line.actions)] for line in own.lines],
        [own.tally_text()],
    )


def _cells(rubric: Rubric, row_id: str) -> list[tuple[str, Cell]]:
    cells = rubric.row(row_id).cells()
    return [(d, cells[d]) for d in rubric.dimension_ids() if d in cells]


def _cell(
    session: Session,
    row_id: str,
    dimension: str,
    cell: Cell,
    targets: TargetSet | None = None,
    rounds: Sequence[RoundVotes] = (),
) -> CellSummary:
    rubric = session.rubric
    wanted = row_targets(rubric, targets, dimension).get(row_id) if targets else None
    key = (row_id, dimension)
    entry = session.entry(row_id, dimension)
    rating = entry.rating
    level_id = rating.level if rating.status is Status.RATED else None
    described = ""
    if level_id is not None:
        level = rubric.level(level_id)
        described = cell.describe(level)
    criteria = ""
    if cell.criteria:
        held = [i for i in rating.ticked if 0 <= i < len(cell.criteria)]
        criteria = f"{len(held)} of {len(cell.criteria)} criteria hold:\n" + "\n".join(
            f"[{'holds' if i in held else 'not yet'}] {text}" for i, text in enumerate(cell.criteria)
        )
    return CellSummary(
        dimension_id=dimension,
        dimension=rubric.dimension(dimension).name if rubric.dimensions else "",
        dimension_short=rubric.dimension(dimension).short if rubric.dimensions else "",
        level_id=level_id,
        level=level_text(rubric, rating),
        position=rubric.position(level_id) if level_id else None,
        status=rating.status.value,
        level_text=described,
        statement=cell.text or "",
        criteria=criteria,
        evidence=entry.evidence,
        next_steps=entry.next_steps,
        votes=_votes(session, row_id, dimension),
        target=target_text(rubric, rating, wanted),
        comments=[
            c.signed + ("" if c.revealed else f" ({NOT_REVEALED.lower()})") for c in session.comments_on(*key)
        ],
        rounds=[_tally(rubric, r.levels, r.number) for r in rounds],
    )


def _votes(session: Session, row_id: str, dimension: str) -> Votes | None:
    cast = session.votes_on(row_id, dimension)
    if not cast:
        return None
    return _tally(session.rubric, [v.level for v in cast], revealed=all(v.revealed for v in cast))


def _tally(
    rubric: Rubric, levels: Sequence[str | None], round_number: int | None = None, *, revealed: bool = True
) -> Votes:
    found = consensus(rubric.level_ids(), levels)
    names = {level.id: level.name for level in rubric.levels}
    if found.median is None:
        said = "no level chosen (everyone abstained)"
    else:
        modes = " and ".join(names[m] for m in found.modes)
        share = f"{found.mode_share:.0%}" if found.mode_share is not None else ""
        said = f"median {found.median_words(names.__getitem__)}; most votes: {modes} ({share})"
    return Votes(
        counts=[(names[level], n) for level, n in found.counts.items()],
        votes=found.votes,
        abstentions=found.abstentions,
        consensus=said,
        median=found.median_words(names.__getitem__),
        spread=found.spread,
        discuss=found.discuss,
        revealed=revealed,
        round=round_number,
    )


def _means(session: Session, previous: Session | None) -> list[Mean]:
    rubric = session.rubric
    found = mean_levels(rubric, session.ratings(), previous.ratings() if previous else None)
    means = []
    for m in found:
        name = m.dimension if rubric.dimensions else f"All {plural(rubric.terms.row.lower())}"
        if m.mean is None:
            means.append(Mean(name, "not rated yet", "", ""))
            continue
        change = "" if m.change is None else f"{m.change:+.1f}"
        value = f"{m.mean:.1f} of {len(rubric.levels)}"
        means.append(Mean(name, value, level_between(rubric, m.mean), change))
    return means


def _since(session: Session, previous: Session) -> SinceLast:
    rubric = session.rubric
    before = comparable(rubric, previous.ratings())
    found = compare(rubric, before, session.ratings())
    names = {level.id: level.name for level in rubric.levels}
    moves = [
        Move(
            row=rubric.row(r.row_id).title,
            dimension=rubric.dimension(r.dimension).short if rubric.dimensions else "",
            before=names[r.before] if r.before else NOT_RATED,
            after=names[r.after] if r.after else NOT_RATED,
            change="" if r.change is None else f"{r.change:+d}",
        )
        for r in found.rows
        if r.before != r.after
    ]
    return SinceLast(previous.info.held_on, previous.info.code, _means(session, previous), moves)


def _chart_table(rubric: Rubric, data: RadarData) -> ChartTable:
    """Each axis with its level (or mean level) per trace, the previous session's beside it."""
    top = len(rubric.levels)

    def shown(value: float | None) -> str:
        if value is None:
            return NOT_RATED
        if data.by == "row":
            return rubric.level_at(int(value)).name
        return f"{value:.1f} of {top} ({level_between(rubric, value)})"

    axis_word = rubric.terms.row if data.by == "row" else rubric.terms.group
    columns = [axis_word, *data.series, *(f"{name}, previous session" for name in data.previous)]
    lines = []
    for i, axis in enumerate(data.axes):
        values = [shown(points[i]) for points in data.series.values()]
        values += [shown(points[i]) for points in data.previous.values()]
        lines.append([axis, *values])
    return ChartTable(columns, lines)
