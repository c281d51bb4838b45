"""Hidden votes stay hidden: nothing of a round not yet revealed reaches anyone but the facilitator.

A round is open on one row; three people voted two levels apart (a row the summary would flag). With
only the join code, no page, download or command-line report shows the votes, a count, a median, a
spread or a flag. The facilitator's own downloads hold them, marked as not yet revealed; after Reveal
everyone's do.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from app_support import new_session, open_page
from openpyxl import load_workbook
from pypdf import PdfReader

from sipr_core import exports
from sipr_core.exports import images
from sipr_core.exports.summary_model import NO_VOTES

ROOT = Path(__file__).resolve().parents[2]
VISION = ("vision", "rating")
NO_VOTE_WORDS = ("vote", "Vote", "flagged", "median", "spread", "Spread", "abstain")


@pytest.fixture
def open_round(data_dir, app_store, collaboration, monkeypatch):
    """A session whose round on one row is open, with votes two levels apart: (store, code, key)."""
    monkeypatch.setenv(images.CHARTS_ENV, "off")
    code, key = new_session(app_store, collaboration)
    app_store.entries.set(code, key, *VISION, actor="Ana", level="developing", evidence="Agendas")
    app_store.voting.open_round(code, key, [VISION], actor="Ana")
    for name, level in (("Ben", "beginning"), ("Cy", "evolving"), ("Dee", "evolving")):
        app_store.voting.cast(code, app_store.voting.join(code, name).id, *VISION, level)
    return app_store, code, key


def texts(name: str, data: bytes) -> str:
    """What a person reads in a downloaded file."""
    if name == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if name == "xlsx":
        book = load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for sheet in book for line in sheet.iter_rows() for c in line)
    return data.decode("utf-8-sig")


def test_a_viewers_summary_holds_no_vote_of_the_open_round(open_round):
    store, code, _ = open_round
    summary = exports.summary_of(store, code)
    assert summary.flagged == [] and not summary.votes_taken
    assert store.sessions.load(code).votes == []


@pytest.mark.parametrize("name", ["csv", "xlsx", "html", "pdf"])
def test_a_download_with_only_the_join_code_shows_no_vote_count_or_flag(open_round, name):
    store, code, _ = open_round
    text = texts(name, exports.report(store, code, name))
    assert "Evolving 2" not in text and "Not yet revealed" not in text
    if name == "csv":
        first = next(csv.DictReader(io.StringIO(text)))
        assert first["row_id"] == "vision"
        assert (first["votes"], first["vote_spread"], first["flagged_for_discussion"]) == ("0", "", "no")
    if name == "xlsx":
        assert NO_VOTES in text
    if name in ("html", "pdf"):
        assert "2 levels apart" not in text and "3 votes" not in text


@pytest.mark.parametrize("name", ["csv", "xlsx", "html", "pdf"])
def test_the_facilitators_download_holds_them_marked_not_yet_revealed(open_round, name):
    store, code, key = open_round
    text = texts(name, exports.report(store, code, name, key))
    if name == "csv":
        first = next(csv.DictReader(io.StringIO(text)))
        assert (first["votes"], first["vote_spread"], first["votes_revealed"]) == ("3", "2", "no")
    elif name == "xlsx":
        assert "no (only the facilitator's copy shows these)" in text
    else:
        assert "Not yet revealed to the team. 3 votes" in " ".join(text.split())


def test_after_reveal_everyone_sees_the_votes(open_round):
    store, code, key = open_round
    store.voting.reveal(code, key)
    summary = exports.summary_of(store, code)
    assert [f.spread for f in summary.flagged] == ["2 levels apart"]
    assert "3 votes" in " ".join(texts("html", exports.report(store, code, "html")).split())


def test_the_command_line_report_without_the_key_shows_no_vote(open_round, data_dir, tmp_path):
    _, code, key = open_round
    env = {"SIPR_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", images.CHARTS_ENV: "off", "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "-m", "sipr_core", "report", code, "--format", "csv", "-o", str(out)],
        capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert row["votes"] == "0" and row["flagged_for_discussion"] == "no"
    done = subprocess.run(
        [sys.executable, "-m", "sipr_core", "report", code, "--format", "csv", "-o", str(out), f"--key={key}"],
        capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert (row["votes"], row["votes_revealed"]) == ("3", "no")


@pytest.mark.parametrize("with_key", [False, True], ids=["viewer", "facilitator-on-the-projector"])
def test_the_summary_page_never_shows_the_open_round(open_round, with_key):
    """The page is what the projector shows, so even the facilitator's shows only revealed votes."""
    _, code, key = open_round
    at = open_page("pages/summary.py", code, key if with_key else None)
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "**0** elements flagged for discussion" in shown and "Evolving 2" not in shown


@pytest.mark.parametrize("page", ["pages/dashboard.py", "pages/progress.py", "pages/present.py"])
def test_no_viewer_page_shows_a_vote_of_the_open_round(open_round, page):
    _, code, _ = open_round
    at = open_page(page, code)
    assert not at.exception
    shown = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    assert "Evolving 2" not in shown and "3 votes" not in shown and "flagged for discussion" not in shown
