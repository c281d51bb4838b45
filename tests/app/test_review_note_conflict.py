"""Two Progress pages add a review on the same date: the second is told the first's note and keeps its own."""

from __future__ import annotations

import datetime

from app_support import new_session, open_page, widget


def add_review(at, day: datetime.date, note: str):
    at.date_input[0].set_value(day)
    widget(at.text_input, "Note (optional)").set_value(note)
    widget(at.button, "Add review date").click()
    return at.run()


def test_a_review_note_added_in_another_window_is_not_replaced_and_the_box_keeps_mine(
    data_dir, app_store, collaboration
):
    code, key = new_session(app_store, collaboration)
    day = datetime.date(2027, 3, 1)
    a, b = open_page("pages/progress.py", code, key), open_page("pages/progress.py", code, key)
    add_review(a, day, "Board meeting")
    assert not a.error
    add_review(b, day, "Mid-year review")
    assert not b.exception
    assert [e.value for e in b.error] == [
        "Not saved: the note of the review on 01 March 2027 was changed in another window since this one showed "
        "it. It now reads: “Board meeting”. Your text is still in the box: to keep it instead, press Add review "
        "date again."
    ]
    assert [r.note for r in app_store.targets.schedule(code)] == ["Board meeting"]
    assert widget(b.text_input, "Note (optional)").value == "Mid-year review"
    widget(b.button, "Add review date").click()
    b.run()
    assert not b.error
    assert [r.note for r in app_store.targets.schedule(code)] == ["Mid-year review"]
    assert widget(b.text_input, "Note (optional)").value == ""  # an empty form for the next date
