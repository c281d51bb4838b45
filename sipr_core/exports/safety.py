"""Text that a spreadsheet must never run: OWASP's guidance on CSV (formula) injection.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula. Such text gets a leading apostrophe, so it
shows as typed and is never evaluated. Numbers and dates are written as numbers and dates.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: object) -> object:
    """A value for a spreadsheet cell: text neutralised, anything else unchanged."""
    return neutralise(value) if isinstance(value, str) else value
