"""Every error a user may see, in one place: each message names the problem and how to fix it.

Pages catch ``UserError`` and show its message; anything else is a bug, logged with its trace.
Each class also keeps the built-in base it always had (``ValueError`` and so on), so callers
that catch those go on working.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """An error whose message is written for the person using the app."""


class InputError(UserError, ValueError):
    """Input a user typed that cannot be saved as it is; the message says how to fix it."""


class EditConflict(InputError):
    """A text changed elsewhere (another window) since the editor last saw it; nothing was saved."""

    FIELDS = {"evidence": "evidence", "next_steps": "next steps"}

    def __init__(self, field: str, stored: str):
        self.field, self.stored = field, stored
        shown = stored if len(stored) <= 200 else stored[:200] + "…"
        now = f"It now reads: “{shown}”." if stored else "It is now empty."
        super().__init__(
            f"Not saved: the {self.FIELDS.get(field, field)} of this row was changed in another window "
            f"since this one showed it. {now} Your text is still in the box: to keep it instead, change it "
            "and click out of the box again."
        )


class EvidenceChanged(InputError):
    """The row's evidence changed elsewhere since the page showed it; the comment was not added."""

    def __init__(self, stored: str):
        self.stored = stored
        shown = stored if len(stored) <= 200 else stored[:200] + "…"
        now = f"It now reads: “{shown}”." if stored else "It is now empty."
        super().__init__(
            "Not added: the evidence of this row was changed in another window since this page showed it. "
            f"{now} Press “Use as evidence” again to add the comment to it."
        )


class VotingClosed(InputError):
    """A vote that arrived when voting was not open on its row; nothing was recorded."""


class AccessDenied(UserError, PermissionError):
    """The caller lacks the key or password this action needs."""


class SessionNotFound(UserError, LookupError):
    """No session has this join code (or it was deleted)."""

    def __init__(self, code: str):
        self.code = code
        if not code:
            super().__init__("No session code given: type the join code shown on the projector.")
        else:
            super().__init__(f"No such session: {code}. Check the code on the projector and try again.")


class StoreError(UserError, RuntimeError):
    """The database cannot be reached or written; the message says what to do."""


class ExportError(UserError, ValueError):
    """A session file that cannot be imported; nothing was imported."""


class UnknownFormat(UserError, ValueError):
    """A download format that does not exist."""

    def __init__(self, name: str, formats: tuple[str, ...]):
        super().__init__(f"No such format: {name} (formats: {', '.join(formats)})")


class RatingError(UserError, ValueError):
    """A rating that does not fit its rubric."""


class VoteError(UserError, ValueError):
    """A vote for a level the scale does not have."""


@dataclass(frozen=True)
class Problem:
    """One problem of a rubric file, where it is and what is wrong."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.path}: {self.message}" if self.path else f"{where} {self.message}"


class RubricError(UserError):
    """A rubric file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


__all__ = [
    "AccessDenied",
    "EditConflict",
    "EvidenceChanged",
    "ExportError",
    "InputError",
    "Problem",
    "RatingError",
    "RubricError",
    "SessionNotFound",
    "StoreError",
    "UnknownFormat",
    "UserError",
    "VoteError",
    "VotingClosed",
]
