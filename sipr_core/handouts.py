"""The ``handout`` command: a continuum's handout to print, a reading's (the toolkit's Handout 1), or
every one of them, written to PDF files.

It reads the rubric library as the app does (the built-in ``rubrics/`` and the folders named by
``SIPR_RUBRICS``). Messages are plain; the exit code is 0 when every file was written, 1 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import UnknownRubric
from .exports.handout import handout_file_name, handout_pdf
from .exports.reading import reading_file_name, reading_pdf
from .loader import Library, load_library
from .reporting import fail, save, say
from .rubric import Reading, Rubric

Printable = tuple[str, Callable[[], bytes]]
"""A handout to write: its file name, and how to make its PDF."""


def readings(library: Library) -> dict[str, tuple[Rubric, Reading]]:
    """Every reading of the library's continua by its id, with the continuum whose file holds it (the
    first such file, in the library's order, when two files name the same id)."""
    found: dict[str, tuple[Rubric, Reading]] = {}
    for rubric in library.rubrics.values():
        for reading in rubric.readings:
            found.setdefault(reading.id, (rubric, reading))
    return found


def find_rubric(library: Library, rubric_id: str) -> Rubric:
    """The library's continuum of this id; ``UnknownRubric`` naming the ids there are otherwise."""
    if rubric_id not in library.rubrics:
        raise UnknownRubric(rubric_id, sorted(library.rubrics))
    return library.rubrics[rubric_id]


def find_handout(library: Library, handout_id: str) -> Printable:
    """The handout of the continuum or the reading of this id; ``UnknownRubric`` naming both lists."""
    if handout_id in library.rubrics:
        return _of_rubric(library.rubrics[handout_id])
    known = readings(library)
    if handout_id not in known:
        raise UnknownRubric(handout_id, sorted(library.rubrics), sorted(known))
    return _of_reading(*known[handout_id])


def every_handout(library: Library) -> list[Printable]:
    """Each continuum's handout, then each reading's."""
    own = [_of_rubric(rubric) for rubric in library.rubrics.values()]
    return own + [_of_reading(rubric, reading) for rubric, reading in readings(library).values()]


def _of_rubric(rubric: Rubric) -> Printable:
    return handout_file_name(rubric), lambda: handout_pdf(rubric)


def _of_reading(rubric: Rubric, reading: Reading) -> Printable:
    return reading_file_name(reading), lambda: reading_pdf(rubric, reading)


def run_handout(handout_id: str | None, every: bool, output: str) -> int:
    """Write the handout(s); return the exit code."""
    if not every and not handout_id:
        return fail("name a continuum or a reading by its id, or every one with --all.")
    if every and handout_id:
        return fail("give either an id or --all, not both.")
    library = load_library()
    target = Path(output)
    if not every:
        assert handout_id is not None
        try:
            name, make = find_handout(library, handout_id)
        except UnknownRubric as error:
            return fail(str(error))
        return 0 if save(target / name if target.is_dir() else target, make()) else 1
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return fail(f"Cannot create the folder {target}: {error.strerror or error}.")
    handouts = every_handout(library)
    written = sum(save(target / name, make()) for name, make in handouts)
    say(f"Wrote {written} of {len(handouts)} files into {target}.")
    for problem in library.problems:
        fail(f"not written, its file has a problem: {problem}")
    return 0 if written == len(handouts) and not library.problems else 1
