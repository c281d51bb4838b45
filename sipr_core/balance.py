"""The toolkit's Maintaining Balance action-planning templates (Section 3, Activity 3).

Building teams record which functions are in place and which need to be created or strengthened,
with what they will do about each; the district team reviews the building teams' templates together
before completing its own. Pure: sessions and action items in, tables out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .actions import ActionItem
from .history_words import short
from .rubric import Rubric
from .session import Session
from .tables import NOT_RATED, level_text

BALANCE_RUBRIC = "micip-maintaining-balance"
"""The continuum whose sessions get the building and district templates."""


@dataclass(frozen=True)
class TemplateLine:
    """One function of a team's template: its level on each column of the table, and the actions."""

    row_id: str
    function: str
    levels: dict[str, str]
    actions: list[str]
    evidence: dict[str, str] = field(default_factory=dict)
    """The evidence the team wrote for the function, by column (columns without any left out)."""


@dataclass(frozen=True)
class Template:
    """A team's action-planning template: a line per function, and how many functions stand at each level
    on the team's own column (building teams: Building Team Functions; the district: District Team Functions).
    """

    title: str
    column: str
    lines: list[TemplateLine]
    tally: dict[str, int]

    def tally_text(self) -> str:
        """'Building team: 2 In place · 1 Needs strengthening · 3 Not rated' (levels that occur)."""
        counted = " · ".join(f"{count} {name}" for name, count in self.tally.items() if count)
        return f"{self.column}: {counted}" if self.column else counted


def team_title(session: Session) -> str:
    """'Lincoln Elementary · Building CI team, 14 Oct 2026' (the district's name for a district team)."""
    info = session.info
    return f"{info.school or info.district} · {info.team}, {info.held_on:%d %b %Y}"


def team_heading(session: Session) -> str:
    """A short column heading: the school, or "District team" for a district team's session."""
    return session.info.school or "District team"


def own_dimension(session: Session) -> str:
    """The column of the table a team fills in for itself: building teams the building column."""
    ids = session.rubric.dimension_ids()
    wanted = "building" if session.info.school else "district"
    return wanted if wanted in ids else ids[0]


def _dimension_name(rubric: Rubric, dimension: str) -> str:
    return rubric.dimension(dimension).short if rubric.dimensions else "Level"


def template(session: Session, items: Sequence[ActionItem] = ()) -> Template:
    """The team's template: each function's level on each column, and the action items about it."""
    rubric = session.rubric
    own = own_dimension(session)
    counts: Counter[str] = Counter()
    lines: list[TemplateLine] = []
    for _, row in rubric.rows():
        levels: dict[str, str] = {}
        evidence: dict[str, str] = {}
        for dimension in rubric.dimension_ids():
            entry = session.entries.get((row.id, dimension))
            text = level_text(rubric, entry.rating if entry else None)
            levels[_dimension_name(rubric, dimension)] = text
            if entry is not None and entry.evidence.strip():
                evidence[_dimension_name(rubric, dimension)] = entry.evidence.strip()
            if dimension == own:
                counts[text] += 1
        actions = [_action_text(item) for item in items if row.id in item.row_ids]
        lines.append(TemplateLine(row.id, row.title, levels, actions, evidence))
    order = [*reversed([level.name for level in rubric.levels]), NOT_RATED]
    tally = {name: counts[name] for name in order}
    tally.update({name: n for name, n in counts.items() if name not in tally})
    column = _dimension_name(rubric, own) if rubric.dimensions else ""
    return Template(team_title(session), column, lines, tally)


def _cell(mine: TemplateLine | None) -> str:
    """A team's function in one cell: its levels, then its actions and its evidence, a line each."""
    if mine is None:
        return ""
    rated = [f"{name}: {level}" for name, level in mine.levels.items() if level != NOT_RATED]
    parts = [" · ".join(rated) or NOT_RATED]
    parts += [f"Action: {action}" for action in mine.actions]
    parts += [f"Evidence ({name}): {short(text, EVIDENCE_SHOWN)}" for name, text in mine.evidence.items()]
    return "\n".join(parts)


def _action_text(item: ActionItem) -> str:
    details = [d for d in (item.owner, item.due.isoformat() if item.due else "", item.status.label) if d]
    return f"{item.what or '(not written yet)'} ({', '.join(details)})"


@dataclass(frozen=True)
class SideBySide:
    """Functions down the side, one column per team: the district team first, then each building team."""

    columns: dict[str, str]
    lines: list[dict[str, str]]
    tallies: dict[str, str]


EVIDENCE_SHOWN = 300
"""Characters of a team's evidence in a side-by-side cell (its own template and summary have all of it)."""


def templates_side_by_side(
    district: Session, buildings: Sequence[Session], plans: Mapping[str, Sequence[ActionItem]] | None = None
) -> SideBySide:
    """The district team's template beside its building teams' templates, function by function.

    Each cell gives the function's level on the columns of the table the team rated
    ("Building team: In place"), or "Not rated"; then the team's action items about the function (from
    ``plans``, by session id) and its evidence, a line each. Building sessions rated against another
    edition of the continuum show only the rows it shares.
    """
    rubric = district.rubric
    teams = [district, *buildings]
    columns = {"function": rubric.terms.row}
    columns.update({f"team:{i}": team_heading(s) for i, s in enumerate(teams)})
    templates = [template(s, (plans or {}).get(s.info.id, ())) for s in teams]
    lines: list[dict[str, str]] = []
    for _, row in rubric.rows():
        line = {"function": row.title}
        for i, found in enumerate(templates):
            mine = next((t for t in found.lines if t.row_id == row.id), None)
            line[f"team:{i}"] = _cell(mine)
        lines.append(line)
    tallies = {team_title(s): t.tally_text() for s, t in zip(teams, templates, strict=True)}
    return SideBySide(columns, lines, tallies)
