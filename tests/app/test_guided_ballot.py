"""The guided walk on the phone ballot (issue 18, item 7): in a guided round a row without a vote shows one
level at a time from the highest, "Yes" records it, "No" shows the next one down; a building team's session
asks about the school."""

from __future__ import annotations

from app_support import APP, as_read, new_session
from streamlit.testing.v1 import AppTest

VISION, POLICIES = ("vision", "rating"), ("policies", "rating")
YES, NO = "walk:1:vision:rating:yes", "walk:1:vision:rating:no"


def ballot(code: str, participant: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.query_params["code"] = code
    at.session_state[f"voter:{code}"] = participant
    at.run()
    at.switch_page("pages/vote.py")
    return at.run()


def shown(at: AppTest) -> list[str]:
    return [as_read(m.value) for m in at.markdown] + [as_read(c.value) for c in at.caption]


def level_buttons(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("vote:")]


def guided_round(store, rubric, cells=(VISION,), **session):
    code, key = new_session(store, rubric, **session)
    store.voting.open_round(code, key, list(cells), actor="Ana", guided=True)
    return code, store.voting.join(code, "Ben")


def test_a_guided_round_shows_the_highest_level_alone_with_yes_and_no(data_dir, app_store, collaboration):
    code, ben = guided_round(app_store, collaboration)
    at = ballot(code, ben.id)
    assert not at.exception
    vision = collaboration.row("vision")
    assert "**To what extent does this describe your district?**" in [m.value for m in at.markdown]
    assert "##### Accomplished (Collaborative)" in shown(at)
    assert vision.descriptors is not None and vision.descriptors["accomplished"] in shown(at)
    assert "Level 1 of 4, from the top" in shown(at)
    assert level_buttons(at) == []  # one level at a time, not the list
    labels = [at.button(key=k).label for k in (YES, NO)]
    assert labels == ["Yes, this describes us", "No, look at the next level"]
    assert at.button(key=YES).proto.type == "primary"


def test_no_moves_down_one_level_and_yes_records_that_level(data_dir, app_store, collaboration):
    code, ben = guided_round(app_store, collaboration)
    at = ballot(code, ben.id)
    at.button(key=NO).click().run()
    assert "##### Evolving" in shown(at) and "Level 2 of 4, from the top" in shown(at)
    assert app_store.voting.ballot(code, ben.id).mine == {}  # "No" records nothing
    at.button(key=NO).click().run()
    at.button(key="walk:1:vision:rating:up").click().run()  # back up one
    assert "##### Evolving" in shown(at)
    at.button(key=YES).click().run()
    assert not at.exception
    assert app_store.voting.ballot(code, ben.id).mine == {VISION: "evolving"}
    assert "Saved: **Evolving**. You can change it until voting closes." in [c.value for c in at.caption]
    assert level_buttons(at) == [f"vote:1:vision:rating:{lv}" for lv in reversed(collaboration.level_ids())]
    assert at.button(key="vote:1:vision:rating:evolving").label.startswith("✔ **Evolving** (your vote)")


def test_the_lowest_level_offers_only_yes(data_dir, app_store, collaboration):
    code, ben = guided_round(app_store, collaboration)
    at = ballot(code, ben.id)
    for _ in range(3):
        at.button(key=NO).click().run()
    assert "##### Beginning (Individualistic)" in shown(at)
    assert NO not in [b.key for b in at.button]
    assert "This is the first level: when no level above it fits, this one does." in shown(at)
    at.button(key=YES).click().run()
    assert app_store.voting.ballot(code, ben.id).mine == {VISION: "beginning"}


def test_a_building_teams_session_asks_about_the_school(data_dir, app_store, collaboration):
    code, ben = guided_round(app_store, collaboration, school="Oak Middle School")
    at = ballot(code, ben.id)
    assert "**To what extent does this describe your school?**" in [m.value for m in at.markdown]
    assert "district?" not in " ".join(shown(at))


def test_a_voted_row_shows_every_level_and_can_walk_again(data_dir, app_store, collaboration):
    code, ben = guided_round(app_store, collaboration, cells=(VISION, POLICIES))
    app_store.voting.cast(code, ben.id, *VISION, "developing")
    at = ballot(code, ben.id)
    at.button(key="ballot-back").click().run()  # the page opens on the first row without a vote
    assert len(level_buttons(at)) == 4
    at.button(key="walk:1:vision:rating:again").click().run()
    assert "##### Accomplished (Collaborative)" in shown(at) and level_buttons(at) == []
    at.button(key=YES).click().run()
    assert app_store.voting.ballot(code, ben.id).mine == {VISION: "accomplished"}


def test_a_round_that_is_not_guided_shows_the_list_as_before(data_dir, app_store, collaboration):
    code, key = new_session(app_store, collaboration)
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    ben = app_store.voting.join(code, "Ben")
    at = ballot(code, ben.id)
    assert level_buttons(at) == [f"vote:1:vision:rating:{lv}" for lv in collaboration.level_ids()]
    assert not [b for b in at.button if b.key and b.key.startswith("walk:")]
