"""A district day through the real protocol: hundreds of participants join by code and vote.

Each participant is one websocket speaking Streamlit's protocol (``streamlit_client``): the Vote
page's join link (``?code=``), a name, Join, then on each open row in turn a tap on a level at a
human pace (PACE seconds apart) and Next, and the page's own refresh rerun by the client on its
timer as a browser reruns it.
The facilitator's projector is a real Chromium page on the Consensus page. The round is one
strategy of the Leadership System (5 rows), as a district day votes on one strategy at a time.

Vote to projector: a MutationObserver in the projector's page stamps each change of a row's count;
the k-th vote stored on a row is on screen once the row shows k votes. The time runs from the
participant sending the slider's new value to that stamp (one clock: this machine's).

Settings: 40 and 100 participants on one app server (SQLite, no proxy), and 300 over three app
servers behind nginx on PostgreSQL (``deploy/try-out.sh start 3``, the operator's files).
"""

from __future__ import annotations

import asyncio
import datetime
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path

from sipr_core import Store, load_library
from sipr_core.rounds import cells_for

from .streamlit_client import ProtocolError, StreamlitClient
from .table import Figure, median, percentile
from .voting import OBSERVE, cpu_seconds, latencies, rss_mb

ROOT = Path(__file__).resolve().parents[1]
STRATEGY = "relationships"
PACE = (2.0, 8.0)
"""Seconds between one participant's votes (uniform): reading a row's levels and deciding."""
CONFIRM_S = 30.0
"""Seconds a participant waits for "Saved" after a tap before counting the vote as unconfirmed."""
ARRIVAL_S = 0.15
"""Seconds between participants arriving: 100 join over 15 s, 300 over 45 s."""


# --- the Vote page, as a participant sees it (its labels and keys live here, and only here) ---------


class VotePage:
    """One participant's Vote page: join by name, then one open row at a time, a button per level."""

    def __init__(self, client: StreamlitClient):
        self.client = client

    async def join(self, name: str) -> None:
        self.client.set(self.client.widget(label="Your name"), name)
        await self.client.click(self.client.widget(label="Join"))
        if not self.levels():
            raise RuntimeError(f"{name} joined but sees no ballot: {self.client.texts()[-3:]}")

    def participant_id(self) -> str:
        found = re.search(r"(?:^|&)p=(\w+)", self.client.query_string)
        if found is None:
            raise RuntimeError(f"no participant id in the page's address: {self.client.query_string}")
        return found.group(1)

    def levels(self) -> list[str]:
        """The level buttons of the row shown (``vote:<round>:<row>:<dimension>:<level>``), top to bottom."""
        return [w.key for w in self.client.widgets("button") if w.key and w.key.startswith("vote:")]

    def row(self) -> tuple[str, str]:
        """The (row, dimension) shown."""
        _, _, row, dimension, _ = self.levels()[0].split(":")
        return row, dimension

    def saved(self, level_id: str) -> bool:
        """Whether the page marks this level as the vote saved (its button the chosen one, and "Saved")."""
        chosen = [w for w in self.client.widgets("button") if getattr(w.proto, "type", "") == "primary"]
        marked = any(w.key and w.key.startswith("vote:") and w.key.endswith(f":{level_id}") for w in chosen)
        return marked and any(text.startswith("Saved: ") for text in self.client.texts())

    async def vote(self, level_id: str, within: float = CONFIRM_S) -> bool:
        """Tap the level on the row shown; True once the page says the vote is saved (within `within`
        seconds, as a person would wait for it, over the ballot's next runs)."""
        button = self.client.widget(key=next(k for k in self.levels() if k.endswith(f":{level_id}")))
        began = time.monotonic()
        await self.client.click(button)
        while not self.saved(level_id) and (left := within - (time.monotonic() - began)) > 0:
            try:
                await self.client.fragment_ran(button.fragment_id, timeout=left)
            except ProtocolError:
                break
        return self.saved(level_id)

    async def comment(self, text: str) -> None:
        row, dimension = self.row()
        boxes = [w for w in self.client.widgets("text_area") if w.key and w.key.startswith("comment:")]
        box = next(w for w in boxes if w.key and w.key.endswith(f":{row}:{dimension}"))
        await self.client.set_and_run(box, text)

    async def next(self) -> None:
        await self.client.click(self.client.widget(key="ballot-next"))


# --- the participants ------------------------------------------------------------------------------


@dataclass
class Tally:
    sent: list[tuple[str, float, float]] = field(default_factory=list)  # (cell, sent at, saved at)
    acked: dict[tuple[str, str], str] = field(default_factory=dict)  # (participant, row) -> level id
    refused: int = 0
    finished: int = 0  # participants done voting, or failed
    failed: list[str] = field(default_factory=list)
    round_trips: list[float] = field(default_factory=list)


async def participant(
    n: int, url: str, code: str, levels: dict[str, str], rows: int, tally: Tally, done: asyncio.Event
) -> None:
    chance = random.Random(n)
    await asyncio.sleep(n * ARRIVAL_S)
    client = StreamlitClient(url, "vote", f"code={code}")
    try:
        await client.connect()
        page = VotePage(client)
        await page.join(f"Participant {n + 1}")
        me = page.participant_id()
        for shown in range(rows):
            if shown:
                await page.next()
            await asyncio.sleep(chance.uniform(*PACE))
            level_id = chance.choice(list(levels))
            row, dimension = page.row()
            began = time.time()
            saved = await page.vote(level_id)
            ended = time.time()
            tally.round_trips.append(ended - began)
            if saved:
                tally.sent.append((f"{row}:{dimension}", began, ended))
                tally.acked[(me, row)] = level_id
            else:
                tally.refused += 1
        tally.finished += 1
        await done.wait()  # stay on the page, its watcher running, until everyone has voted
    except Exception as error:  # noqa: BLE001 - counted and reported, the others go on
        ours = [f for f in traceback.extract_tb(error.__traceback__) if "benchmarks" in f.filename]
        where = f" in {ours[-1].name}, line {ours[-1].lineno}" if ours else ""
        tally.failed.append(f"participant {n + 1}: {error!r}{where}"[:400])
        tally.finished += 1
    finally:
        await client.close()


async def crowd(url: str, code: str, levels: dict[str, str], rows: int, count: int) -> Tally:
    tally, done = Tally(), asyncio.Event()
    tasks = [asyncio.create_task(participant(n, url, code, levels, rows, tally, done)) for n in range(count)]
    while tally.finished < count:
        await asyncio.sleep(0.5)
    done.set()
    await asyncio.gather(*tasks)
    return tally


def in_thread(work: Coroutine[object, object, Tally]) -> Tally:
    """Run the participants' event loop on a thread of its own."""
    result: list[Tally] = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(work)))
    thread.start()
    thread.join()
    if not result:
        raise RuntimeError("the participants' event loop failed; see the error above")
    return result[0]


# --- one run -----------------------------------------------------------------------------------------


def run_scenario(label: str, count: int, proxy_url: str, database_url: str, pids: list[int]) -> list[Figure]:
    """Open a round, project it, let `count` participants vote; the figures of the run."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import CHROMIUM, FLAGS, wait_ready
    from playwright.sync_api import sync_playwright

    store = Store(database_url)
    rubric = load_library().get("leadership-system")
    info, key = store.sessions.create(
        rubric, district="Bench", team="Bench", held_on=datetime.date.today(), facilitator="Bench"
    )
    cells = list(cells_for(rubric, "group", STRATEGY))
    store.voting.open_round(info.code, key, cells, actor="Bench")
    levels = {level.id: level.name for level in rubric.levels}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        projector = browser.new_context(viewport={"width": 1600, "height": 1000})
        projector.add_cookies(
            [{"name": "sipr_key_" + info.code.replace("-", ""), "value": key, "url": proxy_url}]
        )
        board = projector.new_page()
        board.goto(f"{proxy_url}/consensus?code={info.code}")
        wait_ready(board)
        board.wait_for_selector(".live-cell[data-cell]")
        board.evaluate(OBSERVE)
        time.sleep(2)
        memory_before = sum(rss_mb(pid) for pid in pids)
        cpu_before, generator_before, started = (
            sum(map(cpu_seconds, pids)),
            time.process_time(),
            time.monotonic(),
        )
        # Playwright holds this thread's loop
        tally = in_thread(crowd(proxy_url, info.code, levels, len(cells), count))
        seconds = time.monotonic() - started
        cpu = (sum(map(cpu_seconds, pids)) - cpu_before) / seconds
        generator = (time.process_time() - generator_before) / seconds
        memory_after = sum(rss_mb(pid) for pid in pids)
        expected = len(tally.acked)
        try:
            board.wait_for_function(
                f"() => Number(document.querySelector('.live-total')?.dataset.votes) >= {expected}",
                timeout=60_000,
            )
        except Exception:  # noqa: BLE001 - the latencies below then show the votes never projected
            pass
        seen = board.evaluate("() => window.__seen")
        browser.close()
    stored = {(v.participant_id, v.row_id): v.level for v in store.sessions.load(info.code).votes}
    store.close()
    lost = sum(1 for cell, level in tally.acked.items() if stored.get(cell) != level)
    waits = latencies(tally.sent, seen)
    for problem in tally.failed[:5]:
        print(f"  {label}: {problem}", flush=True)
    setting = f"{label}; {count} participants × {len(cells)} rows, {len(tally.sent) / seconds:.0f} votes/s"
    cast = len(tally.sent) + tally.refused
    goal = projector_goal_s(count)
    return [
        Figure(
            "participants who could not join or vote", setting, len(tally.failed), "", "0", not tally.failed
        ),
        Figure("votes cast (taps sent)", setting, cast, "votes"),
        Figure("votes acknowledged (the page said Saved)", setting, len(tally.sent), "votes"),
        Figure("votes stored", setting, len(stored), "votes"),
        Figure("acknowledged votes lost", setting, lost, "votes", "0", lost == 0),
        Figure("tap to 'Saved' on the phone, median", setting, median(tally.round_trips or [0]), "s"),
        Figure(
            "tap to 'Saved' on the phone, 95th pct",
            setting,
            percentile(tally.round_trips or [0], 95),
            "s",
        ),
        Figure("vote to projector, median", setting, median(waits), "s"),
        Figure(
            "vote to projector, 95th pct",
            setting,
            percentile(waits, 95),
            "s",
            f"< {goal:g} s",
            percentile(waits, 95) < goal,
        ),
        Figure("app server CPU while voting", f"{setting}; one core is 100 %", 100 * cpu, "% of a core"),
        Figure("app server CPU per participant", setting, 1000 * cpu / count, "ms/s"),
        Figure(
            "app server memory per participant",
            f"{setting}; ({memory_after:.0f} − {memory_before:.0f}) MB / {count}",
            (memory_after - memory_before) / count,
            "MB",
        ),
        Figure(
            "app server memory growth per 50 participants",
            f"{setting}; ({memory_after:.0f} − {memory_before:.0f}) MB × 50/{count}",
            (memory_after - memory_before) * 50 / count,
            "MB",
            "< 100 MB",
            (memory_after - memory_before) * 50 / count < 100,
        ),
        Figure(
            "load generator CPU (this process)",
            f"{setting}; shares the machine",
            100 * generator,
            "% of a core",
        ),
    ]


def free_port(span: int = 1) -> int:
    """A free port on localhost, with the `span` - 1 ports after it free too."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = int(s.getsockname()[1])
        if all(_free(first + i) for i in range(1, span)):
            return first
    raise RuntimeError("no free ports on localhost")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def one_server(count: int) -> list[Figure]:
    """`count` participants on one app server with its SQLite database, no proxy."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import AppServer

    server = AppServer(Path(tempfile.mkdtemp(prefix="sipr-bench-load-")))
    server.start()
    assert server.process is not None
    try:
        return run_scenario(
            "1 app server, SQLite",
            count,
            server.url,
            f"sqlite:///{server.data_dir / 'sipr.db'}",
            [server.process.pid],
        )
    finally:
        server.stop()


def behind_nginx(count: int, servers: int) -> list[Figure]:
    """`count` participants over `servers` app servers behind nginx on PostgreSQL (deploy/try-out.sh)."""
    folder = Path(tempfile.mkdtemp(prefix="sipr-bench-cluster-"))
    os.chmod(folder, 0o755)  # under root, PostgreSQL runs as the postgres user
    first, proxy, pg = free_port(servers), free_port(), free_port()
    env = {
        **os.environ,
        "SIPR_TRY_DIR": str(folder / "try"),
        "SIPR_PROXY_PORT": str(proxy),
        "SIPR_FIRST_APP_PORT": str(first),
        "SIPR_PG_PORT": str(pg),
    }
    script = str(ROOT / "deploy" / "try-out.sh")
    with open(folder / "try-out.log", "w") as log:
        subprocess.run(
            ["bash", script, "start", str(servers)], env=env, stdout=log, stderr=log, check=True, timeout=300
        )
    try:
        pids = [int((folder / "try" / f"app-{first + i}.pid").read_text()) for i in range(servers)]
        return run_scenario(
            f"{servers} app servers behind nginx, PostgreSQL",
            count,
            f"http://localhost:{proxy}",
            f"postgresql://sipr@127.0.0.1:{pg}/sipr",
            pids,
        )
    finally:
        subprocess.run(["bash", script, "clean"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def projector_goal_s(count: int) -> float:
    """Issue 16's goals for vote to projector, 95th percentile: 1 s up to 40 phones, 1.5 s up to 100."""
    return 1.0 if count <= 40 else 1.5


def run() -> list[Figure]:
    if not Path("/usr/bin/chromium").exists():
        print("district load benchmark skipped: Chromium is not installed (sudo apt-get install chromium)")
        return []
    small = [int(n) for n in os.environ.get("BENCH_LOAD_ONE_SERVER", "40 100").replace(",", " ").split()]
    large = int(os.environ.get("BENCH_LOAD_CLUSTER", "300"))
    figures = [figure for count in small if count for figure in one_server(count)]
    if large:
        figures += behind_nginx(large, 3)
    return figures
