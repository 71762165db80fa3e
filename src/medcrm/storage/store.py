"""Where the database lives and how a command opens it.

Opening checks the schema revision with one query. A database at the newest revision is used
as it is, without importing SQLAlchemy for reads; an older one is backed up and upgraded
(Alembic is imported only then); one made by a newer medcrm is refused.

A database on a server (``--database-url`` / ``MEDCRM_DATABASE_URL``) opens through
:mod:`medcrm.storage.server` instead, which is imported only then.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from medcrm.pure.errors import DatabaseError, NoDatabase
from medcrm.storage import revisions
from medcrm.storage.connection import (
    SqliteReader,
    SqliteWriter,
    connect,
    read_transaction,
    write_transaction,
)
from medcrm.storage.location import ENV_DB, Location, ServerLocation, default_dir
from medcrm.storage.opened import Opened as Opened
from medcrm.storage.opened import OpenedState
from medcrm.storage.safety import tighten

if TYPE_CHECKING:
    from sqlmodel import Session


def _not_medcrm(path: Path, why: str) -> DatabaseError:
    return DatabaseError(
        f"{path} is not a medcrm database ({why}); it was left as it is. Point --db or "
        "MEDCRM_DB at your medcrm.db, or at a new path to start a new database."
    )


def read_revision(path: Path) -> str | None:
    """The schema revision stored in ``path``; None when it has no medcrm schema at all."""
    try:
        conn = connect(path, write=False)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(
            f"Can't open {path}: {exc}. Check the path and its permissions."
        ) from exc
    except sqlite3.DatabaseError as exc:
        raise _not_medcrm(path, f"SQLite says: {exc}") from exc
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            return None
        raise _not_medcrm(path, f"SQLite says: {exc}") from exc
    finally:
        conn.close()
    return row[0] if row else None


def open_database(where: Location | ServerLocation, *, create: bool = True) -> Opened:
    """The database at ``where``: a file (stdlib reads) or a server (psycopg reads; writes,
    and making or upgrading the schema, through SQLAlchemy)."""
    if isinstance(where, ServerLocation):
        from medcrm.storage.light import LightServerDatabase

        return LightServerDatabase.open(where, create=create)
    return Database.open(where, create=create)


class Database(OpenedState):
    """An opened medcrm database file at the current schema revision."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path

    @classmethod
    def open(cls, location: Location, *, create: bool = True) -> Database:
        """Open the database at ``location``, upgrading it when older.

        With ``create``, a missing database is made (the first ``add-contact``); without, a
        missing one is an error that says where medcrm looked, so a read or a mistyped path
        never leaves an empty database behind.
        """
        db = cls(location.path)
        path = location.path
        if path.is_dir():
            raise DatabaseError(
                f"{path} is a directory; point --db at a file such as {path}/medcrm.db."
            )
        if not path.exists() and not create:
            where = {"--db": "--db", ENV_DB: f"${ENV_DB}"}.get(location.source, "the default")
            raise NoDatabase(
                f"There is no medcrm database at {path} (from {where}). Start one by adding "
                'your first contact: medcrm add-contact "Name"; or point --db or '
                f"{ENV_DB} at your existing database."
            )
        if not path.exists():
            from medcrm.storage import migrate

            try:
                migrate.create(path)
            except OSError as exc:
                raise DatabaseError(f"Can't create a database at {path}: {exc.strerror}.") from exc
            db.created = True
            return db
        # Not ours to change (another user's file, a read-only mount): use it as it is.
        with suppress(OSError):
            db.tightened = tighten(path, app_dir=default_dir())
        revision = read_revision(path)
        if revision == revisions.HEAD:
            return db
        if revision is None:
            raise _not_medcrm(path, "it has no medcrm tables")
        if revision not in revisions.REVISIONS:
            raise DatabaseError(
                f"{path} was written by a newer medcrm (schema {revision}); this medcrm knows "
                f"up to {revisions.HEAD}. Upgrade medcrm to use it; the file was not changed."
            )
        from datetime import datetime

        from medcrm.storage import migrate
        from medcrm.storage.backup import existing_backups, make_backup

        _refuse_foreign(path)
        label = f"pre-upgrade-{revision}"
        # One backup per revision tried: a failed attempt changed nothing, so the backup it
        # made (newer than the file) still holds this very state.
        earlier = [
            b for b in existing_backups(path)
            if label in b.name and b.stat().st_mtime >= path.stat().st_mtime
        ]  # fmt: skip
        db.backup = (
            earlier[0] if earlier else make_backup(path, now=datetime.now(), label=label).path
        )
        migrate.upgrade(path)
        db.upgraded_from = revision
        return db

    def close(self) -> None:
        """Nothing to let go of: every transaction opens and closes its own connection."""

    @contextmanager
    def read(self) -> Iterator[SqliteReader]:
        """A consistent read-only snapshot (stdlib sqlite3, no SQLAlchemy)."""
        with read_transaction(self.path) as reader:
            yield reader

    @contextmanager
    def writer(self, *, record: bool = True) -> Iterator[SqliteWriter]:
        """One ``BEGIN IMMEDIATE`` transaction for the SQL-text write services (stdlib
        sqlite3, no SQLAlchemy): all of the block's changes, or none. With a
        ``change_label`` (a command's), what it changes goes into the change log."""
        from medcrm.storage.changes import recording

        with (
            write_transaction(self.path) as writer,
            recording(writer, self.change_label if record else None),
        ):
            yield writer

    @contextmanager
    def write(self, *, record: bool = True) -> Iterator[Session]:
        """One ``BEGIN IMMEDIATE`` ORM transaction: all of the block's changes, or none;
        recorded in the change log (unless not ``record``) when the command has a label."""
        from medcrm.storage.changes import recording
        from medcrm.storage.db import SessionWriter, write_session

        with (
            write_session(self.path) as session,
            recording(SessionWriter(session), self.change_label if record else None),
        ):
            yield session


def _refuse_foreign(path: Path) -> None:
    """Views and triggers another program added break an upgrade's table rebuilds: say which
    and how to remove them, before anything is backed up or changed."""
    from medcrm.storage.audit import describe_foreign, foreign_objects
    from medcrm.storage.connection import inspect_file

    conn = inspect_file(path)
    try:
        found = foreign_objects(conn)
    finally:
        conn.close()
    if found:
        raise DatabaseError(describe_foreign(found, str(path)))


@contextmanager
def read_current(path: Path) -> Iterator[SqliteReader]:
    """Read the database file at ``path`` at the current schema without changing it: one at
    an older schema is read from an upgraded temporary copy, never upgraded in place."""
    if not path.is_file():
        raise NoDatabase(f"There is no medcrm database at {path}.")
    revision = read_revision(path)
    if revision == revisions.HEAD:
        with read_transaction(path) as reader:
            yield reader
        return
    if revision not in revisions.REVISIONS:
        raise _not_medcrm(path, f"its schema is {revision!r}")
    import tempfile

    from medcrm.storage import migrate
    from medcrm.storage.backup import copy_database

    with tempfile.TemporaryDirectory(prefix="medcrm-read-") as tmp:
        copy = Path(tmp) / path.name
        copy_database(path, copy)
        migrate.upgrade(copy)
        with read_transaction(copy) as reader:
            yield reader
