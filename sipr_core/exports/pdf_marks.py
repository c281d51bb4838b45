"""Marks to make with a pen on a printed page: a box to tick before a text, and blank room to write in.

Both split across pages like the text around them, so a table row holding them can split too.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from .pdf_layout import paragraphs

BOX = 8
"""The side of a tick box, in points."""
BOX_ROOM = BOX + 5
"""The width a tick box takes before its text."""


class Ticked(Flowable):
    """A paragraph with a box to tick before its first line; the parts after a page break have none."""

    def __init__(self, content: Paragraph, box: bool = True) -> None:
        super().__init__()
        self.content, self.box = content, box

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, self.height = self.content.wrap(availWidth - BOX_ROOM, availHeight)
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        split = self.content.split(availWidth - BOX_ROOM, availHeight)
        parts = [part for part in split if isinstance(part, Paragraph)]
        return [Ticked(part, self.box and i == 0) for i, part in enumerate(parts)]

    def draw(self) -> None:
        self.content.drawOn(self.canv, BOX_ROOM, 0)
        if self.box:
            style = self.content.style
            self.canv.setLineWidth(0.8)
            self.canv.rect(0, self.height - style.fontSize - 0.5, BOX, BOX)


def ticked(text: str, style: ParagraphStyle) -> list[Flowable]:
    """The text, whatever its length, after a box to tick."""
    pieces = [p for p in paragraphs(text, style) if isinstance(p, Paragraph)]
    return [Ticked(piece, box=i == 0) for i, piece in enumerate(pieces)]


class Room(Flowable):
    """Blank room to write in; in a table row split across pages it ends where the page does."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # a Spacer cannot split, and a table row holding one could not split across pages at all
        return [Room(max(min(availHeight, self.height), 0)), Room(0)]

    def draw(self) -> None:
        pass
