"""Participants' comments in the downloads (issue 16, item 5): every format lists each row's comments.

Nothing of a round not yet revealed reaches a viewer: a summary read with the join code alone holds
only the comments of revealed rounds; the facilitator's (read with the key) holds every comment and
says which are not revealed yet.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from store_support import make_code

from sipr_core import Store, exports
from sipr_core.exports import images

VISION, POLICIES = ("vision", "rating"), ("policies", "rating")
SPOKEN = "=HYPERLINK(\"http://evil.example\") posters in <b>9</b> of 12 buildings"
HIDDEN = "Policies are read at every staff meeting"


@pytest.fixture
def commented(tmp_path, collaboration, monkeypatch):
    """Ben's comment on vision, revealed; Cy's on policies, in the round still open: (store, code, key)."""
    monkeypatch.setenv(images.CHARTS_ENV, "off")
    store = Store(f"sqlite:///{tmp_path / 'sipr.db'}")
    code, key = make_code(store, collaboration)
    ben, cy = (store.voting.join(code, name).id for name in ("Ben", "Cy"))
    store.voting.open_round(code, key, [VISION], actor="Ana")
    store.voting.cast(code, ben, *VISION, "developing")
    store.comments.write(code, ben, *VISION, SPOKEN)
    store.voting.reveal(code, key)
    store.voting.open_round(code, key, [POLICIES], actor="Ana")
    store.comments.write(code, cy, *POLICIES, HIDDEN)
    yield store, code, key
    store.close()


def texts(store, code, key, format_name) -> str:
    data = exports.report(store, code, format_name, key)
    if format_name == "pdf":
        return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    if format_name == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Comments"]
        return "\n".join(str(c.value) for line in sheet.iter_rows() for c in line if c.value is not None)
    if format_name == "csv":
        lines = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        return "\n".join(lines["comments"])
    return data.decode("utf-8")


@pytest.mark.parametrize("format_name", ["pdf", "html", "xlsx", "csv"])
def test_a_viewers_download_holds_revealed_comments_and_nothing_of_the_open_round(commented, format_name):
    store, code, _ = commented
    shown = texts(store, code, None, format_name)
    assert "posters in" in shown and "(Ben)" in shown
    assert "Policies are read" not in shown
    assert "not yet revealed" not in shown


@pytest.mark.parametrize("format_name", ["pdf", "html", "xlsx", "csv"])
def test_the_facilitators_download_holds_every_comment_saying_which_are_not_revealed_yet(commented, format_name):
    store, code, key = commented
    shown = texts(store, code, key, format_name)
    assert "posters in" in shown
    assert f"{HIDDEN} (Cy) (not yet revealed to the team)" in shown


def test_comments_are_text_in_every_format(commented):
    store, code, key = commented
    page = exports.report(store, code, "html", key).decode("utf-8")
    assert "<b>9</b>" not in page and "&lt;b&gt;9&lt;/b&gt;" in page
    sheet = openpyxl.load_workbook(io.BytesIO(exports.report(store, code, "xlsx", key)))["Comments"]
    assert sheet["D2"].value.startswith("'=HYPERLINK")  # shown as typed, never run as a formula
    csv = pd.read_csv(io.BytesIO(exports.report(store, code, "csv")), dtype=str, keep_default_na=False,
                      encoding="utf-8-sig")
    assert csv.loc[csv["row_id"] == "vision", "comments"].item().startswith("'=HYPERLINK")
