"""One database: its engine, its transactions, and the continuum texts that sessions were rated against."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, select

from ..rubric import Rubric
from .engine import default_url, make_engine, reading, upsert, writing
from .migrations import migrate
from .schema import rubric_texts


class Database:
    """SQLite by default, PostgreSQL when the URL names it; migrated to the current schema when opened."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.engine: Engine = make_engine(self.url)
        migrate(self.engine)
        self._rubrics: dict[str, Rubric] = {}

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read-only transaction: everything read in it is one consistent snapshot."""
        with reading(self.engine) as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction: all of it is saved, or none of it."""
        with writing(self.engine) as conn:
            yield conn

    def rubric(self, fingerprint: str, conn: Connection | None = None) -> Rubric:
        """The continuum text with this fingerprint, as a session was rated against it.

        Kept once read: a text never changes under its fingerprint, so a later edit of a YAML file
        cannot change an old session.
        """
        if fingerprint not in self._rubrics:
            if conn is None:
                with self.reading() as own:
                    return self.rubric(fingerprint, own)
            query = select(rubric_texts.c.body).where(rubric_texts.c.fingerprint == fingerprint)
            self._rubrics[fingerprint] = Rubric.model_validate_json(conn.execute(query).scalar_one())
        return self._rubrics[fingerprint]

    @staticmethod
    def keep_rubric(conn: Connection, rubric: Rubric, fingerprint: str | None = None) -> str:
        """Store a continuum's text (once per fingerprint); returns the fingerprint."""
        fingerprint = fingerprint or rubric.fingerprint()
        values = dict(fingerprint=fingerprint, rubric_id=rubric.id, body=rubric.model_dump_json())
        upsert(conn, rubric_texts, values, ["fingerprint"])
        return fingerprint
