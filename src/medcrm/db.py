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
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
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
    """A :class:`medcrm.connection.Reader` over an ORM session or a SQLAlchemy connection,
    inside its transaction: the same SQL text as the stdlib path, on any database."""

    def __init__(self, session: Session | Connection) -> None:
        self.session = session
        bind = session.get_bind() if isinstance(session, Session) else session
        self.sqlite = bind.dialect.name == "sqlite"

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        bound = sqlite_params(params) if self.sqlite else dict(params or {})
        result = self.session.execute(text(sql), bound)
        return [dict(r) for r in result.mappings().all()]


SqlReader = SessionReader


# The tables whose ids come from a sequence on PostgreSQL.
ID_TABLES = ("contact", "tag", "interaction", "follow_up", "rotation", "letter")


def reset_sequences(session: Session) -> None:
    """After rows were inserted with their own ids (a restore), the next id follows them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ID_TABLES:  # fixed names, not user input
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )
