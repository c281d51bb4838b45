"""Reading a session file: parsed, checked and brought up to the current version, or refused whole.

Older files still read: a version 1 file as a session without rounds, a version 1 or 2 file as a
session without linked building sessions, a file before version 4 as one without targets, reviews or
comments, whose first votes are read again as first choices (see ``_from_version_3``).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..checks import format_path
from ..errors import ExportError
from ..movement import first_choice
from .checks import MAX_SHOWN, content_problems, inconsistency
from .records import FORMAT, READS, VERSION, SessionExport, SessionExportV1, SessionExportV2, SessionExportV3

M = TypeVar("M", bound=BaseModel)


def read_export(text: str | bytes) -> SessionExport:
    """Parse and check a session file; ``ExportError`` says what is wrong with it."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise ExportError("This file is not text (UTF-8 JSON). Nothing was imported.") from None
    except json.JSONDecodeError as error:
        problem = error.msg.removesuffix(" at")  # "Unterminated string starting at" + " at line 3"
        raise ExportError(
            f"This file is damaged or is not a session export: {problem} at line {error.lineno}, "
            f"column {error.colno}. Nothing was imported."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(
            f'This file is not a session export from this app (it lacks "format": "{FORMAT}"). '
            "Nothing was imported."
        )
    version = data.get("version")
    if type(version) is not int or version not in READS:
        if type(version) is int and version > VERSION:
            raise ExportError(
                f"This session file is version {version}, newer than this app reads (version {VERSION}). "
                "Update the app, then import the file again. Nothing was imported."
            )
        raise ExportError(f"This session file has an unknown version ({version!r}). Nothing was imported.")
    if version == 1:
        _validate(SessionExportV1, data)
        data = _from_version_1(data)
    if version in (1, 2):
        _validate(SessionExportV2, data)
        data = _from_version_2(data)
    if version in (1, 2, 3):
        _validate(SessionExportV3, data)
        data = _from_version_3(data)
    export = _validate(SessionExport, data)
    if export.rubric.fingerprint() != export.session.fingerprint:
        raise ExportError(
            "This session file is damaged: its continuum text does not match its fingerprint. "
            "Nothing was imported."
        )
    refused = content_problems(export)
    if refused:
        more = len(refused) - MAX_SHOWN
        listed = "; ".join(p.rstrip(".") for p in refused[:MAX_SHOWN]) + (
            f"; and {more} more" if more > 0 else ""
        )
        raise ExportError(f"This session file cannot be imported: {listed}. Nothing was imported.")
    wrong = inconsistency(export)
    if wrong:
        raise ExportError(f"This session file is damaged: {wrong}. Nothing was imported.")
    return export


def _validate(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = format_path(tuple(first["loc"]))
        raise ExportError(
            f"This session file is damaged: {where}: {first['msg']}. Nothing was imported."
        ) from None


def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """A checked version 1 file as version 2: no rounds or groups, no first levels, nobody left."""
    return {
        **data,
        "version": 2,
        "votes": [{**v, "first_level": None, "round_number": None} for v in data["votes"]],
        "participants": [{**p, "left_at": None} for p in data["participants"]],
        "voting_rounds": [],
        "vote_groups": [],
        "group_members": [],
        "group_ratings": [],
    }


def _from_version_2(data: dict[str, Any]) -> dict[str, Any]:
    """A checked version 2 file as version 3: no linked building sessions."""
    return {**data, "version": 3, "linked_sessions": []}


def _from_version_3(data: dict[str, Any]) -> dict[str, Any]:
    """A checked version 3 file as version 4: a series without targets or planned reviews, no comments,
    without the key hash (the session opens with the importer's key), and each vote's first level read
    again as the participant's first choice (``first_choice``): the slider ballot of those versions saved
    every level it passed on the way."""
    session = {k: v for k, v in data["session"].items() if k != "key_hash"}
    return {
        **data,
        "version": 4,
        "session": session,
        "targets": [],
        "reviews": [],
        "comments": [],
        "votes": _first_choices(data),
    }


def _first_choices(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The file's votes, each first level read again from the vote's history where the file keeps both."""
    levels = [level["id"] for level in data["rubric"]["levels"]]
    steps: dict[tuple[str, str, str], list[tuple[str, str | None]]] = {}
    for change in data["history"]:
        field, level = change["field"], change["new"]
        individual = field.startswith("vote:") and not field.startswith("vote:group:")
        if individual and isinstance(level, str | None):
            vote = (field.removeprefix("vote:"), change["row_id"], change["dimension"])
            steps.setdefault(vote, []).append((change["at"], level))
    votes = []
    try:
        for v in data["votes"]:
            trail = steps.get((v["participant_id"], v["row_id"], v["dimension"]))
            if trail and v["first_level"] is not None:  # version 1 kept no first levels at all
                v = {**v, "first_level": first_choice(levels, trail)}
            votes.append(v)
    except ValueError:  # a history time that is no time: the file's own first levels stand
        return list(data["votes"])
    return votes
