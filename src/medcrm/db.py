"""The SQLAlchemy engine and sessions for writes and migrations.

Connections come from :func:`medcrm.connection.connect`, so the ORM and the fast read path
share one set of pragmas. pysqlite's legacy transaction handling is switched off there
(``isolation_level=None``) and every transaction is begun here as ``BEGIN IMMEDIATE``: a write
command takes the write lock up front, and a second process waits on the busy timeout instead
of failing half-way with "database is locked".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from medcrm.connection import Params, Row, connect, sqlite_params


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """The engine for one database file (which must exist)."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(path, write=True, foreign_keys=foreign_keys),
        poolclass=NullPool,
        hide_parameters=True,  # an error message never shows your notes or names
    )

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextmanager
def write_session(path: Path) -> Iterator[Session]:
    """One write transaction: committed when the block ends, rolled back on any exception."""
    engine = make_engine(path)
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    finally:
        engine.dispose()


class SessionReader:
    """A :class:`medcrm.connection.Reader` over an ORM session, inside its transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        bound: dict[str, object]
        if self.session.get_bind().dialect.name == "sqlite":
            bound = sqlite_params(params)
        else:
            bound = dict(params or {})
        result = self.session.execute(text(sql), bound)
        return [dict(r) for r in result.mappings().all()]


def as_date(value: object) -> date | None:
    """A date column read through either path (SQLite gives ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
