"""The summary as one self-contained HTML file: works offline, the chart interactive (plotly.js inline).

Every text is escaped with ``html_text`` (``html.escape``); the chart's data goes into a script as JSON with
``<``, ``>`` and ``&`` escaped, so no text can close the script or start markup.
"""

from __future__ import annotations

from functools import cache

from plotly.offline import get_plotlyjs

from ..text import html_text
from .summary_model import (
    NO_ACTIONS,
    NO_FLAGS,
    NO_PREVIOUS,
    NO_VOTES,
    NOT_REVEALED,
    NOTHING_RATED,
    OVERDUE,
    CellSummary,
    GroupSummary,
    Summary,
)

STYLE = """
body{font-family:"Source Sans Pro",Arial,Helvetica,sans-serif;font-size:18px;line-height:1.45;color:#111;
 max-width:1100px;margin:2rem auto;padding:0 1.2rem}
h1{font-size:2rem;margin:.2rem 0 .6rem}h2{font-size:1.5rem;margin-top:2.2rem;border-bottom:2px solid #333}
h3{font-size:1.2rem;margin:1.4rem 0 .4rem}.kicker{font-size:1.1rem;margin:0}
.source{font-style:italic;color:#333}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{border:1px solid #888;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}td.label{width:11rem;font-weight:600}
.note{border:2px solid #333;padding:.8rem 1rem;font-weight:600}.flag{font-weight:700}
.text{white-space:pre-wrap}#radar{width:100%;height:600px}
@media print{body{margin:0;font-size:12pt}h2{page-break-before:always}}
"""


@cache
def _plotly_js() -> str:
    return str(get_plotlyjs())


def _e(text: str) -> str:
    return html_text(text)


def _script_json(text: str) -> str:
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _table(columns: list[str], lines: list[list[str]]) -> str:
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f'<td class="text">{_e(v)}</td>' for v in line) + "</tr>" for line in lines
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def summary_html(summary: Summary) -> str:
    """The summary as an HTML document (text); plotly.js is inlined, nothing is fetched."""
    parts = [_cover(summary), _chart(summary)]
    parts += [_group(summary, g) for g in summary.groups]
    parts += [_flags(summary), _actions(summary), _balance(summary), _since(summary), _reflections(summary)]
    title = f"Session summary: {summary.short}, {summary.team}, {summary.held_on:%d %B %Y}"
    figure = _script_json(summary.figure.to_json())
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{STYLE}</style></head><body>\n" + "\n".join(parts) + f"\n<script>{_plotly_js()}</script>\n"
        f"<script>(function(){{var f={figure};"
        "Plotly.newPlot('radar',f.data,f.layout,{displayModeBar:false,responsive:true});})();</script>\n"
        "</body></html>\n"
    )


def _cover(summary: Summary) -> str:
    details = [
        ("District", summary.district),
        ("School", summary.school or "(district team)"),
        ("Team", summary.team),
        ("Date", f"{summary.held_on:%d %B %Y}"),
        ("Facilitator", summary.facilitator),
        ("Participants", ", ".join(summary.participants) or "none joined on their own device"),
        ("Join code", summary.code),
    ]
    rows = "".join(f'<tr><td class="label">{_e(k)}</td><td>{_e(v)}</td></tr>' for k, v in details)
    out = (
        f'<p class="kicker">Session summary</p><h1>{_e(summary.title)}</h1>'
        f'<p class="source">Source: {_e(summary.source)}</p><table>{rows}</table>'
    )
    if not summary.rated:
        return out + f'<p class="note">{_e(NOTHING_RATED)}</p>'
    means = [[m.dimension, m.value, m.place, m.change or "—"] for m in summary.means]
    progress = summary.progress[0].upper() + summary.progress[1:] + "."
    return (
        out
        + f"<p>{_e(progress)}</p>"
        + _table(["Mean level", "Value", "On the scale", "Since last session"], means)
    )


def _chart(summary: Summary) -> str:
    caption = ""
    if any(c.endswith(", previous session") for c in summary.chart.columns):
        caption = "<p>Grey dotted line: the previous session of this series.</p>"
    return (
        '<h2 style="page-break-before:auto">The chart</h2><div id="radar" role="img" '
        f'aria-label="{_e("Radar chart of the levels; the same values are in the table below it")}"></div>'
        f"{caption}<details><summary>The chart's values as a table</summary>"
        f"{_table(summary.chart.columns, summary.chart.lines)}</details>"
    )


def _group(summary: Summary, group: GroupSummary) -> str:
    out = [f"<h2>{_e(summary.terms['group'])}: {_e(group.title)}</h2>"]
    if group.description:
        out.append(f'<p class="text">{_e(group.description)}</p>')
    shown = ""
    for row in group.rows:
        if row.subgroup and row.subgroup != shown:
            shown = row.subgroup
            out.append(f"<h3>{_e(row.subgroup)}</h3>")
        out.append(f"<h3>{_e(summary.terms['row'])}: {_e(row.title)}</h3>")
        out += [_cell(cell) for cell in row.cells]
        out += [f"<p><strong>{_e(p)}</strong> {_e(a)}</p>" for p, a in row.reflections]
    return "\n".join(out)


def _cell(cell: CellSummary) -> str:
    heading = f"{cell.dimension}: {cell.level}" if cell.dimension else cell.level
    lines = [("Level", heading)]
    if cell.target:
        lines.append(("Target", cell.target))
    if cell.statement:
        lines.append(("Statement", cell.statement))
    if cell.level_text:
        lines.append(("This level says", cell.level_text))
    if cell.criteria:
        lines.append(("Criteria", cell.criteria))
    lines += [("Evidence", cell.evidence or "—"), ("Next steps", cell.next_steps or "—")]
    if cell.votes is not None:
        v = cell.votes
        text = f"{v.votes} vote{'s' * (v.votes != 1)}" + (
            f", {v.abstentions} abstained" if v.abstentions else ""
        )
        text += f": {v.counts_text}. Consensus: {v.consensus}."
        if v.spread_text:
            text += f" Spread: {v.spread_text}."
        if v.discuss:
            text += " Flagged for discussion."
        if not v.revealed:
            text = f"{NOT_REVEALED}. {text}"
        lines.append(("Votes", text))
    if cell.comments:
        lines.append(("Comments", "\n".join(cell.comments)))
    rows = "".join(f'<tr><td class="label">{_e(k)}</td><td class="text">{_e(t)}</td></tr>' for k, t in lines)
    return f"<table>{rows}</table>"


def _flags(summary: Summary) -> str:
    out = f"<h2>{_e(summary.terms['rows'])} flagged for discussion</h2>"
    if not summary.votes_taken:
        return out + f"<p>{_e(NO_VOTES)}</p>"
    if not summary.flagged:
        return out + f"<p>{_e(NO_FLAGS)}</p>"
    columns = [summary.terms["group"], summary.terms["row"], "Dimension", "Spread", "Votes"]
    return out + _table(columns, [[f.group, f.row, f.dimension, f.spread, f.counts] for f in summary.flagged])


def _actions(summary: Summary) -> str:
    out = "<h2>Action plan</h2>" + _overdue(summary)
    if not summary.actions:
        return out + f"<p>{_e(NO_ACTIONS)}</p>"
    lines = [[a["what"] or "—", a["rows"], a["owner"], a["due"], a["status"]] for a in summary.actions]
    return out + _table(["What", f"{summary.terms['row']}(s)", "Owner", "Due", "Status"], lines)


def _overdue(summary: Summary) -> str:
    if not summary.overdue:
        return ""
    lines = "".join(f"<li>{_e(line)}</li>" for line in summary.overdue)
    return f'<p class="overdue"><strong>{_e(OVERDUE)}</strong></p><ul class="overdue">{lines}</ul>'


def _balance(summary: Summary) -> str:
    section = summary.balance
    if section is None:
        return ""
    tallies = "".join(f"<li>{_e(t)}</li>" for t in section.tallies)
    return (
        f"<h2>{_e(section.title)}</h2><p>{_e(section.note)}</p>"
        f"{_table(section.columns, section.lines)}<ul>{tallies}</ul>"
    )


def _since(summary: Summary) -> str:
    out = "<h2>Change since the previous session</h2>"
    since = summary.since
    if since is None:
        return out + f"<p>{_e(NO_PREVIOUS)}</p>"
    out += f"<p>The previous session of this series was held on {since.held_on:%d %B %Y}.</p>"
    out += _table(
        ["Mean level", "Now", "Change"], [[m.dimension, m.value, m.change or "—"] for m in since.means]
    )
    if not since.moves:
        return out + "<p>No level changed.</p>"
    moves = [[m.row, m.dimension, m.before, m.after, m.change or "—"] for m in since.moves]
    return out + _table([summary.terms["row"], "Dimension", "Before", "Now", "Levels"], moves)


def _reflections(summary: Summary) -> str:
    if not summary.reflections:
        return ""
    out = "<h2>Reflection on the whole continuum</h2>"
    return out + "".join(f"<h3>{_e(p)}</h3><p class='text'>{_e(a)}</p>" for p, a in summary.reflections)
