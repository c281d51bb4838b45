"""The one place the operations commands (``backup``, ``restore``, ``ready``) touch the storage layer.

Everything they need from it is here, so when the storage modules move only this file changes.
"""

from __future__ import annotations

from sqlalchemy import Engine

from .db import MIGRATIONS, StoreError, default_url, make_engine

__all__ = ["StoreError", "database_url", "engine_for", "schema_version"]


def database_url() -> str:
    """The database the app uses: ``SIPR_DATABASE_URL``, else the SQLite file in ``SIPR_DATA_DIR``."""
    return default_url()


def engine_for(url: str) -> Engine:
    """An engine set up as the app sets up its own (SQLite pragmas, PostgreSQL lock timeout)."""
    return make_engine(url)


def schema_version() -> int:
    """The newest migration this version of the app knows."""
    return max(version for version, _, _ in MIGRATIONS)
