"""Real-browser tests: Playwright drives Debian's Chromium against `streamlit run` on localhost."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import CHROMIUM, FLAGS, AppServer


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed: run `sudo apt-get install chromium` (Debian) for the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, browser):
    """One app server for the browser tests (sessions are independent by their codes)."""
    server = AppServer(tmp_path_factory.mktemp("e2e-data"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def context(browser):
    """A fresh browser context: its own cookies, like another device."""
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()
