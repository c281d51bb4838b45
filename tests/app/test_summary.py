"""The Summary page: the headline a leader reads, and five downloads made only when clicked."""

import datetime
import io
import json

import openpyxl
import pandas as pd
import pytest
from app_support import new_session, open_page
from pypdf import PdfReader
from streamlit.runtime.media_file_manager import MediaFileManager

from sipr_core.exports import images
from sipr_core.rubric import DEFAULT_DIMENSION as D

PAGE = "pages/summary.py"
LABELS = ["PDF summary", "Web page (HTML)", "Excel workbook", "Ratings as CSV", "Session file (JSON)"]


@pytest.fixture
def downloads(monkeypatch):
    """The file each download button would make, by file name, captured as the page registers it."""
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = (data_callable, mimetype)
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    monkeypatch.setenv(images.CHARTS_ENV, "off")
    return made


def buttons(at):
    return at.get("download_button")


def test_the_summary_page_asks_for_a_session_when_none_is_open(data_dir):
    at = open_page(PAGE)
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Open a session first: create one or join one by its code on the Start page."
    ]
    assert not buttons(at)


def test_an_empty_session_says_nothing_is_rated_yet_and_still_offers_the_downloads(
    data_dir, app_store, leadership, downloads
):
    code, _ = new_session(app_store, leadership)
    at = open_page(PAGE, code)
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [
        "Nothing has been rated yet in this session. The downloads say so too; they fill in as the team rates "
        "each progress indicator on the Rate page."
    ]
    assert [b.proto.label for b in buttons(at)] == LABELS[:4]
    (locked,) = [b for b in at.button if b.label == "Session file (JSON)"]
    assert locked.disabled
    assert "The session file needs the facilitator key: unlock the session on the Rate page." in [
        c.value for c in at.caption
    ]
    pdf, _ = next(v for name, v in downloads.items() if name.endswith(".pdf"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf())).pages)
    assert "Nothing has been rated yet in this session." in " ".join(text.split())


def test_every_download_is_made_on_click_and_never_reruns_the_page(
    data_dir, app_store, collaboration, downloads
):
    code, key = new_session(app_store, collaboration)
    at = open_page(PAGE, code, key)
    assert not at.exception
    found = buttons(at)
    assert [b.proto.label for b in found] == LABELS
    assert all(b.proto.ignore_rerun for b in found)
    assert all(b.proto.deferred_file_id and not b.proto.url for b in found)
    assert sorted(downloads) == sorted(
        f"2026-11-23 Riverside Schools - District CI team - micip-collaboration - {code}.{ext}"
        for ext in ("pdf", "html", "xlsx", "csv", "json")
    )
    assert {name.rsplit(".", 1)[1]: mime for name, (_, mime) in downloads.items()} == {
        "pdf": "application/pdf",
        "html": "text/html",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv",
        "json": "application/json",
    }


def test_a_download_holds_what_is_stored_when_it_is_clicked(data_dir, app_store, collaboration, downloads):
    code, key = new_session(app_store, collaboration)
    open_page(PAGE, code, key)
    app_store.entries.set(
        code, key, "vision", D, actor="Ana Ruiz", level="evolving", next_steps="=cmd|'/C calc'!A0"
    )
    app_store.actions.add(code, key, actor="Ana Ruiz", what="Share the survey", owner="Ben")
    made = {name.rsplit(".", 1)[1]: make() for name, (make, _) in downloads.items()}
    lines = pd.read_csv(io.BytesIO(made["csv"]), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert (lines.iloc[0]["level"], lines.iloc[0]["next_steps"]) == ("Evolving", "'=cmd|'/C calc'!A0")
    book = openpyxl.load_workbook(io.BytesIO(made["xlsx"]))
    assert book["Action plan"]["A2"].value == "Share the survey"
    assert json.loads(made["json"])["action_items"][0]["owner"] == "Ben"
    assert "Share the survey" in made["html"].decode()
    assert made["pdf"].startswith(b"%PDF")


def test_the_headline_gives_progress_means_flags_actions_and_the_change(
    data_dir, app_store, collaboration, downloads
):
    baseline, key = new_session(app_store, collaboration, held_on=datetime.date(2026, 9, 14))
    app_store.entries.set(baseline, key, "vision", D, actor="Ana Ruiz", level="beginning")
    code, _ = new_session(app_store, collaboration, key=key, follow_up_of=baseline)
    app_store.entries.set(code, key, "vision", D, actor="Ana Ruiz", level="evolving")
    ben, cy = app_store.voting.join(code, "Ben"), app_store.voting.join(code, "Cy")
    app_store.voting.open_round(code, key, [("vision", D)], actor="Ana Ruiz")
    app_store.voting.cast(code, ben.id, "vision", D, "beginning")
    app_store.voting.cast(code, cy.id, "vision", D, "evolving")
    app_store.voting.reveal(code, key)  # the page shows only revealed votes
    app_store.actions.add(code, key, actor="Ana Ruiz", what="Share the survey")
    at = open_page(PAGE, code)
    assert not at.exception and not at.info
    assert [(m.label, m.value, m.proto.delta) for m in at.metric] == [("Mean level", "3.0 of 4", "+2.0")]
    texts = [m.value for m in at.markdown]
    assert "**1 of 6 elements rated.**" in texts
    assert (
        "- **1** element flagged for discussion (votes two or more levels apart)\n"
        "- **1** action item in the action plan\n"
        "- **1** level changed since the previous session (14 September 2026)"
    ) in texts


def test_user_text_is_never_shown_as_markup(data_dir, app_store, collaboration, downloads):
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(
        code,
        key,
        "vision",
        D,
        actor="Ana Ruiz",
        level="evolving",
        evidence="<script>alert(1)</script> **bold**",
    )
    at = open_page(PAGE, code)
    assert not at.exception
    shown = [m.value for m in [*at.markdown, *at.caption, *at.info]]
    assert not [m for m in shown if "<script" in m or "**bold**" in m]
