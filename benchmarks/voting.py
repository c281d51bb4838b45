"""Live voting, idle: the server's CPU while participants' Vote pages sit open in Chromium.

Ten phone-sized Vote pages (each a Streamlit session whose ballot refreshes itself on a timer) are
open on a round of the Leadership System's 28 rows; the server's CPU is read over ten seconds, with
Streamlit's per-run garbage collection as configured and off. Votes themselves, and how fast they
reach the projector, are measured through the app's own protocol in ``district_load`` (participants
tap the ballot as a browser would), not by calling the store.

Also the shared helpers of the load measurements: the projector's MutationObserver (``OBSERVE``),
the vote-to-screen latencies, and a process's memory and CPU from /proc.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

from sipr_core import load_library
from sipr_core.rounds import cells_for

from .table import Figure

ROOT = Path(__file__).resolve().parents[1]
PARTICIPANTS = 40
IDLE_PAGES = 10
IDLE_SECONDS = 10

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
                phone.wait_for_selector('.st-key-ballot-levels button')
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
            f"{config}; {pages} pages, each ballot refreshing every 5 s",
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
    return figures
