"""Consensus: the facilitator's projected view of a live vote.

Open voting on a row, a group or the whole continuum; show the join link, its QR code and the
join code; watch the votes come in (counted, never shown) in a fragment that refreshes twice a
second; reveal; read each row's dots, median and spread, the rows to discuss first; record the
team's level with its evidence; see how far the team moved from its first votes. Small groups
(toolkit Activity 2) rate as units and are merged here too. Someone who left the meeting can be
taken off the vote, so the round stops waiting for them.
"""

import html

import streamlit as st

from pages.common import (
    PAGES,
    announce,
    attempt,
    attempt_quietly,
    chart_as_table,
    esc,
    level_cards,
    mark_synced,
    need_facilitator,
    need_session,
    phone_address,
    store,
    sync,
    through_app,
)
from sipr_core import (
    NOTHING_TO_REVEAL,
    Board,
    MeetingStep,
    Result,
    Scope,
    Session,
    StepControl,
    VotingRound,
    cell_label,
    cells_for,
    distinct_names,
    dots,
    dots_summary,
    dots_table,
    in_evidence,
    movement_table,
    next_action,
    proposed_level,
    qr_png,
    results,
    vote_link,
    votes_table,
    waiting_names,
)

through_app()

LIVE_SECONDS = 0.5  # vote to projector: a vote waits for the next refresh (issue 16: p95 < 1 s with 40 phones)

session = need_session(with_votes=False)
key = need_facilitator(session)
rubric, info = session.rubric, session.info
code, actor = info.code, info.facilitator
meeting = attempt_quietly(store().meetings.of_session, code).value
joining = meeting.code if meeting is not None else code  # a meeting's phones follow its one code

st.html(
    "<style>"
    ".join-code {font-size: 2.9rem; white-space: nowrap; font-weight: 700; letter-spacing: 0.12em;"
    " line-height: 1.1; font-family: 'Source Code Pro', monospace;}"
    ".live-total {font-size: 2.2rem; font-weight: 700; margin-bottom: 0.4rem;}"
    ".live-total.revealed {font-size: 1.6rem; margin-bottom: 0;}"
    ".live-cells {display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0.35rem;}"
    ".live-cell {display: flex; justify-content: space-between; gap: 0.5rem; padding: 0.35rem 0.6rem;"
    " border: 1px solid #C9D3DF; border-radius: 0.4rem; font-size: 1.1rem; background: #FFF;}"
    ".live-cell.complete {border-color: #009E73; background: #E6F5EF;}"
    ".live-cell .count {font-weight: 700; white-space: nowrap;}"
    ".live-waiting {font-size: 1.2rem; margin-top: 0.6rem;}"
    ".discuss-flag {color: #A34700; font-weight: 700; font-size: 1.4rem;}"
    ".next-step {font-size: 1.5rem; font-weight: 700; padding: 0.5rem 0.9rem; border-left: 0.45rem solid #0072B2;"
    " background: #E3F0FA; border-radius: 0.4rem; margin-bottom: 0.2rem;}"
    ".next-step span {font-weight: 400; color: #4A5565; margin-right: 0.5rem;}"
    "@media (max-width: 640px) {.next-step {font-size: 1.15rem;} .live-total {font-size: 1.5rem;}}"
    ".vote-stats {display: flex; flex-wrap: wrap; gap: 0.4rem 1.6rem; margin-bottom: 0.6rem;}"
    ".vote-stats span {display: block; font-size: 0.95rem; color: #4A5565;}"
    ".vote-stats b {font-size: 1.6rem;}"
    ".row-comment {font-size: 1.15rem; line-height: 1.4; white-space: pre-wrap; margin: 0.2rem 0;}"
    ".row-comment .by {color: #4A5565; font-size: 1rem;}"
    "</style>"
)


def state(voting_round: VotingRound | None) -> tuple[int, bool, bool] | None:
    """What, when it changes, redraws the whole page (a round opened, closed or revealed)."""
    if voting_round is None:
        return None
    return (voting_round.number, voting_round.is_open, voting_round.revealed)


def step_html(step: MeetingStep) -> str:
    """The one next action of the meeting, in large type at the top of the projected page."""
    return (
        f'<div class="next-step" data-control="{step.control.value}"><span>Next:</span>'
        f"{html.escape(step.words)}</div>"
    )


def board_html(board: Board) -> str:
    """Votes in, per open row and in all, and who is still to vote: counts only, never levels."""
    voters = len(board.voters)
    if board.round is None:
        names = ", ".join(html.escape(v.name) for v in board.voters) or "nobody yet"
        return f'<div class="live-total" data-joined="{voters}">{voters} joined</div><div>{names}</div>'
    noun = "group ratings" if board.round.by_groups else "votes"
    counted = f'data-votes="{board.votes_in()}" data-expected="{board.votes_expected()}"'
    if board.round.revealed:
        flagged = sum(1 for r in results(rubric.level_ids(), board) if r.summary.discuss)
        row_word = rubric.terms.row.lower() + ("s" if flagged != 1 else "")
        first = f" · {flagged} {html.escape(row_word)} to discuss first" if flagged else ""
        return f'<div class="live-total revealed" {counted}>Revealed: {board.votes_in()} {noun}{first}</div>'
    closed = "" if board.round.is_open else "Voting closed: "
    of = f"{board.votes_in()} of {board.votes_expected()}"
    total = f'<div class="live-total" {counted}>{closed}{of} {noun} in</div>'

    cells = []
    for cell in board.cells:
        count, expected = board.count(cell), board.expected(cell)
        css = "live-cell complete" if expected and count == expected else "live-cell"
        name = html.escape(":".join(cell))
        cells.append(
            f'<div class="{css}" data-cell="{name}" data-votes="{count}">'
            f"<span>{html.escape(cell_label(rubric, cell))}</span>"
            f'<span class="count">{count} / {expected}</span></div>'
        )
    if not board.round.is_open:
        return f'{total}<div class="live-cells">{"".join(cells)}</div>'
    named, anonymous = waiting_names(board)
    waiting = [html.escape(n) for n in named] + ([f"{anonymous} anonymous"] if anonymous else [])
    if not voters:
        note = "Nobody has joined yet."
    elif waiting:
        note = "Not voted yet: " + ", ".join(waiting)
    else:
        note = "Everyone has voted."
    return f'{total}<div class="live-cells">{"".join(cells)}</div><div class="live-waiting">{note}</div>'


@st.fragment(run_every=LIVE_SECONDS)
def live() -> None:
    """The votes coming in, counted but hidden; redraws the page when the round changes state."""
    board = attempt(store().voting.board, code, key).value
    if board is None:
        return
    if state(board.round) != st.session_state.get("consensus-drawn"):
        st.rerun(scope="app")
    step = next_action(rubric, board, session.entries)
    st.html(step_html(step) + board_html(board))
    current = board.round
    if current is None or current.revealed:
        return
    if current.is_open:
        noun = "group ratings" if current.by_groups else "votes"
        announce(f"{board.votes_in()} of {board.votes_expected()} {noun} in")
    left, right = st.columns(2)
    if current.is_open and left.button("Close voting", icon=":material/lock:", key="close-voting"):
        if attempt(store().voting.close_round, code, key).ok:
            st.rerun(scope="app")
    if step.may_reveal and right.button(
        "Reveal the votes", type="primary", icon=":material/visibility:", key="reveal"
    ):
        if attempt(store().voting.reveal, code, key).ok:
            st.rerun(scope="app")
    elif not step.may_reveal:
        right.caption(NOTHING_TO_REVEAL)
    if current.is_open and current.auto_reveal:
        st.caption("The votes show by themselves once everyone has voted.")


def people_panel() -> None:
    """Take someone who left the meeting off the vote, so the round stops waiting for them."""
    found = attempt(store().attendance.of, code, key).value
    if found is None:
        return
    if not found.present:
        st.caption("Nobody is in the vote yet.")
    else:
        names = distinct_names(found.present)
        person = st.selectbox(
            "Who left the meeting?", list(names), format_func=names.__getitem__, key="left-person"
        )
        label = f"Remove {esc(names[person])} from this vote" if person is not None else ""
        if label and st.button(label, icon=":material/person_remove:", key="remove-person"):
            if attempt(store().attendance.remove, code, key, person, actor=actor).ok:
                gone = f"{esc(names[person])} is off the vote. Their votes so far are kept."
                st.toast(gone, icon=":material/check:")
                st.rerun()
        st.caption(
            "Their votes so far are kept, and the vote stops waiting for them. "
            "If they come back, they can rejoin from their own page. "
            "Someone who joined again from another phone is listed twice, numbered in the order they "
            "joined: remove the lower number."
        )
    if found.left:
        st.markdown("**Left the vote:** " + ", ".join(esc(p.name) for p in found.left))


def join_panel() -> None:
    vote_path = PAGES["vote"].url_path if "vote" in PAGES else "vote"
    link = vote_link(phone_address(), vote_path, joining)
    st.image(qr_png(link), width=280, caption="Scan to vote", alt=f"QR code of the join link {link}")
    st.markdown("Or open the link and type the code:")
    st.html(f'<div class="join-code">{html.escape(joining)}</div>')
    st.code(link, language=None, wrap_lines=True)


def open_voting(current: VotingRound | None) -> None:
    """Choose what to vote on and how, then open it (closing any round still open)."""
    scopes = {
        Scope.ROW: f"One {esc(rubric.terms.row.lower())}",
        Scope.GROUP: f"One {esc(rubric.terms.group.lower())}",
        Scope.ALL: "The whole continuum",
    }
    if len(rubric.groups) == 1:  # its one group is the whole continuum
        del scopes[Scope.GROUP]
    scope = st.radio("Vote on", list(scopes), format_func=lambda s: scopes[s], horizontal=True, key="scope")
    target = ""
    if scope == Scope.ROW:
        rows = [row for _, row in rubric.rows()]
        target = st.selectbox(
            esc(rubric.terms.row), [r.id for r in rows], format_func=lambda r: rubric.row(r).title, key="scope-row"
        )
    elif scope == Scope.GROUP:
        titles = {g.id: g.title for g in rubric.groups}
        target = st.selectbox(
            esc(rubric.terms.group), list(titles), format_func=titles.__getitem__, key="scope-group"
        )
    dimensions = None
    if rubric.dimensions:
        names = {d.id: d.name for d in rubric.dimensions}
        dimensions = st.multiselect(
            "Rate on", list(names), default=list(names), format_func=names.__getitem__, key="scope-dimensions"
        )
    by_groups = st.radio(
        "Who votes",
        [False, True],
        format_func=lambda g: "Small groups, one rating each" if g else "Each person",
        horizontal=True,
        key="by-groups",
    )
    left, right = st.columns(2)
    anonymous = left.toggle("Allow anonymous votes", key="allow-anonymous")
    auto = right.toggle("Reveal by itself when everyone has voted", key="auto-reveal")
    guided = left.toggle(
        "Guided: phones show one level at a time, from the highest",
        key="guided-ballot",
        help="The toolkit's protocol: start from the highest level and move down until one fits. Each phone "
        "asks \"To what extent does this describe your district?\" (\"your school?\" in a building team's "
        "session) of one level at a time; \"Yes\" is the vote.",
    )
    label = "Open voting" if current is None or not current.is_open else "Close this round and open voting"
    if st.button(label, type="primary", icon=":material/how_to_vote:", key="open-voting"):
        cells = attempt(cells_for, rubric, scope, target or "", dimensions).value
        if cells is not None and attempt(
            store().voting.open_round, code,
            key,
            cells,
            actor=actor,
            by_groups=bool(by_groups),
            allow_anonymous=anonymous,
            auto_reveal=auto,
            guided=guided,
        ).ok:
            st.rerun()


def record_form(result: Result, current: Session) -> None:
    """The team's level for one row (it may differ from the median) and its evidence, saved together."""
    row_id, dimension = result.key
    entry = current.entry(row_id, dimension)
    recorded = entry.rating.level
    proposal = proposed_level(rubric, entry, result.summary.median, latest.revealed_at if latest else None)
    level_widget, evidence_widget = f"agree:{row_id}:{dimension}", f"agree-evidence:{row_id}:{dimension}"
    submit = f"record:{row_id}:{dimension}"
    if not st.session_state.get(submit):  # a submitted form keeps what was typed in it, to be saved
        sync(level_widget, proposal, (recorded, result.summary.median))
        sync(evidence_widget, entry.evidence, entry.evidence)
    with st.form(f"record-{row_id}-{dimension}", border=False):
        choice, words = st.columns([2, 3], gap="large")  # side by side: the card stays in one screen
        level = choice.select_slider(
            "Consensus level",
            options=rubric.scale_ids(),
            format_func=lambda level_id: esc(rubric.level(level_id).name),
            key=level_widget,
        )
        evidence = words.text_area(
            "Evidence", key=evidence_widget, height=90, placeholder="What do we see that supports this level?"
        )
        if choice.form_submit_button("Record consensus", type="primary", icon=":material/check:", key=submit):
            # The evidence the box last showed from the store: another window's change since is not overwritten.
            seen = st.session_state.get(f"version:{evidence_widget}", entry.evidence)
            saved = attempt(
                store().entries.set,
                code,
                key,
                row_id,
                dimension,
                actor=actor,
                level=level,
                evidence=evidence,
                expected={"evidence": seen},
                save_button="Record consensus",
            ).value
            if saved is not None:
                st.toast(f"Recorded: {esc(rubric.level(level).name)}", icon=":material/check:")
                st.rerun()
            # Not saved: the form keeps what was typed, now against what is stored, for a second press.
            mark_synced(level_widget, (recorded, result.summary.median))
            mark_synced(evidence_widget, entry.evidence)
    if recorded:
        st.markdown(f"Recorded consensus: **{esc(rubric.level(recorded).name)}**")


def stats_html(result: Result) -> str:
    """Median, spread and number of votes, in type large enough for the back of the room."""
    summary = result.summary
    assert summary.median is not None
    plural = "s" if summary.spread != 1 else ""
    figures = [
        ("Median", summary.median_words(lambda level_id: rubric.level(level_id).name)),
        ("Spread", f"{summary.spread} level{plural}"),
        ("Votes", str(summary.votes) + (f" · {summary.abstentions} passed" if summary.abstentions else "")),
    ]
    return '<div class="vote-stats">' + "".join(
        f'<div><span>{name}</span><b>{html.escape(value)}</b></div>' for name, value in figures
    ) + "</div>"


def row_comments(result: Result, current: Session) -> None:
    """The participants' comments on this row, once revealed, each with "Use as evidence" (issue 16, item 5).

    Text only (escaped); the writer's name unless the round was anonymous. One click adds a comment to the
    row's evidence as this page showed it: if it changed meanwhile in another window, nothing is added.
    """
    found = attempt(store().comments.on, code, key, *result.key).value
    problem = st.session_state.pop(f"comment-problem:{result.row_id}:{result.dimension}", None)
    if problem:
        st.error(problem, icon=":material/error:")
    if not found:
        return
    shown = current.entry(*result.key).evidence

    def use(participant_id: str) -> None:  # a callback: the evidence it expects is the one drawn with it
        used = attempt_quietly(
            store().comments.use_as_evidence, code, key, participant_id, *result.key, actor=actor, expected=shown
        )
        st.session_state[f"comment-problem:{result.row_id}:{result.dimension}"] = used.problem
        if used.ok:
            st.toast("Added to the evidence.", icon=":material/check:")

    st.markdown(f"**Comments ({len(found)})**")
    for comment in found:
        by = f' <span class="by">— {html.escape(comment.author)}</span>' if comment.author else ""
        st.html(f'<div class="row-comment">{html.escape(comment.text)}{by}</div>')
        if in_evidence(shown, comment):
            st.caption("In the evidence.")
        else:
            st.button(
                "Use as evidence",
                key=f"use-comment:{result.row_id}:{result.dimension}:{comment.participant_id}",
                icon=":material/note_add:",
                type="tertiary",
                on_click=use,
                args=(comment.participant_id,),
            )


def level_texts(result: Result) -> None:
    """What each level says on this row, the median's highlighted: the words the room talks about."""
    cell = rubric.row(result.row_id).cells()[result.dimension]
    if cell.descriptors:
        st.html(level_cards(rubric, cell, result.summary.median, size="1.05rem"))
    elif cell.text:
        st.markdown(esc(cell.text))


def result_card(result: Result, current: Session, step: MeetingStep) -> None:
    """One revealed row: its votes beside their numbers, the level texts, and the form to record it.

    The row the next step names shows its level texts; the others fold theirs away.
    """
    summary = result.summary
    with st.container(border=True, key=f"result-{result.row_id}-{result.dimension}"):
        flag = (
            f'<div class="discuss-flag">Discuss: the votes are {summary.spread} levels apart.</div>'
            if summary.discuss
            else ""
        )
        title, note = st.columns([3, 2], vertical_alignment="center")
        title.markdown(f"### {esc(cell_label(rubric, result.key))}")
        if flag:
            note.html(flag)
        chart, numbers = st.columns([3, 2], gap="large")
        with chart:
            if summary.votes:
                figure = dots(
                    [level.short for level in rubric.levels],
                    result.positions,
                    summary.median_position,
                    result.labels or None,
                )
                names = [level.name for level in rubric.levels]
                st.plotly_chart(
                    figure,
                    config={"displayModeBar": False, "staticPlot": True},
                    key=f"dots-{result.row_id}-{result.dimension}",
                    alt=dots_summary(names, result.positions, summary.median_position),
                )
                chart_as_table(dots_table(names, result.positions, result.labels or None))
            else:
                st.info("No votes on this row.")
            row_comments(result, current)
        with numbers:
            if summary.median is not None:
                st.html(stats_html(result))
        if step.cell == result.key:
            level_texts(result)
        else:
            with st.expander("What each level says"):
                level_texts(result)
        record_form(result, current)


def show_results(current: VotingRound, board: Board, now: Session) -> None:
    """Each revealed row, those to discuss first (their count is in the board's line above)."""
    found = results(rubric.level_ids(), board)
    step = next_action(rubric, board, now.entries)
    if current.by_groups and board.voters:
        table = votes_table(rubric, board)
        st.markdown("#### The groups side by side")
        st.dataframe(
            table.lines,
            hide_index=True,
            column_order=list(table.columns),
            column_config={k: st.column_config.TextColumn(h) for k, h in table.columns.items()},
            key="groups-side-by-side",
        )
        st.caption("Where the median falls between two levels, the lower one is recorded; change any row below.")
        if st.button("Record the groups' median as the consensus on every row", icon=":material/merge:"):
            if attempt(store().groups.merge, code, key, actor=actor).ok:
                st.rerun()
    for result in found:
        result_card(result, now, step)
    if st.button("Vote again on these rows", icon=":material/replay:", key="vote-again"):
        again = attempt(
            store().voting.open_round, code,
            key,
            current.cells,
            actor=actor,
            by_groups=current.by_groups,
            allow_anonymous=current.allow_anonymous,
            auto_reveal=current.auto_reveal,
            guided=current.guided,
        ).value
        if again is not None:
            st.rerun()


def show_movement() -> None:
    report = attempt(store().voting.movement, code, key).value
    if report is None or not report.cells:
        return
    st.markdown("## How far the team moved")
    st.caption(
        "Mean distance, in levels, between each person's first vote on a row and their last vote, "
        "and between the first votes and the consensus the team recorded."
    )
    overall = report.overall
    one, two, three = st.columns(3)
    one.metric("People who voted", overall.voters)
    two.metric(
        "First vote to last vote",
        "–" if overall.first_to_final is None else f"{overall.first_to_final:.2f} levels",
    )
    three.metric(
        "First vote to consensus",
        "–" if overall.first_to_consensus is None else f"{overall.first_to_consensus:.2f} levels",
    )
    table = movement_table(rubric, report)
    with st.expander("Row by row"):
        st.dataframe(
            table.lines,
            hide_index=True,
            column_order=list(table.columns),
            column_config={k: st.column_config.TextColumn(h) for k, h in table.columns.items()},
            key="movement-table",
        )


def small_groups(current: Session) -> None:
    """Split the team into named groups (toolkit Activity 2) and move people between them."""
    found = attempt(store().groups.of, code, key).value
    if found is None:
        return
    names = {p.id: p.name for p in current.participants}
    with st.form("make-groups"):
        typed = st.text_area(
            "Group names, one per line",
            value="\n".join(g.name for g in found) or "Group A\nGroup B\nGroup C",
            height=120,
        )
        if st.form_submit_button("Split everyone who has joined into these groups", icon=":material/groups:"):
            if attempt(store().groups.make, code, key, typed.splitlines()).ok:
                st.rerun()
    if not found:
        st.caption("No groups yet. People who join after the split go into the smallest group.")
        return
    for column, group in zip(st.columns(len(found)), found, strict=True):
        with column:
            st.markdown(f"**{esc(group.name)}**")
            st.markdown("\n".join(f"- {esc(names.get(p, p))}" for p in group.members) or "nobody yet")
    if current.participants:
        with st.form("move-person"):
            left, right = st.columns(2)
            person = left.selectbox("Move", list(names), format_func=names.__getitem__)
            group_names = {g.id: g.name for g in found}
            target = right.selectbox("Into group", list(group_names), format_func=group_names.__getitem__)
            if st.form_submit_button("Move") and person and target:
                if attempt(store().groups.move, code, key, person, target).ok:
                    st.rerun()


# --- the page ------------------------------------------------------------------------------

latest = attempt(store().voting.current_round, code).value
st.session_state["consensus-drawn"] = state(latest)
with st.container(key="page-title"):
    st.markdown(f"# Consensus · {esc(rubric.short)}")
st.caption(f"{esc(info.place)} · {esc(info.team)} · {info.held_on:%d %B %Y} · join code **{joining}**")
drawn = attempt(store().voting.board, code, key).value
choosing = drawn is not None and next_action(rubric, drawn, session.entries).control is StepControl.OPEN_VOTING

if latest is not None and latest.revealed:
    live()
    if choosing:  # every row recorded: the next round is the next step, above the results
        with st.expander("Open voting", expanded=True):
            open_voting(latest)
    if drawn is not None:
        show_results(latest, drawn, session)
    with st.expander("Someone left the meeting?"):
        people_panel()
elif latest is None or not latest.is_open:  # what to vote on comes first, beside the join code
    live()
    choose, join = st.columns([3, 2], gap="large")
    with choose, st.container(border=True, key="open-voting-panel"):
        open_voting(latest)
    with join:
        join_panel()
    with st.expander("Someone left the meeting?"):
        people_panel()
else:
    join, board_column = st.columns([1, 2], gap="large")
    with join:
        join_panel()
    with board_column:
        live()
        with st.expander("Someone left the meeting?"):
            people_panel()

if latest is not None and not latest.is_open:
    show_movement()
if latest is not None and latest.is_open or latest is not None and latest.revealed and not choosing:
    with st.expander("Open voting"):
        open_voting(latest)
with st.expander("Small groups (Activity 2)"):
    small_groups(session)
if latest is not None and latest.revealed:
    with st.expander("Join link and QR code"):
        join_panel()
