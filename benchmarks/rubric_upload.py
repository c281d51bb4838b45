"""Reading an uploaded rubric file as large as the upload limit (5 MB), before it is checked and refused.

While the server parses, it answers nobody else in the meeting. The file is 5 MB of plain rows; it is
read with libyaml (the app's parser when PyYAML has it) and with PyYAML's pure-Python parser, three
times each, from the text to the refusal (a continuum has at most 200 rows). Also a 109 KB file whose
one 100,000-character text is used through 3,000 aliases (300 million characters once expanded):
the time and the memory (traced by Python) to refuse it.
"""

from __future__ import annotations

import time
import tracemalloc

import yaml

from sipr_core import RubricError, loader, parse_rubric

from .table import Figure, timing

LIMIT_MB = 5
RUNS = 3


def upload_sized_text() -> str:
    head = "format: 1\nid: big\ntitle: Big\nsource:\n  document: Bench\nlevels:\n"
    head += "".join(f"  - id: l{i}\n    name: Level {i}\n" for i in range(3))
    head += "groups:\n  - id: g\n    title: G\n    rows:\n"
    row = "      - id: r{0}\n        title: Row {0}, a row of a continuum long enough to be a real one\n"
    rows, size, i = [], len(head), 0
    while size < LIMIT_MB * 1_000_000:
        rows.append(row.format(i))
        size += len(rows[-1])
        i += 1
    return head + "".join(rows)


def refusal_times(text: str) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        try:
            parse_rubric(text, "upload.yaml")
        except RubricError:
            pass
        else:
            raise RuntimeError("the oversized rubric was accepted")
        times.append((time.perf_counter() - start) * 1000)
    return times


def alias_bomb() -> tuple[list[float], float]:
    """Times (ms) to refuse the wide alias bomb, and the most memory (MB) one refusal took."""
    text = "big: &b " + "x" * 100_000 + "\nuses: [" + ",".join(["*b"] * 3_000) + "]\n"
    tracemalloc.start()
    try:
        times = refusal_times(text)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return times, peak


def run() -> list[Figure]:
    text = upload_sized_text()
    setting = f"{len(text) / 1e6:.1f} MB, refused (over 200 rows)"
    fast = refusal_times(text)
    used = loader._FAST
    loader._FAST = yaml.SafeLoader
    try:
        slow = refusal_times(text)
    finally:
        loader._FAST = used
    name = "libyaml" if used is not yaml.SafeLoader else "PyYAML (libyaml missing)"
    bomb, peak = alias_bomb()
    wide = "109 KB: one 100,000-character text through 3,000 aliases"
    return [
        *timing("rubric upload of an alias bomb refused", wide, bomb),
        Figure("memory to refuse the alias bomb (traced)", wide, peak, "MB"),
        *timing(f"rubric upload read and refused, {name}", setting, fast),
        *timing("rubric upload read and refused, PyYAML's pure-Python parser", setting, slow),
    ]
