"""What every summary shows, whatever its format: a pure function of the session.

The PDF, HTML, Excel and CSV writers only lay this out; none of them computes anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ..actions import ActionItem
from ..balance import BALANCE_RUBRIC
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
from .summary_actions import action_words, balance_section, overdue_text
from .summary_model import (
    NOT_REVEALED,
    CellSummary,
    ChartTable,
    Flag,
    GroupSummary,
    Mean,
    Move,
    RowSummary,
    SinceLast,
    Summary,
    Votes,
)


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
        balance = balance_section(session, actions, buildings, building_actions or {})
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
