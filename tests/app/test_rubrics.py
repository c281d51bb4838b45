"""The Rubrics page: every continuum in full, the library's problems, and adding a district's own."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from app_support import as_read, new_session, open_page, widget

from sipr_core import UPLOADS_ENV, load_library
from sipr_core.loader import BUILTIN_RUBRICS, RUBRICS_ENV

BUILT_IN = [
    "leadership-system",
    "micip-collaboration",
    "micip-maintaining-balance",
    "sipr-earlier-strategies-3-4",
    "sipr-practice-profile",
]

FAMILY = """\
format: 1
id: family-engagement
title: Family Engagement Continuum
source:
  document: Riverside District Family Engagement Plan
levels:
  - {id: emerging, name: Emerging}
  - {id: leading, name: Leading}
groups:
  - id: communication
    title: Two-way communication
    rows:
      - id: c1
        title: Families hear from the school
        descriptors:
          emerging: Newsletters go home sometimes.
          leading: Families shape what the school shares.
"""


def shown(markdown: str) -> str:
    """Markdown source as the reader sees it: backslash escapes and HTML entities resolved."""
    return html.unescape(as_read(markdown))


def page_text(at) -> str:
    """Every text of the page: markdown as read, and the text of HTML (the level cards)."""
    texts = [shown(e.value) for kind in (at.markdown, at.caption, at.header, at.subheader) for e in kind]
    texts += [html.unescape(re.sub(r"<[^>]+>", "\n", h.proto.body)) for h in at.html]
    return "\n".join(texts)


def expander_labels(at) -> list[str]:
    return [shown(e.label) for e in at.expander]


@pytest.fixture
def district(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty district folder named by SIPR_RUBRICS."""
    folder = tmp_path / "district"
    folder.mkdir()
    monkeypatch.setenv(RUBRICS_ENV, str(folder))
    monkeypatch.delenv(UPLOADS_ENV, raising=False)
    return folder


@pytest.fixture
def facilitating(app_store):
    """The Rubrics page in a browser that holds the facilitator key of a session here."""
    code, key = new_session(app_store, load_library().get("micip-collaboration"))
    return lambda: open_page("pages/rubrics.py", code, key)


def browse(rubric_id: str):
    at = open_page("pages/rubrics.py")
    at.selectbox(key="rubric-choice").select(rubric_id)
    at.run()
    return at


@pytest.mark.parametrize("rubric_id", BUILT_IN)
def test_every_built_in_continuum_can_be_read_in_full_without_an_error(data_dir, library, rubric_id):
    at = browse(rubric_id)
    rubric = library.get(rubric_id)
    assert not at.exception
    assert not at.error
    assert shown(at.header[0].value) == rubric.title
    assert expander_labels(at)[: len(rubric.groups)] == [
        f"{rubric.terms.group} {n}: {group.title}" for n, group in enumerate(rubric.groups, 1)
    ]
    assert f"**Source document:** {rubric.source.document}" in page_text(at)


def test_the_library_lists_all_five_continua_by_title(data_dir, library):
    at = open_page("pages/rubrics.py")
    box = at.selectbox(key="rubric-choice")
    assert box.options == [library.get(i).title for i in BUILT_IN]


def test_the_sipr_page_shows_the_criteria_and_the_strategy_4_note(data_dir, sipr):
    at = browse("sipr-practice-profile")
    text = page_text(at)
    assert "- At any point in time, it includes no more than three strategies." in text
    strategy_4 = next(g for g in sipr.groups if g.id == "strategy-4")
    assert f"Note: {strategy_4.notes[0]}" in text
    assert "Strategy 4: Sustain An Open And Collaborative Culture" in expander_labels(at)
    assert "Acceptable Implementation" in text and "Acceptable Scale" in text


def test_the_sipr_levels_explain_when_the_app_suggests_them(data_dir):
    at = browse("sipr-practice-profile")
    captions = [shown(c.value) for c in at.caption]
    assert "Suggested with at least 1 criterion ticked" in captions
    assert "Suggested with at least half of the criteria ticked" in captions
    assert "Suggested with every criterion ticked" in captions
    assert "At least half of the acceptable criteria hold." in page_text(at)
    assert "(name and meaning added by us, not in the source)" in captions


def test_row_titles_the_collaboration_source_lacks_are_marked_as_ours(data_dir, collaboration):
    at = browse("micip-collaboration")
    text = page_text(at)
    assert "#### Vision, mission, and beliefs" in text
    assert "Chart label: Vision & mission · (title and chart label added by us, not in the source)" in text
    assert collaboration.groups[0].rows[0].descriptors["accomplished"] in text
    assert (
        "Note: The rows have no titles in the source; each row's title and label are ours, for chart axes."
        not in text
    ), "rubric notes are a list under their own heading, not captions"
    assert (
        "- The rows have no titles in the source; each row's title and label are ours, for chart axes."
        in text
    )


def test_the_collaboration_activities_come_after_the_rows_then_the_facilitators_guide(data_dir, collaboration):
    at = browse("micip-collaboration")
    assert expander_labels(at)[-4:] == [
        "Activity 1",
        "Activity 2",
        "Handout 1: Section One: The Importance of a District-led Continuous Improvement Process",
        "Facilitator's guide from the source",
    ]
    text = page_text(at)
    assert "- What barriers exist to shifting the culture?" in text
    assert "This activity will take approximately 20 -25 minutes." in text


def test_handout_1_is_shown_whole_with_its_pdf_to_print(data_dir, collaboration):
    at = browse("micip-collaboration")
    [reading] = collaboration.readings
    text = page_text(at)
    assert [t for t in reading.texts() if t not in text] == []
    assert "Handout 1 to print (PDF)" in [b.proto.label for b in at.get("download_button")]


def test_the_leadership_system_shows_its_practices_as_headings(data_dir, leadership):
    at = browse("leadership-system")
    text = page_text(at)
    practice = leadership.groups[0].subgroups[0].title
    assert f"#### Practice: {practice}" in text
    assert "##### Progress indicator 1" in text


def test_a_broken_district_file_is_listed_with_its_exact_message_and_the_rest_still_work(data_dir, district):
    (district / "broken.yaml").write_text("format: 1\nid: broken\ntitle: [Broken\n", encoding="utf-8")
    expected = [str(p) for p in load_library().problems]
    assert len(expected) == 1 and expected[0].startswith(f"{district}/broken.yaml:")
    at = open_page("pages/rubrics.py")
    assert not at.exception
    [error] = at.error
    assert shown(error.value) == (
        "1 problem in the rubric files: the continua in those files cannot be used until the files are "
        "fixed. Every other continuum works as usual.\n\n" + "\n".join(f"- {p}" for p in expected)
    )
    assert len(at.selectbox(key="rubric-choice").options) == 5


def upload(at, name: str, content: bytes):
    at.file_uploader[0].upload(name, content, "application/x-yaml")
    at.run()
    return at


def test_uploading_a_valid_file_shows_its_counts_and_offers_to_add_it(data_dir, district, facilitating):
    at = upload(facilitating(), "family.yaml", FAMILY.encode())
    assert not at.exception
    assert [shown(s.value) for s in at.success] == [
        "family.yaml is a valid continuum: Family Engagement Continuum, with 1 group, 1 row and 2 levels."
    ]
    assert widget(at.button, "Add to the library")
    assert list(district.iterdir()) == [], "nothing is saved before the button"


def test_uploading_an_invalid_file_lists_each_problem(data_dir, district):
    broken = FAMILY.replace("          leading: Families shape what the school shares.\n", "").replace(
        "id: c1", "id: c/1"
    )
    at = upload(open_page("pages/rubrics.py"), "family.yaml", broken.encode())
    assert not at.exception
    assert [shown(e.value) for e in at.error] == [
        "family.yaml cannot be added yet. Fix these problems in the file and upload it again:\n\n"
        '- family.yaml:13 groups[0].rows[0].id: "c/1" is not a valid id: '
        'use letters, digits, ".", "-" or "_", starting with a letter or digit'
    ]
    assert not [b for b in at.button if b.label == "Add to the library"]


def test_uploading_a_file_that_is_not_utf8_says_so(data_dir, district):
    at = upload(
        open_page("pages/rubrics.py"),
        "latin.yml",
        FAMILY.replace("Newsletters", "Lettres à").encode("latin-1"),
    )
    assert [shown(e.value) for e in at.error] == [
        "latin.yml cannot be added yet. Fix these problems in the file and upload it again:\n\n"
        "- latin.yml not UTF-8 text: save the file as UTF-8 and upload it again"
    ]


def test_uploading_a_continuum_whose_id_is_taken_names_the_file_that_has_it(data_dir, district, monkeypatch):
    taken = FAMILY.replace("id: family-engagement", "id: micip-collaboration")
    at = upload(open_page("pages/rubrics.py"), "ours.yaml", taken.encode())
    [error] = at.error
    assert shown(error.value).endswith(
        '- ours.yaml id: rubric id "micip-collaboration" is already used by '
        "rubrics/micip-collaboration.yaml: give your continuum another id"
    )
    assert not [b for b in at.button if b.label == "Add to the library"]


def test_adding_a_valid_upload_saves_it_in_the_district_folder_and_opens_it(data_dir, district, facilitating):
    at = upload(facilitating(), "../../My file.yaml", FAMILY.encode())
    widget(at.button, "Add to the library").click()
    at.run()
    assert not at.exception
    assert not at.error
    saved = district / "family-engagement.yaml"
    assert [p.name for p in district.iterdir()] == ["family-engagement.yaml"]
    assert saved.read_text(encoding="utf-8") == FAMILY
    assert shown(at.success[0].value) == (f"Added Family Engagement Continuum to the library as {saved}.")
    box = at.selectbox(key="rubric-choice")
    assert box.value == "family-engagement"
    assert "Family Engagement Continuum" in box.options
    assert shown(at.header[0].value) == "Family Engagement Continuum"
    assert at.file_uploader[0].value is None, "the uploader is emptied for the next file"
    assert (BUILTIN_RUBRICS / "family-engagement.yaml").exists() is False


STRANGER = (
    "Only a facilitator can add a continuum to the library every team here shares: open one of your "
    "sessions in this browser (or enter your facilitator key on the Start page) and come back. Anyone "
    "may check a file here."
)


def test_a_browser_without_a_facilitator_key_checks_a_file_but_cannot_add_it(data_dir, district):
    at = upload(open_page("pages/rubrics.py"), "family.yaml", FAMILY.encode())
    assert [shown(s.value) for s in at.success][0].startswith("family.yaml is a valid continuum")
    assert [shown(i.value) for i in at.info] == [STRANGER]
    assert not [b for b in at.button if b.label == "Add to the library"]


@pytest.mark.parametrize(("setting", "offered"), [("anyone", True), ("off", False), ("facilitators", False)])
def test_the_operator_chooses_who_may_add_continua(data_dir, district, monkeypatch, setting, offered):
    monkeypatch.setenv(UPLOADS_ENV, setting)
    at = upload(open_page("pages/rubrics.py"), "family.yaml", FAMILY.encode())
    assert bool([b for b in at.button if b.label == "Add to the library"]) is offered


def test_a_continuum_titled_like_one_in_the_library_is_refused(data_dir, district, facilitating):
    copy = FAMILY.replace(
        "title: Family Engagement Continuum", "title: ' maintaining BALANCE in the continuous improvement process'"
    )
    at = upload(facilitating(), "copy.yaml", copy.encode())
    [error] = at.error
    assert "is already in the library" in shown(error.value)
    assert "give yours a title of its own" in shown(error.value)
    assert not [b for b in at.button if b.label == "Add to the library"]


def test_the_preview_shows_an_uploaded_continuum_before_it_is_added(data_dir, district):
    at = upload(open_page("pages/rubrics.py"), "family.yaml", FAMILY.encode())
    at.toggle(key="upload-preview").set_value(True)
    at.run()
    assert not at.exception
    assert "Family Engagement Continuum" in [shown(h.value) for h in at.header]
    assert "Newsletters go home sometimes." in page_text(at)



def handout_buttons(at) -> list[str]:
    """The ids of the handout buttons shown ("...-handout-library")."""
    return [b.proto.id for b in at.get("download_button") if b.proto.label == "Handout to print (PDF)"]


@pytest.mark.parametrize("rubric_id", BUILT_IN)
def test_every_continuum_offers_its_handout_to_print(data_dir, rubric_id):
    at = browse(rubric_id)
    assert not at.exception
    buttons = handout_buttons(at)
    assert len(buttons) == 1 and buttons[0].endswith("-handout-library")
    assert any(c.value.startswith("Every row with its full text, boxes to tick") for c in at.caption)


def test_the_preview_of_an_upload_offers_its_own_handout(data_dir, district):
    at = upload(open_page("pages/rubrics.py"), "family.yaml", FAMILY.encode())
    at.toggle(key="upload-preview").set_value(True)
    at.run()
    assert not at.exception
    assert [b.rsplit("-", 1)[-1] for b in handout_buttons(at)] == ["library", "preview"]


def test_the_leadership_system_names_not_started_below_its_first_level_as_ours(data_dir):
    at = browse("leadership-system")
    assert (
        "Below the first level: **Not started**, for a row the team discussed and found short of Getting Started."
        in page_text(at)
    )
    assert "(name and meaning added by us, not in the source)" in [shown(c.value) for c in at.caption]
