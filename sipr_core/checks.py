"""Cross-reference checks of a rubric that the types alone cannot express.

Each check yields ``(path, message)``; the loader adds the file and line.
A path is a tuple of keys and list indexes, as in pydantic's ``loc``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import BaseModel

from .rubric import DEFAULT_DIMENSION, Cell, Group, Row, Rubric

Path = tuple[str | int, ...]
Finding = tuple[Path, str]

MAX_ROWS = 200
"""More rows than a team rates in its meetings (the longest built-in continuum has 28)."""


def check_rubric(rubric: Rubric) -> list[Finding]:
    """Every cross-reference problem of a structurally valid rubric."""
    findings: list[Finding] = []
    for check in (_size, _unique_ids, _levels, _rows, _added_fields, _activities):
        findings.extend(check(rubric))
    return findings


def _size(rubric: Rubric) -> Iterator[Finding]:
    count = rubric.row_count()
    if count > MAX_ROWS:
        yield ("groups",), f"{count:,} rows, more than the {MAX_ROWS} a continuum may have: split it up"


def _names(items: Sequence[str]) -> str:
    return ", ".join(items) if items else "none"


def _duplicates(items: Sequence[tuple[Path, str]], what: str) -> Iterator[Finding]:
    seen: dict[str, Path] = {}
    for path, value in items:
        if value in seen:
            yield path, f'duplicate {what} id "{value}" (also at {format_path(seen[value])})'
        else:
            seen[value] = path


def _unique_ids(rubric: Rubric) -> Iterator[Finding]:
    floor = [(("floor", "id"), rubric.floor.id)] if rubric.floor is not None else []
    levels = [(("levels", i, "id"), lv.id) for i, lv in enumerate(rubric.levels)]
    yield from _duplicates([*floor, *levels], "level")
    yield from _duplicates(
        [(("dimensions", i, "id"), d.id) for i, d in enumerate(rubric.dimensions)], "dimension"
    )
    yield from _duplicates([(("groups", i, "id"), g.id) for i, g in enumerate(rubric.groups)], "group")
    rows = [(("groups", gi, "rows", ri, "id"), row.id) for gi, ri, row in _indexed_rows(rubric)]
    yield from _duplicates(rows, "row")
    subgroups = [
        (("groups", gi, "subgroups", si, "id"), s.id)
        for gi, g in enumerate(rubric.groups)
        for si, s in enumerate(g.subgroups)
    ]
    yield from _duplicates(subgroups, "subgroup")
    readings = [(("readings", i, "id"), r.id) for i, r in enumerate(rubric.readings)]
    yield from _duplicates([(("id",), rubric.id), *readings], "continuum or reading")


def _indexed_rows(rubric: Rubric) -> Iterator[tuple[int, int, Row]]:
    for gi, group in enumerate(rubric.groups):
        for ri, row in enumerate(group.rows):
            yield gi, ri, row


def _levels(rubric: Rubric) -> Iterator[Finding]:
    if not rubric.suggests_levels():
        return
    top = len(rubric.levels) - 1
    if rubric.levels[top].min_share != 1.0:
        yield (
            ("levels", top, "min_share"),
            "levels suggest themselves from ticked criteria, so the top level must mean every "
            "criterion holds: set min_share: 1.0",
        )
    previous = 0.0
    for i, level in enumerate(rubric.levels[1:], start=1):
        if level.min_share is None and level.min_count is None:
            yield (
                ("levels", i),
                f'level "{level.name}" needs min_count or min_share, like the other levels',
            )
            continue
        share = level.min_share or 0.0
        if share < previous:
            yield ("levels", i, "min_share"), "min_share must not go down from one level to the next"
        previous = share


def _rows(rubric: Rubric) -> Iterator[Finding]:
    for gi, ri, row in _indexed_rows(rubric):
        path: Path = ("groups", gi, "rows", ri)
        yield from _row_shape(rubric, row, path)
        yield from _subgroup(rubric.groups[gi], row, path)
        if rubric.dimensions and row.dimensions is not None:
            for key, cell in row.dimensions.items():
                yield from _cell(rubric, cell, (*path, "dimensions", key))
        elif not rubric.dimensions and row.dimensions is None:
            yield from _cell(rubric, row.cells()[DEFAULT_DIMENSION], path)


def _row_shape(rubric: Rubric, row: Row, path: Path) -> Iterator[Finding]:
    declared = [d.id for d in rubric.dimensions]
    if not declared:
        if row.dimensions is not None:
            yield (
                (*path, "dimensions"),
                "this rubric declares no dimensions: add a top-level dimensions list or put "
                "descriptors, criteria or text directly on the row",
            )
        return
    shorthand = [key for key in ("text", "descriptors", "criteria") if getattr(row, key) is not None]
    for key in shorthand:
        yield (
            (*path, key),
            f"this rubric rates every row on dimensions ({_names(declared)}): put the {key} under dimensions",
        )
    if row.dimensions is None:
        if not shorthand:
            yield path, f"missing dimensions: give one cell for each of {_names(declared)}"
        return
    for key in row.dimensions:
        if key not in declared:
            yield (*path, "dimensions", key), f'unknown dimension "{key}" (dimensions: {_names(declared)})'
    for dimension in rubric.dimensions:
        if dimension.id not in row.dimensions:
            yield (*path, "dimensions"), f'no cell for dimension "{dimension.name}" ({dimension.id})'


def _subgroup(group: Group, row: Row, path: Path) -> Iterator[Finding]:
    known = [s.id for s in group.subgroups]
    if row.subgroup is not None and row.subgroup not in known:
        yield (*path, "subgroup"), f'unknown subgroup "{row.subgroup}" (this group has: {_names(known)})'


def _cell(rubric: Rubric, cell: Cell, path: Path) -> Iterator[Finding]:
    if cell.text is None and cell.descriptors is None and cell.criteria is None:
        yield path, "nothing to rate: give descriptors (one text per level), criteria or text"
        return
    if cell.criteria is not None and not cell.criteria:
        yield (*path, "criteria"), "empty list: give at least one criterion or remove the key"
    if cell.descriptors is None:
        return
    levels = rubric.level_ids()
    for key in cell.descriptors:
        if key not in levels:
            yield (*path, "descriptors", key), f'unknown level "{key}" (levels: {_names(levels)})'
    for level in rubric.levels:
        if level.id not in cell.descriptors:
            yield (*path, "descriptors"), f'no text for level "{level.name}"'


def _added_fields(rubric: Rubric) -> Iterator[Finding]:
    objects: list[tuple[Path, BaseModel, list[str]]] = [((), rubric, rubric.added)]
    objects += [(("levels", i), lv, lv.added) for i, lv in enumerate(rubric.levels)]
    objects += [(("floor",), rubric.floor, rubric.floor.added)] if rubric.floor is not None else []
    objects += [(("dimensions", i), d, d.added) for i, d in enumerate(rubric.dimensions)]
    objects += [(("groups", i), g, g.added) for i, g in enumerate(rubric.groups)]
    objects += [(("groups", gi, "rows", ri), r, r.added) for gi, ri, r in _indexed_rows(rubric)]
    for path, obj, added in objects:
        given = [f for f in type(obj).model_fields if f in obj.model_fields_set and f != "added"]
        for i, name in enumerate(added):
            if name not in given or getattr(obj, name) in (None, [], {}):
                fields = [f for f in given if getattr(obj, f) not in (None, [], {})]
                yield (
                    (*path, "added", i),
                    f'"{name}" is not a field given here (fields: {_names(fields)})',
                )


def _activities(rubric: Rubric) -> Iterator[Finding]:
    for i, activity in enumerate(rubric.activities):
        if activity.minutes and activity.minutes[0] > activity.minutes[1]:
            low, high = activity.minutes
            yield (
                ("activities", i, "minutes"),
                f"from {low} to {high} minutes: the first must not exceed the second",
            )


def format_path(path: Path) -> str:
    """('groups', 0, 'rows', 3, 'id') -> 'groups[0].rows[3].id'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
