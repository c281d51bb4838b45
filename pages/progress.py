"""Progress: the team's levels over time, baseline against follow-up, what moved, targets and reviews.

Open to anyone with the join code; setting targets and review dates needs the facilitator key.
"""

import datetime

import streamlit as st

from pages.common import (
    attempt,
    chart_as_table,
    chart_size,
    esc,
    facilitator_key,
    holds_key,
    need_session,
    session_banner,
    store,
    through_app,
)
from sipr_core import (
    ACTION_COLUMNS,
    GROUP,
    MOVED_COLUMNS,
    NO_TARGET,
    ROW,
    Session,
    SessionInfo,
    TargetSet,
    actions_beside_rows,
    comparable,
    counts,
    grid_changes,
    moved_lines,
    next_review,
    plural,
    radar,
    radar_summary,
    radar_table,
    target_grid,
    trend,
    trend_chart,
    trend_summary,
    trend_table,
    what_moved,
)

ALL = ""

through_app()
opened = need_session(with_votes=False)
session_banner(opened)
code = opened.info.code


def label(info: SessionInfo) -> str:
    """A session of the series by its date; by its join code too, for the facilitator only."""
    shown = info.code == code or holds_key(code, facilitator_key(code))
    return f"{info.held_on:%d %b %Y} · {info.code}" if shown else f"{info.held_on:%d %b %Y}"


record = attempt(store().reports.series, code).value
sessions: list[Session] = record.sessions if record is not None else [opened]
targets = record.targets if record is not None else TargetSet()
rubric = sessions[-1].rubric if sessions else opened.rubric
dimensions = {d: rubric.dimension(d).short for d in rubric.dimension_ids()}


def choose_dimension(where: str) -> str:
    if len(dimensions) == 1:
        return next(iter(dimensions))
    chosen = st.segmented_control(
        "Dimension",
        list(dimensions),
        format_func=lambda d: esc(dimensions[d]),
        default=next(iter(dimensions)),
        required=True,
        key=f"{where}-dimension",
    )
    return chosen or next(iter(dimensions))


def over_time() -> None:
    st.markdown("#### Levels over time")
    if len(sessions) < 2:
        st.info(
            f"This is the only session of {esc(opened.info.team)} on this continuum so far, so it is the "
            "baseline. Hold a follow-up session (Start page, same district, school, team and continuum) "
            "and the change shows here.",
            icon=":material/flag:",
        )
    found = attempt(trend, sessions).value
    if found is None:
        return
    dimension = choose_dimension("trend")
    titles = {ALL: f"Every {rubric.terms.group.lower()}", **{g.title: g.short for g in rubric.groups}}
    if len(rubric.groups) > 1:
        group = st.selectbox(
            f"Show the {esc(plural(rubric.terms.row.lower()))} of",
            list(titles),
            format_func=lambda t: titles[t],
            key="trend-group",
        )
    else:
        group = rubric.groups[0].title
    st.plotly_chart(
        trend_chart(found, dimension, group or None),
        config={"displayModeBar": False},
        key="trend-chart",
        alt=trend_summary(found, dimension, group or None),
    )
    chart_as_table(trend_table(found, dimension, group or None))


def baseline_and_follow_up() -> None:
    st.markdown("#### Baseline and follow-up")
    if len(sessions) < 2:
        st.caption("Needs two sessions of the series.")
        return
    by_code = {s.info.code: s for s in sessions}
    codes = list(by_code)
    left, right = st.columns(2)
    with left:
        first = st.selectbox(
            "Baseline", codes, index=0, format_func=lambda c: label(by_code[c].info), key="baseline"
        )
    with right:
        last = st.selectbox(
            "Follow-up",
            codes,
            index=len(codes) - 1,
            format_func=lambda c: label(by_code[c].info),
            key="follow-up",
        )
    baseline, follow_up = by_code[first], by_code[last]
    if baseline.info.held_on > follow_up.info.held_on:
        st.warning("The baseline is later than the follow-up: the changes below read backwards in time.")
    chart, moved = st.columns([1, 1], gap="medium")
    with chart:
        earlier = comparable(follow_up.rubric, baseline.ratings())
        named = f"baseline {baseline.info.held_on:%d %b %Y}"
        figure = attempt(
            radar,
            follow_up.rubric,
            follow_up.ratings(),
            previous=earlier,
            targets=targets,
            previous_name=named,
            size=chart_size(),
        ).value
        if figure is not None:
            summary = radar_summary(follow_up.rubric, follow_up.ratings())
            st.plotly_chart(figure, config={"displayModeBar": False}, key="overlay-radar", alt=summary)
            chart_as_table(
                radar_table(follow_up.rubric, follow_up.ratings(), earlier, targets=targets, previous_name=named)
            )
        st.caption("Grey dotted: the baseline. Coloured: the follow-up. Black dashed: the targets, if set.")
    moves = attempt(what_moved, baseline, follow_up).value or []
    with moved:
        tally = counts(moves)
        metrics = st.columns(3)
        for column, direction in zip(metrics, list(tally)[:3], strict=True):
            column.metric(direction.value.capitalize(), tally[direction])
        if not moves:
            st.info("No row is rated in either session yet.")
            return
    # Below the chart, the width of the page: its evidence columns need the room.
    lines = moved_lines(moves, follow_up.rubric)
    columns = {**MOVED_COLUMNS, "row": follow_up.rubric.terms.row}
    st.dataframe(
        lines,
        hide_index=True,
        column_order=list(columns),
        column_config={
            k: st.column_config.TextColumn(v, width=300 if "evidence" in k else 130)
            for k, v in columns.items()
        },
        row_height=84,
        height=min(620, 40 + 84 * len(lines)),
        key="what-moved",
    )


def actions_and_rows() -> None:
    st.markdown("#### Actions and the rows they were meant to move")
    threads = attempt(store().carry_over.threads, code).value
    if not threads:
        st.caption("No action items in this series yet: add them on the Action plan page.")
        return
    st.caption(
        "Each action beside the rows it names: the level when the action was added and at the session "
        "that last reviewed it, so the team sees whether its actions moved its ratings."
    )
    dimension = choose_dimension("actions")
    lines = attempt(actions_beside_rows, sessions, threads, dimension).value or []
    columns = {**ACTION_COLUMNS, "row": rubric.terms.row}
    st.dataframe(
        lines,
        hide_index=True,
        column_order=list(columns),
        column_config={
            k: st.column_config.TextColumn(v, width=300 if k in ("what", "history") else 130)
            for k, v in columns.items()
        },
        row_height=84,
        height=min(620, 40 + 84 * len(lines)),
        key="actions-moved",
    )


def target_editor(scope: str, key: str) -> None:
    """A grid of target levels; a change is saved at once."""
    grid = target_grid(rubric, targets, scope)
    options = [NO_TARGET, *(level.name for level in rubric.levels)]
    term = rubric.terms.group if scope == GROUP else rubric.terms.row
    config = {"id": None, "name": st.column_config.TextColumn(term, disabled=True, width=220)}
    config.update(
        {
            d: st.column_config.SelectboxColumn(name, options=options, required=True, width=220)
            for d, name in dimensions.items()
        }
    )
    version = hash(tuple(sorted(targets.rows.items())) + tuple(sorted(targets.groups.items())))
    edited = st.data_editor(
        grid,
        column_config=config,
        hide_index=True,
        num_rows="fixed",
        key=f"targets-{scope}-{version}",
        height=min(640, 40 + 38 * len(grid)),
    )
    changes = attempt(grid_changes, rubric, targets, scope, edited).value
    if changes:
        saved = attempt(
            store().targets.set_many, code, key, changes, actor=opened.info.facilitator
        ).value
        if saved is not None:
            st.session_state["target-saved"] = True  # a toast before a rerun is lost with it
            st.rerun()


def targets_and_reviews() -> None:
    st.markdown("#### Targets and review schedule")
    if st.session_state.pop("target-saved", False):
        st.toast("Target saved.", icon=":material/check:")
    st.caption(
        "Targets are the levels the team means to reach (SIPR's fidelity benchmarks). They belong to "
        "this team's series on this continuum, so every later session shows them too."
    )
    schedule = record.schedule if record is not None else []
    upcoming = next_review(schedule, [s.info.held_on for s in sessions])
    if upcoming:
        st.markdown(
            f"**Next review:** {upcoming.due_on:%d %B %Y}"
            + (f" — {esc(upcoming.note)}" if upcoming.note else "")
        )
    key = facilitator_key(code)
    if not holds_key(code, key):
        if targets:
            st.dataframe(
                target_grid(rubric, targets, ROW), hide_index=True, column_order=["name", *dimensions]
            )
        st.info(
            "Only the facilitator sets targets and review dates: open the Rate page and enter the "
            "facilitator key, then come back here.",
            icon=":material/lock:",
        )
        return
    groups, rows = st.tabs([f"Per {esc(rubric.terms.group.lower())}", f"Per {esc(rubric.terms.row.lower())}"])
    with groups:
        target_editor(GROUP, key)
    with rows:
        st.caption(
            f"A {esc(rubric.terms.row.lower())} without its own target takes its "
            f"{esc(rubric.terms.group.lower())}'s."
        )
        target_editor(ROW, key)
    st.markdown("##### Review dates")
    for review in schedule:
        line, remove = st.columns([4, 1])
        line.markdown(f"{review.due_on:%d %B %Y}" + (f" — {esc(review.note)}" if review.note else ""))
        if remove.button("Remove", key=f"remove-review-{review.due_on}"):
            if attempt(store().targets.remove_review, code, key, review.due_on).ok:
                st.rerun()
    # The notes as this page showed them before: a note set in another window since is not replaced unseen.
    seen = st.session_state.get("reviews-shown", {})
    st.session_state["reviews-shown"] = {r.due_on.isoformat(): r.note for r in schedule}
    generation = st.session_state.setdefault("review-form", 0)
    with st.form(f"add-review-{generation}", border=False):
        day, note = st.columns([1, 2])
        due_on = day.date_input(
            "Review date", value=datetime.date.today() + datetime.timedelta(days=90), format="YYYY-MM-DD"
        )
        text = note.text_input("Note (optional)", max_chars=500)
        if st.form_submit_button("Add review date", icon=":material/event:"):
            shown = seen.get(due_on.isoformat(), "")
            actor = opened.info.facilitator
            if attempt(store().targets.add_review, code, key, due_on, text, actor=actor, expected=shown).ok:
                st.session_state["review-form"] = generation + 1  # an empty form for the next date
                st.rerun()


over_time()
baseline_and_follow_up()
actions_and_rows()
targets_and_reviews()
