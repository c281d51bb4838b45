"""A phone's vote under load: never lost to the page's own refresh, always confirmed (issue 16, item 8).

The phone is driven through Streamlit's websocket protocol, as the load benchmark drives a hundred
(``benchmarks/streamlit_client.py``, its Vote page in ``VotePage``); the server is slowed where a
loaded server is slow (``loaded_server.py``), so each race happens every time:

- 8b: the tap arrives while the page's own refresh is still running (its ballot read takes 0.6 s);
- 8c: the tap's run has ended but its messages wait on the server's event loop (1 s) when the page's
  refresh request comes: Streamlit starts a new script runner and drops them. Before the fix the vote
  was stored but the phone never said "Saved" (the slider page drew the ballot in a full run that
  nothing drew again).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import sys
from pathlib import Path

import pytest
from browser_support import AppServer

from benchmarks.district_load import VotePage
from benchmarks.streamlit_client import StreamlitClient
from sipr_core import load_library

LOADED = [sys.executable, str(Path(__file__).with_name("loaded_server.py"))]
CONFIRMED_WITHIN_S = 12  # more than the ballot's own refresh (5 s) after the slowed run


@pytest.fixture
def loaded(tmp_path, request):
    """An app server slowed as `request.param` says, with a round open on four rows:
    (server, store, code, key, levels)."""
    server = AppServer(tmp_path, request.param, LOADED)
    server.start()
    store = server.store()
    rubric = load_library().get("micip-collaboration")
    info, key = store.sessions.create(
        rubric, district="Riverside", team="Live vote", held_on=datetime.date.today(), facilitator="Ana"
    )
    store.voting.open_round(info.code, key, [(r.id, "rating") for _, r in rubric.rows()][:4], actor="Ana")
    yield server, store, info.code, key, rubric.level_ids()
    store.close()
    server.stop()


async def phone(server, code) -> tuple[StreamlitClient, VotePage]:
    client = StreamlitClient(server.url, "vote", f"code={code}")
    await client.connect()
    page = VotePage(client)
    await page.join("Chloé")
    return client, page


async def tap_then(page: VotePage, level: str, refresh_after: float | None, refresh_before: float | None) -> bool:
    """Tap a level with the page's refresh request sent `refresh_before` seconds before the tap or
    `refresh_after` seconds after it; True once the page marks the vote saved."""
    client = page.client
    button = client.widget(key=next(k for k in page.levels() if k.endswith(f":{level}")))
    if refresh_before is not None:
        await client._send(button.fragment_id, auto=True)
        await asyncio.sleep(refresh_before)
    client.set(button, True)
    await client._send(button.fragment_id, auto=False)
    client._clear_triggers()
    if refresh_after is not None:
        await asyncio.sleep(refresh_after)
        await client._send(button.fragment_id, auto=True)
    for _ in range(CONFIRMED_WITHIN_S * 10):
        if page.saved(level):
            return True
        await asyncio.sleep(0.1)
    return page.saved(level)


def run_apart(scenario):
    """Run the async scenario on a thread of its own: a browser test of the same run may still hold this
    thread's event loop (Playwright's sync API keeps one running), and asyncio.run refuses to nest."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(scenario())).result()


def votes(store, code, key) -> list[str]:
    """The rows voted on, as the facilitator's store holds them (the round is not revealed)."""
    return sorted(v.row_id for v in store.sessions.load(code, key=key).votes if v.level)


@pytest.mark.parametrize("loaded", [{"SIPR_TEST_BALLOT_S": "0.6"}], indirect=True)
def test_a_tap_during_the_pages_own_refresh_is_stored_and_confirmed(loaded):
    server, store, code, key, levels = loaded

    async def scenario() -> list[tuple[str, bool]]:
        client, page = await phone(server, code)
        seen = []
        for n, wait in enumerate([0.1, 0.2, 0.3, 0.4]):  # the tap 0.1 to 0.4 s after the refresh began
            if n:
                await page.next()
            row = page.row()[0]
            seen.append((row, await tap_then(page, levels[n], None, refresh_before=wait)))
        await client.close()
        return seen

    seen = run_apart(scenario)
    assert [confirmed for _, confirmed in seen] == [True] * 4
    assert votes(store, code, key) == sorted(row for row, _ in seen)


@pytest.mark.parametrize("loaded", [{"SIPR_TEST_EVENT_LAG_S": "1.0"}], indirect=True)
def test_a_tap_whose_messages_wait_when_the_refresh_comes_is_confirmed_by_the_next_run(loaded):
    server, store, code, key, levels = loaded

    async def scenario() -> list[tuple[str, bool]]:
        client, page = await phone(server, code)
        seen = []
        for n, wait in enumerate([0.2, 0.4, 0.6, 0.8]):  # the refresh while the tap's messages wait
            if n:
                await page.next()
            row = page.row()[0]
            seen.append((row, await tap_then(page, levels[n], refresh_after=wait, refresh_before=None)))
        await client.close()
        return seen

    seen = run_apart(scenario)
    assert [confirmed for _, confirmed in seen] == [True] * 4
    assert votes(store, code, key) == sorted(row for row, _ in seen)
