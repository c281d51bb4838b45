"""AppTest fixtures: every test gets its own data folder, and helpers to open pages on a session."""

from __future__ import annotations

import pytest
from sipr_core.store import Store

@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty data folder the app under test writes to."""
    monkeypatch.setenv("SIPR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SIPR_DATABASE_URL", raising=False)
    monkeypatch.delenv("SIPR_APP_PASSWORD", raising=False)
    return tmp_path


@pytest.fixture
def app_store(data_dir):
    """A store on the same database the app under test uses."""
    s = Store(f"sqlite:///{data_dir / 'sipr.db'}")
    yield s
    s.close()
