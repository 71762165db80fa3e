"""Backups and restores of the database file. Stdlib only.

A backup is a consistent copy taken with SQLite's online backup API (never a file copy, which
can catch a write half-way), checked with ``PRAGMA integrity_check`` before it counts, and
written with mode 0600. Unless told where, it goes beside the database as
``<name>-backup-<YYYYmmdd-HHMMSS>[-label].db``, and only the newest ten are kept.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from medcrm import schema
from medcrm.connection import connect, inspect_file
from medcrm.errors import DatabaseError

KEEP = 10
FILE_MODE = 0o600


@dataclass
class Backup:
    path: Path
    size: int
    removed: list[Path]  # older backups pruned to keep the newest ten


def _pattern(db: Path) -> str:
    return f"{db.stem}-backup-*{db.suffix or '.db'}"


def _new_name(
    folder: Path, stem: str, suffix: str, *, now: datetime, label: str | None = None
) -> Path:
    """``<stem>-backup-<YYYYmmdd-HHMMSS>[-label]<suffix>`` in ``folder``, never an existing
    file (``-2``, ``-3``... within the same second)."""
    base = f"{stem}-backup-{now.strftime('%Y%m%d-%H%M%S')}" + (f"-{label}" if label else "")
    target = folder / f"{base}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}{suffix}"
    return target


def _newest_first(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern), key=lambda p: p.name, reverse=True)


def _prune(folder: Path, pattern: str) -> list[Path]:
    """Keep the newest ``KEEP`` backups matching ``pattern``; return the ones removed."""
    removed = _newest_first(folder, pattern)[KEEP:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def default_path(db: Path, *, now: datetime, label: str | None = None) -> Path:
    return _new_name(db.parent, db.stem, db.suffix or ".db", now=now, label=label)


def existing_backups(db: Path) -> list[Path]:
    """Backups beside ``db``, newest first."""
    return _newest_first(db.parent, _pattern(db))


def _integrity(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def integrity(path: Path) -> str:
    conn = inspect_file(path)
    try:
        return _integrity(conn)
    finally:
        conn.close()


def copy_database(source: Path, target: Path) -> None:
    """SQLite's backup API from ``source`` into a new private file ``target``."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    try:
        src = connect(source, write=False)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def make_backup(
    db: Path, target: Path | None = None, *, now: datetime, label: str | None = None
) -> Backup:
    """Copy the live database to ``target`` (or beside it) and check the copy."""
    if not db.is_file():
        raise DatabaseError(f"There is no database at {db} to back up.")
    chosen = target or default_path(db, now=now, label=label)
    if chosen.exists():
        raise DatabaseError(f"{chosen} already exists; give the backup a new file name.")
    if chosen.parent and not chosen.parent.is_dir():
        raise DatabaseError(f"The folder {chosen.parent} does not exist.")
    try:
        while True:
            try:
                copy_database(db, chosen)
                break
            except FileExistsError:
                if target is not None:
                    raise
                # Another medcrm took this name in the same second (two commands upgrading
                # one database at once each back it up first): take the next one.
                chosen = default_path(db, now=now, label=label)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Could not back up {db}: {exc}. Nothing was written.") from exc
    except OSError as exc:
        raise DatabaseError(f"Could not write {chosen}: {exc.strerror}.") from exc
    verdict = integrity(chosen)
    if verdict != "ok":
        chosen.unlink(missing_ok=True)
        raise DatabaseError(
            f"The copy of {db} failed its integrity check ({verdict}); it was removed."
        )
    removed = _prune(db.parent, _pattern(db)) if target is None else []
    return Backup(chosen, chosen.stat().st_size, removed)


def check_restorable(source: Path) -> str:
    """The schema revision of a healthy medcrm database, or a DatabaseError saying why not."""
    if not source.is_file():
        raise DatabaseError(f"There is no file at {source}.")
    try:
        conn = inspect_file(source)
        try:
            verdict = _integrity(conn)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{source} is not a medcrm database (SQLite says: {exc}).") from exc
    if verdict != "ok":
        raise DatabaseError(f"{source} is damaged (integrity check: {verdict}); not restoring it.")
    revision = row[0] if row else None
    if revision not in schema.REVISIONS:
        raise DatabaseError(
            f"{source} has schema {revision!r}, which this medcrm does not know "
            "(made by a newer medcrm?); not restoring it."
        )
    return str(revision)


@dataclass
class Restore:
    source: Path
    revision: str
    previous: Backup | None  # the backup of what was there before


def restore(db: Path, source: Path, *, now: datetime) -> Restore:
    """Replace the database with a healthy medcrm database, backing up the current one first.

    The new file is built beside the database with the backup API and renamed over it, so the
    database is at every moment either the old one or the new one.
    """
    revision = check_restorable(source)
    if db.exists() and source.resolve() == db.resolve():
        raise DatabaseError(f"{source} is the database itself; restore from a backup file.")
    previous = make_backup(db, now=now, label="before-restore") if db.exists() else None
    db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = db.with_name(f".{db.name}.{os.getpid()}.restore")
    staging.unlink(missing_ok=True)
    try:
        copy_database(source, staging)
        os.replace(staging, db)
    finally:
        staging.unlink(missing_ok=True)
    for leftover in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)  # they belonged to the file that was replaced
    return Restore(source, revision, previous)


def json_backup_path(folder: Path, name: str, *, now: datetime) -> Path:
    """``<name>-backup-<YYYYmmdd-HHMMSS>.json`` in ``folder``, never an existing file."""
    return _new_name(folder, name, ".json", now=now)


def write_json_backup(
    data: str, target: Path | None, *, folder: Path, name: str, now: datetime
) -> Backup:
    """A server database's backup: its JSON export, written whole and read back before it
    counts. In ``folder`` by default, where the newest ten are kept."""
    import json

    from medcrm.files import write_atomically

    chosen = target or json_backup_path(folder, name, now=now)
    if chosen.exists():
        raise DatabaseError(f"{chosen} already exists; give the backup a new file name.")
    if target is None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    elif not chosen.parent.is_dir():
        raise DatabaseError(f"The folder {chosen.parent} does not exist.")
    try:
        write_atomically(chosen, data, force=False)
        written = chosen.read_text(encoding="utf-8")
        if written != data:
            raise ValueError("it differs from the export")
        json.loads(written)
    except OSError as exc:
        raise DatabaseError(f"Could not write {chosen}: {exc.strerror}.") from exc
    except ValueError as exc:
        chosen.unlink(missing_ok=True)
        raise DatabaseError(f"The backup read back wrong ({exc}); it was removed.") from exc
    removed = _prune(folder, f"{name}-backup-*.json") if target is None else []
    return Backup(chosen, chosen.stat().st_size, removed)
