from __future__ import annotations

import pytest

from sipr_core import Rubric, load_library


@pytest.fixture(scope="session")
def library():
    """The built-in rubric library."""
    return load_library()


@pytest.fixture(scope="session")
def collaboration(library) -> Rubric:
    return library.get("micip-collaboration")


@pytest.fixture(scope="session")
def sipr(library) -> Rubric:
    return library.get("sipr-practice-profile")


@pytest.fixture(scope="session")
def leadership(library) -> Rubric:
    return library.get("leadership-system")


# --- stores on both engines -----------------------------------------------------------------


import pg_server  # noqa: E402
from store_support import make_code  # noqa: E402

from sipr_core import Store


@pytest.fixture(scope="session")
def postgres_admin_url():
    """A PostgreSQL server started for this test run (skips when PostgreSQL is not installed)."""
    if not pg_server.available():
        pytest.skip(pg_server.INSTALL_HINT)
    with pg_server.server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """The URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sipr.db'}"
    return pg_server.fresh_database(request.getfixturevalue("postgres_admin_url"))


@pytest.fixture
def store(store_url):
    """An empty store on each engine."""
    s = Store(store_url)
    yield s
    s.close()


@pytest.fixture
def other_store(request, store_url, tmp_path):
    """A second empty store on the same engine, to import into."""
    if store_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'other.db'}"
    else:
        url = pg_server.fresh_database(request.getfixturevalue("postgres_admin_url"))
    s = Store(url)
    yield s
    s.close()


@pytest.fixture
def collab_session(store, collaboration):
    """A new session on the collaboration continuum: (store, code, facilitator key)."""
    code, key = make_code(store, collaboration)
    return store, code, key


# --- the app under test (tests/app, tests/faults) and the browser (tests/e2e, tests/faults) ---

from pathlib import Path  # noqa: E402

from browser_support import CHROMIUM, FLAGS  # noqa: E402


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


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed: run `sudo apt-get install chromium` (Debian) for the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()
