"""Two app servers behind nginx on PostgreSQL: one is killed mid-vote and its participants carry on.

deploy/try-out.sh starts the operator's files (the nginx site, the environment file) on localhost. The
facilitator projects the Consensus page from app server A; two participants' phones are on A, two on
B (nginx's sticky routing, chosen by the route cookie). Everyone votes on two rows; B is killed with
SIGKILL; B's phones reconnect through nginx to A, and everyone votes on a third row. Nobody loses
their identity or a vote the page had acknowledged ("Saved: ..."), and the projector counts them all.
"""

from __future__ import annotations

import datetime
import time
import urllib.parse

import pytest
from browser_support import READY, tap_level, wait_ready

from sipr_core import Store, load_library

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LEVELS = ["Beginning (Individualistic)", "Developing", "Evolving", "Accomplished (Collaborative)"]
PEOPLE = {"Ana": "A", "Ben": "A", "Dev": "B", "Eve": "B"}  # who is on which app server
STEPS = {"Ana": (1, 2, 3), "Ben": (2, 2, 1), "Dev": (3, 1, 2), "Eve": (4, 3, 4)}  # levels on rows 1-3


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]', state="attached")
    page.wait_for_timeout(150)
    page.wait_for_selector(READY)


def vote(page, row: int, level: int) -> None:
    """Tap the level (1-based) on the `row`-th row and wait for the page to say it is saved; then Next."""
    page.get_by_text(f"of 6 voted · Element {row + 1} of 6").wait_for()
    tap_level(page, LEVELS[level - 1], settle)
    if row < 5:
        page.get_by_role("button", name="Next").click()
        page.get_by_text(f"Element {row + 2} of 6").wait_for()
        settle(page)


def participant_id(page) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["p"][0]


def test_participants_of_a_killed_app_server_carry_on_through_the_other(cluster, browser):
    server = {"A": cluster.app_ports[0], "B": cluster.app_ports[1]}
    routes = {name: cluster.route_to(server[where]) for name, where in PEOPLE.items()}
    store = Store(cluster.database_url)
    info, key = store.sessions.create(
        load_library().get("micip-collaboration"),
        district="Riverside Public Schools",
        team="District day",
        held_on=datetime.date.today(),
        facilitator="Ana Ruiz",
    )
    code = info.code
    projector = browser.new_context(viewport={"width": 1600, "height": 1000})
    projector.set_default_timeout(30_000)
    board_route = cluster.route_to(server["A"])
    projector.add_cookies(
        [
            {"name": "sipr_key_" + code.replace("-", ""), "value": key, "url": cluster.proxy_url},
            {"name": "sipr_route", "value": board_route, "url": cluster.proxy_url},
        ]
    )
    board = projector.new_page()
    board.goto(f"{cluster.proxy_url}/consensus?code={code}")
    wait_ready(board)
    board.get_by_text("The whole continuum").click()
    wait_ready(board)
    board.get_by_role("button", name="Open voting").click()
    board.locator(".live-total[data-votes]").wait_for()

    phones, ids = {}, {}
    for name in PEOPLE:
        device = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        device.set_default_timeout(30_000)
        device.add_cookies([{"name": "sipr_route", "value": routes[name], "url": cluster.proxy_url}])
        phone = device.new_page()
        phone.goto(f"{cluster.proxy_url}/vote?code={code}")
        settle(phone)
        phone.get_by_label("Your name").fill(name)
        phone.get_by_role("button", name="Join").click()
        phone.get_by_text("You are voting as").wait_for()
        settle(phone)
        vote(phone, 0, STEPS[name][0])
        vote(phone, 1, STEPS[name][1])
        phones[name], ids[name] = phone, participant_id(phone)
    for name, where in PEOPLE.items():  # sticky routing: the page, its scripts, its health checks
        assert set(cluster.upstreams_of(routes[name], "/")) == {server[where]}
    board.wait_for_function("() => document.querySelector('.live-total')?.dataset.votes === '8'")

    cluster.kill(server["B"])  # mid-vote: B's phones have voted on two of the six rows

    for name in PEOPLE:
        vote(phones[name], 2, STEPS[name][2])
    board.wait_for_function("() => document.querySelector('.live-total')?.dataset.votes === '12'")

    session = store.sessions.load(code, key=key)
    assert sorted(p.name for p in session.participants) == sorted(PEOPLE)  # nobody joined twice
    stored = {(v.participant_id, v.row_id): v.level for v in session.votes}
    rows = [row.id for _, row in session.rubric.rows()][:3]
    levels = session.rubric.level_ids()
    assert stored == {
        (ids[name], row): levels[STEPS[name][n] - 1] for name in PEOPLE for n, row in enumerate(rows)
    }
    for name, where in PEOPLE.items():
        phone = phones[name]
        assert participant_id(phone) == ids[name]
        assert phone.get_by_text(f"You are voting as {name}.").count() == 1
        phone.get_by_text("3 of 6 voted").wait_for()
        for row in (2, 1, 0):  # each row shows the vote the page acknowledged
            phone.get_by_role("button", name="Back").click()
            phone.get_by_text(f"Element {row + 1} of 6").wait_for()
            phone.get_by_text(f"Saved: {LEVELS[STEPS[name][row] - 1]}").wait_for()
    projector.close()
    for phone in phones.values():
        phone.context.close()  # closes the websockets, which nginx then logs
    store.close()
    for name, where in PEOPLE.items():
        deadline = time.monotonic() + 10
        while len(streams := cluster.upstreams_of(routes[name], "/_stcore/stream")) < (
            2 if where == "B" else 1
        ):
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        # B's phones reconnected, through nginx, to the surviving server
        assert streams[-1] == server["A"], f"{name}'s connections went to {streams}"
