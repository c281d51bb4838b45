"""Start: create a session, join one by its code, or list a facilitator's sessions."""

import datetime

import streamlit as st

from pages.common import (
    PAGES,
    attempt,
    close_code,
    esc,
    facilitator_key,
    held_key,
    holds_key,
    keep_key_cookie,
    library,
    load_session,
    open_code,
    open_typed_code,
    remember_key,
    store,
    through_app,
)
from pages.deleting import delete_button, done_message, recently_deleted
from pages.guide import facilitator_guide, readiness_panel
from pages.meeting_start import my_meetings, new_meeting_form
from sipr_core import SeriesOfKey, next_action

through_app()

st.title("Continuous-improvement facilitation")

session = load_session()
if session is not None:
    info = session.info
    with st.container(border=True):
        st.markdown(f"#### Open session: {esc(session.rubric.title)}")
        st.markdown(f"{esc(info.place)} · {esc(info.team)} · {info.held_on:%d %B %Y}")
        st.markdown(f"Join code: **{info.code}**")
        held = facilitator_key(info.code)
        facilitating = holds_key(info.code, held)
        if held and facilitating:
            keep_key_cookie(info.code, held)
        imported = st.session_state.pop("imported", None)
        if imported:
            st.success(esc(imported), icon=":material/upload_file:")
        created = st.session_state.pop("new-key", None)
        if created == "reused":
            st.success(
                "Session created with the facilitator key of your earlier sessions in this browser.",
                icon=":material/key:",
            )
        elif created:
            st.success(
                "Session created. This browser keeps its facilitator key. Open **Facilitator key** below, "
                "away from the projector, and write it down: it lets you change ratings from another device "
                "and lists your sessions here later.",
                icon=":material/key:",
            )
        if held and facilitating:
            with st.expander("Facilitator key (keep it private)", icon=":material/key:"):
                st.code(held, language=None)
                st.caption(
                    "Anyone who has this key can change the ratings: do not show it on the projector. "
                    "Type it under **My sessions**, or when you create a session, to keep your sessions together."
                )
        if held and facilitating:
            board = attempt(store().voting.board, info.code, held).value
            if board is not None and board.round is not None:  # a meeting under way: its next action
                step = next_action(session.rubric, board, session.entries)
                ahead, go = st.columns([4, 1], vertical_alignment="center")
                ahead.markdown(f"**Next in the meeting:** {esc(step.words)}")
                go.page_link(PAGES["consensus"], label="Go to Consensus", icon=":material/arrow_forward:")
        if held and facilitating:
            readiness_panel(session.rubric, info.code, held)
        if held and facilitating and st.button(
            "Start a follow-up of this session",
            icon=":material/add_circle:",
            help="A new session of the same team on the same continuum: Progress then shows both.",
        ):
            st.session_state["follow-up-of"] = info.code
            st.session_state["new-continuum-id"] = info.rubric_id
            st.info("Fill in the date and press **Create session** under **Create a session** below.")
        cols = st.columns(6)
        cols[0].page_link(PAGES["rate"], label="Rate the rows", icon=":material/tune:")
        cols[1].page_link(PAGES["consensus"], label="Consensus", icon=":material/groups:")
        cols[2].page_link(PAGES["dashboard"], label="Dashboard", icon=":material/radar:")
        cols[3].page_link(PAGES["progress"], label="Progress and targets", icon=":material/trending_up:")
        cols[4].page_link(PAGES["present"], label="Present", icon=":material/present_to_all:")
        if cols[5].button("Close this session", icon=":material/close:"):
            close_code()
            st.rerun()

lib = library()
if lib.problems:
    st.warning(
        f"{len(lib.problems)} problem(s) in the rubric files: some continua are not available. "
        "The Rubrics page lists them.",
        icon=":material/warning:",
    )



def keys_held() -> set[str]:
    """The facilitator keys this browser holds: the one typed to list sessions, the open session's."""
    keys = {st.session_state.get("listing-key", "")}
    if session is not None:
        keys.add(facilitator_key(session.info.code) or "")
    return {k for k in keys if k}


def show_reminders() -> None:
    """Reviews due within two weeks, or overdue, in every series of the keys this browser holds."""
    keys = keys_held()
    today = datetime.date.today()
    due = {
        (d.series, d.review.due_on): d for k in keys for d in attempt(store().targets.reminders, k, today).value or []
    }
    if not due:
        return
    with st.container(border=True):
        st.markdown("#### :material/event: Reviews due")
        for number, item in enumerate(sorted(due.values(), key=lambda d: d.review.due_on)):
            when = f"due {item.review.due_on:%d %b %Y} (in {item.days_left} days)"
            if item.overdue:
                when = f"overdue since {item.review.due_on:%d %b %Y}"
            elif item.days_left == 0:
                when = "due today"
            note = f" — {esc(item.review.note)}" if item.review.note else ""
            text, action = st.columns([5, 1])
            text.markdown(f"**{esc(item.title)}**: {when}{note}")
            if action.button("Open", key=f"due-{number}", help="Open the latest session of this series"):
                open_code(item.latest_code)
                st.rerun()


def show_overdue() -> None:
    """Actions past their due date, neither done nor dropped, in every series of the keys held here."""
    today = datetime.date.today()
    found = {
        (info.code, item.id): (info, item)
        for k in keys_held()
        for info, item in attempt(store().carry_over.overdue_for_key, k, today).value or []
    }
    if not found:
        return
    with st.container(border=True, key="overdue-start"):
        st.markdown("#### :material/alarm: Actions overdue")
        ordered = sorted(found.values(), key=lambda pair: (pair[1].due or today, pair[0].held_on))
        for number, (info, item) in enumerate(ordered):
            owner = f" · {esc(item.owner)}" if item.owner else ""
            text, action = st.columns([5, 1])
            text.markdown(
                f"**{esc(item.what)}**{owner} · overdue since {item.due:%d %b %Y}  \n"
                f"{esc(info.place)} · {esc(info.team)} ({info.code})"
            )
            if action.button("Open", key=f"overdue-{number}", help="Open the session this action is in"):
                open_code(info.code)
                st.rerun()


show_reminders()
show_overdue()

create, agenda, join, mine, bring = st.tabs(
    ["Create a session", "Meeting with an agenda", "Join by code", "My sessions", "Bring in a session file"]
)

def series_label(held: SeriesOfKey) -> str:
    latest = held.latest
    many = f"{held.sessions} sessions" if held.sessions != 1 else "1 session"
    return f"Follow-up: {latest.place} · {latest.team} ({many}, the last on {latest.held_on:%d %b %Y})"


with create:
    rubrics = list(lib.rubrics.values())
    wanted_id = st.session_state.pop("new-continuum-id", None)
    if wanted_id is not None and wanted_id in lib.rubrics:
        st.session_state["new-continuum"] = list(lib.rubrics).index(wanted_id)
    choice = st.selectbox(
        "Continuum", range(len(rubrics)), format_func=lambda i: rubrics[i].title, key="new-continuum"
    )
    chosen = rubrics[choice] if choice is not None else None
    # A key typed in the form, else the one this browser holds (the open session's, or the one all its
    # sessions share), so a facilitator's sessions stay together without retyping it.
    browser_key = (facilitator_key(session.info.code) if session is not None else None) or held_key()
    own_series = [
        s
        for s in (attempt(store().sessions.series_for_key, browser_key).value or [] if browser_key else [])
        if chosen is not None and s.latest.rubric_id == chosen.id
    ]
    follow = st.session_state.get("follow-up-of")
    series_codes = ["", *(s.latest.code for s in own_series)]
    labels = {"": "A new series (the first session of this team on this continuum)"}
    labels.update({s.latest.code: series_label(s) for s in own_series})
    if chosen is not None:
        source = chosen.source
        st.caption(" · ".join(esc(p) for p in (source.document, source.part, source.edition) if p))
        if chosen.description:
            st.markdown(esc(chosen.description))
        facilitator_guide(chosen)
    with st.form("create-session"):
        left, right = st.columns(2)
        district = left.text_input("District", placeholder="e.g. Riverside Public Schools")
        school = right.text_input("School (optional)", placeholder="Leave empty for a district team")
        team = left.text_input("Team", placeholder="e.g. District continuous improvement team")
        facilitator = right.text_input("Facilitator (your name)")
        held_on = left.date_input("Date", value=datetime.date.today(), format="YYYY-MM-DD")
        key = right.text_input(
            "Your facilitator key (optional)",
            type="password",
            help="Use the key of your earlier sessions to keep them together. Left empty, the session gets "
            "the key this browser already holds, or a new one made for you. A key you make up yourself "
            "must be hard to guess: about 25 random letters and digits, or six or more unrelated words.",
        )
        follow_up_of = st.selectbox(
            "Series",
            series_codes,
            index=series_codes.index(follow) if follow in series_codes else 0,
            format_func=lambda c: labels[c],
            help="A follow-up continues a series your facilitator key holds, so Progress shows the sessions "
            "side by side. Sessions with the same names never join a series by themselves.",
        )
        if (
            st.form_submit_button("Create session", type="primary", icon=":material/add:")
            and chosen is not None
        ):
            made = attempt(
                store().sessions.create,
                chosen,
                district=district,
                school=school,
                team=team,
                held_on=held_on,
                facilitator=facilitator,
                key=key or browser_key,
                follow_up_of=follow_up_of or None,
            ).value
            if made is not None:
                info, new_key = made
                open_code(info.code)
                remember_key(info.code, new_key)
                st.session_state["new-key"] = "reused" if not key and new_key == browser_key else new_key
                st.session_state.pop("follow-up-of", None)
                st.rerun()

with agenda:
    new_meeting_form((facilitator_key(session.info.code) if session is not None else None) or held_key())

with join:
    with st.form("join-session"):
        typed = st.text_input("Join code", placeholder="e.g. 7KQ-M2X-9RD", max_chars=40)
        if st.form_submit_button("Open session", type="primary"):
            open_typed_code(typed)

with mine:
    with st.form("my-sessions"):
        typed_key = st.text_input("Facilitator key", type="password")
        listed = st.form_submit_button("Show my sessions")
    if listed:
        st.session_state["listing-key"] = typed_key.strip()
    listing_key = st.session_state.get("listing-key", "")
    if listing_key:
        done_message()
        my_meetings(listing_key)
        sessions = attempt(store().sessions.for_key, listing_key).value or []
        if not sessions:
            st.info("No sessions use this key. Check it, or create a session.")
        for info in sessions:
            rubric_title = (
                lib.rubrics[info.rubric_id].short if info.rubric_id in lib.rubrics else info.rubric_id
            )
            with st.container(border=True):
                st.markdown(
                    f"**{info.held_on:%d %b %Y}** · {esc(info.place)} · {esc(info.team)} · "
                    f"{esc(rubric_title)} · code {info.code}"
                )
                if st.button("Open", key=f"open-{info.code}"):
                    open_code(info.code)
                    remember_key(info.code, listing_key)
                    st.rerun()
                delete_button(info, listing_key)
        recently_deleted(listing_key, {r.id: r.short for r in lib.rubrics.values()})

with bring:
    st.markdown(
        "A session saved as a file on the **Summary** page (the JSON download), from this app or another "
        "one. It comes with its ratings, evidence, votes, history, targets and review dates. It opens with "
        "the facilitator key this browser holds (or a new one, shown once it is in), and it joins a series "
        "here only if that key holds the series."
    )
    generation = st.session_state.setdefault("import-generation", 0)
    upload = st.file_uploader("Session file (.json)", type=["json"], key=f"import-{generation}")
    if upload is not None and st.button("Bring in this session", type="primary", icon=":material/upload_file:"):
        browser_key = (facilitator_key(session.info.code) if session is not None else None) or held_key()
        report = attempt(store().transfer.import_session, upload.getvalue(), browser_key).value
        if report is not None:
            open_code(report.info.code)
            remember_key(report.info.code, report.key)
            said = report.message()
            if report.new_key:
                said += (
                    " This browser keeps its new facilitator key: open **Facilitator key** below, away from "
                    "the projector, and write it down."
                )
            st.session_state["imported"] = said
            st.session_state["import-generation"] = generation + 1  # an empty uploader for the next file
            st.rerun()
