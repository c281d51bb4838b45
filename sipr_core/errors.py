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


def quoted(text: str, limit: int = 200) -> str:
    """A user's text for a message, in quotes, cut at ``limit`` characters."""
    return "“" + (text if len(text) <= limit else text[:limit] + "…") + "”"


class EditConflict(InputError):
    """A text changed elsewhere (another window) since the editor last saw it; nothing was saved."""

    FIELDS = {"evidence": "evidence", "next_steps": "next steps"}

    def __init__(self, field: str, stored: str, *, subject: str = "", save_button: str | None = None):
        """``subject``: what changed, in words (default: this row's field); ``save_button``: the button that
        saves the text, when clicking out of its box does not."""
        self.field, self.stored = field, stored
        subject = subject or f"the {self.FIELDS.get(field, field)} of this row"
        now = f"It now reads: {quoted(stored)}." if stored else "It is now empty."
        again = f"press {save_button} again" if save_button else "change it and click out of the box again"
        super().__init__(
            f"Not saved: {subject} was changed in another window since this one showed it. {now} "
            f"Your text is still in the box: to keep it instead, {again}."
        )


class ActionConflict(EditConflict):
    """An action item changed elsewhere since the table showed it; nothing of the table's edit was saved."""

    def __init__(self, item: str, now: list[str], *, deleting: bool = False):
        """``item``: the item's text as the table showed it; ``now``: what each changed field holds now,
        in words ("its owner now reads “Ben”")."""
        self.item, self.now = item, now
        self.field, self.stored = "action", ""
        said = "; ".join(now)
        changed = f"action item {quoted(item, 80)} was changed in another window since this table showed it"
        if deleting:
            ending = "It is still in the plan: delete it again if it should go."
        else:
            ending = "Your change is kept below the table: press Use mine to save it instead."
        lead = "Not deleted" if deleting else "Not saved"
        InputError.__init__(self, f"{lead}: {changed}: {said}. {ending}")


class UndoConflict(InputError):
    """A change that cannot be undone because its field was changed again since; nothing was changed."""

    def __init__(self, subject: str, now: str):
        self.subject, self.now = subject, now
        holds = f"It now reads: {quoted(now)}." if now else "It is now empty."
        super().__init__(
            f"Not undone: {subject} was changed again after this change. {holds} Undo the later change "
            "first, or change it by hand."
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


class UnknownRubric(UserError, LookupError):
    """A continuum id that no rubric file in the library has."""

    def __init__(self, rubric_id: str, known: list[str], readings: list[str] | None = None):
        self.rubric_id = rubric_id
        what, also = ("continuum", "")
        if readings:
            what, also = "continuum or reading", f"; readings: {', '.join(readings)}"
        super().__init__(
            f"No such {what}: {rubric_id} (continua: {', '.join(known) or 'none'}{also}). "
            "Use an id from that list, or check its file with `python -m sipr_core validate FILE`."
        )


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
    "ActionConflict",
    "EditConflict",
    "EvidenceChanged",
    "ExportError",
    "InputError",
    "Problem",
    "RatingError",
    "RubricError",
    "SessionNotFound",
    "StoreError",
    "UndoConflict",
    "UnknownFormat",
    "UserError",
    "VoteError",
    "VotingClosed",
]
