"""Action plan: what the team will do, about which rows, who, by when, and how far it has got.

Anyone with the join code reads it; the facilitator edits it in a table, saved on every change.
Next steps typed on the Rate page become action items with one click. On the Maintaining Balance
continuum the page also shows the toolkit's building or district action-planning template.
"""

import hashlib

import pandas as pd
import streamlit as st

from pages.carried_actions import review_carried
from pages.common import (
    attempt,
    esc,
    facilitator_key,
    holds_key,
    keep_key_cookie,
    need_facilitator,
    need_session,
    session_banner,
    store,
    through_app,
)
from sipr_core import (
    ACTION_FIELDS,
    BALANCE_RUBRIC,
    ActionItem,
    ActionStatus,
    NextStepText,
    Session,
    UnsavedChange,
    describe,
    editor_edits,
    editor_lines,
    open_next_steps,
    row_label,
    template,
    templates_side_by_side,
    unsaved_changes,
)

through_app()
session = need_session()
session_banner(session)
rubric, info = session.rubric, session.info
code, actor = info.code, info.facilitator
held = facilitator_key(code)
key = held if holds_key(code, held) else None
RESET = f"actions-reset:{code}"
# Changes made in the table but refused (the item changed elsewhere): {item id: {field: value}}.
UNSAVED = f"actions-unsaved:{code}"


def editor_key(items: list[ActionItem]) -> str:
    """A new key whenever the stored plan changes, so the table shows exactly what is saved."""
    stamp = "|".join(f"{i.id}:{i.updated_at}" for i in items) + f"|{st.session_state.get(RESET, 0)}"
    return f"actions:{code}:{hashlib.sha1(stamp.encode()).hexdigest()[:12]}"


def on_edit(widget: str, items: list[ActionItem]) -> None:
    """Save the table's edit as it is made; on failure, show the saved plan, with the changes kept below it."""
    edits = editor_edits(items, st.session_state[widget])
    if not edits:
        return
    kept = st.session_state.setdefault(UNSAVED, {})
    if attempt(store().actions.edit, code, key, edits, actor=actor).ok:
        for item_id, fields in edits.changed.items():  # saved now: no longer waiting below the table
            kept[item_id] = {k: v for k, v in kept.get(item_id, {}).items() if k not in fields}
        return
    st.session_state[RESET] = st.session_state.get(RESET, 0) + 1
    for item_id, fields in edits.changed.items():
        kept[item_id] = {**kept.get(item_id, {}), **fields}


def on_use_mine(change: UnsavedChange) -> None:
    """Save the facilitator's change over what was saved when the page showed both."""
    if attempt(store().actions.edit, code, key, change.edits(), actor=actor).ok:
        on_keep_saved(change)


def on_keep_saved(change: UnsavedChange) -> None:
    st.session_state.get(UNSAVED, {}).pop(change.item.id, None)


def said(text: str) -> str:
    return f"“{esc(text)}”" if text else "empty"


def unsaved_changes_panel(items: list[ActionItem]) -> None:
    """Changes refused because the item changed elsewhere: each beside what is saved now, to choose."""
    changes = unsaved_changes(rubric, items, st.session_state.get(UNSAVED, {}))
    if not changes:
        st.session_state.pop(UNSAVED, None)
        return
    st.markdown("#### Not saved: your changes")
    st.caption("Someone changed these items in another window. Keep yours or the saved one.")
    headings = {"what": "What we will do", "row_ids": f"{rubric.terms.row}(s)", "due": "Due"}
    for change in changes:
        with st.container(border=True, key=f"unsaved-{change.item.id}"):
            st.markdown(f"**{said(change.item.what)}**")
            for name, mine, saved in change.lines(rubric):
                heading = headings.get(name, name.title())
                st.markdown(f"**{heading}**: yours {said(mine)}, saved {said(saved)}")
            use, drop = st.columns(2)
            use.button(
                "Use mine", key=f"mine:{change.item.id}", type="primary", on_click=on_use_mine, args=(change,)
            )
            drop.button(
                "Keep the saved one", key=f"saved:{change.item.id}", on_click=on_keep_saved, args=(change,)
            )


def on_take(step: NextStepText) -> None:
    attempt(
        store().actions.add, code, key, actor=actor, source=step.source, what=step.text, row_ids=[step.row_id]
    )


def editable_plan(items: list[ActionItem]) -> None:
    widget = editor_key(items)
    frame = pd.DataFrame(editor_lines(items), columns=list(ACTION_FIELDS))
    frame["due"] = pd.to_datetime(frame["due"]).dt.date
    if any(i.adopted for i in items):  # a district team's items adopted from its schools' plans name where they came from
        frame["from"] = [i.adopted.text() if i.adopted else "" for i in items]
    rows = [row.id for _, row in rubric.rows()]
    st.data_editor(
        frame,
        key=widget,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        row_height=60,
        column_config={
            "what": st.column_config.TextColumn("What we will do", width="large", max_chars=20_000),
            "row_ids": st.column_config.MultiselectColumn(
                f"{rubric.terms.row}(s)",
                options=rows,
                format_func=lambda r: row_label(rubric, r),
                width="medium",
            ),
            "owner": st.column_config.TextColumn("Owner", max_chars=200),
            "due": st.column_config.DateColumn("Due", format="YYYY-MM-DD"),
            "status": st.column_config.SelectboxColumn(
                "Status",
                options=[s.value for s in ActionStatus],
                format_func=lambda s: ActionStatus(s).label,
                default=ActionStatus.NOT_STARTED.value,
                required=True,
            ),
            "from": st.column_config.TextColumn("Where it came from", disabled=True, width="large"),
        },
        on_change=on_edit,
        args=(widget, items),
    )
    st.caption(
        "Click a cell to change it; every change is saved at once. Add a line with the + at the bottom "
        "of the table (it is saved once it says what we will do); delete one by ticking it on the left and "
        "pressing the bin."
    )


def read_only_plan(items: list[ActionItem]) -> None:
    if not items:
        st.info("No action items yet.", icon=":material/checklist:")
        return
    lines = [describe(rubric, item) for item in items]
    headings = {"what": "What we will do", "rows": f"{rubric.terms.row}(s)", "owner": "Owner", "due": "Due"}
    headings["status"] = "Status"
    if any(i.adopted for i in items):  # a district team's items adopted from its schools' plans
        headings["from"] = "Where it came from"
        for line, item in zip(lines, items, strict=True):
            line["from"] = item.adopted.text() if item.adopted else ""
    st.dataframe(
        lines,
        hide_index=True,
        column_order=list(headings),
        column_config={k: st.column_config.TextColumn(v) for k, v in headings.items()},
        row_height=60,
    )


def next_steps(items: list[ActionItem]) -> None:
    steps = open_next_steps(session, items)
    st.markdown("### Next steps from the Rate page")
    if not steps:
        st.caption("Every next step typed on the Rate page is in the action plan.")
        return
    st.caption("Turn a next step into an action item, then give it an owner and a due date in the table.")
    for step in steps:
        with st.container(border=True, key=f"step-{step.row_id}-{step.dimension}"):
            text, button = st.columns([5, 2], vertical_alignment="center")
            where = f"**{esc(step.row)}**" + (f" · {esc(step.dimension_name)}" if step.dimension_name else "")
            text.markdown(f"{where}  \n{esc(step.text)}")
            if key:
                button.button(
                    "Add to the action plan",
                    key=f"take:{step.source}",
                    icon=":material/add_task:",
                    on_click=on_take,
                    args=(step,),
                )


def building_template(items: list[ActionItem]) -> None:
    found = template(session, items)
    st.markdown("### Building action-planning template")
    st.caption(
        "Maintaining Balance, Activity 3: which building functions are in place, and which need to be "
        "created or strengthened. The district team sees this beside the other building teams' templates."
    )
    st.markdown(f"**{esc(found.tally_text())}**")
    columns = list(found.lines[0].levels) if found.lines else []
    lines = [
        {"function": line.function, **line.levels, "actions": "\n".join(line.actions)} for line in found.lines
    ]
    config = {"function": st.column_config.TextColumn(rubric.terms.row, width="medium")}
    config.update({c: st.column_config.TextColumn(c) for c in columns})
    config["actions"] = st.column_config.TextColumn("Action items", width="large")
    st.dataframe(
        lines,
        hide_index=True,
        column_config=config,
        row_height=70,
        height=40 + 70 * len(lines),
        key="building-template",
    )


def district_templates(items: list[ActionItem]) -> None:
    st.markdown("### Building teams' templates")
    st.caption(
        "Maintaining Balance, Activity 3: review the building teams' templates side by side (each "
        "function's levels, then the team's actions and evidence on it), then complete the district's own."
    )
    linked = attempt(store().templates.linked, code).value or []
    buildings = [s for s in (attempt(store().sessions.load, i.code).value for i in linked) if s is not None]
    plans = {b.info.id: attempt(store().actions.items, b.info.code).value or [] for b in buildings}
    if key:
        with st.form("link-template", clear_on_submit=True):
            typed = st.text_input(
                "Add a building team's template by its join code",
                placeholder="e.g. 7KQ-M2X-9RD",
                max_chars=40,
            )
            if st.form_submit_button("Add", icon=":material/add:"):
                if attempt(store().templates.link, code, key, typed, actor=actor).ok:
                    st.rerun()
    if not buildings:
        st.info(
            "No building team's template is here yet. Each building team rates this continuum in its own "
            "session (with its school filled in) and gives the district team its join code.",
            icon=":material/domain:",
        )
        return
    table = templates_side_by_side(session, buildings, {info.id: items, **plans})
    # The table's cells show no line breaks: a dash between a team's levels, actions and evidence instead.
    lines = [{k: v.replace("\n", " — ") for k, v in line.items()} for line in table.lines]
    widths = {k: "medium" if k == "function" else "large" for k in table.columns}
    st.dataframe(
        lines,
        hide_index=True,
        column_order=list(table.columns),
        column_config={k: st.column_config.TextColumn(v, width=widths[k]) for k, v in table.columns.items()},
        row_height=110,
        height=40 + 110 * len(table.lines),
        key="side-by-side",
    )
    st.markdown("\n".join(f"- **{esc(team)}** · {esc(tally)}" for team, tally in table.tallies.items()))
    if key:
        with st.expander("Remove a building team's template from this view"):
            for building in buildings:
                b = building.info
                if st.button(f"Remove {esc(b.school)} · {esc(b.team)} ({b.code})", key=f"unlink:{b.code}"):
                    attempt(store().templates.unlink, code, key, b.code, actor=actor)
                    st.rerun()


def balance_templates(current: Session, items: list[ActionItem]) -> None:
    if current.rubric.id != BALANCE_RUBRIC:
        return
    st.divider()
    if current.info.school:
        building_template(items)
    else:
        district_templates(items)


st.markdown("## Action plan")
plan = attempt(store().actions.items, code).value
if plan is not None:
    if key:
        keep_key_cookie(code, key)
        review_carried(session, key, actor, plan)
        editable_plan(plan)
        unsaved_changes_panel(plan)
    else:
        read_only_plan(plan)
    next_steps(plan)
    balance_templates(session, plan)
if not key:
    st.divider()
    need_facilitator(session)
