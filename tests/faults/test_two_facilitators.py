"""Two facilitators change the same row at once: both changes are in the history, both pages show the winner.

Two Rate pages (AppTest, each its own browser session) are open on one session with the row unrated.
"At once" is what two browsers see: each facilitator changes the row on a page that still shows the
old state, before either page has heard of the other's change. (AppTest cannot run two pages on
threads; the store's own concurrency is tested with threads in tests/integration/test_concurrency.py.)
"""

from __future__ import annotations

import json

from app_support import new_session, open_page


def radar_points(at) -> list:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return spec["data"][0]["r"]


def test_two_facilitators_changing_one_row_at_once_are_both_in_the_history_and_both_see_the_winner(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    ana, ben = open_page("pages/rate.py", code, key), open_page("pages/rate.py", code, key)
    for at in (ana, ben):
        assert at.select_slider(key="level:vision:rating").value == "__not_rated__"
        assert at.text_area(key="evidence:vision:rating").value == ""
    # each page still shows the row as it was before the other facilitator's change
    ana.select_slider(key="level:vision:rating").set_value("developing").run()
    ben.select_slider(key="level:vision:rating").set_value("evolving").run()
    ben.text_area(key="evidence:vision:rating").input("Ben's survey results").run()
    ana.text_area(key="evidence:vision:rating").input("Ana's notes from the walkthrough").run()
    for at in (ana, ben):
        assert not at.exception and not at.error

    history = app_store.history(code, key)
    levels = [c for c in history if c.field == "level"]
    texts = [c for c in history if c.field == "evidence"]
    # both changes are kept, and the second starts from what the first left: none was overwritten unseen
    assert [(c.old, c.new) for c in levels] == [(None, "developing"), ("developing", "evolving")]
    assert [(c.old, c.new) for c in texts] == [
        ("", "Ben's survey results"),
        ("Ben's survey results", "Ana's notes from the walkthrough"),
    ]
    winner_level, winner_text = "evolving", "Ana's notes from the walkthrough"
    stored = app_store.session(code).entry("vision", "rating")
    assert (stored.rating.level, stored.evidence) == (winner_level, winner_text)
    for at in (ana, ben):
        at.run()  # the next rerun of either page: a click anywhere, or the page coming back into view
        assert at.select_slider(key="level:vision:rating").value == winner_level
        assert at.text_area(key="evidence:vision:rating").value == winner_text
        assert radar_points(at)[0] == 3.0
