"""The Vote page (each participant's phone) and the Consensus page (the facilitator's projected view)."""

from __future__ import annotations

import json

import pytest
from app_support import APP, as_read, new_session, widget
from streamlit.testing.v1 import AppTest

from sipr_core.text import markdown_text

VISION, POLICIES = ("vision", "rating"), ("policies", "rating")
WAITING = "Waiting for the facilitator to open voting. This page updates by itself."


def open_on(page: str, code: str | None = None, key: str | None = None, participant: str | None = None) -> AppTest:
    """Run the app on a page with a session open, the facilitator key and/or a participant id."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    if code:
        at.query_params["code"] = code
    if code and key:
        at.session_state[f"key:{code}"] = key
    if code and participant:
        at.session_state[f"voter:{code}"] = participant
    at.run()
    at.switch_page(page)
    at.run()
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def texts(at: AppTest) -> str:
    """Every text a person reads on the page (markdown, captions, alerts, html)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.info, at.success, at.warning, at.error) for e in kind]
    return "\n".join(parts) + "\n" + html_of(at)


# --- the Vote page ------------------------------------------------------------------------------------


def test_the_vote_page_without_a_code_asks_for_the_join_code(data_dir):
    at = open_on("pages/vote.py")
    assert not at.exception
    assert widget(at.text_input, "Join code")


def test_a_participant_joins_by_name_and_waits_for_voting_to_open(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = open_on("pages/vote.py", code)
    assert not at.exception
    assert [c.label for c in at.checkbox] == []  # no anonymous option unless the facilitator allows it
    widget(at.text_input, "Your name").input("Ana Ruiz")
    widget(at.button, "Join").click().run()
    assert not at.exception
    (joined,) = app_store.sessions.load(code).participants
    assert joined.name == "Ana Ruiz"
    assert at.query_params["p"] == joined.id
    assert "You are voting as **Ana Ruiz**." in [m.value for m in at.markdown]
    assert [i.value for i in at.info] == [WAITING]


def test_joining_without_a_name_is_refused_when_names_are_asked_for(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    at = open_on("pages/vote.py", code)
    widget(at.button, "Join").click().run()
    assert [as_read(e.value) for e in at.error] == ["Type your name: the facilitator asked everyone to vote by name."]
    assert app_store.sessions.load(code).participants == []


def test_a_participant_may_stay_anonymous_when_the_facilitator_allows_it(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana", allow_anonymous=True)
    at = open_on("pages/vote.py", code)
    widget(at.text_input, "Your name").input("Ben")
    widget(at.checkbox, "Stay anonymous").check()
    widget(at.button, "Join").click().run()
    assert [p.name for p in app_store.sessions.load(code).participants] == ["Anonymous"]
    assert "You are voting anonymously." in [m.value for m in at.markdown]


def level_buttons(at: AppTest) -> list[str]:
    """The keys of the level buttons on the ballot, top to bottom."""
    return [b.key for b in at.button if b.key and b.key.startswith("vote:")]


def test_a_tap_on_a_level_is_stored_at_once_and_shown_as_saved(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION, POLICIES], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    at = open_on("pages/vote.py", code, participant=ben.id)
    assert not at.exception
    assert level_buttons(at) == [f"vote:1:vision:rating:{level}" for level in collaboration.level_ids()]
    assert "**0 of 2 voted** · Element 1 of 2" in [m.value for m in at.markdown]
    assert "Not voted yet." in [c.value for c in at.caption]
    at.button(key="vote:1:vision:rating:evolving").click().run()
    assert not at.exception
    assert app_store.voting.ballot(code, ben.id).mine == {VISION: "evolving"}
    assert "Saved: **Evolving**. You can change it until voting closes." in [c.value for c in at.caption]
    assert "**1 of 2 voted** · Element 1 of 2" in [m.value for m in at.markdown]  # the row stays in view
    chosen = at.button(key="vote:1:vision:rating:evolving")
    assert chosen.label.startswith("✔ **Evolving** (your vote)") and chosen.proto.type == "primary"
    at.button(key="vote:1:vision:rating:developing").click().run()
    assert app_store.voting.ballot(code, ben.id).mine == {VISION: "developing"}
    at.button(key="clear:1:vision:rating").click().run()
    assert app_store.voting.ballot(code, ben.id).mine == {VISION: None}
    assert "Not voted yet." in [c.value for c in at.caption]


def test_next_and_back_walk_the_open_rows_one_at_a_time(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION, POLICIES], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    app_store.voting.cast(code, ben.id, *VISION, "developing")
    at = open_on("pages/vote.py", code, participant=ben.id)  # opens on the first row without a vote
    assert "### Policies & structures" not in [as_read(m.value) for m in at.markdown]
    assert [as_read(h.value) for h in at.subheader] == ["Policies & structures"]
    assert at.button(key="ballot-next").disabled
    at.button(key="ballot-back").click().run()
    assert [as_read(h.value) for h in at.subheader] == ["Vision & mission"]
    assert at.button(key="ballot-back").disabled
    at.button(key="ballot-next").click().run()
    at.button(key="vote:1:policies:rating:evolving").click().run()
    assert "All 2 voted. You can change any of them until voting closes." in [s.value for s in at.success]


def test_the_row_is_named_as_the_projector_names_it_with_its_full_text_folded_away(data_dir, app_store, leadership):
    code, key = new_session(app_store, leadership)
    row = [r for _, r in leadership.rows()][1]
    app_store.voting.open_round(code, key, [(row.id, "rating")], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    at = open_on("pages/vote.py", code, participant=ben.id)
    assert [h.value for h in at.subheader] == ["2 Identity messaging"]
    folded = widget(at.expander, "Read the full text")
    assert folded.markdown[0].value.startswith("District and building leaders")


def test_a_guided_round_lists_the_levels_from_the_highest_down(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana", guided=True)
    ben = app_store.voting.join(code, "Ben")
    at = open_on("pages/vote.py", code, participant=ben.id)
    at.button(key="walk:1:vision:rating:all").click().run()  # the walk first (tests/app/test_guided_ballot.py)
    levels = list(reversed(collaboration.level_ids()))
    assert level_buttons(at) == [f"vote:1:vision:rating:{level}" for level in levels]
    assert "Start from the top: To what extent does this describe your district?" in [c.value for c in at.caption]


def test_a_comment_is_saved_with_the_vote_and_hidden_until_reveal(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    at = open_on("pages/vote.py", code, participant=ben.id)
    at.text_area(key="comment:1:vision:rating").input("Posters in <b>9</b> of 12 buildings").run()
    assert not at.exception and not at.error
    assert app_store.voting.ballot(code, ben.id).comments == {VISION: "Posters in <b>9</b> of 12 buildings"}
    assert "Comment saved. It shows on the projector after the votes are revealed." in [c.value for c in at.caption]
    assert app_store.comments.on(code, key, *VISION) == []
    at.run()
    assert at.text_area(key="comment:1:vision:rating").value == "Posters in <b>9</b> of 12 buildings"


def test_the_comment_box_takes_no_more_than_a_comment_may_hold(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    at = open_on("pages/vote.py", code, participant=ben.id)
    assert at.text_area(key="comment:1:vision:rating").max_chars == 1_000  # the store refuses more


def test_the_level_words_are_on_the_buttons_and_the_chosen_level_is_marked(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    app_store.voting.cast(code, ben.id, *VISION, "developing")
    at = open_on("pages/vote.py", code, participant=ben.id)
    cell = collaboration.row("vision").cells()["rating"]
    labels = {b.key.rsplit(":", 1)[1]: b.label for b in at.button if b.key and b.key.startswith("vote:")}
    for level in collaboration.levels:
        assert labels[level.id].endswith("  \n" + cell.descriptors[level.id])
    assert labels["developing"].startswith("✔ **Developing** (your vote)")
    assert [b.key for b in at.button if b.proto.type == "primary" and b.key.startswith("vote:")] == [
        "vote:1:vision:rating:developing"
    ]


def test_a_sipr_row_shows_its_criteria_and_the_meaning_of_each_level(data_dir, app_store, sipr):
    code, key = new_session(app_store, sipr)
    app_store.voting.open_round(code, key, [("1.1", "implementation")], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    at = open_on("pages/vote.py", code, participant=ben.id)
    assert not at.exception
    assert any("- There is one district plan." in as_read(m.value) for m in at.markdown)
    assert any(b.label.endswith("None of the acceptable criteria hold yet.") for b in at.button)
    assert len(level_buttons(at)) == len(sipr.levels)


def test_a_participant_sees_no_one_elses_vote(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben, cy = app_store.voting.join(code, "Ben"), app_store.voting.join(code, "Cy Other")
    app_store.voting.cast(code, cy.id, *VISION, "accomplished")
    at = open_on("pages/vote.py", code, participant=ben.id)
    assert "Cy Other" not in texts(at)
    assert not any("✔" in b.label for b in at.button)


def test_a_vote_after_voting_closed_is_refused_with_a_clear_message(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    app_store.voting.cast(code, ben.id, *VISION, "developing")
    at = open_on("pages/vote.py", code, participant=ben.id)
    app_store.voting.close_round(code, key)  # the facilitator closes while Ben's page is open
    at.button(key="vote:1:vision:rating:accomplished").click().run()
    assert [as_read(e.value) for e in at.error] == [
        "Voting has closed, so this vote was not recorded. The team's votes are on the projector."
    ]
    assert app_store.voting.ballot(code, ben.id).mine == {VISION: "developing"}
    # the same run shows the closed round and Ben's own votes (not the team's result)
    assert [i.value for i in at.info] == [
        "Voting is closed. The facilitator will show everyone's votes on the projector."
    ]
    shown = [m.value for m in at.markdown]
    assert shown.index("**Your votes:**") < shown.index(f"- {markdown_text('Vision & mission')}: **Developing**")
    assert not level_buttons(at)


def test_after_reveal_the_participant_is_pointed_to_the_projector(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    app_store.voting.reveal(code, key)
    at = open_on("pages/vote.py", code, participant=ben.id)
    assert [as_read(s.value) for s in at.success] == ["Voting is closed and the votes are on the projector."]
    assert f"- {markdown_text('Vision & mission')}: **no vote**" in [m.value for m in at.markdown]


def test_the_participant_link_opens_the_same_person_with_their_votes_on_another_device(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    app_store.voting.cast(code, ben.id, *VISION, "evolving")
    at = AppTest.from_file(str(APP), default_timeout=30)  # another device: nothing but the link
    at.run()
    at.switch_page("pages/vote.py")
    at.query_params["code"] = code
    at.query_params["p"] = ben.id
    at.run()
    assert not at.exception
    assert "You are voting as **Ben**." in [m.value for m in at.markdown]
    assert "Saved: **Evolving**. You can change it until voting closes." in [c.value for c in at.caption]
    assert f"p={ben.id}" in at.code[0].value


def test_an_id_from_another_session_does_not_open_this_one(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    other, _ = new_session(app_store, collaboration, team="Another team")
    stranger = app_store.voting.join(other, "Stranger")
    at = open_on("pages/vote.py", code, participant=stranger.id)
    assert not at.exception
    assert widget(at.text_input, "Your name")
    assert "Stranger" not in texts(at)


def test_a_group_member_sets_the_groups_shared_rating(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    ana, ben = app_store.voting.join(code, "Ana"), app_store.voting.join(code, "Ben")
    blue, _ = app_store.groups.make(code, key, ["Blue", "Green"])
    app_store.voting.open_round(code, key, [VISION], actor="F", by_groups=True)
    at = open_on("pages/vote.py", code, participant=ana.id)
    assert not at.exception
    assert "You are voting as **Ana**. Your group: **Blue**." in [m.value for m in at.markdown]
    assert "**0 of 1 rated** · Element 1 of 1" in [m.value for m in at.markdown]
    at.button(key="vote:1:vision:rating:developing").click().run()
    assert app_store.voting.ballot(code, ana.id).group_levels == {VISION: "developing"}
    assert app_store.voting.ballot(code, ben.id).group_levels == {}  # Ben is in Green


def test_the_page_redraws_itself_when_the_facilitator_opens_voting(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    ben = app_store.voting.join(code, "Ben")
    at = open_on("pages/vote.py", code, participant=ben.id)
    assert [i.value for i in at.info] == [WAITING]
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    at.run()
    assert level_buttons(at) == [f"vote:1:vision:rating:{level}" for level in collaboration.level_ids()]


# --- the Consensus page -------------------------------------------------------------------------------


def test_the_consensus_page_needs_the_facilitator_key(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = open_on("pages/consensus.py", code)
    assert not at.exception
    assert at.warning[0].value.startswith("Only the facilitator can change ratings.")
    assert "open-voting" not in [b.key for b in at.button]


def test_before_any_round_the_page_shows_the_join_link_code_and_who_joined(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.join(code, "Ana <b>Ruiz</b>")
    at = open_on("pages/consensus.py", code, key)
    assert not at.exception
    body = html_of(at)
    assert f'<div class="join-code">{code}</div>' in body
    assert "1 joined" in body and "Ana &lt;b&gt;Ruiz&lt;/b&gt;" in body
    assert at.code[0].value.endswith(f"/vote?code={code}")
    assert len(at.get("image")) == 1  # the QR code


def test_opening_voting_on_the_whole_continuum_with_its_settings(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_on("pages/consensus.py", code, key)
    at.radio(key="scope").set_value("all")
    at.toggle(key="allow-anonymous").set_value(True)
    at.toggle(key="auto-reveal").set_value(True)
    at.button(key="open-voting").click().run()
    assert not at.exception
    opened = app_store.voting.current_round(code)
    assert len(opened.cells) == collaboration.row_count()
    assert (opened.allow_anonymous, opened.auto_reveal, opened.by_groups) == (True, True, False)
    assert "0 of 0 votes in" in html_of(at)


def test_vote_on_offers_a_group_only_where_the_continuum_has_several(data_dir, app_store, collaboration, sipr):
    one, one_key = new_session(app_store, collaboration)
    at = open_on("pages/consensus.py", one, one_key)
    assert at.radio(key="scope").options == ["One element", "The whole continuum"]
    several, several_key = new_session(app_store, sipr)
    at = open_on("pages/consensus.py", several, several_key)
    assert at.radio(key="scope").options == ["One characteristic", "One strategy", "The whole continuum"]


def test_opening_voting_on_one_row(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_on("pages/consensus.py", code, key)
    at.selectbox(key="scope-row").set_value("policies")
    at.button(key="open-voting").click().run()
    assert app_store.voting.current_round(code).cells == (POLICIES,)


def test_votes_are_counted_with_who_has_not_voted_but_their_levels_stay_hidden(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION, POLICIES], actor="Ana")
    ids = [app_store.voting.join(code, name).id for name in ("Ben", "Cy", "Dee")]
    app_store.voting.cast(code, ids[0], *VISION, "accomplished")
    app_store.voting.cast(code, ids[1], *VISION, "beginning")
    app_store.voting.cast(code, ids[1], *POLICIES, "evolving")
    at = open_on("pages/consensus.py", code, key)
    body = html_of(at)
    assert "3 of 6 votes in" in body
    assert 'data-cell="vision:rating" data-votes="2"' in body
    assert "Not voted yet: Ben, Dee" in body
    every_text = texts(at)
    for level in ("Beginning", "Evolving", "Accomplished"):
        assert level not in every_text
    assert not at.get("plotly_chart")


def test_at_zero_votes_reveal_is_not_offered_and_the_page_says_why(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION, POLICIES], actor="Ana")
    app_store.voting.join(code, "Ben")
    at = open_on("pages/consensus.py", code, key)
    assert not [b for b in at.button if b.key == "reveal"]
    assert "Nothing to reveal yet: Reveal appears once the first vote is in." in [c.value for c in at.caption]
    assert 'data-control="join"><span>Next:</span>Wait for the first votes: each person votes.' in html_of(at)
    ben = app_store.voting.join(code, "Cy").id
    app_store.voting.cast(code, ben, *VISION, "developing")
    at.run()
    assert [b.label for b in at.button if b.key == "reveal"] == ["Reveal the votes"]
    assert "1 of 4 votes in: reveal the votes when the room is ready." in html_of(at)


def test_before_any_round_the_open_voting_form_comes_before_the_join_code(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_on("pages/consensus.py", code, key)
    assert "Open voting" not in [e.label for e in at.expander]  # not folded away at the bottom
    assert [b.label for b in at.button if b.key == "open-voting"] == ["Open voting"]
    assert 'data-control="open-voting"' in html_of(at)


def test_reveal_shows_each_row_with_the_rows_to_discuss_first(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION, POLICIES], actor="Ana")
    ids = [app_store.voting.join(code, name).id for name in ("Ben", "Cy", "Dee")]
    for pid, (v, p) in zip(ids, [("developing", "beginning"), ("developing", "evolving"), ("evolving", "evolving")]):
        app_store.voting.cast(code, pid, *VISION, v)
        app_store.voting.cast(code, pid, *POLICIES, p)
    at = open_on("pages/consensus.py", code, key)
    at.button(key="reveal").click().run()
    assert not at.exception
    assert app_store.voting.current_round(code).revealed
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert [as_read(h) for h in headings] == ["### Policies & structures", "### Vision & mission"]
    body = html_of(at)
    assert "Revealed: 6 votes · 1 element to discuss first</div>" in body
    assert (
        '<div class="next-step" data-control="record"><span>Next:</span>Discuss Policies &amp; structures '
        "(the votes are two or more levels apart), then record the team&#x27;s level.</div>"
    ) in body
    # the row to discuss shows what each level says, its median highlighted; the others fold theirs away
    assert "Policies and structures outline the role of individuals" in body
    assert [e.label for e in at.expander].count("What each level says") == 1
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert [chart["data"][0]["x"] for chart in charts] == [[1, 3, 3], [2, 2, 3]]
    assert "Discuss: the votes are 2 levels apart." in body
    assert "<span>Median</span><b>Evolving</b>" in body and "<span>Median</span><b>Developing</b>" in body


def test_the_consensus_is_recorded_with_its_evidence_and_may_differ_from_the_median(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ids = [app_store.voting.join(code, name).id for name in ("Ben", "Cy")]
    app_store.voting.cast(code, ids[0], *VISION, "beginning")
    app_store.voting.cast(code, ids[1], *VISION, "developing")
    app_store.voting.reveal(code, key)
    at = open_on("pages/consensus.py", code, key)
    assert at.select_slider(key="agree:vision:rating").value == "beginning"  # the lower of the middle two
    assert "<span>Median</span><b>between Beginning (Individualistic) and Developing" in html_of(at)
    at.select_slider(key="agree:vision:rating").set_value("evolving")
    at.text_area(key="agree-evidence:vision:rating").input("Posters in <b>9</b> of 12 buildings")
    widget(at.button, "Record consensus").click().run()
    assert not at.exception
    entry = app_store.sessions.load(code).entry(*VISION)
    assert (entry.rating.level, entry.evidence) == ("evolving", "Posters in <b>9</b> of 12 buildings")
    assert entry.updated_by == "Ana Ruiz"
    assert "Recorded consensus: **Evolving**" in [m.value for m in at.markdown]


def test_the_record_form_starts_at_the_votes_median_not_at_the_level_rated_before_the_vote(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, *VISION, actor="Ana Ruiz", level="beginning")  # on the Rate page
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    for name in ("Ben", "Cy", "Di"):
        app_store.voting.cast(code, app_store.voting.join(code, name).id, *VISION, "evolving")
    app_store.voting.reveal(code, key)
    at = open_on("pages/consensus.py", code, key)
    assert at.select_slider(key="agree:vision:rating").value == "evolving"
    widget(at.button, "Record consensus").click().run()
    assert app_store.sessions.load(code).entry(*VISION).rating.level == "evolving"
    at = open_on("pages/consensus.py", code, key)  # recorded since Reveal: the form shows the team's level
    assert at.select_slider(key="agree:vision:rating").value == "evolving"
    app_store.entries.set(code, key, *VISION, actor="Ana Ruiz", level="accomplished")
    at = open_on("pages/consensus.py", code, key)
    assert at.select_slider(key="agree:vision:rating").value == "accomplished"


def test_the_page_reports_how_far_the_team_moved_from_its_first_votes(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben").id
    app_store.voting.cast(code, ben, *VISION, "beginning")
    app_store.voting.reveal(code, key)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    app_store.voting.cast(code, ben, *VISION, "evolving")
    app_store.voting.reveal(code, key)
    app_store.entries.set(code, key, *VISION, actor="Ana", level="developing")
    at = open_on("pages/consensus.py", code, key)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "People who voted": "1",
        "First vote to last vote": "2.00 levels",
        "First vote to consensus": "1.00 levels",
    }


def test_vote_again_opens_a_new_round_on_the_same_rows(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION, POLICIES], actor="Ana", auto_reveal=True)
    app_store.voting.reveal(code, key)
    at = open_on("pages/consensus.py", code, key)
    at.button(key="vote-again").click().run()
    again = app_store.voting.current_round(code)
    assert (again.number, again.cells, again.auto_reveal, again.is_open) == (2, (VISION, POLICIES), True, True)


def test_close_voting_stops_the_votes_and_keeps_them_hidden(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    app_store.voting.join(code, "Ben")
    at = open_on("pages/consensus.py", code, key)
    at.button(key="close-voting").click().run()
    assert not at.exception
    latest = app_store.voting.current_round(code)
    assert not latest.is_open and not latest.revealed
    assert "Voting closed: 0 of 1 votes in" in html_of(at)


def test_small_groups_are_made_rated_side_by_side_and_merged(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    people = [app_store.voting.join(code, name).id for name in ("Ana", "Ben", "Cy", "Dee")]
    at = open_on("pages/consensus.py", code, key)
    widget(at.text_area, "Group names, one per line").input("Blue\nGreen")
    widget(at.button, "Split everyone who has joined into these groups").click().run()
    assert not at.exception
    blue, green = app_store.groups.of(code, key)
    assert (blue.members, green.members) == ((people[0], people[2]), (people[1], people[3]))
    at.radio(key="by-groups").set_value(True)
    at.radio(key="scope").set_value("all")
    at.button(key="open-voting").click().run()
    app_store.groups.rate(code, people[0], *VISION, "evolving")
    app_store.groups.rate(code, people[1], *VISION, "developing")
    at.run()
    assert "1 of 12 group ratings in" not in html_of(at)
    assert "2 of 12 group ratings in" in html_of(at)
    at.button(key="reveal").click().run()
    (table,) = at.dataframe
    first = table.value.iloc[0].to_dict()
    assert first == {"row": "Vision & mission", f"voter:{blue.id}": "Evolving",
                     f"voter:{green.id}": "Developing", "median": "between Developing and Evolving"}
    widget(at.button, "Record the groups' median as the consensus on every row").click().run()
    assert not at.exception
    assert app_store.sessions.load(code).entry(*VISION).rating.level == "developing"  # the lower of the two


def test_withdrawing_a_groups_rating_is_saved_and_said_to_be_so(data_dir, app_store, collaboration):
    """A withdrawal is saved as no level: the page must not take the core's None for a refusal."""
    code, key = new_session(app_store, collaboration)
    ana = app_store.voting.join(code, "Ana").id
    app_store.groups.make(code, key, ["Blue", "Green"])
    app_store.voting.open_round(code, key, [VISION], actor="Facilitator", by_groups=True)
    at = open_on("pages/vote.py", code, participant=ana)
    at.button(key="vote:1:vision:rating:evolving").click().run()
    assert app_store.voting.ballot(code, ana).group_levels == {VISION: "evolving"}
    at.button(key="clear:1:vision:rating").click().run()
    assert not at.exception and not at.error
    assert app_store.voting.ballot(code, ana).group_levels == {VISION: None}
    assert "Not voted yet." in [c.value for c in at.caption]


def test_a_person_is_moved_to_another_group(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    ana = app_store.voting.join(code, "Ana").id
    app_store.voting.join(code, "Ben")
    blue, green = app_store.groups.make(code, key, ["Blue", "Green"])
    at = open_on("pages/consensus.py", code, key)
    widget(at.selectbox, "Move").set_value(ana)
    widget(at.selectbox, "Into group").set_value(green.id)
    widget(at.button, "Move").click().run()
    assert ana in app_store.groups.of(code, key)[1].members


@pytest.mark.parametrize(
    "rubric_id",
    ["micip-collaboration", "micip-maintaining-balance", "sipr-practice-profile", "sipr-earlier-strategies-3-4",
     "leadership-system"],
)
def test_both_pages_run_through_a_whole_vote_on_every_continuum(data_dir, app_store, library, rubric_id):
    rubric = library.get(rubric_id)
    code, key = new_session(app_store, rubric)
    board = open_on("pages/consensus.py", code, key)
    board.radio(key="scope").set_value("all")
    board.button(key="open-voting").click().run()
    assert not board.exception and not board.error
    cells = app_store.voting.current_round(code).cells
    assert len(cells) == rubric.row_count() * len(rubric.dimension_ids())
    people = [app_store.voting.join(code, name).id for name in ("Ana", "Ben")]
    phone = open_on("pages/vote.py", code, participant=people[0])
    assert not phone.exception and len(level_buttons(phone)) == len(rubric.levels)
    assert f"**0 of {len(cells)} voted** · {rubric.terms.row} 1 of {len(cells)}" in [m.value for m in phone.markdown]
    levels = rubric.level_ids()
    for n, pid in enumerate(people):
        for i, cell in enumerate(cells):
            app_store.voting.cast(code, pid, *cell, levels[(n * 2 + i) % len(levels)])
    board.run()
    assert f"{2 * len(cells)} of {2 * len(cells)} votes in" in html_of(board)
    board.button(key="reveal").click().run()
    assert not board.exception and not board.error
    assert len(board.get("plotly_chart")) == len(cells)
    phone.run()
    assert not phone.exception
    assert [s.value for s in phone.success] == ["Voting is closed and the votes are on the projector."]


# --- someone who left the meeting -----------------------------------------------------------------

LEFT_WARNING = "The facilitator took you off this vote, thinking you had left. Your votes so far are kept."


def test_the_facilitator_takes_someone_who_left_off_the_vote_and_the_board_stops_waiting(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben, cy, dee = (app_store.voting.join(code, name).id for name in ("Ben", "Cy", "Dee"))
    app_store.voting.cast(code, ben, *VISION, "developing")
    app_store.voting.cast(code, dee, *VISION, "evolving")
    at = open_on("pages/consensus.py", code, key)
    assert "Not voted yet: Cy" in html_of(at)
    assert [o for o in widget(at.selectbox, "Who left the meeting?").options] == ["Ben", "Cy", "Dee"]
    widget(at.selectbox, "Who left the meeting?").set_value(dee).run()
    widget(at.button, "Remove Dee from this vote").click().run()
    assert not at.exception and not at.error
    body = html_of(at)
    assert "2 of 3 votes in" in body  # Dee's vote stays, and nobody waits for Dee any more
    assert "Not voted yet: Cy" in body
    assert "**Left the vote:** Dee" in [m.value for m in at.markdown]
    assert [o for o in widget(at.selectbox, "Who left the meeting?").options] == ["Ben", "Cy"]
    widget(at.selectbox, "Who left the meeting?").set_value(cy).run()
    widget(at.button, "Remove Cy from this vote").click().run()
    body = html_of(at)
    assert "2 of 2 votes in" in body and "Everyone has voted." in body
    assert {v.participant_id for v in app_store.sessions.load(code, key=key).votes} == {ben, dee}
    assert [p.id for p in app_store.attendance.of(code, key).left] == [cy, dee]


def test_taking_off_the_last_one_waited_for_reveals_a_round_that_reveals_itself(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana", auto_reveal=True)
    ben, cy = (app_store.voting.join(code, name).id for name in ("Ben", "Cy"))
    app_store.voting.cast(code, ben, *VISION, "developing")
    at = open_on("pages/consensus.py", code, key)
    widget(at.selectbox, "Who left the meeting?").set_value(cy).run()
    widget(at.button, "Remove Cy from this vote").click().run()
    assert not at.exception
    assert app_store.voting.current_round(code).revealed
    assert [as_read(m.value) for m in at.markdown if m.value.startswith("### ")] == ["### Vision & mission"]


def test_participants_sharing_a_name_are_told_apart_by_the_order_they_joined(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana", allow_anonymous=True)
    first, second = app_store.voting.join(code, "").id, app_store.voting.join(code, "").id
    at = open_on("pages/consensus.py", code, key)
    box = widget(at.selectbox, "Who left the meeting?")
    assert box.options == ["Anonymous 1", "Anonymous 2"]
    box.set_value(second).run()
    widget(at.button, "Remove Anonymous 2 from this vote").click().run()
    assert [p.id for p in app_store.attendance.of(code, key).present] == [first]


def test_someone_taken_off_the_vote_sees_why_and_rejoins_with_their_votes(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION, POLICIES], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    app_store.voting.cast(code, ben.id, *VISION, "evolving")
    app_store.attendance.remove(code, key, ben.id, actor="Ana")
    at = open_on("pages/vote.py", code, participant=ben.id)  # Ben comes back: a reload
    assert not at.exception
    assert [w.value for w in at.warning] == [LEFT_WARNING]
    assert not level_buttons(at)
    widget(at.button, "Rejoin the vote").click().run()
    assert not at.exception and not at.warning
    assert "**1 of 2 voted** · Element 2 of 2" in [m.value for m in at.markdown]
    at.button(key="vote:1:policies:rating:developing").click().run()
    assert app_store.voting.ballot(code, ben.id).mine == {VISION: "evolving", POLICIES: "developing"}
    assert "Ben" in [v.name for v in app_store.voting.board(code, key).voters]


def test_a_vote_from_a_page_left_open_after_being_taken_off_is_refused_saying_why(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    at = open_on("pages/vote.py", code, participant=ben.id)
    app_store.attendance.remove(code, key, ben.id, actor="Ana")  # while Ben's page is open
    at.button(key="vote:1:vision:rating:accomplished").click().run()
    assert [as_read(e.value) for e in at.error] == [
        'The facilitator took you off this vote, so this vote was not recorded. Press "Rejoin the vote" to vote again.'
    ]
    assert [w.value for w in at.warning] == [LEFT_WARNING]
    assert app_store.sessions.load(code).votes == []


# --- comments after Reveal (issue 16, item 5) ----------------------------------------------------


def test_comments_show_beside_the_revealed_row_as_text_and_one_click_adds_one_to_the_evidence(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben, cy = (app_store.voting.join(code, name).id for name in ("Ben", "Cy"))
    app_store.voting.cast(code, ben, *VISION, "developing")
    app_store.comments.write(code, ben, *VISION, "Posters in <b>9</b> of 12 buildings")
    app_store.comments.write(code, cy, *VISION, "*Teachers* could not name it")
    board = open_on("pages/consensus.py", code, key)
    assert "Posters in" not in texts(board)  # hidden until Reveal
    app_store.voting.reveal(code, key)
    board.run()
    body = html_of(board)
    assert '<div class="row-comment">Posters in &lt;b&gt;9&lt;/b&gt; of 12 buildings <span class="by">— Ben</span>' in body
    assert "*Teachers* could not name it" in body
    assert "**Comments (2)**" in [m.value for m in board.markdown]
    board.button(key=f"use-comment:vision:rating:{ben}").click().run()
    assert not board.exception and not board.error
    assert app_store.sessions.load(code).entry(*VISION).evidence == "Posters in <b>9</b> of 12 buildings"
    assert "In the evidence." in [c.value for c in board.caption]
    assert f"use-comment:vision:rating:{ben}" not in [b.key for b in board.button]


def test_use_as_evidence_after_the_evidence_changed_elsewhere_says_so_and_overwrites_nothing(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben").id
    app_store.comments.write(code, ben, *VISION, "Posters")
    app_store.voting.reveal(code, key)
    board = open_on("pages/consensus.py", code, key)
    app_store.entries.set(code, key, *VISION, actor="Co-facilitator", evidence="Typed on the Rate page")
    board.button(key=f"use-comment:vision:rating:{ben}").click().run()
    assert [e.value for e in board.error] == [
        "Not added: the evidence of this row was changed in another window since this page showed it. "
        "It now reads: “Typed on the Rate page”. Press “Use as evidence” again to add the comment to it."
    ]
    assert app_store.sessions.load(code).entry(*VISION).evidence == "Typed on the Rate page"


def test_the_facilitator_opens_a_guided_round(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_on("pages/consensus.py", code, key)
    at.toggle(key="guided-ballot").set_value(True)
    at.button(key="open-voting").click().run()
    assert app_store.voting.current_round(code).guided


# --- the join link's address (issue 16, item 1) ---------------------------------------------------


def test_the_join_link_and_qr_code_carry_the_public_address_when_one_is_set(data_dir, app_store, collaboration, monkeypatch):
    monkeypatch.setenv("SIPR_PUBLIC_URL", "https://sipr.example.org/district/")
    code, key = new_session(app_store, collaboration)
    at = open_on("pages/consensus.py", code, key)
    assert not at.exception and not at.warning
    assert at.code[0].value == f"https://sipr.example.org/district/vote?code={code}"


def test_a_public_address_that_is_no_web_address_is_named_with_the_fix(data_dir, app_store, collaboration, monkeypatch):
    monkeypatch.setenv("SIPR_PUBLIC_URL", "sipr.example.org")
    code, key = new_session(app_store, collaboration)
    at = open_on("pages/consensus.py", code, key)
    assert [as_read(e.value) for e in at.error] == [
        "The public address “sipr.example.org” (SIPR_PUBLIC_URL, or public_url in the secrets) is not a web "
        "address. Set it to the address people open, like https://sipr.example.org."
    ]


def test_a_leadership_consensus_may_be_recorded_as_not_started(data_dir, app_store, leadership):
    code, key = new_session(app_store, leadership)
    app_store.voting.open_round(code, key, [("1", "rating")], actor="Ana")
    ben = app_store.voting.join(code, "Ben").id
    app_store.voting.cast(code, ben, "1", "rating", "getting-started")
    app_store.voting.reveal(code, key)
    at = open_on("pages/consensus.py", code, key)
    slider = at.select_slider(key="agree:1:rating")
    assert slider.options[:2] == ["Not started", "Getting Started"]
    slider.set_value("not-started")
    widget(at.button, "Record consensus").click().run()
    assert not at.exception
    assert app_store.sessions.load(code).entry("1", "rating").rating.level == "not-started"
    assert "Recorded consensus: **Not started**" in [m.value for m in at.markdown]
