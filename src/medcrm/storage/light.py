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

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medcrm.pure.errors import DatabaseError
from medcrm.storage import revisions
from medcrm.storage.connection import Params, Row
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


class LightServerDatabase(OpenedState):
    """A medcrm database on a server at the current schema, read with psycopg alone."""

    path: Path | None = None

    def __init__(self, location: ServerLocation, conn: psycopg.Connection[Any]) -> None:
        super().__init__(location.label)
        self.location = location
        self.conn = conn
        self._full: ServerDatabase | None = None

    @classmethod
    def open(cls, location: ServerLocation, *, create: bool = True) -> Opened:
        """The light database when the server's schema is current; else the full one (which
        makes, upgrades or refuses it, and says why)."""
        url = libpq_url(location.url)
        try:
            import psycopg
        except ImportError:
            url = None
        if url is None:
            return _full_open(location, create=create)
        try:
            conn = psycopg.connect(
                url, connect_timeout=CONNECT_TIMEOUT_S, application_name="medcrm"
            )
        except psycopg.OperationalError as exc:
            raise server_unreachable(location.label, exc) from exc
        except psycopg.ProgrammingError as exc:  # a URL libpq cannot read
            raise DatabaseError(
                f"{location.label} is not a database URL medcrm can read; write it as "
                "postgresql://USER@HOST:PORT/DATABASE."
            ) from exc
        try:
            current = _revision(conn) == revisions.HEAD
        except BaseException:
            conn.close()
            raise
        if not current:
            conn.close()
            return _full_open(location, create=create)
        return cls(location, conn)

    @contextmanager
    def read(self) -> Iterator[LightReader]:
        """One consistent, read-only snapshot for the length of the block."""
        from psycopg import IsolationLevel

        self.conn.isolation_level = IsolationLevel.REPEATABLE_READ
        self.conn.read_only = True
        try:
            with self.conn.transaction():
                yield LightReader(self.conn)
        finally:  # as the connection was: a write after the read may share it
            self.conn.isolation_level = None
            self.conn.read_only = None

    def _server(self) -> ServerDatabase:
        """The full database, for a write: SQLAlchemy is imported now, not before, and given
        this connection (a distant server's connection costs round trips to make)."""
        if self._full is None:
            from medcrm.storage.server import ServerDatabase, engine_for

            handed = [self.conn]

            def connection() -> psycopg.Connection[Any]:
                import psycopg

                if handed:  # this one first; another only if the engine ever wants two
                    return handed.pop()
                url = libpq_url(self.location.url) or ""
                return psycopg.connect(
                    url, connect_timeout=CONNECT_TIMEOUT_S, application_name="medcrm"
                )

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
        self.conn.close()
        if self._full is not None:
            self._full.close()


def _revision(conn: psycopg.Connection[Any]) -> str | None:
    """The schema revision, or None for anything but a medcrm schema (the full path tells
    an empty database from another application's)."""
    reader = LightReader(conn)
    with conn.transaction():
        found = reader.rows(_REVISION)[0]
        if not (found["versioned"] and found["has_contact"]):
            return None
        rows = reader.rows("SELECT version_num FROM alembic_version")
    return str(rows[0]["version_num"]) if rows else None


def _full_open(location: ServerLocation, *, create: bool) -> Opened:
    from medcrm.storage.server import ServerDatabase

    return ServerDatabase.open(location, create=create)
