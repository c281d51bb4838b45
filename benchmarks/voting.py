"""Live voting under load: 40 participants vote on all 28 rows of the Leadership System.

What runs: `streamlit run app.py`; the facilitator's Consensus page open in Chromium (its live
view refreshes every second); 40 participants' Vote pages open in Chromium too (phone-sized, each a
Streamlit session with its own two-second watcher), so the server carries 41 sessions. The votes
are cast by 40 threads through the store (``voting.cast``, the call the Vote page makes), each
participant at a human pace, one vote every 0.5 to 2.5 seconds, in their own order of the rows.

Vote to projected view: a MutationObserver in the facilitator's page stamps each change of a row's
count (``Date.now()``); the k-th vote stored on a row is on the screen once that row shows k votes.
The latency runs from the start of the ``cast`` call (``time.time()``, the same clock) to that stamp,
so it holds the write, the wait for the next refresh, the query, the redraw and the websocket.

Memory: the resident set (VmRSS) of the streamlit process once the facilitator's page has loaded,
and again after the 40 participants' pages have connected and every vote is in.

The load runs with ``runner.postScriptGC`` off: Streamlit otherwise runs a full garbage collection
after every script and fragment run, and the server saturates one core at about 15 participants'
pages. The server's CPU per open participant page is measured both ways, with 10 pages open.
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

from sipr_core import Store, load_library
from sipr_core.rounds import cells_for

from .table import Figure, median, percentile

ROOT = Path(__file__).resolve().parents[1]
PARTICIPANTS = 40
IDLE_PAGES = 10
IDLE_SECONDS = 10
PACE = (0.5, 2.5)
"""Seconds between one participant's votes (uniform)."""

OBSERVE = """() => {
  window.__seen = []; window.__last = {};
  const snap = () => {
    const now = Date.now();
    document.querySelectorAll('.live-cell[data-cell]').forEach(c => {
      const k = c.dataset.cell, v = Number(c.dataset.votes);
      if (window.__last[k] !== v) { window.__last[k] = v; window.__seen.push([now, k, v]); }
    });
  };
  new MutationObserver(snap).observe(document.body,
    {subtree: true, childList: true, attributes: true, characterData: true});
  snap();
}"""


def rss_mb(pid: int) -> float:
    """The resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cast_votes(store: Store, code: str, ids: list[str], cells: list[tuple[str, str]], levels: list[str]):
    """Every participant votes on every cell at a human pace; returns (cell, start, end) per stored vote."""
    stamps: list[tuple[str, float, float]] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(ids))

    def participant(n: int) -> None:
        chance = random.Random(n)
        order = cells[:]
        chance.shuffle(order)
        start.wait()
        for row_id, dimension in order:
            time.sleep(chance.uniform(*PACE))
            begun = time.time()
            try:
                store.voting.cast(code, ids[n], row_id, dimension, chance.choice(levels))
            except Exception as error:  # noqa: BLE001 - counted as a lost vote
                with lock:
                    failures.append(repr(error))
                continue
            ended = time.time()
            with lock:
                stamps.append((f"{row_id}:{dimension}", begun, ended))

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(len(ids))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stamps, failures


def latencies(stamps: list[tuple[str, float, float]], seen: list[list]) -> list[float]:
    """Seconds from each vote's cast to the first moment its row's count on screen included it."""
    shown: dict[str, list[tuple[float, int]]] = {}
    for at_ms, cell, count in seen:
        shown.setdefault(cell, []).append((at_ms / 1000, int(count)))
    found = []
    by_cell: dict[str, list[tuple[float, float]]] = {}
    for cell, begun, ended in stamps:
        by_cell.setdefault(cell, []).append((ended, begun))
    for cell, votes in by_cell.items():
        for k, (_, begun) in enumerate(sorted(votes), start=1):
            appeared = next((at for at, count in shown.get(cell, []) if count >= k), None)
            found.append(float("inf") if appeared is None else appeared - begun)
    return found


def measure(config: str, env: dict[str, str]) -> list[Figure]:
    """One run of the scenario on a server started with these environment variables."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM, FLAGS, AppServer, wait_ready
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="sipr-bench-voting-"))
    server = AppServer(folder, env)
    server.start()
    assert server.process is not None
    pid = server.process.pid
    store = server.store()
    rubric = load_library().get("leadership-system")
    info, key = store.sessions.create(
        rubric, district="Bench", team="Bench", held_on=datetime.date.today(), facilitator="Bench"
    )
    code = info.code
    cells = list(cells_for(rubric, "all"))
    store.voting.open_round(code, key, cells, actor="Bench")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            facilitator = browser.new_context(viewport={"width": 1600, "height": 1000})
            facilitator.add_cookies(
                [{"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": server.url}]
            )
            board = facilitator.new_page()
            board.goto(f"{server.url}/consensus?code={code}")
            wait_ready(board)
            board.wait_for_selector(".live-cell[data-cell]")
            time.sleep(2)
            before = rss_mb(pid)

            ids = [store.voting.join(code, f"Participant {n + 1}").id for n in range(PARTICIPANTS)]
            phones = browser.new_context(viewport={"width": 390, "height": 844})
            phones.set_default_timeout(120_000)
            for n, participant_id in enumerate(ids):
                phone = phones.new_page()
                t = time.time()
                phone.goto(f"{server.url}/vote?code={code}&p={participant_id}")
                phone.wait_for_function(
                    f"() => document.querySelectorAll('[data-testid=stSlider]').length === {len(cells)}"
                )
                print(f"  participant page {n + 1} open in {time.time() - t:.1f} s", flush=True)
            connected = rss_mb(pid)

            board.bring_to_front()
            board.evaluate(OBSERVE)
            t0 = time.time()
            stamps, failures = cast_votes(store, code, ids, cells, rubric.level_ids())
            voting_seconds = time.time() - t0
            expected = PARTICIPANTS * len(cells)
            board.wait_for_function(
                f"() => document.querySelector('.live-total')?.dataset.votes === '{expected}'",
                timeout=30_000,
            )
            seen = board.evaluate("() => window.__seen")
            after = rss_mb(pid)
            browser.close()
    finally:
        server.stop()
    stored = store.voting.board(code, key).votes_in()
    store.close()

    waits = latencies(stamps, seen)
    setting = f"{config}; {PARTICIPANTS} × {len(cells)} rows, {len(stamps) / voting_seconds:.0f} votes/s"
    growth = after - before
    per_fifty = growth * 50 / PARTICIPANTS
    return [
        Figure(
            "votes stored of votes cast",
            setting,
            100 * stored / expected,
            "%",
            "100 %",
            stored == expected and not failures,
        ),
        Figure("vote to facilitator's view, median", setting, median(waits), "s"),
        Figure(
            "vote to facilitator's view, 95th pct",
            setting,
            percentile(waits, 95),
            "s",
            "< 2 s",
            percentile(waits, 95) < 2,
        ),
        Figure("vote to facilitator's view, slowest", setting, max(waits), "s"),
        Figure("server memory before participants", f"{config}; facilitator page open", before, "MB"),
        Figure(
            f"server memory, {PARTICIPANTS} participant pages connected",
            f"{config}; before voting",
            connected,
            "MB",
        ),
        Figure("server memory after every vote", f"{config}; {PARTICIPANTS + 1} sessions", after, "MB"),
        Figure(
            "server memory growth per 50 participants",
            f"{config}; ({after:.0f} − {before:.0f}) × 50/{PARTICIPANTS}",
            per_fifty,
            "MB",
            "< 100 MB",
            per_fifty < 100,
        ),
    ]


def idle_cost(config: str, env: dict[str, str], pages: int = IDLE_PAGES) -> list[Figure]:
    """The server's CPU while participants' pages sit open and only their watchers refresh."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM, FLAGS, AppServer
    from playwright.sync_api import sync_playwright

    server = AppServer(Path(tempfile.mkdtemp(prefix="sipr-bench-idle-")), env)
    server.start()
    assert server.process is not None
    store = server.store()
    rubric = load_library().get("leadership-system")
    info, key = store.sessions.create(
        rubric, district="Bench", team="Bench", held_on=datetime.date.today(), facilitator="Bench"
    )
    store.voting.open_round(info.code, key, list(cells_for(rubric, "all")), actor="Bench")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            phones = browser.new_context(viewport={"width": 390, "height": 844})
            phones.set_default_timeout(120_000)
            for n in range(pages):
                who = store.voting.join(info.code, f"Participant {n + 1}").id
                phone = phones.new_page()
                phone.goto(f"{server.url}/vote?code={info.code}&p={who}")
                phone.wait_for_selector('[data-testid="stSlider"]')
            time.sleep(4)
            used, started = cpu_seconds(server.process.pid), time.monotonic()
            time.sleep(IDLE_SECONDS)
            share = (cpu_seconds(server.process.pid) - used) / (time.monotonic() - started)
            browser.close()
    finally:
        server.stop()
        store.close()
    per_page = 1000 * share / pages
    return [
        Figure(
            "server CPU per open participant page",
            f"{config}; {pages} pages, watcher every 2 s",
            per_page,
            "ms/s",
        ),
        Figure(
            f"server CPU for {PARTICIPANTS} participant pages (from the above)",
            f"{config}; one core is 100 %",
            per_page * PARTICIPANTS / 10,
            "% of a core",
            "< 50 %",
            per_page * PARTICIPANTS / 10 < 50,
        ),
    ]


def run() -> list[Figure]:
    if not Path("/usr/bin/chromium").exists():
        print("voting benchmark skipped: Chromium is not installed (sudo apt-get install chromium)")
        return []
    # Streamlit runs a full garbage collection after every script run, fragment runs included
    # (runner.postScriptGC). With dozens of sessions refreshing, that collection is most of the
    # server's work: as configured, the server saturates at about 15 participants' pages.
    gc_off = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
    figures = idle_cost("as configured", {})
    figures += idle_cost("postScriptGC off", gc_off)
    figures += measure("postScriptGC off", gc_off)
    return figures
