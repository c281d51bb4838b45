"""Vote: a participant's own page, on a phone or a laptop. Join with a name, then one row at a time.

The ballot is made for a thumb: one open row at a time, named as the projector names it, each level
a large button holding its words (the highest first when the facilitator chose the guided order),
"3 of 7 voted", back and next, and an optional comment (the evidence for the row, or what resonates
and why). A tap is one deliberate vote, saved at once; there is no slider to travel through levels.

Nobody else's vote is ever shown here. The participant's id rides in the URL (?p=) and a cookie,
so a reload, a lost network or another device (through the "carry on" link) keeps the same
person and their votes. Everything under the heading is one fragment that redraws itself every few
seconds (a round opened, closed or revealed) and after each tap, so a phone's refresh is one small run.
Someone the facilitator took off the vote (they seemed to have left) sees why, and may rejoin.
"""

import streamlit as st

from pages.common import (
    PAGES,
    attempt,
    attempt_quietly,
    counted,
    current_code,
    esc,
    mark_synced,
    open_typed_code,
    phone_address,
    store,
    sync,
    through_app,
    waiting_for_guesses,
)
from pages.guided_ballot import guided_walk, walk_again, walking
from pages.meeting_parts import phone_in_meeting, someone_else
from sipr_core import (
    ANONYMOUS,
    MAX_COMMENT,
    Ballot,
    Rubric,
    ballot_levels,
    cell_label,
    guided_question,
    vote_link,
)

through_app()

Key = tuple[str, str]
# How often an open Vote page asks whether the round changed: one fragment run each time. The ballot's
# run draws the row again (about three times the cost of the run that waits), so it asks less often;
# a tap after voting closed is refused with a message anyway.
BALLOT_POLL_SECONDS = 5
WAIT_POLL_SECONDS = 2

st.html(
    "<style>.block-container {max-width: 46rem; padding-top: 3.5rem;}"
    " .st-key-ballot-levels button {justify-content: flex-start; text-align: left; min-height: 3.2rem;"
    " padding: 0.55rem 0.8rem; line-height: 1.35;}"
    " .st-key-ballot-levels button p {font-size: 1.02rem; text-align: left;}"
    " .st-key-ballot-levels button[kind=primary] {border: 3px solid #004F7C;}</style>"
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
            open_typed_code(typed)
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


# --- the ballot: one open row at a time, for a thumb --------------------------------------------


def position_key(ballot: Ballot) -> str:
    assert ballot.round is not None
    return f"ballot-at:{ballot.round.number}"


def row_at(ballot: Ballot) -> int:
    """Which open row this tab shows: where the participant went, else the first without a vote."""
    assert ballot.round is not None
    cells = ballot.round.cells
    at = st.session_state.get(position_key(ballot))
    if not isinstance(at, int):
        at = next((n for n, cell in enumerate(cells) if ballot.given.get(cell) is None), 0)
    at = max(0, min(at, len(cells) - 1))
    st.session_state[position_key(ballot)] = at  # a tap keeps the row in view, with its "Saved"
    return at


def go(key: str, at: int) -> None:
    st.session_state[key] = at


def choose(code: str, participant_id: str, cell: Key, level: str | None, by_groups: bool) -> None:
    """A tap on a level (or "Clear my vote"): one vote, saved at once (a widget callback: draws nothing)."""
    cast = store().groups.rate if by_groups else store().voting.cast
    outcome = attempt_quietly(cast, code, participant_id, *cell, level)
    st.session_state["ballot-problem"] = outcome.problem


def keep_comment(code: str, participant_id: str, cell: Key, widget: str) -> None:
    """The comment box lost the cursor: save what it holds (a widget callback: draws nothing)."""
    outcome = attempt_quietly(store().comments.write, code, participant_id, *cell, st.session_state[widget])
    st.session_state["ballot-problem"] = outcome.problem
    if outcome.ok:
        mark_synced(widget, st.session_state[widget].strip())
    else:
        st.session_state[f"version:{widget}"] = "refused"  # the box goes back to what is stored


def level_buttons(rubric: Rubric, code: str, ballot: Ballot, cell: Key) -> None:
    """Each level as a large button holding its words; the one chosen marked, in words and in colour."""
    assert ballot.round is not None
    words = rubric.row(cell[0]).cells()[cell[1]]
    given = ballot.given.get(cell)
    with st.container(key="ballot-levels"):
        for level in ballot_levels(rubric, ballot.round):
            chosen = level.id == given
            name = esc(level.name)
            label = f"✔ **{name}** (your vote)" if chosen else f"**{name}**"
            text = esc(words.describe(level))
            st.button(
                f"{label}  \n{text}" if text else label,
                key=f"vote:{ballot.round.number}:{cell[0]}:{cell[1]}:{level.id}",
                type="primary" if chosen else "secondary",
                width="stretch",
                on_click=choose,
                args=(code, ballot.participant.id, cell, level.id, ballot.round.by_groups),
            )


def vote_status(rubric: Rubric, ballot: Ballot, cell: Key) -> None:
    """Whether this row's vote is saved, right above the levels, where a tap on the first one shows it."""
    given, earlier = ballot.given.get(cell), ballot.earlier.get(cell)
    if given is not None:
        st.caption(f"Saved: **{esc(rubric.level(given).name)}**. You can change it until voting closes.")
    elif earlier is not None:
        st.caption(f"Your vote last time: {esc(rubric.level(earlier).name)}. Vote again for this round.")
    else:
        st.caption("Not voted yet.")


def clear_button(code: str, ballot: Ballot, cell: Key) -> None:
    assert ballot.round is not None
    if ballot.given.get(cell) is not None:
        st.button(
            "Clear my vote",
            key=f"clear:{ballot.round.number}:{cell[0]}:{cell[1]}",
            icon=":material/backspace:",
            type="tertiary",
            on_click=choose,
            args=(code, ballot.participant.id, cell, None, ballot.round.by_groups),
        )


def comment_box(code: str, ballot: Ballot, cell: Key) -> None:
    """An optional comment: the evidence for this row, or what resonates and why."""
    assert ballot.round is not None
    widget = f"comment:{ballot.round.number}:{cell[0]}:{cell[1]}"
    stored = ballot.comments.get(cell, "")
    sync(widget, stored, stored)
    st.text_area(
        "Your comment (optional)",
        key=widget,
        max_chars=MAX_COMMENT,
        height=90,
        placeholder="What evidence can you cite for this? What resonates most, and why?",
        on_change=keep_comment,
        args=(code, ballot.participant.id, cell, widget),
    )
    if stored:
        nameless = ballot.round.allow_anonymous or ballot.participant.name == ANONYMOUS
        who = " without your name" if nameless else ""
        st.caption(f"Comment saved. It shows on the projector{who} after the votes are revealed.")


def steps(ballot: Ballot, at: int) -> None:
    """Back and next, a thumb's width each."""
    assert ballot.round is not None
    last = len(ballot.round.cells) - 1
    key = position_key(ballot)
    back, ahead = st.columns(2)
    back.button(
        "Back", key="ballot-back", icon=":material/arrow_back:", width="stretch",
        disabled=at == 0, on_click=go, args=(key, at - 1),
    )
    ahead.button(
        "Next", key="ballot-next", icon=":material/arrow_forward:", width="stretch",
        type="primary" if ballot.given.get(ballot.round.cells[at]) is not None else "secondary",
        disabled=at == last, on_click=go, args=(key, at + 1),
    )


def open_ballot(rubric: Rubric, code: str, ballot: Ballot, question: str) -> None:
    """One open row: its short title as the projector names it, its levels to tap (or, in a guided round,
    the walk down from the highest level), a comment, back, next."""
    assert ballot.round is not None
    cells = ballot.round.cells
    at = row_at(ballot)
    cell = cells[at]
    done = ballot.voted()
    verb = "rated" if ballot.round.by_groups else "voted"
    st.markdown(f"**{done} of {len(cells)} {verb}** · {esc(rubric.terms.row)} {at + 1} of {len(cells)}")
    st.subheader(esc(cell_label(rubric, cell)), anchor=False)
    row = rubric.row(cell[0])
    words = row.cells()[cell[1]]
    whole = [row.title] if row.title != cell_label(rubric, cell) else []
    whole += [words.text] if words.text else []
    if whole or words.criteria:
        with st.expander("Read the full text"):
            for text in whole:
                st.markdown(esc(text))
            if words.criteria:
                st.markdown("**Acceptable criteria:**\n" + "\n".join(f"- {esc(c)}" for c in words.criteria))
    vote_status(rubric, ballot, cell)
    if walking(ballot, cell):
        by_groups = ballot.round.by_groups
        guided_walk(
            rubric, ballot, cell, question,
            lambda level_id: (choose, (code, ballot.participant.id, cell, level_id, by_groups)),
        )  # fmt: skip
    else:
        if ballot.round.guided:
            st.caption(f"Start from the top: {esc(question)}")
        level_buttons(rubric, code, ballot, cell)
        clear_button(code, ballot, cell)
        walk_again(ballot, cell)
    comment_box(code, ballot, cell)
    steps(ballot, at)
    if done == len(cells):
        finished = f"All {len(cells)} {verb}. You can change any of them until voting closes."
        st.success(finished, icon=":material/done_all:")


def own_votes(rubric: Rubric, ballot: Ballot) -> None:
    assert ballot.round is not None
    lines = []
    for cell in ballot.round.cells:
        level = ballot.given.get(cell)
        title = cell_label(rubric, cell)
        lines.append(f"- {esc(title)}: **{esc(rubric.level(level).name) if level else 'no vote'}**")
    st.markdown("\n".join(lines))


def signature(ballot: Ballot) -> tuple[object, ...]:
    """What, when it changes, redraws the whole page: the round's state, the group, being taken off."""
    r = ballot.round
    state = (r.number, r.is_open, r.revealed, r.by_groups) if r is not None else None
    return (state, ballot.group.id if ballot.group else None, ballot.left)


def redraw_when_changed(ballot: Ballot) -> None:
    """A fragment's run found the round (or the participant's place in it) changed: draw the page anew."""
    if signature(ballot) != st.session_state.get("vote-drawn"):
        st.rerun(scope="app")


def show_problem() -> None:
    """What a tap's callback was refused, said where the participant looks."""
    problem = st.session_state.pop("ballot-problem", None)
    if problem:
        st.error(problem, icon=":material/error:")


@st.fragment(run_every=BALLOT_POLL_SECONDS)
def ballot_area(rubric: Rubric, code: str, participant_id: str, question: str) -> None:
    """The open round's ballot, redrawn after each tap and every BALLOT_POLL_SECONDS.

    The taps and the refresh are runs of this one fragment, so a run Streamlit drops under load (its
    messages still waiting when the next request came: "Ignoring event from non-current
    ScriptRunner", issue 16, item 8c) is drawn again by the next one, "Saved" included.
    """
    ballot = attempt(store().voting.ballot, code, participant_id).value
    if ballot is None:
        return
    redraw_when_changed(ballot)  # first: a refusal waits in the session for the page drawn anew
    show_problem()
    open_ballot(rubric, code, ballot, question)


@st.fragment(run_every=WAIT_POLL_SECONDS)
def watch(code: str, participant_id: str) -> None:
    """Nothing to vote on: notice within WAIT_POLL_SECONDS when the round changes, and draw nothing."""
    ballot = attempt(store().voting.ballot, code, participant_id).value
    if ballot is not None:
        redraw_when_changed(ballot)


def status(rubric: Rubric, code: str, ballot: Ballot) -> bool:
    """What the participant sees when there is nothing to vote on; False when there is."""
    voting_round = ballot.round
    if ballot.left:
        st.warning(
            "The facilitator took you off this vote, thinking you had left. Your votes so far are kept.",
            icon=":material/person_off:",
        )
        st.button(
            "Rejoin the vote", type="primary", icon=":material/login:", key="rejoin",
            on_click=rejoin, args=(code, ballot.participant.id),
        )
    elif voting_round is None:
        st.info(
            "Waiting for the facilitator to open voting. This page updates by itself.",
            icon=":material/hourglass_empty:",
        )
    elif not voting_round.is_open:
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
        return False
    return True


def rejoin(code: str, participant_id: str) -> None:
    outcome = attempt_quietly(store().attendance.rejoin, code, participant_id)
    st.session_state["ballot-problem"] = outcome.problem


# --- the page ------------------------------------------------------------------------------

code = current_code()
if code is None:
    ask_for_code()
if waiting_for_guesses():  # a code in the address is a guess like one typed on the form
    st.stop()
meeting = attempt_quietly(store().meetings.find, code).value
if meeting is not None:  # the meeting's join code: this phone follows its current activity
    code = phone_in_meeting(meeting)
found = attempt(store().sessions.info, code)
info = found.value if meeting is not None else counted(found)  # a meeting's own session is no guess
if info is None:
    st.stop()

participant_id = remembered_id(code)
me = attempt(store().voting.participant, code, participant_id).value if participant_id else None
rubric = attempt(store().sessions.rubric, info.fingerprint).value
if rubric is None:
    st.stop()

joining = meeting.code if meeting is not None else info.code  # a meeting's phones keep its one code
with st.container(key="phone-banner"):  # the page's one h1, no taller than the line it was
    st.markdown(f"# {esc(rubric.short)}")
st.caption(f"{esc(info.place)} · {esc(info.team)} · join code **{joining}**")
if me is None:
    latest_round = attempt(store().voting.current_round, code).value
    st.markdown("Type your name to join. Every vote stays hidden until the facilitator reveals them.")
    ask_for_name(code, latest_round is not None and latest_round.allow_anonymous)
    st.stop()

remember(code, me.id)
ballot = attempt(store().voting.ballot, code, me.id).value
if ballot is None:
    st.stop()
st.session_state["vote-drawn"] = signature(ballot)
who = "anonymously" if ballot.participant.name == ANONYMOUS else f"as **{esc(ballot.participant.name)}**"
group = f" Your group: **{esc(ballot.group.name)}**." if ballot.group else ""
st.markdown(f"You are voting {who}.{group}")
show_problem()
if status(rubric, code, ballot):
    watch(code, me.id)
else:
    if ballot.round is not None and ballot.round.by_groups:
        st.caption(f"Your group gives one rating per {esc(rubric.terms.row.lower())}: agree on it together.")
    else:
        st.caption("Nobody sees your vote until the facilitator reveals them all.")
    ballot_area(rubric, code, me.id, guided_question(info.building_team))

with st.expander("Carry on from another device, or change your name"):
    vote_path = PAGES["vote"].url_path if "vote" in PAGES else "vote"
    st.markdown("Open this link on the other device to keep your votes there:")
    st.code(vote_link(phone_address(choose=False), vote_path, joining, me.id), language=None, wrap_lines=True)
    with st.form("vote-rename"):
        new_name = st.text_input("Your name", value="" if me.name == ANONYMOUS else me.name, max_chars=200)
        if st.form_submit_button("Save my name"):
            renamed = (
                attempt(store().meetings.join, meeting.code, new_name, me.id)
                if meeting is not None
                else attempt(store().voting.join, code, new_name, me.id)
            )
            if renamed.ok:
                st.rerun()
    if st.button("I am someone else", icon=":material/logout:"):
        forget(code)
        if meeting is not None:  # the meeting's member too, or the phone finds the same person again
            someone_else(meeting.code)
        st.rerun()
