"""Where the database lives and how a command opens it.

Opening checks the schema revision with one query. A database at the newest revision is used
as it is, without importing SQLAlchemy for reads; an older one is backed up and upgraded
(Alembic is imported only then); one made by a newer medcrm is refused.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from medcrm import schema
from medcrm.connection import SqliteReader, connect, read_transaction
from medcrm.errors import DatabaseError
from medcrm.safety import tighten

if TYPE_CHECKING:
    from sqlmodel import Session

ENV_DB = "MEDCRM_DB"
DB_FILENAME = "medcrm.db"


def default_dir() -> Path:
    """The per-user app directory (``typer.get_app_dir('medcrm')``, without importing typer)."""
    if os.name == "nt":  # pragma: no cover
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "medcrm"
    if os.uname().sysname == "Darwin":  # pragma: no cover
        return Path.home() / "Library" / "Application Support" / "medcrm"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "medcrm"


@dataclass(frozen=True)
class Location:
    path: Path
    source: str  # "--db", "MEDCRM_DB" or "default"


def locate(cli_path: str | None) -> Location:
    """``--db PATH``, else ``MEDCRM_DB``, else the per-user app directory."""
    if cli_path:
        return Location(Path(cli_path).expanduser(), "--db")
    env = os.environ.get(ENV_DB)
    if env:
        return Location(Path(env).expanduser(), ENV_DB)
    return Location(default_dir() / DB_FILENAME, "default")


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


class Database:
    """An opened medcrm database file at the current schema revision."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.created = False
        self.upgraded_from: str | None = None
        self.backup: Path | None = None
        self.tightened: list[Path] = []

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
            raise DatabaseError(
                f"There is no medcrm database at {path} (from {where}). Start one by adding "
                'your first contact: medcrm add-contact "Name"; or point --db or '
                f"{ENV_DB} at your existing database."
            )
        if not path.exists():
            from medcrm import migrate

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
        if revision == schema.HEAD:
            return db
        if revision is None:
            raise _not_medcrm(path, "it has no medcrm tables")
        if revision not in schema.REVISIONS:
            raise DatabaseError(
                f"{path} was written by a newer medcrm (schema {revision}); this medcrm knows "
                f"up to {schema.HEAD}. Upgrade medcrm to use it; the file was not changed."
            )
        from datetime import datetime

        from medcrm import migrate
        from medcrm.backup import make_backup

        db.backup = make_backup(path, now=datetime.now(), label=f"pre-upgrade-{revision}").path
        migrate.upgrade(path)
        db.upgraded_from = revision
        return db

    @contextmanager
    def read(self) -> Iterator[SqliteReader]:
        """A consistent read-only snapshot (stdlib sqlite3, no SQLAlchemy)."""
        with read_transaction(self.path) as reader:
            yield reader

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One ``BEGIN IMMEDIATE`` transaction: all of the block's changes, or none."""
        from medcrm.db import write_session

        with write_session(self.path) as session:
            yield session
