"""A district's own continuum: check an uploaded rubric file and add it to the library.

The file is saved as ``<rubric id>.yaml`` in the district folder (the first folder named by
``SIPR_RUBRICS``, else the built-in ``rubrics/``). The uploaded file name is never used for
the path; the id is safe as a file name because the schema allows only letters, digits,
".", "-" and "_", starting with a letter or digit.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path, PurePath

from .errors import Problem, RubricError
from .loader import (
    BUILTIN_RUBRICS,
    MAX_FILE_BYTES,
    RUBRICS_ENV,
    Library,
    display_name,
    load_library,
    parse_rubric,
    rubric_folders,
)
from .rubric import Rubric

__all__ = [
    "EXAMPLE",
    "UPLOADS_ENV",
    "check_upload",
    "district_folder",
    "read_upload",
    "save_rubric",
    "uploads_refused",
]

UPLOADS_ENV = "SIPR_RUBRIC_UPLOADS"
"""Who may add a continuum to the shared library: ``facilitators`` (the default: a browser holding the
facilitator key of a session here), ``anyone``, or ``off``."""


def uploads_refused(setting: str | None, holds_a_session_key: bool) -> str | None:
    """Why this browser may not add a continuum to the library (``None`` when it may): the library is
    shared by every team on the server, so a stranger must not put a continuum in it."""
    chosen = (setting or "facilitators").strip().lower()
    if chosen == "anyone":
        return None
    if chosen == "off":
        return "Adding continua is switched off on this server: ask whoever runs the app to add yours."
    if holds_a_session_key:
        return None
    return (
        "Only a facilitator can add a continuum to the library every team here shares: open one of your "
        "sessions in this browser (or enter your facilitator key on the Start page) and come back. Anyone "
        "may check a file here."
    )


EXAMPLE = """\
format: 1
id: family-engagement            # letters, digits, ".", "-" or "_"; must be new in the library
title: Family Engagement Continuum
description: How our schools work with families.
source:
  document: Riverside District Family Engagement Plan
  edition: "2026"
terms: {group: Strand, row: Practice}   # the words the app uses
levels:                          # lowest first
  - {id: emerging, name: Emerging}
  - {id: established, name: Established}
  - {id: leading, name: Leading}
groups:
  - id: communication
    title: Two-way communication
    rows:
      - id: c1
        title: Families hear from the school
        label: Hearing from school   # short label for the charts (optional)
        descriptors:                 # one text for every level
          emerging: Newsletters go home sometimes.
          established: Families get regular news in their language.
          leading: Families shape what the school shares and how.
"""
"""A small valid continuum to start a district's own file from (the README's example)."""


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def district_folder() -> Path:
    """Where a district's continua are saved: the first ``SIPR_RUBRICS`` folder, else ``rubrics/``."""
    extra = [p for p in os.environ.get(RUBRICS_ENV, "").split(os.pathsep) if p.strip()]
    return Path(extra[0]) if extra else BUILTIN_RUBRICS


def _shown(name: str) -> str:
    # An uploaded name is only ever shown, never used as a path: keep its last part.
    return PurePath(name.replace("\\", "/")).name or "uploaded file"


def read_upload(data: bytes | str, name: str) -> str:
    """The text of an uploaded file; ``RubricError`` when it is too large or not UTF-8."""
    if isinstance(data, str):
        text = data
    else:
        if len(data) > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1_000_000
            raise RubricError([Problem(_shown(name), None, "", f"file is larger than {limit} MB")])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RubricError(
                [
                    Problem(
                        _shown(name), None, "", "not UTF-8 text: save the file as UTF-8 and upload it again"
                    )
                ]
            ) from None
    return text


def check_upload(data: bytes | str, name: str, library: Library, folder: Path | None = None) -> Rubric:
    """Validate an uploaded rubric and check it is new to the library; ``RubricError`` lists why not."""
    shown = _shown(name)
    rubric = parse_rubric(read_upload(data, name), shown)
    problems = []
    if rubric.id in library.rubrics:
        other = library.files.get(rubric.id, "another file")
        problems.append(
            Problem(
                shown,
                None,
                "id",
                f'rubric id "{rubric.id}" is already used by {other}: give your continuum another id',
            )
        )
    same_title = next(
        (r for r in library.rubrics.values() if _title_key(r.title) == _title_key(rubric.title)), None
    )
    if same_title is not None:
        problems.append(
            Problem(
                shown,
                None,
                "title",
                f'a continuum titled "{same_title.title}" is already in the library '
                f"({library.files.get(same_title.id, same_title.id)}): give yours a title of its own, "
                "so teams can tell them apart on the Start page",
            )
        )
    if problems:
        raise RubricError(problems)
    target = _target(rubric, folder if folder is not None else district_folder())
    if target.exists():
        raise RubricError(
            [
                Problem(
                    shown,
                    None,
                    "id",
                    f"a file named {target.name} is already in {display_name(target.parent)}: "
                    "give your continuum another id",
                )
            ]
        )
    return rubric


def save_rubric(
    data: bytes | str, name: str, folder: Path | None = None, library: Library | None = None
) -> Path:
    """Check an uploaded rubric again and write it, atomically, as ``<id>.yaml`` in the district folder.

    ``library`` defaults to a fresh load of every rubrics folder (and ``folder``), so an id
    saved a moment ago by someone else is refused too. Raises ``RubricError``.
    """
    folder = folder if folder is not None else district_folder()
    if library is None:
        folders = rubric_folders()
        if folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
        library = load_library([f for f in folders if f.is_dir()])
    rubric = check_upload(data, name, library, folder)
    target = _target(rubric, folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(target, read_upload(data, name).encode("utf-8"))
    except OSError as error:
        raise RubricError(
            [
                Problem(
                    display_name(folder),
                    None,
                    "",
                    f"cannot save the continuum here ({error.strerror or error}): ask whoever runs this "
                    f"app to set {RUBRICS_ENV} to a folder the app may write to",
                )
            ]
        ) from None
    return target


def _target(rubric: Rubric, folder: Path) -> Path:
    target = folder / f"{rubric.id}.yaml"
    # The id pattern already forbids "/", "\\" and a leading "."; this guards the guarantee.
    if target.parent != folder or PurePath(rubric.id).name != rubric.id or rubric.id in (".", ".."):
        raise RubricError([Problem(rubric.id, None, "id", "not usable as a file name")])
    return target


def _write_atomically(target: Path, content: bytes) -> None:
    # The temporary name does not end in .yaml, so the library never loads a half-written file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
