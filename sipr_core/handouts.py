"""The ``handout`` command: a continuum's handout to print, or every continuum's, written to PDF files.

It reads the rubric library as the app does (the built-in ``rubrics/`` and the folders named by
``SIPR_RUBRICS``). Messages are plain; the exit code is 0 when every file was written, 1 otherwise.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UnknownRubric
from .exports.handout import handout_file_name, handout_pdf
from .loader import Library, load_library
from .reporting import fail, save, say
from .rubric import Rubric


def find_rubric(library: Library, rubric_id: str) -> Rubric:
    """The library's continuum of this id; ``UnknownRubric`` naming the ids there are otherwise."""
    if rubric_id not in library.rubrics:
        raise UnknownRubric(rubric_id, sorted(library.rubrics))
    return library.rubrics[rubric_id]


def run_handout(rubric_id: str | None, every: bool, output: str) -> int:
    """Write the handout(s); return the exit code."""
    if not every and not rubric_id:
        return fail("name a continuum by its id, or every continuum with --all.")
    if every and rubric_id:
        return fail("give either a continuum's id or --all, not both.")
    library = load_library()
    target = Path(output)
    if not every:
        assert rubric_id is not None
        try:
            rubric = find_rubric(library, rubric_id)
        except UnknownRubric as error:
            return fail(str(error))
        return 0 if _write(rubric, target / handout_file_name(rubric) if target.is_dir() else target) else 1
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return fail(f"Cannot create the folder {target}: {error.strerror or error}.")
    rubrics = list(library.rubrics.values())
    written = sum(_write(rubric, target / handout_file_name(rubric)) for rubric in rubrics)
    say(f"Wrote {written} of {len(rubrics)} files into {target}.")
    for problem in library.problems:
        fail(f"not written, its file has a problem: {problem}")
    return 0 if written == len(rubrics) and not library.problems else 1


def _write(rubric: Rubric, target: Path) -> bool:
    return save(target, handout_pdf(rubric))
