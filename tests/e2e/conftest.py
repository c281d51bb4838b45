"""Real-browser tests: Playwright drives Debian's Chromium against `streamlit run` on localhost."""

from __future__ import annotations

import pytest
from browser_support import AppServer


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
