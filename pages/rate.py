"""Rate: the continuum group by group; a slider, evidence and next steps for every row, saved as you go.

Each row, the progress bar, the group picker and the radar is a fragment: a change in a row is saved by
its callback, then only that row reruns and, when its rating changed, the parts that show ratings. They
draw the session as the page last read it plus what this tab saved since (the store returns each saved
entry); another device's changes show at the next full run (opening the page, another group, Guided).
"""

import html
from dataclasses import replace

import streamlit as st

from pages.common import (
    attempt,
    attempt_quietly,
    chart_as_table,
    chart_size,
    esc,
    level_cards,
    need_facilitator,
    need_session,
    store,
    through_app,
)
from sipr_core import (
    SHORT_CONTINUUM,
    Cell,
    Group,
    Row,
    Scorecard,
    Session,
    guided_order,
    guided_question,
    plural,
    radar,
    radar_summary,
    radar_table,
    reflection_prompts,
    score,
    suggest_level,
)

through_app()

NOT_RATED = "__not_rated__"
# (Comments, not docstrings: Streamlit would show a bare string of a page script on the page.)
# The session as the page last read it, with the entries this tab saved since: what the fragments draw.
VIEW = "rate:view"

session = need_session(with_votes=False)  # the Rate page shows no individual votes
db = store()
key = need_facilitator(session)
st.session_state[VIEW] = session
rubric, info = session.rubric, session.info
code, actor = info.code, info.facilitator
dimensions = rubric.dimension_ids()
groups = rubric.groups
# The fragments that show ratings: they rerun with the row whose rating changed, before it, radar first:
# the room watches the chart, and the moved slider already shows its level.
RATINGS_SHOWN = ["radar", "progress", *(["groups"] if len(groups) > 1 else [])]


# Per widget, the stored value it was last set from or saved: one entry, not a key per widget as in
# pages.common.sync, because Streamlit walks every key of the session state for each text area it draws.
SYNCED = "rate:synced"


def mark_synced(widget: str, version: object) -> None:
    """After this tab saved a widget's value: the widget already shows it, so sync() leaves it alone."""
    st.session_state.setdefault(SYNCED, {})[widget] = version


def sync(widget: str, value: object, version: object) -> None:
    """Set a widget's value from the store when the stored value changed (another tab, an undo)."""
    synced = st.session_state.setdefault(SYNCED, {})
    # A widget that was not shown on the last run has lost its state: set it again.
    if synced.get(widget, SYNCED) != version or widget not in st.session_state:
        st.session_state[widget] = value
        synced[widget] = version


def current() -> Session:
    """The session as the page last read it, with what this tab saved since."""
    view = st.session_state.get(VIEW)
    return view if isinstance(view, Session) and view.info.code == code else session


SCORED = "rate:scored"


def scorecard() -> Scorecard:
    """The score of the ratings shown: once per change, for the progress bar and the group picker."""
    view = current()
    scored = st.session_state.get(SCORED)
    if scored is not None and scored[0] is view:
        return scored[1]
    card = score(rubric, view.ratings())
    st.session_state[SCORED] = (view, card)
    return card


def save(row_id: str, dimension: str, shown_at: str = "", **fields: object) -> bool:
    """Save through the store; the fragments then show the entry as stored. A problem is shown in the row,
    or under the widget named by ``shown_at``."""
    saved = attempt_quietly(db.entries.set, code, key, row_id, dimension, actor=actor, **fields)
    if saved.value is None:
        st.session_state[f"problem:{shown_at or row_id}"] = saved.problem
        return False
    view = current()
    st.session_state[VIEW] = replace(view, entries={**view.entries, (row_id, dimension): saved.value})
    return True


def on_level(row_id: str, dimension: str) -> None:
    widget = f"level:{row_id}:{dimension}"
    level = None if st.session_state[widget] == NOT_RATED else st.session_state[widget]
    if save(row_id, dimension, level=level):
        mark_synced(widget, level)
        st.rerun([*RATINGS_SHOWN, f"row:{row_id}"])
    else:  # the slider shows what is saved, beside the message saying the move was not
        st.session_state[widget] = current().entry(row_id, dimension).rating.level or NOT_RATED


def on_not_applicable(row_id: str, dimension: str) -> None:
    widget = f"na:{row_id}:{dimension}"
    if save(row_id, dimension, not_applicable=st.session_state[widget]):
        mark_synced(widget, st.session_state[widget])
        st.rerun([*RATINGS_SHOWN, f"row:{row_id}"])
    else:
        st.session_state[widget] = current().entry(row_id, dimension).rating.not_applicable


def on_text(row_id: str, dimension: str, field: str) -> None:
    widget = f"{field}:{row_id}:{dimension}"
    synced = st.session_state.get(SYNCED, {})
    # The text this box last showed from the store: another window's change since then is not overwritten.
    expected = {field: synced[widget]} if widget in synced else None
    if save(row_id, dimension, shown_at=widget, expected=expected, **{field: st.session_state[widget]}):
        mark_synced(widget, st.session_state[widget])
        return
    fresh = attempt_quietly(db.sessions.load, code, with_votes=False).value
    if fresh is not None:  # the row now shows the other window's change; this box keeps its text
        stored = fresh.entry(row_id, dimension)
        mark_synced(widget, getattr(stored, field))
        view = current()
        st.session_state[VIEW] = replace(view, entries={**view.entries, (row_id, dimension): stored})


def on_tick(row_id: str, dimension: str, count: int) -> None:
    widgets = [f"tick:{row_id}:{dimension}:{i}" for i in range(count)]
    ticked = [i for i, widget in enumerate(widgets) if st.session_state.get(widget)]
    if save(row_id, dimension, ticked=ticked):
        for i, widget in enumerate(widgets):
            mark_synced(widget, i in ticked)
    else:
        saved = current().entry(row_id, dimension).rating.ticked
        for i, widget in enumerate(widgets):
            st.session_state[widget] = i in saved


def on_reflection(row_id: str, prompt: str, widget: str) -> None:
    answer = st.session_state[widget]
    # The answer this box last showed from the store: another window's change since then is not overwritten.
    expected = st.session_state.get(SYNCED, {}).get(widget)
    outcome = attempt_quietly(
        db.entries.set_reflection, code, key, row_id, prompt, answer, actor=actor, expected=expected
    )
    saved = outcome.value
    if saved is None:
        st.session_state[f"problem:{widget}"] = outcome.problem
        fresh = attempt_quietly(db.sessions.load, code, with_votes=False).value
        if fresh is not None:  # the page now knows the other window's answer; this box keeps its text
            stored = fresh.reflections.get((row_id, prompt))
            mark_synced(widget, fresh.answer(row_id, prompt))
            view = current()
            if stored is not None:
                answers = {**view.reflections, (row_id, prompt): stored}
                st.session_state[VIEW] = replace(view, reflections=answers)
        return
    mark_synced(widget, answer)
    view = current()
    st.session_state[VIEW] = replace(view, reflections={**view.reflections, (row_id, prompt): saved})


def show_group() -> None:
    st.rerun()  # another group's rows: the whole page


def level_name(level_id: str) -> str:
    return "Not rated" if level_id == NOT_RATED else rubric.level(level_id).name


def problem(place: str) -> None:
    """The message of a change not saved: in a row (its id), a text box (its key) or, for "", the page."""
    message = st.session_state.pop(f"problem:{place}", None)
    if message:
        st.error(message, icon=":material/error:")


def criteria_checklist(row: Row, dimension: str, cell: Cell, view: Session) -> None:
    criteria = cell.criteria or []
    rating = view.entry(row.id, dimension).rating
    st.markdown("**Acceptable criteria:** tick each one that holds.")
    for i, criterion in enumerate(criteria):
        widget = f"tick:{row.id}:{dimension}:{i}"
        sync(widget, i in rating.ticked, i in rating.ticked)
        st.checkbox(
            esc(criterion), key=widget, on_change=on_tick, args=(row.id, dimension, len(criteria)), wrap=True
        )
    suggested = suggest_level(rubric, cell, rating.ticked)
    if suggested is not None and not rating.ticked:
        st.caption("Tick the criteria that hold to see a suggested level.")
    elif suggested is not None:
        st.info(
            f"{len(rating.ticked)} of {len(criteria)} criteria hold: suggested level **{esc(suggested.name)}**."
        )
        if rating.level != suggested.id and st.button(
            f"Use {esc(suggested.name)}", key=f"use:{row.id}:{dimension}", icon=":material/check:"
        ):
            save(row.id, dimension, level=suggested.id)
            st.rerun()


def guided(row: Row, dimension: str, cell: Cell) -> None:
    """The toolkit's protocol: start at the highest level and move down until one fits."""
    step_key = f"guided:{row.id}:{dimension}"
    order = guided_order(rubric)
    step = st.session_state.get(step_key, 0)
    if step >= len(order):
        st.warning("No level fits yet: the row stays not rated. Start again when the team is ready.")
        if st.button("Start again", key=f"restart:{row.id}:{dimension}"):
            st.session_state[step_key] = 0
            st.rerun()
        return
    level = order[step]
    text = cell.describe(level)
    st.markdown(f"**{esc(level.name)}** — {guided_question(info.building_team)}")
    st.html(f"<div style='font-size:1.25rem;padding:0.6rem 0'>{html.escape(text)}</div>")
    yes, no = st.columns(2)
    if yes.button(
        "Yes, this fits", key=f"fits:{row.id}:{dimension}", type="primary", icon=":material/check:"
    ):
        save(row.id, dimension, level=level.id)
        st.session_state[step_key] = 0
        st.rerun()
    if no.button(
        "No, show the level below", key=f"below:{row.id}:{dimension}", icon=":material/arrow_downward:"
    ):
        st.session_state[step_key] = step + 1
        st.rerun()


def rate_cell(row: Row, dimension: str, guided_mode: bool, view: Session) -> None:
    cell = row.cells()[dimension]
    entry = view.entry(row.id, dimension)
    rating = entry.rating
    if len(dimensions) > 1:
        dim = rubric.dimension(dimension)
        st.markdown(f"##### {esc(dim.name)}" + (f" · {esc(dim.description)}" if dim.description else ""))
    if cell.text:
        st.markdown(esc(cell.text))
    if cell.criteria:
        criteria_checklist(row, dimension, cell, view)
    if cell.descriptors and guided_mode and rating.level is None and not rating.not_applicable:
        guided(row, dimension, cell)
    elif cell.descriptors:
        st.html(level_cards(rubric, cell, rating.level))
    narrow = len(dimensions) > 1
    slider, na = (
        (st.container(), st.container()) if narrow else st.columns([4, 1], vertical_alignment="bottom")
    )
    level_widget, na_widget = f"level:{row.id}:{dimension}", f"na:{row.id}:{dimension}"
    sync(level_widget, rating.level or NOT_RATED, rating.level)
    sync(na_widget, rating.not_applicable, rating.not_applicable)
    slider.select_slider(
        "Level",
        options=[NOT_RATED, *rubric.scale_ids()],
        format_func=lambda level_id: esc(level_name(level_id)),
        key=level_widget,
        on_change=on_level,
        args=(row.id, dimension),
        disabled=rating.not_applicable,
    )
    na.checkbox("Not applicable", key=na_widget, on_change=on_not_applicable, args=(row.id, dimension))
    # Side by side where there is room, so a row's level texts and slider fit in one screen with its notes.
    boxes = (st.container(), st.container()) if narrow else st.columns(2)
    for box, (field, label, hint) in zip(boxes, (
        ("evidence", "Evidence", "What do we see that supports this rating?"),
        ("next_steps", "Next steps", "What will we do to move up a level?"),
    ), strict=True):
        widget = f"{field}:{row.id}:{dimension}"
        stored = getattr(entry, field)
        sync(widget, stored, stored)
        with box:
            st.text_area(
                label, key=widget, placeholder=hint, height=90, on_change=on_text, args=(row.id, dimension, field)
            )
            problem(widget)


def reflections(row_id: str, prompts: list[str], view: Session) -> None:
    for i, prompt in enumerate(prompts):
        widget = f"reflect:{row_id}:{i}"
        stored = view.answer(row_id, prompt)
        sync(widget, stored, stored)
        st.text_area(
            esc(prompt), key=widget, height=80, on_change=on_reflection, args=(row_id, prompt, widget)
        )
        problem(widget)


# --- the parts of the page that rerun on their own -------------------------------------------


def row_panel(row: Row, guided_mode: bool, prompts: list[str]) -> None:
    view = current()
    with st.container(border=True, key=f"row-{row.id}"):
        heading = row.title if not row.subgroup else f"{rubric.terms.row} {row.id}"
        st.markdown(f"### {esc(heading)}")
        problem(row.id)
        if len(dimensions) > 1:
            for column, dimension in zip(st.columns(len(dimensions)), dimensions, strict=True):
                with column:
                    rate_cell(row, dimension, guided_mode, view)
        else:
            rate_cell(row, dimensions[0], guided_mode, view)
        if prompts:
            with st.expander("Reflection"):
                reflections(row.id, prompts, view)


def progress_bar() -> None:
    card = scorecard()
    row = rubric.terms.row.lower()
    row_word = esc(row if card.rows_total == 1 else plural(row))
    st.progress(
        card.rows_rated / card.rows_total, text=f"**{card.rows_rated} of {card.rows_total} {row_word} rated**"
    )


def group_picker() -> int:
    card = scorecard()

    def group_label(i: int) -> str:
        return esc(f"{groups[i].short} ({card.group_rows_rated[groups[i].id]}/{len(groups[i].rows)})")

    chosen = st.segmented_control(
        esc(rubric.terms.group),
        range(len(groups)),
        format_func=group_label,
        key="group",
        required=True,
        default=0,
        on_change=show_group,
    )
    return chosen or 0


def radar_panel(group: Group) -> None:
    long_rubric = rubric.row_count() > SHORT_CONTINUUM
    ratings, earlier = current().ratings(), previous.ratings() if previous else None
    shown = group.id if long_rubric else None
    figure = radar(
        rubric, ratings, earlier, group_id=shown, title=group.short if long_rubric else None, size=chart_size()
    )
    summary = radar_summary(rubric, ratings, shown)
    st.plotly_chart(figure, key="radar", config={"displayModeBar": False}, alt=summary)
    chart_as_table(radar_table(rubric, ratings, earlier, shown))
    if previous:
        st.caption(f"Grey dotted: the previous session of this series ({previous.info.held_on:%d %B %Y}).")


def whole_continuum(prompts: list[str]) -> None:
    problem("")
    reflections("", prompts, current())


# --- the page ------------------------------------------------------------------------------

top = st.columns([3, 2], vertical_alignment="bottom")
with top[0]:
    with st.container(key="page-title"):
        st.markdown(f"# {esc(rubric.short)}")
    st.caption(f"{esc(info.place)} · {esc(info.team)} · {info.held_on:%d %B %Y} · join code **{code}**")
with top[1]:
    st.fragment(progress_bar, key="progress")()

controls = st.columns([3, 2])
group_index = 0
if len(groups) > 1:
    with controls[0]:
        group_index = st.fragment(group_picker, key="groups")()
guided_mode = controls[1].toggle(
    "Guided: start from the highest level and move down",
    key="guided-mode",
    help="The toolkit's protocol: read the highest level first and ask whether it describes your district.",
)
group = groups[group_index]

prompts = reflection_prompts(rubric)
previous = attempt(db.sessions.previous, code).value
rows_col, chart_col = st.columns([5, 3], gap="medium")  # the rows wide: level texts and slider in one screen
with rows_col:
    if len(groups) > 1:
        st.markdown(f"### {esc(group.title)}")
    if group.description:
        st.markdown(esc(group.description))
    subgroup_titles = {s.id: s.title for s in group.subgroups}
    shown_subgroup = None
    for row in group.rows:
        if row.subgroup and row.subgroup != shown_subgroup:
            shown_subgroup = row.subgroup
            st.markdown(f"#### {esc(rubric.terms.subgroup)}: {esc(subgroup_titles[row.subgroup])}")
        st.fragment(row_panel, key=f"row:{row.id}")(row, guided_mode, prompts)

st.html(
    "<style>"
    "[data-testid=stHorizontalBlock]:has(.st-key-radar-panel) {align-items: stretch;}"
    "[data-testid=stColumn]:has(.st-key-radar-panel) > [data-testid=stVerticalBlock] {height: 100%;}"
    "[data-testid=stLayoutWrapper]:has(> .st-key-radar-panel) {position: sticky; top: 4.5rem; z-index: 2;}"
    "</style>"
)
with chart_col, st.container(key="radar-panel"):
    st.fragment(radar_panel, key="radar")(group)

if prompts:
    st.divider()
    st.markdown("### Reflection on the whole continuum")
    st.fragment(whole_continuum)(prompts)
