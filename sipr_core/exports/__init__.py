"""Session summaries to download: PDF, HTML, Excel, CSV and the JSON session file.

Each format is a pure function of the session (``summary.summarise`` gathers what they show);
``report`` reads a session from the store and writes one format, for the app and the command line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from ..errors import AccessDenied, UnknownFormat
from ..session import SessionInfo
from .csv import summary_csv
from .html import summary_html
from .images import chart_png
from .pdf import summary_pdf
from .summary import summarise
from .summary_model import NOTHING_RATED, Summary
from .xlsx import summary_xlsx

if TYPE_CHECKING:
    from ..storage import SessionRecord, Store

__all__ = [
    "FORMATS",
    "NOTHING_RATED",
    "Format",
    "Summary",
    "file_name",
    "for_print",
    "pdf",
    "render",
    "report",
    "summarise",
    "summary_csv",
    "summary_html",
    "summary_from",
    "summary_of",
    "summary_pdf",
    "summary_xlsx",
]


@dataclass(frozen=True)
class Format:
    extension: str
    mime: str
    label: str


FORMATS = {
    "pdf": Format("pdf", "application/pdf", "PDF summary"),
    "html": Format("html", "text/html", "Web page (HTML)"),
    "xlsx": Format(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook"
    ),
    "csv": Format("csv", "text/csv", "Ratings as CSV"),
    "json": Format("json", "application/json", "Session file (JSON)"),
}


def pdf(summary: Summary) -> bytes:
    """The PDF, with the chart drawn as an image when a browser is at hand, else as a table."""
    png, why = chart_png(for_print(summary.figure))
    return summary_pdf(summary, png, why)


def for_print(figure: Any) -> Any:
    """A copy of a chart for paper: white background, grey grid, black text."""
    printed = go.Figure(figure)
    printed.update_layout(template="plotly_white", paper_bgcolor="white", font={"color": "black"})
    printed.update_polars(
        bgcolor="white",
        radialaxis={"gridcolor": "#AAAAAA", "linecolor": "#555555"},
        angularaxis={"gridcolor": "#AAAAAA", "linecolor": "#555555"},
    )
    return printed


_WRITERS: dict[str, Callable[[Summary], bytes]] = {
    "pdf": pdf,
    "html": lambda s: summary_html(s).encode("utf-8"),
    "xlsx": summary_xlsx,
    "csv": summary_csv,
}


def render(summary: Summary, format_name: str) -> bytes:
    """One summary in one format (every format but JSON, which is the store's session file)."""
    if format_name not in _WRITERS:
        raise UnknownFormat(format_name, tuple(FORMATS))
    return _WRITERS[format_name](summary)


def summary_from(record: SessionRecord) -> Summary:
    """The summary of a session read whole from the store."""
    return summarise(
        record.session,
        record.previous,
        record.actions,
        record.buildings,
        record.targets,
        record.rounds,
        today=date.today(),
        carried_on=record.carried_on,
        building_actions=record.building_actions,
    )


def summary_of(store: Store, code: str) -> Summary:
    """The summary of the session with this join code, read from the store in one snapshot."""
    return summary_from(store.reports.session(code))


def report(
    store: Store, code: str, format_name: str, key: str | None = None, *, direct: bool = False
) -> bytes:
    """A session's report in one format.

    Summaries are open to anyone with the join code; a given ``key`` must be the facilitator's.
    The JSON session file needs the key, unless ``direct`` (whoever holds the database itself).
    """
    if format_name not in FORMATS:
        raise UnknownFormat(format_name, tuple(FORMATS))
    if key is not None and not store.sessions.is_facilitator(code, key):
        raise AccessDenied(
            f"That key does not open session {store.sessions.info(code).code}: check it and try again."
        )
    if format_name == "json":
        if key is not None:
            return store.transfer.export_json(code, key).encode("utf-8")
        if not direct:
            raise AccessDenied("The session file (JSON) needs the facilitator key.")
        return store.transfer.export_json_direct(code).encode("utf-8")
    return render(summary_from(store.reports.session(code, key, operator=direct)), format_name)


def file_name(info: SessionInfo, format_name: str) -> str:
    """'2026-11-23 Riverside Schools - CI team - micip-collaboration - 7KQ-M2X-9RD.pdf': safe anywhere."""
    parts = [info.district, info.school, info.team]
    words = " - ".join(p for p in parts if p)
    safe = re.sub(r"[^\w .,()&'-]+", "_", words).strip(" ._")[:100] or "session"
    extension = FORMATS[format_name].extension
    return f"{info.held_on.isoformat()} {safe} - {info.rubric_id} - {info.code}.{extension}"
