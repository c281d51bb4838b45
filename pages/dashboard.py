"""Dashboard: the radar of the ratings beside a table of levels, evidence and next steps.

Open to anyone with the join code. It reads the session from the store on every run, and
reruns itself every few seconds, so a projected dashboard follows the ratings as they change.
"""

import datetime
import html

import streamlit as st

from pages.carried_actions import overdue_box
from pages.common import (
    attempt,
    chart_as_table,
    chart_size,
    esc,
    group_choice,
    need_session,
    session_banner,
    store,
    through_app,
)
from sipr_core import (
    SHORT_CONTINUUM,
    RatingsTable,
    Session,
    TargetSet,
    comparable,
    level_between,
    mean_levels,
    plural,
    radar,
    radar_summary,
    radar_table,
    ratings_table,
    score,
)

REFRESH_SECONDS = 5
ALL = ""  # the drill-down option that shows every group (the overview)
# A table of text, not a canvas grid: every line of evidence wraps in full, in the page's type size.
TABLE_STYLE = (
    "<style>"
    ".ratings-table {max-height: 40rem; overflow-y: auto; border: 1px solid #C9D3DF; border-radius: 0.4rem;}"
    ".ratings-table table {width: 100%; table-layout: fixed; border-collapse: collapse; font-size: 1rem;}"
    ".ratings-table th {position: sticky; top: 0; background: #EEF3F8; text-align: left;}"
    ".ratings-table th, .ratings-table td {padding: 0.35rem 0.5rem; vertical-align: top;"
    " white-space: pre-wrap; overflow-wrap: break-word; hyphens: auto; border-bottom: 1px solid #E3E8EE;}"
    "</style>"
)
# Relative column widths: the texts get the room, the levels and names less.
WIDTHS = {"group": 2.5, "row": 2.7, "evidence": 4, "next_steps": 3.5, "title": 3}

through_app()
opened = need_session()
session_banner(opened)


def show_progress(session: Session) -> None:
    """How many rows are rated, as a bar; a plain message while nothing is."""
    rubric = session.rubric
    card = attempt(score, rubric, session.ratings()).value
    if card is None:
        return
    names = [rubric.dimension(d).short for d in rubric.dimension_ids()]
    on = f" on {' and '.join([', '.join(names[:-1]), names[-1]] if len(names) > 1 else names)}"
    rows = esc(plural(rubric.terms.row.lower()))
    st.progress(
        card.rows_rated / card.rows_total if card.rows_total else 0.0,
        text=f"**{card.rows_rated} of {card.rows_total}** {rows} rated{esc(on) if rubric.dimensions else ''}",
    )
    if not any(s.rated or s.not_applicable for s in card.overall.values()):
        st.info(
            f"Nothing is rated yet. The chart and the table fill in as the team rates each "
            f"{esc(rubric.terms.row.lower())} on the Rate page.",
            icon=":material/hourglass_empty:",
        )


def show_means(session: Session, previous: Session | None) -> None:
    """The mean level per dimension, where it sits on the scale, and its change since the previous session."""
    rubric = session.rubric
    means = attempt(mean_levels, rubric, session.ratings(), previous.ratings() if previous else None).value
    if means is None:
        return
    for column, mean in zip(st.columns(max(len(means), 2)), means, strict=False):
        label = f"Mean level: {esc(mean.dimension)}" if rubric.dimensions else "Mean level"
        with column:
            if mean.mean is None:
                st.metric(label, "–", help="Nothing rated yet on this dimension.")
                continue
            change = mean.change
            since = f"since {previous.info.held_on:%d %b %Y}" if previous and change is not None else None
            st.metric(
                label,
                f"{mean.mean:.1f} of {len(rubric.levels)}",
                delta=None if change is None else (0 if change == 0 else f"{change:+.1f}"),
                delta_color="blue",
                delta_description=since,
            )
            st.caption(f"{esc(level_between(rubric, mean.mean))} · {mean.rated} of {mean.rows} rated")


def show_chart(session: Session, previous: Session | None, group_id: str, targets: TargetSet | None) -> None:
    """The radar (bars below three axes), with the previous session of the series as a faint trace."""
    rubric = session.rubric
    if group_id != ALL:
        group = next(g for g in rubric.groups if g.id == group_id)
        st.markdown(f"#### {esc(group.short)}")
        if group.short != group.title:
            st.caption(esc(group.title))
    elif rubric.row_count() > SHORT_CONTINUUM:
        st.markdown(f"#### Mean level of each {esc(rubric.terms.group.lower())}")
    earlier = comparable(rubric, previous.ratings()) if previous is not None else None
    figure = attempt(
        radar,
        rubric,
        session.ratings(),
        previous=earlier,
        group_id=group_id or None,
        targets=targets,
        size=chart_size(),
    ).value
    if figure is not None:
        summary = radar_summary(rubric, session.ratings(), group_id or None)
        st.plotly_chart(figure, config={"displayModeBar": False}, key="dashboard-radar", alt=summary)
        chart_as_table(radar_table(rubric, session.ratings(), earlier, group_id or None, targets=targets))
    if previous is not None:
        st.caption(
            f"Grey dotted line: the previous session of this team on this continuum, "
            f"held on {previous.info.held_on:%d %B %Y}."
        )
    if targets:
        st.caption("Black dashed line with stars: the team's targets (set on the Progress page).")


def table_html(table: RatingsTable) -> str:
    """Level, target, evidence and next steps of every row, as an HTML table of escaped text."""
    keys = list(table.columns)
    share = {key: WIDTHS.get(key, 2.7) for key in keys}
    total = sum(share.values())
    columns = "".join(f'<col style="width:{100 * share[key] / total:.1f}%">' for key in keys)
    head = "".join(f'<th data-key="{html.escape(k)}">{html.escape(h)}</th>' for k, h in table.columns.items())
    cells = ("".join(f'<td data-key="{html.escape(k)}">{html.escape(str(line.get(k, "")))}</td>' for k in keys)
             for line in table.lines)
    body = "".join(f"<tr>{line}</tr>" for line in cells)
    return (
        f'<div class="ratings-table"><table><colgroup>{columns}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def show_table(table: RatingsTable) -> None:
    """The ratings table beside the chart; text is never rendered as HTML or markdown."""
    st.html(TABLE_STYLE + table_html(table))


@st.fragment(run_every=REFRESH_SECONDS)
def dashboard(code: str) -> None:
    """Everything below the banner, read afresh from the store on every run."""
    record = attempt(store().reports.session, code).value
    if record is None:
        return
    session, previous, targets = record.session, record.previous, record.targets
    show_progress(session)
    overdue_box(attempt(store().carry_over.overdue, code, datetime.date.today()).value or [])
    group_id = group_choice(session.rubric, f"dashboard-group-{session.info.code}")
    table = attempt(ratings_table, session, group_id or None, targets).value
    chart_column, table_column = st.columns([1, 1], gap="medium")
    with chart_column:
        show_chart(session, previous, group_id, targets)
    if table is not None:
        with table_column:
            show_table(table)
    show_means(session, previous)


dashboard(opened.info.code)
