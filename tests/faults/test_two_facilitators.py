"""Two facilitators change the same row at once: the later slider move wins, both are in the history and
both pages show it; a text is not overwritten unseen: the later writer is told and keeps their typing.

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


def test_two_facilitators_on_one_row_the_later_level_wins_and_a_text_is_not_overwritten_unseen(
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
    assert not ben.exception and not ben.error and not ana.exception
    # a slider move wins over the other's, but a text is not overwritten unseen: Ana is told
    assert [e.value for e in ana.error] == [
        "Not saved: the evidence of this row was changed in another window since this one showed it. "
        "It now reads: “Ben's survey results”. Your text is still in the box: to keep it instead, change it "
        "and click out of the box again."
    ]

    history = app_store.history.changes(code, key)
    levels = [c for c in history if c.field == "level"]
    texts = [c for c in history if c.field == "evidence"]
    # both level changes are kept, and the second starts from what the first left
    assert [(c.old, c.new) for c in levels] == [(None, "developing"), ("developing", "evolving")]
    assert [(c.old, c.new) for c in texts] == [("", "Ben's survey results")]
    stored = app_store.sessions.load(code).entry("vision", "rating")
    assert (stored.rating.level, stored.evidence) == ("evolving", "Ben's survey results")
    for at, in_the_box in ((ana, "Ana's notes from the walkthrough"), (ben, "Ben's survey results")):
        at.run()  # the next rerun of either page: a click anywhere, or the page coming back into view
        assert at.select_slider(key="level:vision:rating").value == "evolving"
        assert at.text_area(key="evidence:vision:rating").value == in_the_box  # Ana's typing is not lost
        assert radar_points(at)[0] == 3.0
