"""The typed model of a rubric (a continuum): levels, groups, rows, dimensions.

Every instrument in ``rubrics/`` is one ``Rubric``. Structure and types are
checked by pydantic; the cross-references (a descriptor for every level,
unique ids, known dimensions) are checked in ``sipr_core.checks``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

DEFAULT_DIMENSION = "rating"
"""The dimension id of a row that is rated once (no Implementation/Scale split)."""


def _id_from_number(value: object) -> object:
    # YAML reads `id: 1` as an int; ids are names, so accept numbers as text.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[
    str,
    BeforeValidator(_id_from_number),
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Model):
    """Where the text comes from: the public document, its part and edition."""

    document: Text
    part: Text | None = None
    edition: Text | None = None
    publisher: Text | None = None
    seed_file: Text | None = None


class Terms(Model):
    """The words this instrument uses for its parts, shown in the app."""

    group: Text = "Group"
    row: Text = "Row"
    subgroup: Text = "Practice"


class Level(Model):
    id: Id
    name: Text
    label: Text | None = None
    meaning: Text | None = None
    min_share: float | None = Field(default=None, ge=0, le=1)
    min_count: int | None = Field(default=None, ge=0)
    added: list[Text] = []

    @property
    def short(self) -> str:
        return self.label or self.name


class Dimension(Model):
    id: Id
    name: Text
    label: Text | None = None
    description: Text | None = None
    added: list[Text] = []

    @property
    def short(self) -> str:
        return self.label or self.name


class Cell(Model):
    """What is rated for one row on one dimension."""

    text: Text | None = None
    descriptors: dict[Id, Text] | None = None
    criteria: list[Text] | None = None
    notes: list[Text] = []

    def describe(self, level: Level) -> str:
        """What this level says for this cell: its own descriptor, else the level's general meaning."""
        return (self.descriptors or {}).get(level.id) or level.meaning or ""


class Row(Model):
    id: Id
    title: Text
    label: Text | None = None
    subgroup: Id | None = None
    text: Text | None = None
    descriptors: dict[Id, Text] | None = None
    criteria: list[Text] | None = None
    dimensions: dict[Id, Cell] | None = None
    notes: list[Text] = []
    added: list[Text] = []

    @property
    def short(self) -> str:
        return self.label or self.title

    def cells(self) -> dict[str, Cell]:
        """The row's cells by dimension id; a row without dimensions has one."""
        if self.dimensions is not None:
            return dict(self.dimensions)
        return {DEFAULT_DIMENSION: Cell(text=self.text, descriptors=self.descriptors, criteria=self.criteria)}


class Subgroup(Model):
    id: Id
    title: Text


class Group(Model):
    id: Id
    title: Text
    label: Text | None = None
    description: Text | None = None
    subgroups: list[Subgroup] = []
    rows: list[Row] = Field(min_length=1)
    notes: list[Text] = []
    added: list[Text] = []

    @property
    def short(self) -> str:
        return self.label or self.title


class Activity(Model):
    """A facilitation activity of the source document that uses this rubric."""

    id: Id
    title: Text
    duration: Text | None = None
    minutes: tuple[int, int] | None = None
    introduction: Text | None = None
    steps: list[Text] = []
    prompts: list[Text] = []


class GuideSection(Model):
    """A part of the source's guidance for facilitators (the toolkit's Facilitator Readiness): read before
    a meeting, never rated."""

    title: Text
    paragraphs: list[Text] = []
    items: list[Text] = []


class Reading(Model):
    """A text of the source that a meeting reads and discusses and nobody rates (the toolkit's Handout 1: its
    introduction and learner outcomes), printed as a handout of its own under its own ``id``."""

    id: Id
    name: Text
    """What the source calls it ("Handout 1"); the handout's kicker."""
    part: Text | None = None
    """Where in the source document it stands (the ``source.part`` of a reading)."""
    sections: list[GuideSection] = Field(min_length=1)
    notes: list[Text] = []

    def texts(self) -> list[str]:
        """Every word of it, in order: each section's title, paragraphs and items."""
        return [t for section in self.sections for t in (section.title, *section.paragraphs, *section.items)]


class Rubric(Model):
    format: Literal[1]
    id: Id
    title: Text
    label: Text | None = None
    description: Text | None = None
    source: Source
    terms: Terms = Terms()
    levels: list[Level] = Field(min_length=2)
    floor: Level | None = None
    """A rating below the first level (ours, never the source's): a row the team discussed and found
    short of it, at position 0, distinct from a row nobody rated. Not one of ``levels``: it has no
    descriptors and is not a step of the scale's rings."""
    dimensions: list[Dimension] = []
    groups: list[Group] = Field(min_length=1)
    activities: list[Activity] = []
    guide: list[GuideSection] = []
    readings: list[Reading] = []
    notes: list[Text] = []
    added: list[Text] = []

    @property
    def short(self) -> str:
        return self.label or self.title

    def rows(self) -> Iterator[tuple[Group, Row]]:
        """Every row with its group, in the order of the source."""
        for group in self.groups:
            for row in group.rows:
                yield group, row

    def row(self, row_id: str) -> Row:
        for _, row in self.rows():
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    def dimension_ids(self) -> list[str]:
        return [d.id for d in self.dimensions] or [DEFAULT_DIMENSION]

    def dimension(self, dimension_id: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        if dimension_id == DEFAULT_DIMENSION:
            return Dimension(id=DEFAULT_DIMENSION, name="Rating")
        raise KeyError(dimension_id)

    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]

    def scale(self) -> list[Level]:
        """What a team may rate: the floor (when the rubric has one), then its levels, lowest first."""
        return [self.floor, *self.levels] if self.floor is not None else list(self.levels)

    def scale_ids(self) -> list[str]:
        return [level.id for level in self.scale()]

    def level(self, level_id: str) -> Level:
        for level in self.scale():
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def lowest(self) -> int:
        """The position of the bottom of the scale: 0 with a floor, else 1."""
        return 0 if self.floor is not None else 1

    def level_at(self, position: int) -> Level:
        """The level (or floor) at this position of the scale."""
        return self.scale()[position - self.lowest()]

    def position(self, level_id: str) -> int:
        """The 1-based place of a level on the scale (1 is the lowest); the floor's is 0."""
        if self.floor is not None and level_id == self.floor.id:
            return 0
        return self.level_ids().index(level_id) + 1

    def suggests_levels(self) -> bool:
        """True when the levels carry thresholds, so ticked criteria suggest a level."""
        return any(level.min_share is not None or level.min_count is not None for level in self.levels)

    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    def fingerprint(self) -> str:
        """A hash of the whole rubric text; a session keeps it to notice later edits.

        A field added to the model later is left out while empty, so the texts of sessions and session
        files made before it keep their fingerprint.
        """
        empty = {name for name in ("guide", "floor", "readings") if not getattr(self, name)}
        text = self.model_dump(mode="json", exclude=empty or None)
        canonical = json.dumps(text, sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
