"""Rate-page rerun time after a slider move, next to the framework's floor and a bare page.

Also the time from a slider move to the redrawn radar in Chromium.

The largest continuum (Leadership System, 28 indicators) with 30 votes on every row; the Rate page shows its
largest area of focus.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from sipr_core import load_library
from sipr_core.store import Store

from .table import Figure, median, percentile

ROOT = Path(__file__).resolve().parents[1]
RUNS = 25
VOTERS = 30


def seeded_session(data_dir: Path) -> tuple[str, str, int, str]:
    """A Leadership System session with 30 votes on every row: code, key, largest group, its first row."""
    store = Store(f"sqlite:///{data_dir / 'sipr.db'}")
    rubric = load_library().get("leadership-system")
    info, key = store.create_session(
        rubric, district="Bench", team="Bench", held_on=datetime.date.today(), facilitator="Bench"
    )
    levels = rubric.level_ids()
    for n in range(VOTERS):
        person = store.join(info.code, f"P{n}")
        for j, (_, row) in enumerate(rubric.rows()):
            store.vote(info.code, person.id, row.id, "rating", levels[(n + j) % len(levels)])
    largest = max(range(len(rubric.groups)), key=lambda i: len(rubric.groups[i].rows))
    store.close()
    return info.code, key, largest, rubric.groups[largest].rows[0].id


def timed_reruns(at: AppTest, slider_key: str, values: list[str]) -> list[float]:
    samples = []
    for i in range(RUNS + 3):
        slider = at.select_slider(key=slider_key)
        slider.set_value(values[i % len(values)])
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        assert not at.exception, at.exception
        if i >= 3:  # warm-up runs are left out
            samples.append(elapsed * 1000)
    return samples


def server_side() -> tuple[list[Figure], tuple[str, str, Path]]:
    folder = Path(tempfile.mkdtemp(prefix="sipr-bench-"))
    os.environ["SIPR_DATA_DIR"] = str(folder)
    code, key, group, first_row = seeded_session(folder)
    rubric = load_library().get("leadership-system")
    rows = len(rubric.groups[group].rows)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["code"] = code
    at.session_state[f"key:{code}"] = key
    at.run()
    at.switch_page("pages/rate.py").run()
    at.segmented_control(key="group").set_value(group).run()
    rate = timed_reruns(
        at, f"level:{first_row}:rating", ["getting-started", "getting-better", "keep-improving"]
    )

    os.environ["FLOOR_ROWS"] = str(rows)
    floor_at = AppTest.from_file(
        str(ROOT / "benchmarks" / "pages" / "floor_app.py"), default_timeout=60
    ).run()
    floor = timed_reruns(floor_at, "level:0", ["getting-started", "getting-better", "keep-improving"])
    bare_at = AppTest.from_file(str(ROOT / "benchmarks" / "pages" / "bare.py"), default_timeout=60).run()
    bare = timed_reruns(bare_at, "level:0", ["a", "b", "c"])

    ratio = median(rate) / median(floor)
    setting = f"Leadership System, {rows} rows shown, {VOTERS} votes/row"
    figures = [
        Figure("Rate page rerun after a slider move, median", setting, median(rate), "ms"),
        Figure("Rate page rerun after a slider move, 95th pct", setting, percentile(rate, 95), "ms"),
        Figure(
            "floor: same widgets and chart in st.navigation, no core", f"{rows} rows", median(floor), "ms"
        ),
        Figure("bare one-slider page, median", "1 slider", median(bare), "ms"),
        Figure("Rate page / floor (median)", "server time", ratio, "×", "≤ 1.5", ratio <= 1.5),
        Figure("Rate page / bare page (median)", "server time", median(rate) / median(bare), "×"),
    ]
    return figures, (code, key, folder)


def slider_to_radar(code: str, key: str, folder: Path) -> list[Figure]:
    """In Chromium: the time from a key press on a slider to the redrawn radar."""
    if not Path("/usr/bin/chromium").exists():
        print("slider-to-radar skipped: Chromium is not installed (sudo apt-get install chromium)")
        return []
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM, FLAGS, AppServer, wait_ready
    from playwright.sync_api import sync_playwright

    server = AppServer(folder)
    server.start()
    samples: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            context.add_cookies(
                [{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": server.url}]
            )
            page = context.new_page()
            page.goto(f"{server.url}/rate?code={code}")
            wait_ready(page)
            page.wait_for_selector(".js-plotly-plot .main-svg")
            thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
            read = (
                "() => { const e = document.querySelector('.js-plotly-plot');"
                " return e && e.data ? JSON.stringify(e.data.map(t => t.r || t.x)) : null; }"
            )
            for i in range(RUNS + 3):
                before = page.evaluate(read)
                thumb.focus()
                start = time.perf_counter()
                thumb.press("ArrowRight" if i % 6 < 3 else "ArrowLeft")
                page.wait_for_function(
                    f"(b) => {{ const now = ({read})(); return now !== null && now !== b; }}",
                    arg=before,
                    polling="raf",
                )
                elapsed = (time.perf_counter() - start) * 1000
                wait_ready(page)
                if i >= 3:
                    samples.append(elapsed)
            browser.close()
    finally:
        server.stop()
    setting = "Chromium, Leadership System"
    return [
        Figure(
            "slider move to redrawn radar, median",
            setting,
            median(samples),
            "ms",
            "< 300 ms",
            median(samples) < 300,
        ),
        Figure("slider move to redrawn radar, 95th pct", setting, percentile(samples, 95), "ms"),
    ]


def run() -> list[Figure]:
    figures, (code, key, folder) = server_side()
    return figures + slider_to_radar(code, key, folder)
