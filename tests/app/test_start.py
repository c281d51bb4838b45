import datetime

from app_support import as_read, new_session, open_page, widget
from sqlalchemy import func, select

from sipr_core.storage import schema


def test_start_page_runs_without_a_session(data_dir):
    at = open_page("pages/start.py")
    assert not at.exception
    assert at.title[0].value == "Continuous-improvement facilitation"


def test_creating_a_session_stores_it_and_opens_it(data_dir, app_store):
    at = open_page("pages/start.py")
    widget(at.text_input, "District").input("Riverside Public Schools")
    widget(at.text_input, "Team").input("District CI team")
    widget(at.text_input, "Facilitator (your name)").input("Ana Ruiz")
    widget(at.button, "Create session").click()
    at.run()
    assert not at.exception
    assert not at.error
    code = at.query_params["code"]
    code = code[0] if isinstance(code, list) else code
    info = app_store.sessions.info(code)
    assert (info.district, info.team, info.facilitator) == ("Riverside Public Schools", "District CI team", "Ana Ruiz")
    [key] = [c.value for c in at.code]  # in the "Facilitator key" expander, not in the message
    assert app_store.sessions.is_facilitator(code, key)
    assert at.success[0].value.startswith("Session created. This browser keeps its facilitator key.")
    assert key not in at.success[0].value
    assert [e.label for e in at.expander] == ["Facilitator key (keep it private)"]


def test_a_second_session_from_the_same_browser_keeps_the_facilitator_key(data_dir, app_store):
    at = open_page("pages/start.py")
    for team in ("District CI team", "Oak Middle team"):
        widget(at.text_input, "District").input("Riverside Public Schools")
        widget(at.text_input, "Team").input(team)
        widget(at.text_input, "Facilitator (your name)").input("Ana Ruiz")
        widget(at.button, "Create session").click()
        at.run()
        widget(at.button, "Close this session").click()
        at.run()
    widget(at.text_input, "District").input("Riverside Public Schools")
    widget(at.text_input, "Team").input("Third team")
    widget(at.text_input, "Facilitator (your name)").input("Ana Ruiz")
    widget(at.button, "Create session").click()
    at.run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == [
        "Session created with the facilitator key of your earlier sessions in this browser."
    ]
    [key] = [c.value for c in at.code]
    assert sorted(i.team for i in app_store.sessions.for_key(key)) == ["District CI team", "Oak Middle team", "Third team"]


def test_creating_a_session_without_a_team_says_what_is_missing(data_dir, app_store):
    at = open_page("pages/start.py")
    widget(at.text_input, "District").input("Riverside Public Schools")
    widget(at.text_input, "Facilitator (your name)").input("Ana Ruiz")
    widget(at.button, "Create session").click()
    at.run()
    assert [as_read(e.value) for e in at.error] == ["Team is empty: type a team."]


def test_creating_a_session_with_nothing_typed_names_every_missing_field(data_dir, app_store):
    at = open_page("pages/start.py")
    widget(at.button, "Create session").click()
    at.run()
    assert [as_read(e.value) for e in at.error] == [
        "District is empty: type a district. Team is empty: type a team. "
        "Facilitator is empty: type a facilitator."
    ]


def test_joining_with_an_unknown_code_says_no_such_session(data_dir):
    at = open_page("pages/start.py")
    join_box = widget(at.text_input, "Join code")
    join_box.input("ZZZ-ZZZ-ZZZ")
    widget(at.button, "Open session").click()
    at.run()
    assert [as_read(e.value) for e in at.error] == ["No such session: ZZZ-ZZZ-ZZZ. Check the code on the projector and try again."]


def test_joining_by_code_opens_the_session(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = open_page("pages/start.py")
    join_box = widget(at.text_input, "Join code")
    join_box.input(code.lower().replace("-", " "))
    widget(at.button, "Open session").click()
    at.run()
    assert not at.exception
    assert any(code in m.value for m in at.markdown)


def test_my_sessions_lists_only_this_facilitators_sessions(data_dir, app_store, collaboration, sipr):
    mine, key = new_session(app_store, collaboration)
    also_mine, _ = new_session(app_store, sipr, key=key, held_on=datetime.date(2026, 12, 1))
    theirs, _ = new_session(app_store, collaboration, facilitator="Someone else")
    at = open_page("pages/start.py")
    widget(at.text_input, "Facilitator key").input(key)
    widget(at.button, "Show my sessions").click()
    at.run()
    listed = " ".join(m.value for m in at.markdown)
    assert mine in listed and also_mine in listed
    assert theirs not in listed


def test_reviews_due_are_listed_for_the_facilitator_with_a_way_to_open_the_series(data_dir, app_store, collaboration):

    code, key = new_session(app_store, collaboration, held_on=datetime.date.today() - datetime.timedelta(days=120))
    today = datetime.date.today()
    app_store.targets.add_review(code, key, today - datetime.timedelta(days=3), "Winter check", actor="Ana")
    app_store.targets.add_review(code, key, today + datetime.timedelta(days=60), actor="Ana")
    at = open_page("pages/start.py", code, key)
    assert not at.exception
    due = [as_read(m.value) for m in at.markdown if "overdue since" in m.value]
    assert due == [
        f"**Riverside Schools, District CI team: Shift from a Culture of Isolation to a Culture of Collaboration**: "
        f"overdue since {today - datetime.timedelta(days=3):%d %b %Y} — Winter check"
    ]
    assert not [m for m in at.markdown if "in 60 days" in m.value]


def test_no_reminder_without_a_facilitator_key(data_dir, app_store, collaboration):

    code, key = new_session(app_store, collaboration)
    app_store.targets.add_review(code, key, datetime.date.today(), actor="Ana")
    at = open_page("pages/start.py", code)
    assert not at.exception
    assert not [m for m in at.markdown if "Reviews due" in m.value]


def test_a_session_file_from_another_app_is_brought_in_and_opened(data_dir, app_store, collaboration, tmp_path):
    from sipr_core import Store

    elsewhere = Store(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    code, key = new_session(elsewhere, collaboration)
    elsewhere.entries.set(code, key, "vision", "rating", actor="Ana", level="evolving", evidence="From the walkthroughs")
    exported = elsewhere.transfer.export_json(code, key)
    elsewhere.close()
    at = open_page("pages/start.py")
    at.file_uploader[0].upload("session.json", exported.encode(), "application/json")
    at.run()
    widget(at.button, "Bring in this session").click()
    at.run()
    assert not at.exception
    assert [as_read(s.value) for s in at.success] == [
        "Imported with its ratings, evidence, votes and history. It starts a series of its own here, held by "
        "your facilitator key. This browser keeps its new facilitator key: open **Facilitator key** below, "
        "away from the projector, and write it down."
    ]
    assert any(f"Join code: **{code}**" in m.value for m in at.markdown)
    new_key = at.session_state[f"key:{code}"]  # the file carries no key: this browser got a new one
    assert app_store.sessions.is_facilitator(code, new_key) and not app_store.sessions.is_facilitator(code, key)
    entry = app_store.sessions.load(code).entry("vision", "rating")
    assert (entry.rating.level, entry.evidence) == ("evolving", "From the walkthroughs")
    assert at.file_uploader[0].value is None, "the uploader is emptied for the next file"


def test_a_damaged_session_file_is_refused_with_a_message_and_nothing_is_added(data_dir, app_store):
    at = open_page("pages/start.py")
    at.file_uploader[0].upload("notes.json", b'{"format": "sipr-session", "version": 3', "application/json")
    at.run()
    widget(at.button, "Bring in this session").click()
    at.run()
    assert not at.exception
    assert [as_read(e.value) for e in at.error] == [
        "This file is damaged or is not a session export: Expecting ',' delimiter at line 1, column 40. "
        "Nothing was imported."
    ]
    with app_store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.sessions)).scalar() == 0


def test_the_open_session_links_to_consensus_and_says_the_meetings_next_action(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    at = open_page("pages/start.py", code, key)
    links = [link.proto.label for link in at.get("page_link")]
    assert "Consensus" in links and "Go to Consensus" not in links  # no round yet: no meeting under way
    app_store.voting.open_round(code, key, [("vision", "rating")], actor="Ana")
    at.run()
    assert "**Next in the meeting:** Wait for people to join: they scan the QR code or open the link and " \
        "type the join code." in [m.value for m in at.markdown]
    assert "Go to Consensus" in [link.proto.label for link in at.get("page_link")]
def choose_continuum(at, rubric_id: str, library):
    at.selectbox(key="new-continuum").set_value(list(library.rubrics).index(rubric_id)).run()
    return at


def test_a_new_toolkit_meeting_offers_the_facilitator_guide_from_the_source(data_dir, library):
    at = choose_continuum(open_page("pages/start.py"), "micip-maintaining-balance", library)
    assert not at.exception
    [guide] = [e for e in at.expander if e.label == "Facilitator's guide from the source"]
    shown = [as_read(m.value) for m in guide.markdown]
    assert shown[:3] == [
        "**Facilitator Readiness**",
        "To successfully utilize this toolkit in support of a district, it would be helpful if facilitators "
        "would be familiar with the following content. See the MICIP website for additional professional "
        "learning on these topics.",
        "**MICIP Mindset**",
    ]
    assert "- Equity in opportunities, environments, and supports." in shown[3].split("\n")
    assert "**Additional Considerations for Support**" in shown


def test_sipr_and_the_leadership_system_have_no_facilitator_guide(data_dir, library):
    at = open_page("pages/start.py")
    for rubric_id in ("sipr-practice-profile", "leadership-system"):
        choose_continuum(at, rubric_id, library)
        assert not at.exception
        assert "Facilitator's guide from the source" not in [e.label for e in at.expander]


# --- the readiness checklist of the open session ------------------------------------------------


def readiness_boxes(at, place="start"):
    return [c for c in at.checkbox if c.key and c.key.startswith(f"ready:{place}:")]


def test_the_open_toolkit_session_shows_the_readiness_checklist_kept_for_the_session(
    data_dir, app_store, collaboration
):
    from sipr_core import readiness_checklist

    code, key = new_session(app_store, collaboration)
    at = open_page("pages/start.py", code, key)
    assert not at.exception
    assert "Before the meeting: facilitator readiness" in [e.label for e in at.expander]
    items = readiness_checklist(collaboration)
    assert [as_read(c.label) for c in readiness_boxes(at)] == items
    assert [c.value for c in readiness_boxes(at)] == [False] * 4
    readiness_boxes(at)[1].check().run()
    assert not at.exception
    assert app_store.preparation.ticked(code, key) == {items[1]}
    again = open_page("pages/start.py", code, key)  # another browser of the facilitator
    assert [c.value for c in readiness_boxes(again)] == [False, True, False, False]
    for box in readiness_boxes(again):
        box.check()
    again.run()
    assert app_store.preparation.ticked(code, key) == set(items)
    assert "Before the meeting: facilitator readiness (all ticked)" in [e.label for e in again.expander]
    assert "4 of 4 ticked · kept for this session, seen only by its facilitator" in [
        as_read(c.value) for c in again.caption
    ]


def test_a_tick_from_another_device_is_not_undone_by_an_older_page(data_dir, app_store, collaboration):
    from sipr_core import readiness_checklist

    code, key = new_session(app_store, collaboration)
    items = readiness_checklist(collaboration)
    at = open_page("pages/start.py", code, key)
    app_store.preparation.tick(code, key, items[0], True)  # ticked on the laptop meanwhile
    readiness_boxes(at)[2].check().run()
    assert app_store.preparation.ticked(code, key) == {items[0], items[2]}
    assert [c.value for c in readiness_boxes(at)] == [True, False, True, False]


def test_a_viewer_and_a_session_without_a_guide_show_no_checklist(data_dir, app_store, collaboration, sipr):
    code, _ = new_session(app_store, collaboration)
    assert readiness_boxes(open_page("pages/start.py", code)) == []  # the join code alone
    sipr_code, sipr_key = new_session(app_store, sipr)
    at = open_page("pages/start.py", sipr_code, sipr_key)
    assert not at.exception
    assert readiness_boxes(at) == []
