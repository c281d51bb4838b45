"""Rate-page rerun time after a slider move, next to the framework's floor and a bare page, on real servers.

The largest continuum (Leadership System, 28 indicators) with 30 votes on every row; the Rate page shows its
largest area of focus. Four `streamlit run` servers (the app, the floor page inside st.navigation, the bare
one-slider page, and the floor again with one plain durable SQLite write per slider move) each write the
time of every script run (benchmarks/pages/timed_server.py); Chromium moves the first slider of each page in
turn, so the four see the same load of this shared machine. The same key presses on the Rate page give the
time from a slider move to the redrawn radar. Set BENCH_SAMPLES=1 to print every sample.

The saving floor shows what durability alone costs. A callback that gives up Python's GIL (any SQLite call
does; in a trial, so did a 0.1 ms sleep) lets the server's event-loop thread in, and the run then waits for
it in turns, so one fsync'd commit of 0.3 ms costs the page a few milliseconds. app.py shortens those turns
(the interpreter's switch interval); the save's own time is measured in the app's server (SAVES_FILE).

A real server rather than AppTest: AppTest compiles the page scripts again on every run, builds a tree of
every element and runs in the test's process, so its run time is not a server's.
"""

from __future__ import annotations

import datetime
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from sipr_core import Store, load_library
from sipr_core.charts import radar_spec
from sipr_core.facilitation import reflection_prompts
from sipr_core.rounds import cells_for

from .table import Figure, median, percentile, timing

ROOT = Path(__file__).resolve().parents[1]
RUNS = 60
WARM_UP = 4
VOTERS = 30
SETTLE_MS = 250
THUMB = '[data-testid="stSlider"] input[type="range"]'
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RADAR = (
    "() => { const e = document.querySelector('.js-plotly-plot');"
    " return e && e.data ? JSON.stringify(e.data.map(t => t.r || t.x)) : null; }"
)


def seeded_session(data_dir: Path) -> tuple[str, str, int, str]:
    """A Leadership System session with 30 votes on every row: code, key, largest group, its first row."""
    store = Store(f"sqlite:///{data_dir / 'sipr.db'}")
    rubric = load_library().get("leadership-system")
    info, key = store.sessions.create(
        rubric, district="Bench", team="Bench", held_on=datetime.date.today(), facilitator="Bench"
    )
    levels = rubric.level_ids()
    store.voting.open_round(info.code, key, list(cells_for(rubric, "all")), actor="Bench")
    for n in range(VOTERS):
        person = store.voting.join(info.code, f"P{n}")
        for j, (_, row) in enumerate(rubric.rows()):
            store.voting.cast(info.code, person.id, row.id, "rating", levels[(n + j) % len(levels)])
    largest = max(range(len(rubric.groups)), key=lambda i: len(rubric.groups[i].rows))
    store.close()
    return info.code, key, largest, rubric.groups[largest].rows[0].id


def floor_setup(folder: Path, group: int) -> dict[str, str]:
    """The floor page's settings: the group's rows and prompts, and the Rate page's radar spec to draw."""
    library = load_library()
    rubric = library.get("leadership-system")
    shown = rubric.groups[group]
    chart = folder / "floor-chart.json"
    chart.write_text(json.dumps(radar_spec(rubric, {}, None, group_id=shown.id, title=shown.short)))
    prompts = len(reflection_prompts(rubric))
    return {"FLOOR_ROWS": str(len(shown.rows)), "FLOOR_PROMPTS": str(prompts), "FLOOR_CHART": str(chart)}


class TimedServer:
    """`streamlit run SCRIPT` on a free port from the project folder (so with its config), timing each run."""

    def __init__(self, script: str, folder: Path, env: dict[str, str]):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"http://localhost:{self.port}"
        self.timings = folder / f"timings-{self.port}.txt"
        self.timings.touch()
        log = folder / f"server-{self.port}.log"
        environment = {**os.environ, "SIPR_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT), **env}
        for name in ("SIPR_DATABASE_URL", "SIPR_APP_PASSWORD"):
            environment.pop(name, None)
        launcher = ROOT / "benchmarks" / "pages" / "timed_server.py"
        self.process = subprocess.Popen(
            [sys.executable, str(launcher), str(self.timings), script, str(self.port)],
            cwd=ROOT,
            env=environment,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{script} did not start; see {log}") from None
                time.sleep(0.3)

    def runs(self) -> list[tuple[float, float, str]]:
        """Each script run so far: wall-clock ms, CPU ms of the script thread, "app" or "fragment"."""
        lines = self.timings.read_text().splitlines()
        return [(float(wall), float(cpu), scope) for wall, cpu, scope in (line.split() for line in lines)]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


class Side:
    """One page in Chromium whose first slider is moved, and its server's times for each move."""

    def __init__(self, name: str, server: TimedServer, page: Any, watch_radar: bool = False):
        self.name, self.server, self.page, self.watch_radar = name, server, page, watch_radar
        self.server_ms: list[float] = []
        self.cpu_ms: list[float] = []
        self.scopes: list[str] = []
        self.radar_ms: list[float] = []

    def move(self, key: str, keep: bool) -> None:
        page = self.page
        seen = len(self.server.runs())
        before = page.evaluate(RADAR) if self.watch_radar else None
        thumb = page.locator(THUMB).first
        thumb.focus()
        start = time.perf_counter()
        thumb.press(key)
        if self.watch_radar:
            page.wait_for_function(
                f"(b) => {{ const now = ({RADAR})(); return now !== null && now !== b; }}",
                arg=before,
                polling="raf",
            )
        redrawn = (time.perf_counter() - start) * 1000
        deadline = time.monotonic() + 30
        while len(self.server.runs()) == seen:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: no script run after a slider move")
            time.sleep(0.005)
        page.wait_for_selector(READY)
        # A run that follows the first (st.rerun) is counted with it; and Chromium finishes drawing,
        # so that it does not share the two cores with the next page's server.
        page.wait_for_timeout(SETTLE_MS)
        runs = self.server.runs()[seen:]
        if keep:
            self.server_ms.append(sum(wall for wall, _, _ in runs))
            self.cpu_ms.append(sum(cpu for _, cpu, _ in runs))
            self.scopes += [scope for _, _, scope in runs]
            if self.watch_radar:
                self.radar_ms.append(redrawn)


def open_sides(browser: Any, servers: dict[str, TimedServer], code: str, key: str, group: str) -> list[Side]:
    """Each page opened in its own browser context and ready; the Rate page on the given group."""
    sides = []
    for name, server in servers.items():
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        context.set_default_timeout(30_000)
        page = context.new_page()
        if name == "rate":
            cookie = {"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": server.url}
            context.add_cookies([cookie])
            page.goto(f"{server.url}/rate?code={code}")
            page.get_by_text(group + " (").first.click()
            page.get_by_text(group + " (").first.wait_for()
            page.wait_for_selector(READY)
        else:
            page.goto(server.url)
        page.wait_for_selector(THUMB)
        page.wait_for_selector(READY)
        page.wait_for_timeout(500)
        sides.append(Side(name, server, page, watch_radar=name == "rate"))
    return sides


def measure(code: str, key: str, folder: Path, group: int, first_row: str) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM, FLAGS

    rubric = load_library().get("leadership-system")
    floor_env = floor_setup(folder, group)
    servers = {
        "rate": TimedServer("app.py", folder, {"SAVES_FILE": str(folder / "saves.txt")}),
        "floor": TimedServer("benchmarks/pages/floor_app.py", folder, floor_env),
        "bare": TimedServer("benchmarks/pages/bare.py", folder, {}),
        "saving floor": TimedServer(
            "benchmarks/pages/floor_app.py", folder, {**floor_env, "FLOOR_SAVE_TO": str(folder / "floor.db")}
        ),
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            sides = open_sides(browser, servers, code, key, rubric.groups[group].short)
            for i in range(WARM_UP + RUNS):
                press = "ArrowRight" if i % 6 < 3 else "ArrowLeft"
                turn = i % len(sides)
                for side in sides[turn:] + sides[:turn]:  # each page goes first in turn
                    side.move(press, keep=i >= WARM_UP)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    check_saved(folder, code, key, first_row, WARM_UP + RUNS)
    rate, floor, bare, saving = sides
    saves = [line.split() for line in (folder / "saves.txt").read_text().splitlines()[-RUNS:]]
    if os.environ.get("BENCH_SAMPLES"):
        for side in sides:
            print(side.name, "wall", " ".join(f"{ms:.0f}" for ms in side.server_ms))
            print(side.name, "cpu ", " ".join(f"{ms:.0f}" for ms in side.cpu_ms))
    found = figures(rate, floor, bare, saving, len(rubric.groups[group].rows))
    return [*found[:2], *save_figures(saves), *found[2:]]


def save_figures(saves: list[list[str]]) -> list[Figure]:
    """The save in the Rate page's slider callback (Store.set_entry): its wall-clock and CPU time."""
    wall, cpu = [float(w) for w, _ in saves], [float(c) for _, c in saves]
    return timing(
        "of which the save in the slider's callback (Store.set_entry)",
        f"its CPU, median: {median(cpu):.1f} ms",
        wall,
    )


def check_saved(folder: Path, code: str, key: str, row_id: str, moves: int) -> None:
    """Every slider move on the Rate page was saved: one recorded level change each."""
    store = Store(f"sqlite:///{folder / 'sipr.db'}")
    changes = [c for c in store.history.changes(code, key) if c.row_id == row_id and c.field == "level"]
    store.close()
    if len(changes) != moves:
        raise RuntimeError(f"{moves} slider moves but {len(changes)} level changes stored")


def scope_of(side: Side) -> str:
    scopes = set(side.scopes)
    if scopes == {"fragment"}:
        return "fragment reruns"
    return "full reruns" if scopes == {"app"} else "full and fragment reruns"


def figures(rate: Side, floor: Side, bare: Side, saving: Side, rows: int) -> list[Figure]:
    shown = f"Leadership System, {rows} rows shown, {VOTERS} votes/row, {scope_of(rate)}"
    ratio = median(rate.server_ms) / median(floor.server_ms)
    saving_ratio = median(rate.server_ms) / median(saving.server_ms)
    return [
        *timing("Rate page rerun after a slider move", shown, rate.server_ms),
        *timing(
            "floor: same structure, widgets and chart, no core",
            f"{rows} rows, {scope_of(floor)}",
            floor.server_ms,
        ),
        *timing("bare one-slider page", "1 slider", bare.server_ms),
        *timing(
            "floor with one durable SQLite write per move",
            f"{rows} rows, WAL, synchronous=FULL",
            saving.server_ms,
        ),
        Figure("Rate page / floor (median)", "server time", ratio, "×"),
        Figure(
            "Rate page / floor (95th pct)",
            "server time",
            percentile(rate.server_ms, 95) / percentile(floor.server_ms, 95),
            "×",
        ),
        Figure(
            "floor with one durable write / floor (median)",
            "server time: what saving alone costs",
            median(saving.server_ms) / median(floor.server_ms),
            "×",
        ),
        Figure(
            "Rate page / floor with one durable write (median)",
            "server time: the save is part of the limit",
            saving_ratio,
            "×",
            "≤ 1.25",
            saving_ratio <= 1.25,
        ),
        Figure(
            "Rate page / bare page (median)",
            "server time",
            median(rate.server_ms) / median(bare.server_ms),
            "×",
        ),
        Figure(
            "Rate page / floor, CPU of the script thread (median)",
            f"{median(rate.cpu_ms):.1f} / {median(floor.cpu_ms):.1f} ms",
            median(rate.cpu_ms) / median(floor.cpu_ms),
            "×",
        ),
        *timing("slider move to redrawn radar", "Chromium, Leadership System", rate.radar_ms, goal_ms=100),
    ]


def run() -> list[Figure]:
    if not Path("/usr/bin/chromium").exists():
        print("rate page skipped: Chromium is not installed (sudo apt-get install chromium)")
        return []
    folder = Path(tempfile.mkdtemp(prefix="sipr-bench-"))
    os.environ["SIPR_DATA_DIR"] = str(folder)
    code, key, group, first_row = seeded_session(folder)
    measured = measure(code, key, folder, group, first_row)
    print(f"rate page: measured with this machine's load at {machine_load()}")
    return measured


def machine_load() -> str:
    """The load averages and, where the kernel reports it, how often tasks waited for a CPU (last 60 s)."""
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    pressure = Path("/proc/pressure/cpu")
    if pressure.exists():
        some = pressure.read_text().split()[2].removeprefix("avg60=")
        return f"{load} (1, 5, 15 min); tasks waiting for a CPU {some} % of the last minute"
    return f"{load} (1, 5, 15 min)"
