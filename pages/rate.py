"""Rate: the continuum group by group; a slider, evidence and next steps for every row, saved as you go."""

import streamlit as st

from pages.common import (
    attempt,
    esc,
    level_cards,
    library,
    mark_synced,
    need_facilitator,
    need_session,
    store,
    sync,
    through_app,
)
from sipr_core.charts import SHORT_CONTINUUM, radar
from sipr_core.facilitation import GUIDED_QUESTION, guided_order, reflection_prompts
from sipr_core.rubric import Cell, Row
from sipr_core.scoring import score, suggest_level
from sipr_core.session import Session

through_app()

NOT_RATED = "__not_rated__"

session = need_session(with_votes=False)  # the Rate page shows no individual votes
key = need_facilitator(session)
rubric, info = session.rubric, session.info
code, actor = info.code, info.facilitator
dimensions = rubric.dimension_ids()


def save(row_id: str, dimension: str, **fields: object) -> bool:
    return attempt(store().set_entry, code, key, row_id, dimension, actor=actor, **fields) is not None


def on_level(row_id: str, dimension: str) -> None:
    widget = f"level:{row_id}:{dimension}"
    level = None if st.session_state[widget] == NOT_RATED else st.session_state[widget]
    if save(row_id, dimension, level=level):
        mark_synced(widget, level)


def on_not_applicable(row_id: str, dimension: str) -> None:
    widget = f"na:{row_id}:{dimension}"
    if save(row_id, dimension, not_applicable=st.session_state[widget]):
        mark_synced(widget, st.session_state[widget])


def on_text(row_id: str, dimension: str, field: str) -> None:
    widget = f"{field}:{row_id}:{dimension}"
    if save(row_id, dimension, **{field: st.session_state[widget]}):
        mark_synced(widget, st.session_state[widget])


def on_tick(row_id: str, dimension: str, count: int) -> None:
    widgets = [f"tick:{row_id}:{dimension}:{i}" for i in range(count)]
    ticked = [i for i, widget in enumerate(widgets) if st.session_state.get(widget)]
    if save(row_id, dimension, ticked=ticked):
        for i, widget in enumerate(widgets):
            mark_synced(widget, i in ticked)


def on_reflection(row_id: str, prompt: str, widget: str) -> None:
    answer = st.session_state[widget]
    if attempt(store().set_reflection, code, key, row_id, prompt, answer, actor=actor) is not None:
        mark_synced(widget, answer)


def level_name(level_id: str) -> str:
    return "Not rated" if level_id == NOT_RATED else rubric.level(level_id).name


def criteria_checklist(row: Row, dimension: str, cell: Cell, ticked: frozenset[int]) -> None:
    criteria = cell.criteria or []
    st.markdown("**Acceptable criteria:** tick each one that holds.")
    for i, criterion in enumerate(criteria):
        widget = f"tick:{row.id}:{dimension}:{i}"
        sync(widget, i in ticked, i in ticked)
        st.checkbox(
            esc(criterion), key=widget, on_change=on_tick, args=(row.id, dimension, len(criteria)), wrap=True
        )
    suggested = suggest_level(rubric, cell, ticked)
    if suggested is not None and not ticked:
        st.caption("Tick the criteria that hold to see a suggested level.")
    elif suggested is not None:
        st.info(f"{len(ticked)} of {len(criteria)} criteria hold: suggested level **{esc(suggested.name)}**.")
        current = session.entry(row.id, dimension).rating.level
        if current != suggested.id and st.button(
            f"Use {suggested.name}", key=f"use:{row.id}:{dimension}", icon=":material/check:"
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
    text = (cell.descriptors or {}).get(level.id) or level.meaning or ""
    st.markdown(f"**{esc(level.name)}** — {GUIDED_QUESTION}")
    st.markdown(f"<div style='font-size:1.25rem;padding:0.6rem 0'>{esc(text)}</div>", unsafe_allow_html=True)
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


def rate_cell(row: Row, dimension: str, guided_mode: bool) -> None:
    cell = row.cells()[dimension]
    entry = session.entry(row.id, dimension)
    rating = entry.rating
    if len(dimensions) > 1:
        dim = rubric.dimension(dimension)
        st.markdown(f"##### {esc(dim.name)}" + (f" · {esc(dim.description)}" if dim.description else ""))
    if cell.text:
        st.markdown(esc(cell.text))
    if cell.criteria:
        criteria_checklist(row, dimension, cell, rating.ticked)
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
        options=[NOT_RATED, *rubric.level_ids()],
        format_func=level_name,
        key=level_widget,
        on_change=on_level,
        args=(row.id, dimension),
        disabled=rating.not_applicable,
    )
    na.checkbox("Not applicable", key=na_widget, on_change=on_not_applicable, args=(row.id, dimension))
    for field, label, hint in (
        ("evidence", "Evidence", "What do we see that supports this rating?"),
        ("next_steps", "Next steps", "What will we do to move up a level?"),
    ):
        widget = f"{field}:{row.id}:{dimension}"
        stored = getattr(entry, field)
        sync(widget, stored, stored)
        st.text_area(
            label, key=widget, placeholder=hint, height=90, on_change=on_text, args=(row.id, dimension, field)
        )


def reflections(row_id: str, prompts: list[str], current: Session) -> None:
    for i, prompt in enumerate(prompts):
        widget = f"reflect:{row_id}:{i}"
        stored = current.answer(row_id, prompt)
        sync(widget, stored, stored)
        st.text_area(prompt, key=widget, height=80, on_change=on_reflection, args=(row_id, prompt, widget))


# --- the page ------------------------------------------------------------------------------

card = score(rubric, session.ratings())
top = st.columns([3, 2], vertical_alignment="bottom")
with top[0]:
    st.markdown(f"## {esc(rubric.short)}")
    st.caption(f"{esc(info.place)} · {esc(info.team)} · {info.held_on:%d %B %Y} · join code **{code}**")
with top[1]:
    row_word = rubric.terms.row.lower() + ("s" if card.rows_total != 1 else "")
    st.progress(
        card.rows_rated / card.rows_total, text=f"**{card.rows_rated} of {card.rows_total} {row_word} rated**"
    )

groups = rubric.groups
controls = st.columns([3, 2])
group_index = 0
if len(groups) > 1:

    def group_label(i: int) -> str:
        return f"{groups[i].short} ({card.group_rows_rated[groups[i].id]}/{len(groups[i].rows)})"

    group_index = (
        controls[0].segmented_control(
            rubric.terms.group,
            range(len(groups)),
            format_func=group_label,
            key="group",
            required=True,
            default=0,
        )
        or 0
    )
guided_mode = controls[1].toggle(
    "Guided: start from the highest level and move down",
    key="guided-mode",
    help="The toolkit's protocol: read the highest level first and ask whether it describes your district.",
)
group = groups[group_index]

prompts = reflection_prompts(rubric, library())
rows_col, chart_col = st.columns([3, 2], gap="large")
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
        with st.container(border=True, key=f"row-{row.id}"):
            heading = row.title if not row.subgroup else f"{rubric.terms.row} {row.id}"
            st.markdown(f"### {esc(heading)}")
            if len(dimensions) > 1:
                for column, dimension in zip(st.columns(len(dimensions)), dimensions, strict=True):
                    with column:
                        rate_cell(row, dimension, guided_mode)
            else:
                rate_cell(row, dimensions[0], guided_mode)
            if prompts:
                with st.expander("Reflection"):
                    reflections(row.id, prompts, session)

st.html(
    "<style>"
    "[data-testid=stHorizontalBlock]:has(.st-key-radar-panel) {align-items: stretch;}"
    "[data-testid=stColumn]:has(.st-key-radar-panel) > [data-testid=stVerticalBlock] {height: 100%;}"
    "[data-testid=stLayoutWrapper]:has(> .st-key-radar-panel) {position: sticky; top: 4.5rem; z-index: 2;}"
    "</style>"
)
with chart_col, st.container(key="radar-panel"):
    previous = store().previous(code)
    long_rubric = rubric.row_count() > SHORT_CONTINUUM
    figure = radar(
        rubric,
        session.ratings(),
        previous.ratings() if previous else None,
        group_id=group.id if long_rubric else None,
        title=group.short if long_rubric else None,
    )
    st.plotly_chart(figure, key="radar", config={"displayModeBar": False})
    if previous:
        st.caption(f"Grey dotted: the previous session of this series ({previous.info.held_on:%d %B %Y}).")

if prompts:
    st.divider()
    st.markdown("### Reflection on the whole continuum")
    reflections("", prompts, session)
