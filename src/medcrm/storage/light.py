"""PostgreSQL reads without SQLAlchemy: the read commands' light path on a server.

Importing SQLAlchemy, SQLModel and pydantic and setting up an engine cost a read command on a
server about half a second, more than all its queries. The read services need none of it: they
run SQL text with ``:name`` parameters through a :class:`~medcrm.storage.connection.Reader`.
:class:`LightServerDatabase` opens the server with psycopg alone, checks the schema revision
with one query, and reads in one ``REPEATABLE READ READ ONLY`` transaction, as
:class:`medcrm.storage.server.ServerDatabase` does. A write, or a database that is not at the
current schema (to make or upgrade), goes to the full :class:`ServerDatabase`, imported then.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medcrm.pure.errors import DatabaseError
from medcrm.storage import libpq, revisions
from medcrm.storage.connection import Params, Reader, Row
from medcrm.storage.location import server_unreachable, split_url
from medcrm.storage.opened import OpenedState

if TYPE_CHECKING:
    import psycopg
    from sqlmodel import Session

    from medcrm.storage.connection import Writer
    from medcrm.storage.location import ServerLocation
    from medcrm.storage.opened import Opened
    from medcrm.storage.server import ServerDatabase

CONNECT_TIMEOUT_S = 10  # as the full path's
_PARAM = re.compile(r"(?<![:\w]):(\w+)")
_REVISION = (
    "SELECT to_regclass('alembic_version') IS NOT NULL AS versioned, "
    "to_regclass('contact') IS NOT NULL AS has_contact"
)


@cache
def psycopg_sql(sql: str) -> str:
    """``sql`` with its ``:name`` parameters as psycopg writes them (``%(name)s``), and any
    literal ``%`` doubled; ``::`` casts are left alone."""
    return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%"))


def libpq_url(url: str) -> str | None:
    """The URL as libpq reads it, or None for the full path to read (and refuse, or explain):
    another driver, a port that is no number, a password libpq would read otherwise than
    SQLAlchemy does (a space, "/", "%"...), several hosts (which SQLAlchemy refuses)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgresql", "postgres", "postgresql+psycopg"):
        return None
    _, password, where, _ = split_url(url)
    host = where.split("://", 1)[-1].partition("/")[0]
    port = host.rpartition(":")[2] if ":" in host and not host.endswith("]") else ""
    odd = any(c in "/?#@%" or c.isspace() or not c.isprintable() for c in password or "")
    if (port and not port.isdigit()) or odd or "," in host:  # several hosts: libpq's own
        return None
    return "postgresql://" + rest


class LightReader:
    """A :class:`~medcrm.storage.connection.Reader` over a psycopg connection."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        from psycopg.rows import dict_row

        with self.conn.cursor(row_factory=dict_row) as cur:
            cur.execute(psycopg_sql(sql), dict(params or {}))
            return cur.fetchall() if cur.description else []


class LibpqReader:
    """A :class:`~medcrm.storage.connection.Reader` over libpq itself; what it leaves to
    psycopg (a large result, a type it does not convert) moves the rest of the transaction to
    psycopg, on the same snapshot (:meth:`LightServerDatabase.hand_over`)."""

    dialect = "postgresql"

    def __init__(self, db: LightServerDatabase, pq: libpq.Connection) -> None:
        self.db, self.pq = db, pq
        self.psycopg: LightReader | None = None

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        if self.psycopg is None:
            try:
                return self.pq.rows(sql, params)
            except libpq.Unsupported:
                self.psycopg = LightReader(self.db.hand_over(self.pq))
        return self.psycopg.rows(sql, params)


class LightServerDatabase(OpenedState):
    """A medcrm database on a server at the current schema, read with libpq alone (or, where
    libpq cannot be loaded, psycopg alone)."""

    path: Path | None = None

    def __init__(
        self,
        location: ServerLocation,
        conn: psycopg.Connection[Any] | None,
        pq: libpq.Connection | None = None,
    ) -> None:
        super().__init__(location.label)
        self.location = location
        self.conn = conn  # psycopg's: from the start without libpq, else once handed over
        self.pq = pq
        self._full: ServerDatabase | None = None

    @classmethod
    def open(cls, location: ServerLocation, *, create: bool = True) -> Opened:
        """The light database when the server's schema is current; else the full one (which
        makes, upgrades or refuses it, and says why)."""
        url = libpq_url(location.url)
        if url is not None and libpq.library() is not None:
            return cls._open_libpq(location, url, create=create)
        if url is None or importlib.util.find_spec("psycopg") is None:
            return _full_open(location, create=create)
        conn = _psycopg_connect(location, url)
        if not _at_head(LightReader(conn), conn.transaction, conn.close):
            return _full_open(location, create=create)
        return cls(location, conn)

    @classmethod
    def _open_libpq(cls, location: ServerLocation, url: str, *, create: bool) -> Opened:
        try:
            pq = libpq.Connection(url, timeout=CONNECT_TIMEOUT_S, application_name="medcrm")
        except libpq.ServerError as exc:
            raise server_unreachable(location.label, exc) from exc
        if not _at_head(pq, lambda: _pq_transaction(pq, "BEGIN"), pq.close):
            return _full_open(location, create=create)
        return cls(location, None, pq)

    @contextmanager
    def read(self) -> Iterator[LightReader | LibpqReader]:
        """One consistent, read-only snapshot for the length of the block."""
        if self.conn is None and self.pq is not None:
            reader = LibpqReader(self, self.pq)
            try:
                with _pq_transaction(self.pq, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"):
                    yield reader
            finally:
                if reader.psycopg is not None:  # handed over: psycopg's snapshot ends too
                    _end_read(reader.psycopg.conn)
            return
        assert self.conn is not None
        from psycopg import IsolationLevel

        self.conn.isolation_level = IsolationLevel.REPEATABLE_READ
        self.conn.read_only = True
        try:
            with self.conn.transaction():
                yield LightReader(self.conn)
        finally:  # as the connection was: a write after the read may share it
            self.conn.isolation_level = None
            self.conn.read_only = None

    def hand_over(self, pq: libpq.Connection) -> psycopg.Connection[Any]:
        """A psycopg connection in a read-only transaction on the snapshot of ``pq``'s (which
        goes on to the end of the read, then ends unused); later reads use psycopg."""
        from psycopg import IsolationLevel

        snapshot = str(pq.rows("SELECT pg_export_snapshot() AS id")[0]["id"])
        if not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):
            raise DatabaseError(f"The server named its snapshot oddly ({snapshot!r}).")
        conn = self.conn = _psycopg_connect(self.location, libpq_url(self.location.url) or "")
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")  # checked above: no quotes
        return conn

    def _server(self) -> ServerDatabase:
        """The full database, for a write: SQLAlchemy is imported now, not before, and given
        psycopg's connection when there is one (a distant server's connection costs round
        trips to make)."""
        if self._full is None:
            from medcrm.storage.server import ServerDatabase, engine_for

            handed = [self.conn] if self.conn is not None else []

            def connection() -> psycopg.Connection[Any]:
                if handed:  # this one first; another only if the engine ever wants two
                    return handed.pop()
                return _psycopg_connect(self.location, libpq_url(self.location.url) or "")

            self._full = ServerDatabase(
                self.location, engine_for(self.location.url, creator=connection)
            )
        self._full.change_label = self.change_label
        return self._full

    def writer(self, *, record: bool = True) -> AbstractContextManager[Writer]:
        return self._server().writer(record=record)

    def write(self, *, record: bool = True) -> AbstractContextManager[Session]:
        return self._server().write(record=record)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.pq is not None:
            self.pq.close()
        if self._full is not None:
            self._full.close()


def _psycopg_connect(location: ServerLocation, url: str) -> psycopg.Connection[Any]:
    import psycopg

    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, application_name="medcrm")
    except psycopg.OperationalError as exc:
        raise server_unreachable(location.label, exc) from exc
    except psycopg.ProgrammingError as exc:  # a URL libpq cannot read
        raise DatabaseError(
            f"{location.label} is not a database URL medcrm can read; write it as "
            "postgresql://USER@HOST:PORT/DATABASE."
        ) from exc


def _end_read(conn: psycopg.Connection[Any]) -> None:
    """End a handed-over read (nothing was written) and leave the connection as it was."""
    conn.rollback()
    conn.isolation_level = None
    conn.read_only = None


@contextmanager
def _pq_transaction(pq: libpq.Connection, begin: str) -> Iterator[None]:
    """A transaction on libpq's connection: committed after the block, rolled back on error."""
    pq.execute(begin)
    try:
        yield
    except BaseException:
        with suppress(libpq.ServerError):  # a lost connection: the server rolls back itself
            pq.execute("ROLLBACK")
        raise
    pq.execute("COMMIT")


Begin = Callable[[], AbstractContextManager[Any]]  # a transaction on the connection


def _at_head(reader: Reader, transaction: Begin, close: Callable[[], None]) -> bool:
    """Is the schema at the current revision? The connection is closed when it is not (the
    full path opens its own) and on any error."""
    try:
        current = _revision(reader, transaction) == revisions.HEAD
    except BaseException:
        close()
        raise
    if not current:
        close()
    return current


def _revision(reader: Reader, transaction: Begin) -> str | None:
    """The schema revision, or None for anything but a medcrm schema (the full path tells
    an empty database from another application's)."""
    with transaction():
        found = reader.rows(_REVISION)[0]
        if not (found["versioned"] and found["has_contact"]):
            return None
        rows = reader.rows("SELECT version_num FROM alembic_version")
    return str(rows[0]["version_num"]) if rows else None


def _full_open(location: ServerLocation, *, create: bool) -> Opened:
    from medcrm.storage.server import ServerDatabase

    return ServerDatabase.open(location, create=create)
