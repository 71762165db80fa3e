"""A medcrm database on a PostgreSQL server, reached through SQLAlchemy and psycopg 3.

Imported only when ``--database-url`` or ``MEDCRM_DATABASE_URL`` names a server. The services
are the same as on SQLite: reads run the same SQL text through
:class:`medcrm.storage.db.SessionReader`, writes through
:class:`medcrm.storage.db.SessionWriter`, and imports use the same ORM session. What
SQLite gives by being one file, the server gets here:

* one writer at a time: every write transaction first takes a transaction-scoped advisory lock,
  so two clients logging at once queue (as ``BEGIN IMMEDIATE`` makes them on SQLite) and both
  land, and a check-then-write (a duplicate name, a recurring follow-up) sees the other's
  commit; a client that waits longer than 15 seconds gets "busy, try again", as on SQLite;
* one snapshot per read command (``REPEATABLE READ READ ONLY``);
* a new schema is made in one transaction (PostgreSQL's DDL is transactional), so it is all
  there or not at all, and an upgrade that fails changes nothing.

The URL's password is never printed: :attr:`label` masks it, and the CLI's error boundary scrubs
it from any message a driver might echo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from medcrm.pure.errors import DatabaseError, NoDatabase
from medcrm.storage import revisions
from medcrm.storage.db import SessionReader, SessionWriter
from medcrm.storage.location import ServerLocation, mask_url, server_unreachable
from medcrm.storage.opened import OpenedState

T = TypeVar("T")

# pg_advisory_xact_lock key shared by every medcrm client ("medc" in ASCII).
WRITE_LOCK = 0x6D656463
LOCK_TIMEOUT = "15s"  # as long as SQLite's busy timeout
CONNECT_TIMEOUT_S = 10
LOCK_NOT_AVAILABLE = "55P03"  # SQLSTATE of a lock_timeout
# The tables medcrm owns; a database with other tables but no medcrm schema is not ours.
TABLES = (
    "contact", "contact_tag", "tag", "interaction", "interaction_contact", "follow_up",
    "rotation", "letter", "setting", "program", "program_stage", "program_contact",
    "program_letter", "deadline", "vdir_item", "calendar_event",
)  # fmt: skip


def engine_for(url: str, *, creator: Callable[[], Any] | None = None) -> Engine:
    """An engine for ``url`` with psycopg 3 as the driver unless the URL names another;
    ``creator`` gives it its connections (one already open)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise DatabaseError(
            f"{mask_url(url)} is not a database URL medcrm can read; write it as "
            "postgresql://USER@HOST:PORT/DATABASE."
        ) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        # One connection, kept for the length of the command: the schema check and the work
        # share it (a connection to a distant server costs a round trip or three to make).
        # The CLI disposes of the engine when the command ends.
        return create_engine(
            parsed,
            pool_size=1,
            max_overflow=4,
            hide_parameters=True,  # an error message never shows your notes or names
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "medcrm"},
            **({} if creator is None else {"creator": creator}),
        )
    except (ModuleNotFoundError, NoSuchModuleError) as exc:
        raise DatabaseError(
            "PostgreSQL support is an optional extra that is not installed: "
            "pip install 'medcrm[postgres]' (or: uv tool install 'medcrm[postgres]')."
        ) from exc


def unreachable(label: str, exc: OperationalError) -> DatabaseError:
    """The driver's first line (servers say clearly what is wrong) and what to check."""
    if getattr(exc.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return DatabaseError(
            f"The database at {label} is busy: another medcrm client held its write lock for "
            f"over {LOCK_TIMEOUT}. Nothing was changed; try again in a moment."
        )
    return server_unreachable(label, exc.orig or exc)


def lock_writers(conn: Connection | Session) -> None:
    """Queue behind any other medcrm write on this database, for the rest of the transaction."""
    conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})


def revision(conn: Connection) -> str | None:
    """The schema revision; None when the database has no medcrm schema; "?" when it has
    something medcrm must not touch: medcrm's tables without a revision (damaged, or another
    program's), or another Alembic application's revision table without medcrm's tables."""
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables & set(TABLES):
            return "?"
        return None
    if "contact" not in tables:
        return "?"
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def not_ours(label: str) -> str:
    return (
        f"{label} has tables that look like medcrm's, or another application's "
        "alembic_version table, but no medcrm schema, so medcrm will not touch it; give medcrm "
        "a database of its own (an empty one, or a medcrm one)."
    )


class ServerDatabase(OpenedState):
    """An opened medcrm database on a server, at the current schema revision."""

    path: Path | None = None

    def __init__(self, location: ServerLocation, engine: Engine) -> None:
        super().__init__(location.label)
        self.location = location
        self.engine = engine

    @classmethod
    def open(
        cls, location: ServerLocation, *, create: bool = True, upgrade: bool = True
    ) -> ServerDatabase:
        """Connect, check the schema, and make or upgrade it when needed (in one transaction).

        As with a file, only the commands that start a database (``add-contact``, ``import``,
        ``init``) make medcrm's tables in an empty server database; the others say how.
        Without ``upgrade`` (name completion), anything but the current schema is
        :class:`NoDatabase` and nothing is changed.
        """
        db = cls(location, engine_for(location.url))
        try:
            with db.engine.connect() as conn:
                found = revision(conn)
                conn.rollback()
            if found == revisions.HEAD:
                return db
            if not upgrade:
                raise NoDatabase(f"{db.label} is not at medcrm's current schema.")
            db._prepare(found, create=create)
        except OperationalError as exc:
            db.engine.dispose()
            raise unreachable(db.label, exc) from exc
        except BaseException:
            db.engine.dispose()
            raise
        return db

    def _prepare(self, found: str | None, *, create: bool) -> None:
        if found == "?":
            raise DatabaseError(not_ours(self.label))
        if found is None and not create:
            raise NoDatabase(
                f"The database at {self.label} has no medcrm tables yet. Start it with "
                "'medcrm init' (or your first 'medcrm add-contact'), or copy your laptop's "
                "database there with 'medcrm --db PATH migrate-to URL'."
            )
        if found is not None and found not in revisions.REVISIONS:
            raise DatabaseError(
                f"{self.label} was written by a newer medcrm (schema {found}); this medcrm "
                f"knows up to {revisions.HEAD}. Upgrade medcrm to use it; nothing was changed."
            )
        from medcrm.storage import migrate

        with self.engine.connect() as conn, conn.begin():
            lock_writers(conn)  # two first uses at once: one makes the schema, one waits
            now = revision(conn)
            if now == revisions.HEAD:
                return
            migrate.upgrade_connection(conn)
        self.created = now is None
        self.upgraded_from = now

    @contextmanager
    def read(self) -> Iterator[SessionReader]:
        """One consistent, read-only snapshot for the length of the block."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with conn.begin():
                yield SessionReader(conn)

    @contextmanager
    def writer(self, *, record: bool = True) -> Iterator[SessionWriter]:
        """One transaction holding medcrm's write lock, for the SQL-text write services;
        recorded in the change log under ``change_label`` when there is one."""
        from medcrm.storage.changes import recording

        with self.engine.connect() as conn, conn.begin():
            lock_writers(conn)
            writer = SessionWriter(conn)
            with recording(writer, self.change_label if record else None):
                yield writer

    @contextmanager
    def write(self, *, record: bool = True) -> Iterator[Session]:
        """One transaction holding medcrm's write lock: all of the block's changes, or none."""
        from medcrm.storage.changes import recording

        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            lock_writers(session)
            with recording(SessionWriter(session), self.change_label if record else None):
                yield session

    def close(self) -> None:
        self.engine.dispose()


def fill_empty(location: ServerLocation, fill: Callable[[Session], T]) -> T:
    """Make medcrm's schema in an empty server database and ``fill`` it, in one transaction.

    The database must have no medcrm tables yet. If ``fill`` raises (or the connection drops),
    the server rolls everything back, the schema included: the database is empty again.
    """
    from medcrm.storage import migrate

    label = location.label
    engine = engine_for(location.url)
    try:
        with engine.connect() as conn, conn.begin():
            lock_writers(conn)
            found = revision(conn)
            if found == "?":
                raise DatabaseError(not_ours(label))
            if found is not None:
                raise DatabaseError(
                    f"{label} already has a medcrm database (schema {found}); migrate-to copies "
                    "only into an empty one, so nothing was copied."
                )
            migrate.upgrade_connection(conn)
            with Session(bind=conn, expire_on_commit=False) as session:
                result = fill(session)
                session.flush()
            return result
    except OperationalError as exc:
        raise unreachable(label, exc) from exc
    finally:
        engine.dispose()


def describe(conn: Connection) -> dict[str, Any]:
    """What ``doctor`` shows about a server database."""
    found = revision(conn)
    version = conn.execute(text("SHOW server_version")).scalar()
    contacts = None
    if found == revisions.HEAD:
        contacts = int(conn.execute(text("SELECT COUNT(*) FROM contact")).scalar() or 0)
    return {"revision": found, "server_version": str(version), "contacts": contacts}
