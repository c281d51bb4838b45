"""Text from users, uploaded rubrics and session files is shown as text on every page: never a link or markup.

Each page is opened on a session whose every name, rubric text, evidence, vote and plan holds text built
to become a link, bold type or an emoji (tests/hostile_text.py), and every text the page gives
Streamlit's markdown (alerts, captions, headings, labels, tabs, options) is checked for such text left
as it is. That the escaped text reads as typed in a browser is tests/e2e/test_markup_surfaces.py.
"""

from __future__ import annotations

import datetime
import re

import pytest
import yaml
from app_support import APP, as_read, new_session
from hostile_text import HOSTILE, UNSAFE, hostile_rubric
from streamlit.testing.v1 import AppTest

from sipr_core.rounds import cells_for
from sipr_core.text import markdown_text

URL, TEAM, NAME = HOSTILE[1], HOSTILE[2], HOSTILE[3]
LINK = HOSTILE[0]

LABELLED = [
    "button", "checkbox", "toggle", "text_area", "text_input", "number_input", "date_input", "selectbox",
    "multiselect", "radio", "select_slider", "segmented_control", "expander", "tabs", "metric",
]
MARKDOWN = ["markdown", "caption", "error", "info", "warning", "success", "title", "header", "subheader"]
OPTIONS = ["radio", "select_slider", "segmented_control"]  # selectbox and multiselect options are plain text


def markdown_of(at: AppTest) -> list[str]:
    """Every text of the page that Streamlit reads as markdown."""
    texts = [e.value for kind in MARKDOWN for e in getattr(at, kind)]
    texts += [e.label for kind in LABELLED for e in at.get(kind)]
    texts += [str(o) for kind in OPTIONS for e in at.get(kind) for o in e.options]
    texts += [e.proto.text for e in at.get("progress")]
    texts += [e.proto.body for e in at.get("toast")]
    return texts


def left_as_markup(at: AppTest) -> list[str]:
    """The markdown texts in which a hostile piece is still there once every escaped character is dropped."""
    return [t for t in markdown_of(at) if any(piece in re.sub(r"\\.", "", t, flags=re.S) for piece in UNSAFE)]


def visit(page: str, code: str, key: str | None = None, **state: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["code"] = code
    if key:
        at.session_state[f"key:{code}"] = key
    for name, value in state.items():
        at.session_state[name] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(params=["micip-collaboration", "sipr-practice-profile", "leadership-system"])
def spoiled(request, data_dir, app_store, library):
    """A session on a rubric full of hostile text, named, rated, voted on and planned in hostile text."""
    rubric = hostile_rubric(library.get(request.param))
    code, key = new_session(app_store, rubric, district=URL, team=TEAM, facilitator=NAME)
    (group, row), dimension = next(rubric.rows()), rubric.dimension_ids()[0]
    for text_field in ("evidence", "next_steps"):
        app_store.entries.set(code, key, row.id, dimension, actor=NAME, **{text_field: HOSTILE[4]})
    app_store.entries.set(code, key, row.id, dimension, actor=NAME, level=rubric.levels[1].id)
    app_store.actions.add(code, key, actor=NAME, what=LINK, row_ids=[row.id], owner=HOSTILE[5])
    app_store.targets.add_review(code, key, datetime.date.today(), LINK, actor=NAME)
    person = app_store.voting.join(code, HOSTILE[4])
    app_store.voting.open_round(code, key, cells_for(rubric, "group", group.id), actor=NAME)
    app_store.voting.cast(code, person.id, row.id, dimension, rubric.levels[0].id)
    return code, key, person.id


PAGES = [
    "pages/start.py", "pages/rate.py", "pages/consensus.py", "pages/dashboard.py", "pages/progress.py",
    "pages/present.py", "pages/actions.py", "pages/summary.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_no_text_of_a_session_becomes_markup_on_the_facilitators_pages(spoiled, page):
    code, key, _ = spoiled
    at = visit(page, code, key)
    assert markdown_of(at), "the page shows nothing to check"
    assert left_as_markup(at) == []


def test_no_text_becomes_markup_on_a_present_slide_or_with_the_votes_revealed(spoiled, app_store):
    code, key, person = spoiled
    at = visit("pages/present.py", code, key, **{f"slide:{code}": "2"})
    assert left_as_markup(at) == []
    app_store.groups.make(code, key, [TEAM, LINK])
    app_store.voting.reveal(code, key)
    assert left_as_markup(visit("pages/consensus.py", code, key)) == []


def test_no_text_becomes_markup_on_a_participants_vote_page(spoiled):
    code, _, person = spoiled
    at = visit("pages/vote.py", code, **{f"voter:{code}": person})
    assert [b for b in at.button if b.key and b.key.startswith("vote:")], "the participant sees the open round"
    assert left_as_markup(at) == []


def test_a_join_code_typed_as_a_link_is_quoted_as_text(data_dir):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["code"] = "[Sign in again](https://evil.example/x)"
    at.run()
    (error,) = at.error
    assert error.value == f"No such session: {markdown_text('[Sign in again](https://evil.example/x)')}. " + (
        "Check the code and try again."
    )


def test_a_school_named_as_a_link_is_text_in_the_district_views_notices(data_dir, app_store, collaboration):
    district, key = new_session(app_store, collaboration, district=URL)
    school, _ = new_session(app_store, collaboration, district=URL, school=LINK, team=TEAM)
    at = visit("pages/district_view.py", district, key)
    form = next(t for t in at.text_area if t.label.startswith("Join codes"))
    form.input(f"{school}\nwww.evil.example/[x](https://evil.example)")
    at.button(key="FormSubmitter:add-schools-Add these sessions").click().run()
    assert not at.exception
    (added,) = at.success
    assert as_read(added.value) == f"Added 1 session: {LINK} · {TEAM} ({school})."
    assert len(at.error) == 1  # the code that is not one, quoted
    assert left_as_markup(at) == []
    at = visit("pages/district_view.py", school)  # a building team's session: the view explains itself
    assert [as_read(i.value) for i in at.info][0].startswith("The District view belongs to a district team")
    assert left_as_markup(at) == []


def test_a_building_team_named_in_markdown_is_plain_text_on_its_remove_button(data_dir, app_store, library):
    balance = library.get("micip-maintaining-balance")
    district, key = new_session(app_store, balance, district=URL)
    building, _ = new_session(app_store, balance, district=URL, school=LINK, team=TEAM)
    app_store.templates.link(district, key, building, actor=NAME)
    at = visit("pages/actions.py", district, key)
    remove = [b for b in at.button if b.label.startswith("Remove")]
    assert [as_read(b.label) for b in remove] == [f"Remove {LINK} · {TEAM} ({building})"]
    assert left_as_markup(at) == []


@pytest.mark.parametrize("rubric_id", ["micip-collaboration", "sipr-practice-profile", "leadership-system"])
def test_no_text_of_an_uploaded_rubric_becomes_markup_in_its_preview(data_dir, library, rubric_id, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setenv("SIPR_RUBRICS", str(tmp_path))
    rubric = hostile_rubric(library.get(rubric_id)).model_dump(exclude_none=True)
    rubric["id"] = "uploaded"
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/rubrics.py").run()
    at.file_uploader[0].upload("uploaded.yaml", yaml.safe_dump(rubric).encode(), "application/x-yaml")
    at.run()
    at.toggle(key="upload-preview").set_value(True).run()
    assert not at.exception and not at.error
    assert len(markdown_of(at)) > 20, "the preview shows the continuum"
    assert left_as_markup(at) == []
