"""District view: the building teams' latest ratings side by side, opened on the district team's session.

Anyone with the district session's join code reads it; the facilitator adds building teams' sessions
by pasting their join codes. For the projector: large chart labels, one section after another.
"""

from datetime import date

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pages.common import (
    PAGES,
    attempt,
    chart_as_table,
    esc,
    facilitator_key,
    group_choice,
    holds_key,
    keep_key_cookie,
    need_facilitator,
    need_session,
    session_banner,
    store,
    through_app,
)
from sipr_core import (
    NO_ACTIONS,
    NO_SCHOOLS,
    SCALE_READING,
    STATE_MARK,
    STATE_TEXT,
    ActionStatus,
    Adoptable,
    DistrictView,
    PlanFilter,
    TextTable,
    adopted_already,
    comparison_table,
    distribution,
    distribution_table,
    heatmap,
    heatmap_table,
    is_sipr,
    not_a_district,
    plans_page,
    plural,
    range_text,
    rollup_file_name,
    rollup_pdf,
    rollup_summary,
    rollup_xlsx,
    scale_reach_table,
    schools_table,
    standings_table,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

through_app()
opened = need_session(with_votes=False)
session_banner(opened)
info = opened.info
code = info.code
st.markdown("## District view")

refused = not_a_district(info)
if refused:
    st.info(esc(refused), icon=":material/domain:")
    if "start" in PAGES:
        st.page_link(PAGES["start"], label="Go to Start", icon=":material/home:")
    st.stop()

held = facilitator_key(code)
key = held if holds_key(code, held) else None


def add_schools() -> bool:
    """The facilitator pastes building teams' join codes; each code gets added once or a message."""
    with st.form("add-schools", clear_on_submit=True):
        typed = st.text_area(
            "Join codes of building teams' sessions",
            placeholder="7KQ-M2X-9RD\n4PB-Q8N-2ZT",
            help="One code per line, or separated by commas or spaces. Each building team rates this "
            "continuum in its own session, with its school filled in, and gives you its join code.",
            max_chars=20_000,
        )
        submitted = st.form_submit_button("Add these sessions", icon=":material/add:")
    if not submitted:
        return False
    report = attempt(store().district.link_schools, code, key, typed, actor=info.facilitator).value
    if report is None:
        return False
    if report.added:
        names = ", ".join(f"{i.school} · {i.team} ({i.code})" for i in report.added)
        count = len(report.added)
        added = f"Added {count} session{'s' if count != 1 else ''}: {esc(names)}."
        st.success(added, icon=":material/check:")
    if report.already:
        st.info(f"Already in this District view: {esc(', '.join(report.already))}.", icon=":material/info:")
    for problem in report.problems:
        st.error(esc(problem), icon=":material/error:")
    return bool(report.added)


def choose_range(bounds: tuple[date, date]) -> tuple[date, date]:
    """The dates of the sessions to gather, within those of the linked sessions."""
    first, last = bounds
    chosen = st.date_input(
        "Sessions held between",
        value=(first, last),
        min_value=first,
        max_value=last,
        format="YYYY-MM-DD",
        help="For a school team with several sessions in these dates, the latest one counts; "
        "the earlier ones are listed under Schools and their sessions.",
        key=f"district-range:{code}:{first}:{last}",  # a new session linked widens the range
    )
    dates = list(chosen) if isinstance(chosen, tuple | list) else [chosen]
    return (dates[0] if dates else first), (dates[1] if len(dates) > 1 else last)


def choose_dimension(view: DistrictView) -> str:
    rubric = view.rubric
    own = view.rollup.school_dimension()
    if not rubric.dimensions:
        return own
    names = {d: rubric.dimension(d).short for d in rubric.dimension_ids()}
    chosen = st.segmented_control(
        "Dimension",
        list(names),
        format_func=lambda d: esc(names[d]),
        default=own,
        required=True,
        key=f"district-dimension:{code}",
    )
    return chosen if chosen in names else own


def show_table(
    table: TextTable, name: str, hidden: tuple[str, ...] = (), wide: tuple[str, ...] = (), widest: str = ""
) -> None:
    lines = table.text_lines()
    st.dataframe(
        lines,
        hide_index=True,
        column_order=[k for k in table.columns if k not in hidden],
        column_config={
            k: st.column_config.TextColumn(v, width="large" if k == widest else "medium" if k in wide else None)
            for k, v in table.columns.items()
        },
        row_height=44,
        height=min(640, 42 + 44 * max(len(lines), 1)),
        key=f"district-{name}",
    )


def show_standings(view: DistrictView) -> None:
    found = view.rollup
    st.markdown("### Schools furthest from their targets")
    if not any(s.has_targets for s in found.standings):
        st.info(
            "No school team in this view has set targets yet. A team sets its targets (the levels it aims "
            "for) on its own Progress page; the schools furthest from them then come first here.",
            icon=":material/flag:",
        )
        return
    rows = esc(plural(view.rubric.terms.row.lower()))
    st.caption(
        "Levels to climb: how many levels each school team still has to go, added over the "
        f"{rows} it set a target for. Targets are set on the team's own Progress page."
    )
    show_table(standings_table(found), "standings")


def show_view(view: DistrictView, facts: list[DeltaGenerator]) -> None:
    found = view.rollup
    facts[0].metric("School teams", len(found.snapshots))
    facts[1].metric("Sessions in these dates", view.sessions_in_range)
    if not found.snapshots:
        st.info(NO_SCHOOLS + " Choose other dates above.", icon=":material/event_busy:")
        return
    charts(view)
    show_standings(view)
    st.markdown("### The district beside its schools")
    st.caption(_comparison_caption(view))
    show_table(comparison_table(found), "comparison", hidden=("group",), wide=("median", "spread"))
    if is_sipr(view.rubric):
        st.markdown("### Scale across schools")
        st.caption(esc(SCALE_READING))
        show_table(scale_reach_table(found), "scale-reach", hidden=("group",), widest="criterion")
    show_plans(view)
    st.markdown("### Schools and their sessions")
    show_table(schools_table(found), "schools")
    if key:
        take_out(view)
    show_downloads(view)


@st.fragment
def charts(view: DistrictView) -> None:
    """The heatmap and the levels per row; choosing a dimension or a group reruns only this part."""
    found, rubric = view.rollup, view.rubric
    left, right = st.columns([1, 3])
    with left:
        dimension = choose_dimension(view)
    with right:
        group = group_choice(view.rubric, f"district-group:{code}")
    marks = " · ".join(f"**{mark}** {esc(STATE_TEXT[state].lower())}" for state, mark in STATE_MARK.items())
    st.markdown("### Heatmap: every school's level on every " + esc(rubric.terms.row.lower()))
    dates = esc(range_text(view.start, view.end))
    st.caption(
        f"Each line is a school team's latest session in these dates ({dates}); "
        f"each cell gives the level's number on the scale, from 1 (the lowest). {marks}."
    )
    st.plotly_chart(
        heatmap(found, dimension, group or None),
        config={"displayModeBar": False},
        key="heatmap",
        alt=rollup_summary(found, "heatmap"),
    )
    chart_as_table(heatmap_table(found, dimension, group or None))
    st.markdown(f"### How many schools stand at each level, per {esc(rubric.terms.row.lower())}")
    st.plotly_chart(
        distribution(found, dimension, group or None),
        config={"displayModeBar": False},
        key="distribution",
        alt=rollup_summary(found, "distribution"),
    )
    chart_as_table(distribution_table(found, dimension, group or None))


@st.fragment
def show_plans(view: DistrictView) -> None:
    """The building teams' action items and evidence, filtered by row and status (a filter reruns only this),
    a page of lines at a time; the facilitator adopts one into the district's plan.

    Read on demand: thousands of lines for 200 schools, not worth reading on every run of the page."""
    rubric = view.rubric
    st.markdown("### Building teams' action plans")
    if not st.toggle("Show their action items and evidence", key=f"district-plans:{code}"):
        st.caption("What each school team will do, from its latest session in these dates, with its evidence.")
        return
    plans = attempt(store().district.plans, code, view.start, view.end, key=key).value
    if plans is None:
        return
    rows = {row.id: row.short for _, row in rubric.rows()}
    left, right = st.columns(2)
    row_id = left.selectbox(
        rubric.terms.row, [None, *rows], format_func=lambda r: "All" if r is None else rows[r],
        key=f"district-plans-row:{code}",
    )
    status = right.selectbox(
        "Status", [None, *ActionStatus], format_func=lambda s: "Any" if s is None else s.label,
        key=f"district-plans-status:{code}",
    )
    chosen = PlanFilter(row_id, status)
    page = plans_page(rubric, plans, chosen, st.session_state.get(f"district-plans-page:{code}", 1))
    if not page.total:
        st.info(NO_ACTIONS if row_id is None and status is None else "No action item fits this choice.")
        return
    if page.pages > 1:
        st.number_input(
            f"Page (of {page.pages})", min_value=1, max_value=page.pages, step=1,
            key=f"district-plans-page:{code}",
        )
        page = plans_page(rubric, plans, chosen, st.session_state[f"district-plans-page:{code}"])
    st.caption(esc(page.caption()))
    show_table(page.table, "plans", wide=("what", "evidence"))
    if key:
        adopt(page.items)


def adopt(items: list[Adoptable]) -> None:
    """The district's facilitator adopts a building team's action into the district's own plan (once)."""
    mine = attempt(store().actions.items, code).value or []
    taken = [i.adopted for i in mine]
    done = {n for n, item in enumerate(items) if adopted_already(taken, item.session_id, item.item_id)}
    with st.container(border=True, key="adopt-action"):
        st.markdown("#### Adopt an action into the district's plan")
        chosen = st.selectbox(
            "Building team's action",
            range(len(items)),
            format_func=lambda n: items[n].label + (" (in the district's plan)" if n in done else ""),
            index=None,
            placeholder="Choose an action from the table above",
            key=f"adopt-choice:{code}",
        )
        st.caption(
            "It becomes an item of this session's Action plan, marked with the school it came from; give it "
            "the district's owner and due date there. The school's own plan does not change."
        )
        if st.button("Adopt into the district plan", icon=":material/playlist_add:", disabled=chosen is None):
            item = items[chosen or 0]
            adopting = store().district.adopt
            found = attempt(adopting, code, key, item.session_id, item.item_id, actor=info.facilitator)
            if found.ok and found.value is not None:
                said = f"Adopted into the district's Action plan: {esc(found.value.what)}"
                st.success(said, icon=":material/check:")
                if "actions" in PAGES:
                    st.page_link(PAGES["actions"], label="Open the Action plan", icon=":material/checklist:")


def take_out(view: DistrictView) -> None:
    """The facilitator takes a session linked by mistake out of the view (the session itself stays)."""
    sessions = {
        i.code: f"{i.school} · {i.team}, {i.held_on:%d %b %Y} ({i.code})" for i in reversed(view.linked)
    }
    with st.expander("Take a session out of this view", icon=":material/remove_circle_outline:"):
        chosen = st.selectbox(
            "Building team's session",
            list(sessions),
            format_func=lambda c: sessions.get(c, c),
            index=None,
            placeholder="Choose a session",
            key=f"unlink-choice:{code}",
        )
        st.caption("The session itself and its ratings stay; only its place in this District view goes.")
        if st.button("Take it out", disabled=chosen is None, key="unlink-school") and chosen:
            if attempt(store().templates.unlink, code, key, chosen, actor=info.facilitator).ok:
                st.rerun()


def _comparison_caption(view: DistrictView) -> str:
    rubric = view.rubric
    if is_sipr(rubric):
        return (
            "The district's own Implementation and Scale ratings (from this session), each beside its "
            "schools' own rating on the same dimension: their median, their spread, and how many stand at "
            "or above the district's level. The district's Scale is its estimate of how far the practice "
            "has reached its schools; the schools' own Scale ratings show how far it has."
        )
    return (
        "The district's own rating (from this session) beside its schools': their median, their spread, "
        "and how many stand at or above the district's level."
    )


def show_downloads(view: DistrictView) -> None:
    st.markdown("### Download the District view")
    source = store()  # captured: the file is made on another thread, after this run
    start, end = view.start, view.end
    left, right = st.columns(2)
    with left:
        st.download_button(
            "Excel workbook",
            data=lambda: rollup_xlsx(
                source.district.view(code, start, end, key=key), source.district.plans(code, start, end, key=key)
            ),
            file_name=rollup_file_name(view, "xlsx"),
            mime=XLSX,
            icon=":material/table_view:",
            on_click="ignore",
            key="download-district-xlsx",
        )
        st.caption(
            "A sheet for each table, a coloured heatmap and the building teams' action plans, for the "
            "district's own analysis."
        )
    with right:
        st.download_button(
            "PDF",
            data=lambda: rollup_pdf(
                source.district.view(code, start, end, key=key), source.district.plans(code, start, end, key=key)
            ),
            file_name=rollup_file_name(view, "pdf"),
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            type="primary",
            key="download-district-pdf",
        )
        st.caption("To print or send: every table and the heatmap, readable in black and white.")


linked_dates = attempt(store().district.held_range, code).value
if key:
    keep_key_cookie(code, key)
    with st.expander(
        "Add building teams' sessions", expanded=linked_dates is None, icon=":material/add_business:"
    ):
        if add_schools():
            linked_dates = attempt(store().district.held_range, code).value
if linked_dates is None:
    st.info(
        "No building team's session is in this District view yet. Each building team rates this "
        "continuum in its own session (with its school filled in) and gives the district team its "
        "join code; the district team's facilitator adds them here.",
        icon=":material/domain:",
    )
else:
    top = st.columns([2, 1, 1], vertical_alignment="bottom")
    with top[0]:
        chosen_range = choose_range(linked_dates)
    # The building teams' join codes are in the view (and its downloads) for the facilitator only.
    found_view = attempt(store().district.view, code, *chosen_range, key=key).value
    if found_view is not None:
        show_view(found_view, top[1:])
if not key:
    st.divider()
    st.caption("The facilitator adds building teams' sessions here with the facilitator key.")
    need_facilitator(session=opened)
