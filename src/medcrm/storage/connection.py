"""The one place a SQLite connection is made, and the read interface the services use.

Everything here is stdlib only: the daily read commands (``due``, ``contacts``, ``show``) run
their queries through :class:`SqliteReader` without importing SQLAlchemy, and the SQLAlchemy
engine in :mod:`medcrm.storage.db` gets its connections from :func:`connect` too, so both paths
share the same pragmas.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

BUSY_TIMEOUT_MS = 15_000
SQLITE_VERSION = sqlite3.sqlite_version_info

Row = dict[str, Any]
Params = Mapping[str, object]


def wal_is_safe(version: tuple[int, int, int] = SQLITE_VERSION) -> bool:
    """True when this SQLite has no WAL-reset bug (3.7.0-3.51.2; fixed 3.51.3, 3.50.7, 3.44.6)."""
    if version >= (3, 51, 3):
        return True
    if (3, 50, 7) <= version < (3, 51, 0):
        return True
    return (3, 44, 6) <= version < (3, 45, 0)


def journal_mode() -> str:
    """The journal mode medcrm asks for: WAL where it is safe, the rollback journal otherwise."""
    return "wal" if wal_is_safe() else "delete"


def sqlite_can(statement: str) -> bool:
    """Whether this SQLite runs ``statement`` (a ``CREATE VIRTUAL TABLE probe ...``, to know
    whether the build has FTS5 or its trigram tokenizer), asked of a scratch in-memory database."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(statement)
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


def _uri(path: Path, mode: str) -> str:
    """``path`` as a SQLite URI: quoted, so "?", "#" or "%" in a file name stay part of it."""
    return f"file:{quote(str(path))}?mode={mode}"


def inspect_file(path: Path) -> sqlite3.Connection:
    """A read-only connection to any SQLite file as it is (no medcrm pragmas): for checking a
    backup, a file to restore, or what ``doctor`` reports. Never creates a file."""
    return sqlite3.connect(_uri(path, "ro"), uri=True)


def connect(path: Path, *, write: bool, foreign_keys: bool = True) -> sqlite3.Connection:
    """Open an existing database file (never creates one) with medcrm's pragmas.

    The connection is in autocommit mode at the driver level (``isolation_level=None``): the
    caller begins transactions itself, ``BEGIN IMMEDIATE`` for writes and ``BEGIN`` for reads,
    so reads see one snapshot and writers queue on the busy timeout instead of failing.
    """
    conn = sqlite3.connect(
        _uri(path, "rw"),
        uri=True,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        conn.execute("PRAGMA synchronous = FULL")
        if write:
            wanted = journal_mode()
            current = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if current != wanted:
                conn.execute(f"PRAGMA journal_mode = {wanted}")
        else:
            conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


class Reader(Protocol):
    """What a read service needs: run one SQL text with ``:name`` parameters, get dict rows."""

    dialect: str  # "sqlite" or "postgresql"

    def rows(self, sql: str, params: Params | None = None) -> list[Row]: ...


class Writer(Reader, Protocol):
    """What a write service needs, inside one transaction: reads, plus statements that change
    rows. ``insert`` adds one row and returns its new id; ``run`` returns the rows affected."""

    def run(self, sql: str, params: Params | None = None) -> int: ...

    def run_many(self, sql: str, params: Sequence[Params]) -> None: ...

    def insert(self, table: str, values: Params) -> int: ...


def insert_sql(table: str, columns: Sequence[str], *, positional: bool = False) -> str:
    """``INSERT INTO table (a, b) VALUES (:a, :b)`` (``positional``: ``(?, ?)``, for rows as
    tuples): table and column names are medcrm's own constants, never user input; the values
    are always parameters."""
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns)) if positional else ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608


def update_sql(table: str, columns: Sequence[str]) -> str:
    """``UPDATE table SET a = :a, b = :b WHERE id = :id``, names as for :func:`insert_sql`."""
    assignments = ", ".join(f"{c} = :{c}" for c in columns)
    return f"UPDATE {table} SET {assignments} WHERE id = :id"  # noqa: S608


def sqlite_params(params: Params | None) -> dict[str, object]:
    """SQLite stores dates as ISO text; bind them that way on every path."""
    if not params:
        return {}
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()}


class SqliteReader:
    """A :class:`Reader` over a stdlib ``sqlite3`` connection (the fast path)."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        cur = self.conn.execute(sql, sqlite_params(params))
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


class SqliteWriter(SqliteReader):
    """A :class:`Writer` over a stdlib ``sqlite3`` connection in a write transaction."""

    def run(self, sql: str, params: Params | None = None) -> int:
        return self.conn.execute(sql, sqlite_params(params)).rowcount

    def run_many(self, sql: str, params: Sequence[Params]) -> None:
        if params:
            self.conn.executemany(sql, [sqlite_params(p) for p in params])

    def insert(self, table: str, values: Params) -> int:
        cur = self.conn.execute(insert_sql(table, list(values)), sqlite_params(values))
        assert cur.lastrowid is not None
        return cur.lastrowid


# Run once the write lock is held. After a restore replaced the database under an open
# connection, SQLite reloads the schema in that connection's next statement; when that is an
# INSERT firing both a change-log trigger and a trigger into the FTS5 search index, SQLite
# 3.40 reports "no such table" half-way through the reload. Reloading in a statement of its
# own avoids it (test_no_acknowledged_write_is_lost_to_a_restore).
LOAD_SCHEMA = "SELECT 1 FROM sqlite_master LIMIT 1"


def begin_write(execute: Callable[[str], object]) -> None:
    """``BEGIN IMMEDIATE``, then the schema as it is now (see :data:`LOAD_SCHEMA`)."""
    execute("BEGIN IMMEDIATE")
    execute(LOAD_SCHEMA)


@contextmanager
def write_transaction(path: Path) -> Iterator[SqliteWriter]:
    """One ``BEGIN IMMEDIATE`` transaction: committed when the block ends, rolled back (all
    of it) on any exception. The write lock is taken up front, so a second writer waits on
    the busy timeout instead of failing half-way."""
    conn = connect(path, write=True)
    try:
        begin_write(conn.execute)
        try:
            yield SqliteWriter(conn)
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back already (a full disk)
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


@contextmanager
def read_transaction(path: Path) -> Iterator[SqliteReader]:
    """A read-only snapshot of the database for the length of the block."""
    conn = connect(path, write=False)
    try:
        conn.execute("BEGIN")
        yield SqliteReader(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()


def first(reader: Reader, sql: str, params: Params | None = None) -> Row | None:
    found = reader.rows(sql, params)
    return found[0] if found else None


def in_params(prefix: str, values: Sequence[object]) -> tuple[str, dict[str, object]]:
    """``(:p0, :p1, ...)`` and its parameters, for an ``IN`` list built from fixed names."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    placeholder = "(" + ", ".join(f":{n}" for n in names) + ")" if names else "(NULL)"
    return placeholder, dict(zip(names, values, strict=True))
