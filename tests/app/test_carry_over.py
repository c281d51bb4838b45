"""Actions between meetings on the pages: the review of carried actions comes first at a follow-up, and
overdue actions are flagged on Start and on the Dashboard."""

import datetime

from app_support import as_read, new_session, open_page, widget

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=10)
BASELINE = TODAY - datetime.timedelta(days=120)


def baseline_and_follow_up(store, rubric):
    code, key = new_session(store, rubric, held_on=BASELINE)
    store.actions.add(code, key, actor="Ana", what="Share the survey", row_ids=["vision"], due=PAST.isoformat())
    store.actions.add(code, key, actor="Ana", what="Visit a school", owner="Ben", status="in_progress")
    store.actions.add(code, key, actor="Ana", what="Write the charter", status="done")
    follow, _ = new_session(store, rubric, key=key, follow_up_of=code, held_on=TODAY)
    return code, follow, key


def review_forms(at):
    return [m for m in at.markdown if "review the actions carried" in m.value]


def test_a_follow_up_asks_first_to_review_the_actions_carried_from_the_last_session(
    data_dir, app_store, collaboration
):
    _, follow, key = baseline_and_follow_up(app_store, collaboration)
    at = open_page("pages/actions.py", follow, key)
    assert not at.exception and not at.error
    assert [m.value for m in review_forms(at)] == ["### First: review the actions carried from the last session"]
    carried = [as_read(m.value) for m in at.markdown if m.value.startswith("**")]
    assert carried[:2] == [
        f"**Share the survey** · Vision & mission · due {PAST:%d %b %Y}",
        "**Visit a school** · Ben · no due date",
    ]
    assert [r.label for r in at.radio] == ["How does it stand?", "How does it stand?"]


def test_a_review_saved_on_the_page_sets_the_status_and_leaves_only_the_rest_to_review(
    data_dir, app_store, collaboration
):
    _, follow, key = baseline_and_follow_up(app_store, collaboration)
    at = open_page("pages/actions.py", follow, key)
    at.radio[0].set_value("done")
    at.text_area[0].input("Sent to all staff")
    at.button[0].click()
    at.run()
    assert not at.exception and not at.error
    survey, visit = app_store.actions.items(follow)
    assert (survey.status.value, survey.review, survey.review_note, survey.reviewed_on) == (
        "done",
        "done",
        "Sent to all staff",
        TODAY,
    )
    assert visit.review is None
    assert len(at.radio) == 1


def test_a_review_without_an_outcome_says_what_is_missing_and_saves_nothing(data_dir, app_store, collaboration):
    _, follow, key = baseline_and_follow_up(app_store, collaboration)
    at = open_page("pages/actions.py", follow, key)
    at.button[0].click()
    at.run()
    assert [e.value for e in at.error] == ["Choose how the action stands: Done, In progress, Dropped, Carried over."]
    assert all(i.review is None for i in app_store.actions.items(follow))


def test_a_viewer_sees_no_review_step(data_dir, app_store, collaboration):
    _, follow, _ = baseline_and_follow_up(app_store, collaboration)
    at = open_page("pages/actions.py", follow)
    assert not at.exception
    assert review_forms(at) == [] and len(at.radio) == 0


def test_a_session_without_carried_actions_has_no_review_step(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.actions.add(code, key, actor="Ana", what="Share the survey")
    at = open_page("pages/actions.py", code, key)
    assert not at.exception and review_forms(at) == []


def test_overdue_actions_are_flagged_on_start_for_the_facilitator(data_dir, app_store, collaboration):
    _, follow, key = baseline_and_follow_up(app_store, collaboration)
    at = open_page("pages/start.py", follow, key)
    assert not at.exception
    flagged = [as_read(m.value) for m in at.markdown if "overdue since" in m.value]
    assert flagged == [
        f"**Share the survey** · overdue since {PAST:%d %b %Y}  \n"
        f"Riverside Schools · District CI team ({follow})"
    ]
    widget(at.button, "Open")  # one way to open the session it is in


def test_no_overdue_flag_on_start_without_a_facilitator_key(data_dir, app_store, collaboration):
    _, follow, _ = baseline_and_follow_up(app_store, collaboration)
    at = open_page("pages/start.py", follow)
    assert not at.exception
    assert not [m for m in at.markdown if "Actions overdue" in m.value]


def test_overdue_actions_are_flagged_on_the_dashboard_for_anyone_with_the_join_code(
    data_dir, app_store, collaboration
):
    code, follow, key = baseline_and_follow_up(app_store, collaboration)
    at = open_page("pages/dashboard.py", follow)
    assert not at.exception
    assert [as_read(m.value) for m in at.markdown if "overdue since" in m.value] == [
        f"- **Share the survey** · overdue since {PAST:%d %b %Y}"
    ]
    earlier = open_page("pages/dashboard.py", code)
    assert not [m for m in earlier.markdown if "overdue since" in m.value]  # carried on to the follow-up
    survey = app_store.actions.items(follow)[0]
    app_store.carry_over.review(follow, key, survey.id, "done", on=TODAY, actor="Ana")
    at = open_page("pages/dashboard.py", follow)
    assert not [m for m in at.markdown if "overdue since" in m.value]


def test_progress_shows_each_action_beside_the_rows_it_was_meant_to_move(data_dir, app_store, collaboration):
    code, follow, key = baseline_and_follow_up(app_store, collaboration)
    app_store.entries.set(code, key, "vision", "rating", actor="Ana", level="developing")
    app_store.entries.set(follow, key, "vision", "rating", actor="Ana", level="evolving")
    survey, visit = app_store.actions.items(follow)
    app_store.carry_over.review(follow, key, survey.id, "done", note="Sent to all staff", on=TODAY, actor="Ana")
    app_store.carry_over.review(follow, key, visit.id, "carried_over", note="Two of five", on=TODAY, actor="Ana")
    at = open_page("pages/progress.py", follow)
    assert not at.exception and not at.error
    (table,) = [d for d in at.dataframe if "history" in d.value.columns]
    lines = table.value.to_dict("records")
    assert lines == [
        {
            "row": "Vision & mission",
            "before": "Developing",
            "after": "Evolving",
            "what": "Share the survey",
            "status": "Done",
            "history": f"{BASELINE:%d %b %Y}: added · {TODAY:%d %b %Y}: Done — Sent to all staff",
        },
        {
            "row": "—",
            "before": "",
            "after": "",
            "what": "Visit a school",
            "status": "In progress",
            "history": f"{BASELINE:%d %b %Y}: added · {TODAY:%d %b %Y}: Carried over — Two of five",
        },
        {
            "row": "—",
            "before": "",
            "after": "",
            "what": "Write the charter",
            "status": "Done",
            "history": f"{BASELINE:%d %b %Y}: added",
        },
    ]


def test_the_summary_page_names_the_overdue_actions_beside_the_action_count(data_dir, app_store, collaboration):
    _, follow, _ = baseline_and_follow_up(app_store, collaboration)
    at = open_page("pages/summary.py", follow)
    assert not at.exception
    facts = [as_read(m.value) for m in at.markdown if "in the action plan" in m.value]
    assert len(facts) == 1
    assert (
        "- **2** action items in the action plan\n"
        f"- **1** action overdue: Share the survey: due {PAST.isoformat()}, Not started\n"
    ) in facts[0]
