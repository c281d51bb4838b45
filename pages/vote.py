"""Vote: a participant's own page, on a phone or a laptop. Join with a name, then one slider per open row.

Nobody else's vote is ever shown here. The participant's id rides in the URL (?p=) and a cookie,
so a reload, a lost network or another device (through the "carry on" link) keeps the same
person and their votes. A small watcher notices within two seconds when the facilitator opens,
closes or reveals a round, and only then redraws the page, so a slider is never reset mid-move.
Someone the facilitator took off the vote (they seemed to have left) sees why, and may rejoin.
"""

import html

import streamlit as st

from pages.common import (
    PAGES,
    attempt,
    current_code,
    esc,
    guesser,
    guesses,
    mark_synced,
    open_code,
    store,
    sync,
    through_app,
)
from sipr_core import (
    Ballot,
    Cell,
    Rubric,
    cell_label,
    join_link,
    normalise_code,
)

through_app()

NO_VOTE = "__no_vote__"
WATCH_SECONDS = 2

st.html(
    "<style>.block-container {max-width: 46rem; padding-top: 3.5rem;}"
    " .vote-levels {display: flex; flex-direction: column; gap: 0.4rem; margin: 0.3rem 0 0.6rem;}"
    " .vote-level {border: 1px solid #C9D3DF; border-radius: 0.5rem; padding: 0.5rem 0.7rem;"
    " font-size: 1.05rem; line-height: 1.35; background: #FFF;}"
    " .vote-level.chosen {border: 3px solid #0072B2; background: #E3F0FA;}"
    " .vote-level b {display: block; margin-bottom: 0.15rem;}</style>"
)


def cookie_name(code: str) -> str:
    return "sipr_voter_" + code.replace("-", "")


def remembered_id(code: str) -> str | None:
    """The participant id of this browser: from the link first, then this tab, then the cookie."""
    cookie = None if st.session_state.get(f"forgot:{code}") else st.context.cookies.get(cookie_name(code))
    held = st.query_params.get("p") or st.session_state.get(f"voter:{code}") or cookie
    return held if isinstance(held, str) and held.isalnum() else None


def set_cookie(code: str, value: str, max_age: int) -> None:
    st.html(
        f"<script>document.cookie = '{cookie_name(code)}={value}; path=/; max-age={max_age}; SameSite=Lax';"
        "</script>",
        unsafe_allow_javascript=True,
    )


def remember(code: str, participant_id: str) -> None:
    """Keep the id in the URL (a reload keeps it) and in a cookie (the join link alone finds it again)."""
    st.session_state[f"voter:{code}"] = participant_id
    st.session_state.pop(f"forgot:{code}", None)
    if st.query_params.get("p") != participant_id:
        st.query_params["p"] = participant_id
    written = st.session_state.get(f"cookie:{code}")
    if st.context.cookies.get(cookie_name(code)) != participant_id and written != participant_id:
        set_cookie(code, participant_id, 2_592_000)
        st.session_state[f"cookie:{code}"] = participant_id


def forget(code: str) -> None:
    """Someone else takes over this device: drop the id from the URL, this tab and (next run) the cookie."""
    st.session_state.pop(f"voter:{code}", None)
    st.session_state.pop(f"cookie:{code}", None)
    st.session_state[f"forgot:{code}"] = True
    st.query_params.pop("p", None)


def ask_for_code() -> None:
    st.title("Vote")
    with st.form("vote-code"):
        typed = st.text_input("Join code", placeholder="e.g. 7KQ-M2X-9RD", max_chars=40)
        if st.form_submit_button("Open", type="primary"):
            refused = guesses("codes").refusal(*guesser())
            found = None if refused else attempt(store().sessions.info, normalise_code(typed) or typed).value
            if refused:
                st.error(refused, icon=":material/timer:")
            elif found is None:
                guesses("codes").failed(*guesser())
            else:
                open_code(found.code)
                st.rerun()
    st.stop()


def ask_for_name(code: str, allow_anonymous: bool) -> None:
    if st.session_state.get(f"forgot:{code}"):
        set_cookie(code, "", 0)
    with st.form("vote-join"):
        name = st.text_input("Your name", max_chars=200)
        anonymous = allow_anonymous and st.checkbox(
            "Stay anonymous", help="Your name is not shown to anyone; your votes still count."
        )
        if st.form_submit_button("Join", type="primary", icon=":material/how_to_vote:"):
            joined = attempt(store().voting.join, code, "" if anonymous else name).value
            if joined is not None:
                remember(code, joined.id)
                st.rerun()
    st.stop()


def level_list(rubric: Rubric, cell: Cell, chosen: str | None) -> str:
    """Each level's name and words, one under the other so they read on a phone (escaped HTML)."""
    items = []
    for level in rubric.levels:
        words = cell.describe(level)
        mark = "✔ " if level.id == chosen else ""
        css = "vote-level chosen" if level.id == chosen else "vote-level"
        items.append(
            f'<div class="{css}"><b>{mark}{html.escape(level.name)}</b>{html.escape(words)}</div>'
        )
    return f'<div class="vote-levels">{"".join(items)}</div>'


def level_name(rubric: Rubric, level_id: str) -> str:
    return "No vote yet" if level_id == NO_VOTE else rubric.level(level_id).name


def vote_on(rubric: Rubric, code: str, ballot: Ballot, row_id: str, dimension: str) -> None:
    """One open row: its words, the levels and a slider; a move is saved at once."""
    assert ballot.round is not None
    row = rubric.row(row_id)
    cell = row.cells()[dimension]
    as_group = ballot.round.by_groups
    stored = (ballot.group_levels if as_group else ballot.mine).get((row_id, dimension))
    widget = f"vote:{ballot.round.number}:{row_id}:{dimension}"
    sync(widget, stored or NO_VOTE, stored)
    with st.container(border=True, key=f"ballot-{row_id}-{dimension}"):
        heading = row.title if not rubric.dimensions else f"{row.title} · {rubric.dimension(dimension).name}"
        st.markdown(f"#### {esc(heading)}")
        if cell.text:
            st.markdown(esc(cell.text))
        if cell.criteria:
            st.markdown("**Acceptable criteria:**\n" + "\n".join(f"- {esc(c)}" for c in cell.criteria))
        if cell.descriptors or any(level.meaning for level in rubric.levels):
            shown = st.session_state.get(widget)
            st.html(level_list(rubric, cell, None if shown == NO_VOTE else shown))
        chosen = st.select_slider(
            "Our group's rating" if as_group else "Your vote",
            options=[NO_VOTE, *rubric.level_ids()],
            format_func=lambda level_id: esc(level_name(rubric, level_id)),
            key=widget,
        )
        level = None if chosen == NO_VOTE else chosen
        if level != stored:
            cast = store().groups.rate if as_group else store().voting.cast
            if attempt(cast, code, ballot.participant.id, row_id, dimension, level).ok:
                mark_synced(widget, level)
                stored = level
            else:
                st.session_state[f"version:{widget}"] = "refused"  # the slider goes back to what is stored
        earlier = ballot.earlier.get((row_id, dimension))
        if stored is not None:
            st.caption(f"Saved: **{esc(rubric.level(stored).name)}**. You can change it until voting closes.")
        elif earlier is not None:
            st.caption(f"Your vote last time: {esc(rubric.level(earlier).name)}. Vote again for this round.")
        else:
            st.caption("Not voted yet.")


def late_moves(code: str, ballot: Ballot) -> None:
    """A slider moved as voting closed, or as one was taken off the vote: the store refuses it, saying why."""
    assert ballot.round is not None
    given = ballot.group_levels if ballot.round.by_groups else ballot.mine
    for row_id, dimension in ballot.round.cells:
        widget = f"vote:{ballot.round.number}:{row_id}:{dimension}"
        if widget not in st.session_state:
            continue
        moved = st.session_state[widget]
        level = None if moved == NO_VOTE else moved
        if level != given.get((row_id, dimension)):
            cast = store().groups.rate if ballot.round.by_groups else store().voting.cast
            attempt(cast, code, ballot.participant.id, row_id, dimension, level)
            del st.session_state[widget]


def own_votes(rubric: Rubric, ballot: Ballot) -> None:
    assert ballot.round is not None
    given = ballot.group_levels if ballot.round.by_groups else ballot.mine
    lines = []
    for row_id, dimension in ballot.round.cells:
        level = given.get((row_id, dimension))
        title = cell_label(rubric, (row_id, dimension))
        lines.append(f"- {esc(title)}: **{esc(rubric.level(level).name) if level else 'no vote'}**")
    st.markdown("\n".join(lines))


def signature(ballot: Ballot) -> tuple[object, ...]:
    """What, when it changes, redraws the page: the round's state and the group's shared ratings."""
    r = ballot.round
    state = (r.number, r.is_open, r.revealed) if r is not None else None
    group = ballot.group.id if ballot.group is not None else None
    shared = tuple(sorted(ballot.group_levels.items(), key=str)) if r is not None and r.by_groups else ()
    return (state, group, shared, ballot.left)


@st.fragment(run_every=WATCH_SECONDS)
def watch(code: str, participant_id: str) -> None:
    """Redraw the page when the round changes; otherwise leave it (and its sliders) alone."""
    latest = attempt(store().voting.ballot, code, participant_id).value
    if latest is not None and signature(latest) != st.session_state.get("vote-drawn"):
        st.rerun(scope="app")


# --- the page ------------------------------------------------------------------------------

code = current_code()
if code is None:
    ask_for_code()
info = attempt(store().sessions.info, code).value
if info is None:
    st.stop()

participant_id = remembered_id(code)
me = attempt(store().voting.participant, code, participant_id).value if participant_id else None
latest_round = attempt(store().voting.current_round, code).value
rubric = attempt(store().sessions.rubric, info.fingerprint).value
if rubric is None:
    st.stop()

st.markdown(f"## {esc(rubric.short)}")
st.caption(f"{esc(info.place)} · {esc(info.team)} · join code **{info.code}**")
if me is None:
    st.markdown("Type your name to join. Every vote stays hidden until the facilitator reveals them.")
    ask_for_name(code, latest_round is not None and latest_round.allow_anonymous)
    st.stop()

remember(code, me.id)
ballot = attempt(store().voting.ballot, code, me.id).value
if ballot is None:
    st.stop()
st.session_state["vote-drawn"] = signature(ballot)
who = "anonymously" if me.name == "Anonymous" else f"as **{esc(me.name)}**"
group_note = f" Your group: **{esc(ballot.group.name)}**." if ballot.group else ""
st.markdown(f"You are voting {who}.{group_note}")

voting_round = ballot.round
if ballot.left:
    if voting_round is not None:
        late_moves(code, ballot)  # a slider moved as they were taken off: the store says why it is refused
    st.warning(
        "The facilitator took you off this vote, thinking you had left. Your votes so far are kept.",
        icon=":material/person_off:",
    )
    if st.button("Rejoin the vote", type="primary", icon=":material/login:", key="rejoin"):
        if attempt(store().attendance.rejoin, code, me.id).ok:
            st.rerun()
elif voting_round is None:
    st.info(
        "Waiting for the facilitator to open voting. This page updates by itself.",
        icon=":material/hourglass_empty:",
    )
elif not voting_round.is_open:
    late_moves(code, ballot)
    if voting_round.revealed:
        st.success("Voting is closed and the votes are on the projector.", icon=":material/visibility:")
    else:
        st.info(
            "Voting is closed. The facilitator will show everyone's votes on the projector.",
            icon=":material/lock:",
        )
    if voting_round.by_groups and ballot.group is None:
        st.caption("You were not in a small group in this round.")
    else:
        st.markdown("**Your votes:**" if not voting_round.by_groups else "**Your group's ratings:**")
        own_votes(rubric, ballot)
elif voting_round.by_groups and ballot.group is None:
    st.warning("You are not in a small group yet: ask the facilitator to put you in one.")
else:
    if voting_round.by_groups:
        st.info(
            f"Your group **{esc(ballot.group.name if ballot.group else '')}** gives one rating per "
            f"{esc(rubric.terms.row.lower())}: agree on it together, then one of you sets it.",
            icon=":material/groups:",
        )
    else:
        st.markdown("Nobody sees your vote until the facilitator reveals them all.")
    for row_id, dimension in voting_round.cells:
        vote_on(rubric, code, ballot, row_id, dimension)

with st.expander("Carry on from another device, or change your name"):
    page_url = st.context.url or ""
    vote_path = PAGES["vote"].url_path if "vote" in PAGES else "vote"
    st.markdown("Open this link on the other device to keep your votes there:")
    st.code(join_link(page_url, vote_path, code, me.id), language=None, wrap_lines=True)
    with st.form("vote-rename"):
        new_name = st.text_input("Your name", value="" if me.name == "Anonymous" else me.name, max_chars=200)
        if st.form_submit_button("Save my name"):
            if attempt(store().voting.join, code, new_name, me.id).ok:
                st.rerun()
    if st.button("I am someone else", icon=":material/logout:"):
        forget(code)
        st.rerun()

watch(code, me.id)
