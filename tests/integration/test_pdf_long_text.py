"""Every text within the app's limits makes a PDF, all of it on its pages: 20,000 characters in every
evidence and next-steps box of every row, 200-character names, long reflections and action items.

reportlab cannot split a table cell across pages: a row taller than a page stopped the PDF with a
LayoutError (a traceback from ``report --format pdf``, a download spinning forever in the app).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from benchmarks.long_text import fill_every_box
from sipr_core import Store, exports
from sipr_core.exports import images
from sipr_core.session import MAX_TEXT

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = ["micip-collaboration", "micip-maintaining-balance", "sipr-practice-profile", "leadership-system"]


@pytest.fixture
def full(tmp_path, library, request):
    """A store holding the fullest session the app accepts on the rubric: (folder, store, code, key, marks)."""
    store = Store(f"sqlite:///{tmp_path / 'sipr.db'}")
    code, key, marks = fill_every_box(store, library.get(request.param))
    yield tmp_path, store, code, key, marks
    store.close()


def page_text(data: bytes) -> str:
    """The PDF's text with every white space removed (line breaks fall anywhere in a long text)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("full", RUBRICS, indirect=True)
def test_a_session_with_every_text_box_full_makes_a_pdf_holding_every_text(full, monkeypatch):
    _, store, code, key, marks = full
    monkeypatch.setenv(images.CHARTS_ENV, "off")
    text = page_text(exports.report(store, code, "pdf", key))
    # each long text starts and ends with its mark, so both ends of every one are on a page (an action
    # item shows twice on Maintaining Balance: in the plan and in the team's template)
    assert [m for m in marks if text.count(m) not in (2, 4)] == []
    # the one long word, whole (the page footers cut it into a piece per page)
    assert sum(len(piece) for piece in re.findall("W{20,}", text)) == MAX_TEXT
    assert text.count("ashortline") == MAX_TEXT // 13, "every one of 1,538 short lines"


@pytest.mark.parametrize("full", ["sipr-practice-profile"], indirect=True)
def test_the_command_line_writes_the_pdf_of_the_fullest_session(full):
    folder, store, code, _, _ = full
    target = folder / "full.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "sipr_core", "report", code, "--format", "pdf", "-o", str(target)],
        capture_output=True,
        text=True,
        env={"SIPR_DATA_DIR": str(folder), "PATH": "/usr/bin:/bin", images.CHARTS_ENV: "off"},
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert len(PdfReader(target).pages) > 100
