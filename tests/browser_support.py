"""Helpers for the browser tests: an app server, and waiting for Streamlit to finish a run."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = ROOT / "docs" / "screenshots"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    """`streamlit run app.py` (or another script) on a free port with its own data folder; restartable."""

    def __init__(
        self,
        data_dir: Path,
        env: dict[str, str] | None = None,
        launcher: list[str] | None = None,
        script: str = "app.py",
    ):
        self.data_dir = data_dir
        self.script = script
        self.extra_env = env or {}
        self.launcher = launcher or [sys.executable, "-m", "streamlit"]
        """What runs `streamlit run ...`: Streamlit itself, or a script that changes it first."""
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "SIPR_DATA_DIR": str(self.data_dir), "PYTHONPATH": str(ROOT)}
        env.pop("SIPR_DATABASE_URL", None)
        env.pop("SIPR_APP_PASSWORD", None)
        env.update(self.extra_env)
        log = open(self.data_dir / "server.log", "ab")
        self.process = subprocess.Popen(
            [*self.launcher, "run", self.script, "--server.headless", "true",
             "--server.port", str(self.port), "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not start; see {self.data_dir / 'server.log'}")

    def store(self):
        """A store on the server's database, to check what was saved."""
        from sipr_core import Store

        return Store(f"sqlite:///{self.data_dir / 'sipr.db'}")

    def stop(self, kill: bool = False) -> None:
        if self.process is not None:
            self.process.kill() if kill else self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


def wait_ready(page) -> None:
    """Wait until the app has run its script to the end (navigation shown, nothing running)."""
    page.wait_for_selector('[data-testid="stTopNav"], [data-testid="stSidebarNav"]')
    page.wait_for_timeout(150)
    page.wait_for_selector(READY)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def step_slider(page, row: int, steps: int, settle=None) -> None:
    """Move the row's slider right by `steps` levels with the keyboard, waiting for each step to land."""
    thumb = page.locator('[data-testid="stSlider"] input[type="range"]').nth(row)
    thumb.scroll_into_view_if_needed()
    for _ in range(steps):
        before = thumb.get_attribute("aria-valuetext")
        thumb.focus()
        thumb.press("ArrowRight")
        page.wait_for_function(
            "([i, v]) => document.querySelectorAll('[data-testid=stSlider] input[type=range]')[i]"
            ".getAttribute('aria-valuetext') !== v",
            arg=[row, before],
        )
        page.wait_for_timeout(300)
        (settle or wait_ready)(page)


def tap_level(page, level: str, settle=None) -> None:
    """On the Vote page, tap the level's button on the row shown and wait for the page to say it is saved."""
    named = re.compile(rf"^(✔ )?{re.escape(level)}")
    page.locator(".st-key-ballot-levels button").filter(has_text=named).click()
    page.get_by_text(f"Saved: {level}").wait_for()
    (settle or wait_ready)(page)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox (by its combobox: a selectbox with help has a button too)."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_ready(page)


def my_sessions(context, url: str, key: str):
    """A new page on Start with My sessions listed for this facilitator key."""
    page = context.new_page()
    page.goto(url)
    wait_ready(page)
    page.get_by_role("tab", name="My sessions").click()
    page.get_by_label("Facilitator key", exact=True).fill(key)
    page.get_by_role("button", name="Show my sessions").click()
    wait_ready(page)
    return page
