"""Fixtures of the fault tests: an app data folder (as tests/app), a browser (as tests/e2e), and faults."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_support import AppServer


@pytest.fixture
def read_only():
    """``with read_only(folder):`` the folder is read-only for this process."""
    return _read_only


@contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """Make a folder read-only for this process: by its mode, or (as root, whom modes do not stop)
    by mounting it read-only over itself. Skips when neither is possible."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True, text=True)
    if bind.returncode != 0:
        pytest.skip(f"cannot make a read-only folder as root without mount rights: {bind.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True)
        yield
    finally:
        # lazily: the app's cached store may still hold the file open
        subprocess.run(["umount", "-l", str(folder)], check=True, capture_output=True)


@pytest.fixture
def app_server(tmp_path, browser):
    """An app server of this test's own."""
    server = AppServer(tmp_path)
    server.start()
    yield server
    server.stop()
