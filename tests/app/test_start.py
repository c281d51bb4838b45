import datetime

from app_support import new_session, open_page, widget


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
    info = app_store.info(code)
    assert (info.district, info.team, info.facilitator) == ("Riverside Public Schools", "District CI team", "Ana Ruiz")
    assert at.success[0].value.startswith("Session created. Your facilitator key is **")


def test_creating_a_session_without_a_team_says_what_is_missing(data_dir, app_store):
    at = open_page("pages/start.py")
    widget(at.text_input, "District").input("Riverside Public Schools")
    widget(at.text_input, "Facilitator (your name)").input("Ana Ruiz")
    widget(at.button, "Create session").click()
    at.run()
    assert [e.value for e in at.error] == ["Team is empty: type a team."]


def test_joining_with_an_unknown_code_says_no_such_session(data_dir):
    at = open_page("pages/start.py")
    join_box = widget(at.text_input, "Join code")
    join_box.input("ZZZ-ZZZ-ZZZ")
    widget(at.button, "Open session").click()
    at.run()
    assert [e.value for e in at.error] == ["No such session: ZZZ-ZZZ-ZZZ. Check the code on the projector and try again."]


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
