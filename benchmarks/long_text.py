"""The PDF of a session whose every text box is as full as the app allows: time from the store to the file.

Every evidence and next-steps box of every cell holds 20,000 characters (one box a single unbroken
"word", one 4,000 short lines), the names are 200 characters, every reflection prompt of every row
and of the whole continuum has a 20,000-character answer, 40 participants have 200-character names,
and ten 20,000-character action items with 200-character owners are about one row. On Maintaining
Balance the session is a building team's, so its template puts those ten items in one table cell.
``fill_every_box`` is also the session of tests/integration/test_pdf_long_text.py.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import time

from sipr_core import Rubric, Store, exports, load_library
from sipr_core.exports import images
from sipr_core.facilitation import reflection_prompts
from sipr_core.session import MAX_NAME, MAX_TEXT

from .table import Figure, timing

RUBRICS = ("sipr-practice-profile", "micip-maintaining-balance")
RUNS = 3
WORDS = "Evidence from the October walkthroughs, minutes of three PLC meetings and the staff survey. "


def text(length: int, mark: str = "") -> str:
    """Words up to ``length`` characters, starting and ending with ``mark`` (to find them again)."""
    inner = length - 2 * len(mark) - 2 if mark else length
    body = (WORDS * (inner // len(WORDS) + 1))[:inner]
    return f"{mark} {body} {mark}" if mark else body


def fill_every_box(store: Store, rubric: Rubric) -> tuple[str, str, list[str]]:
    """The fullest session the app accepts; (code, key, the marks that start and end each long text)."""
    name = text(MAX_NAME)
    info, key = store.sessions.create(
        rubric,
        district=name,
        school=name if rubric.id == "micip-maintaining-balance" else "",
        team=name,
        held_on=datetime.date(2026, 11, 23),
        facilitator=name,
    )
    code, levels, marks = info.code, rubric.level_ids(), []
    numbers = iter(range(1_000_000))
    cells = [(row.id, d) for _, row in rubric.rows() for d in rubric.dimension_ids()]
    for n, (row_id, dimension) in enumerate(cells):
        boxes = {}
        for field in ("evidence", "next_steps"):
            marks.append(f"M{next(numbers)}X")
            boxes[field] = text(MAX_TEXT, marks[-1])
        if n < 2:
            marks.remove(marks[-2])  # no mark in the first two evidence boxes:
            boxes["evidence"] = "a short line\n" * (MAX_TEXT // 13) if n else "W" * MAX_TEXT  # one long word
        store.entries.set(code, key, row_id, dimension, actor="Bench", level=levels[n % len(levels)], **boxes)
    prompts = reflection_prompts(rubric)
    for row_id in ["", *(row.id for _, row in rubric.rows())]:
        for prompt in prompts:
            marks.append(f"M{next(numbers)}X")
            store.entries.set_reflection(code, key, row_id, prompt, text(MAX_TEXT, marks[-1]), actor="Bench")
    for n in range(40):
        store.voting.join(code, f"{n:02d} " + text(MAX_NAME - 3))
    for _ in range(10):
        marks.append(f"M{next(numbers)}X")
        store.actions.add(
            code, key, actor="Bench", what=text(MAX_TEXT, marks[-1]), owner=name, row_ids=[cells[0][0]]
        )
    return code, key, marks


def run() -> list[Figure]:
    figures: list[Figure] = []
    library = load_library()
    os.environ[images.CHARTS_ENV] = "off"  # the chart's time is the exports suite's; this is the text's
    try:
        for rubric_id in RUBRICS:
            rubric = library.get(rubric_id)
            with tempfile.TemporaryDirectory() as folder:
                store = Store(f"sqlite:///{folder}/bench.db")
                code, key, _ = fill_every_box(store, rubric)
                samples = []
                for _ in range(RUNS):
                    started = time.perf_counter()
                    exports.report(store, code, "pdf", key)
                    samples.append((time.perf_counter() - started) * 1000)
                store.close()
            setting = f"{rubric.short}: every text box full (20,000 characters), chart as a table"
            figures += timing("export PDF, longest texts", setting, samples)
    finally:
        del os.environ[images.CHARTS_ENV]
    return figures
