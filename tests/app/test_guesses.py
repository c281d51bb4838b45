"""Join codes and the app password cannot be guessed at speed: after five wrong tries a browser waits."""

from __future__ import annotations

from app_support import APP, as_read, new_session, open_page, widget
from streamlit.testing.v1 import AppTest

WAIT = "Too many wrong codes: wait 30 seconds and try again."


def try_code(at: AppTest, code: str, field: str = "Join code", button: str = "Open session") -> list[str]:
    widget(at.text_input, field).input(code)
    widget(at.button, button).click()
    at.run()
    assert not at.exception
    return [as_read(e.value) for e in at.error]


def test_after_five_wrong_join_codes_the_start_page_asks_to_wait_even_for_the_right_one(
    data_dir, app_store, collaboration, monkeypatch
):
    code, _ = new_session(app_store, collaboration)
    at = open_page("pages/start.py")
    for n in range(5):
        assert try_code(at, f"ZZZ-ZZZ-ZZ{n}")[0].startswith("No such session")
    asked = []
    monkeypatch.setattr(type(app_store.sessions), "info", lambda self, c: asked.append(c))
    assert try_code(at, "ZZZ-ZZZ-ZZ9") == [WAIT]
    assert try_code(at, code) == [WAIT], "while it waits, no code is checked: a guess cannot tell it is right"
    assert asked == []


def test_the_right_code_after_a_few_wrong_ones_opens_at_once(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    at = open_page("pages/start.py")
    for n in range(4):
        try_code(at, f"ZZZ-ZZZ-ZZ{n}")
    assert try_code(at, code) == []
    assert at.query_params["code"] in (code, [code])


def test_another_browser_at_the_same_address_may_still_try(data_dir, app_store, collaboration):
    code, _ = new_session(app_store, collaboration)
    first = open_page("pages/start.py")
    for n in range(6):
        try_code(first, f"ZZZ-ZZZ-ZZ{n}")
    assert try_code(first, code) == [WAIT]
    assert try_code(open_page("pages/start.py"), code) == []


def test_the_vote_page_asks_to_wait_after_five_wrong_codes(data_dir):
    at = open_page("pages/vote.py")
    for n in range(5):
        assert try_code(at, f"ZZZ-ZZZ-ZZ{n}", button="Open")[0].startswith("No such session")
    assert try_code(at, "ZZZ-ZZZ-ZZ9", button="Open") == [WAIT]


def test_after_five_wrong_app_passwords_even_the_right_one_waits(data_dir, monkeypatch):
    monkeypatch.setenv("SIPR_APP_PASSWORD", "river-2026")
    at = AppTest.from_file(APP, default_timeout=20).run()
    for _ in range(5):
        assert try_code(at, "wrong", field="App password", button="Enter") == [
            "That password is not right. Ask whoever runs this app for it."
        ]
    assert try_code(at, "river-2026", field="App password", button="Enter") == [
        "Too many wrong passwords: wait 30 seconds and try again."
    ]
    again = AppTest.from_file(APP, default_timeout=20).run()
    assert try_code(again, "river-2026", field="App password", button="Enter") == []
    assert widget(again.text_input, "Join code"), "the other browser is in"


def test_codes_tried_in_the_address_count_too(data_dir, app_store, collaboration):
    """?code=... on any page opens a session: guessing there is slowed like guessing on Start."""
    code, _ = new_session(app_store, collaboration)
    at = AppTest.from_file(str(APP), default_timeout=30)
    seen = []
    for n in range(6):  # each opening of a page with the code is a try: the sixth waits
        at.query_params["code"] = f"ZZZ-ZZZ-ZZ{n}"
        at.switch_page("pages/dashboard.py").run()
        seen.append(as_read(at.error[0].value))
    assert seen[0].startswith("No such session") and seen[-1] == WAIT
    at.query_params["code"] = code
    at.run()
    at.switch_page("pages/dashboard.py").run()
    assert [as_read(e.value) for e in at.error] == [WAIT]
