"""Backups and restores of the database file. Stdlib only.

A backup is a consistent copy taken with SQLite's online backup API (never a file copy, which
can catch a write half-way), written under a temporary dot-name, checked with ``PRAGMA
integrity_check``, and only then given its name (a hard link, so an existing file is never
replaced): a backup killed half-way leaves a ``.partial`` file that no listing counts and the
next backup removes. Unless told where, it goes beside the database as
``<name>-backup-<YYYYmmdd-HHMMSS>[-label].db``, mode 0600, and only the newest ten are kept.

A restore copies the backup *into* the live database with the same API, on a connection that
holds the write lock for the whole copy: a writer that started first finishes first (and is
then replaced, as the restore says), one that starts later waits and lands in the restored
database. Nothing is renamed over the live file, so its journal, its WAL and a symlink to it
stay right.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from medcrm.pure.errors import DatabaseError
from medcrm.storage import revisions
from medcrm.storage.connection import connect, inspect_file

KEEP = 10
FILE_MODE = 0o600
PARTIAL = ".partial"  # a backup being written (or killed while it was)


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


_STAMP = re.compile(r"-backup-(\d{8}-\d{6})")


def _newest_first(folder: Path, pattern: str) -> list[Path]:
    """By the time in the name; within one second (``-2``, ``-3``...), by when written."""

    def age(p: Path) -> tuple[str, int]:
        stamp = _STAMP.search(p.name)
        try:
            written = p.stat().st_mtime_ns
        except OSError:  # pragma: no cover - removed meanwhile
            written = 0
        return (stamp.group(1) if stamp else "", written)

    return sorted(folder.glob(pattern), key=age, reverse=True)


def _prune(folder: Path, pattern: str, *, keep: Iterable[Path] = ()) -> list[Path]:
    """Keep the newest ``KEEP`` backups matching ``pattern`` (and every one in ``keep``, such
    as the backup a restore is reading); return the ones removed."""
    spared = {k.resolve() for k in keep}
    removed = [p for p in _newest_first(folder, pattern)[KEEP:] if p.resolve() not in spared]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove what a killed backup or restore left in ``folder``: ``.<name>.<pid>.partial``
    files (and their journals) whose process is gone. Returns what was removed."""
    removed = []
    for leftover in folder.glob(f".*{PARTIAL}*"):
        parts = leftover.name.split(PARTIAL)[0].rsplit(".", 1)
        pid = int(parts[1]) if len(parts) == 2 and parts[1].isdigit() else None
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue  # another medcrm is writing it right now
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


def default_path(db: Path, *, now: datetime, label: str | None = None) -> Path:
    return _new_name(db.parent, db.stem, db.suffix or ".db", now=now, label=label)


def existing_backups(db: Path) -> list[Path]:
    """Backups beside ``db``, newest first (never a ``.partial`` one)."""
    return [p for p in _newest_first(db.parent, _pattern(db)) if not p.name.startswith(".")]


def _integrity(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def server_backups(folder: Path, name: str) -> list[Path]:
    """A server database's JSON backups in ``folder``, newest first."""
    return [p for p in _newest_first(folder, f"{name}-backup-*.json") if not p.name.startswith(".")]


def integrity(path: Path) -> str:
    conn = inspect_file(path)
    try:
        return _integrity(conn)
    finally:
        conn.close()


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}{PARTIAL}")


def copy_database(source: Path, target: Path) -> None:
    """SQLite's backup API from ``source`` into a new private file ``target``, written under a
    temporary name, checked, synced and only then linked to ``target``. FileExistsError when
    ``target`` exists (it is never replaced)."""
    partial = _partial(target)
    fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    try:
        src = connect(source, write=False)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # a copy stands alone: no -wal beside it
            verdict = _integrity(dst)
        finally:
            dst.close()
            src.close()
        if verdict != "ok":
            raise DatabaseError(f"The copy of {source} failed its integrity check ({verdict}).")
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.link(partial, target)
    finally:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + "-journal").unlink(missing_ok=True)


def make_backup(
    db: Path,
    target: Path | None = None,
    *,
    now: datetime,
    label: str | None = None,
    keep: Iterable[Path] = (),
) -> Backup:
    """Copy the live database to ``target`` (or beside it) and check the copy. Pruning to the
    newest ten never removes a path in ``keep``."""
    if not db.is_file():
        raise DatabaseError(f"There is no database at {db} to back up.")
    chosen = target or default_path(db, now=now, label=label)
    if chosen.exists():
        raise DatabaseError(f"{chosen} already exists; give the backup a new file name.")
    if chosen.parent and not chosen.parent.is_dir():
        raise DatabaseError(f"The folder {chosen.parent} does not exist.")
    clean_leftovers(chosen.parent)
    try:
        while True:
            try:
                copy_database(db, chosen)
                break
            except FileExistsError:
                if target is not None:
                    raise DatabaseError(
                        f"{chosen} already exists; give the backup a new file name."
                    ) from None
                # Another medcrm took this name in the same second (two commands upgrading
                # one database at once each back it up first): take the next one.
                chosen = default_path(db, now=now, label=label)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Could not back up {db}: {exc}. Nothing was written.") from exc
    except OSError as exc:
        raise DatabaseError(f"Could not write {chosen}: {_os_reason(exc)}.") from exc
    removed = _prune(db.parent, _pattern(db), keep=keep) if target is None else []
    return Backup(chosen, chosen.stat().st_size, removed)


def _os_reason(exc: OSError) -> str:
    """An OSError in words; a full disk says so."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full; nothing was written there"
    return exc.strerror or type(exc).__name__


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
    if revision not in revisions.REVISIONS:
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


def _page_size(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA page_size").fetchone()[0])


def restore(db: Path, source: Path, *, now: datetime) -> Restore:
    """Replace the database's contents with a healthy medcrm database, backing up the current
    one first (the backup being restored is never pruned away by that).

    The copy goes into the live database through SQLite's backup API on a connection that
    holds the write lock (``BEGIN IMMEDIATE``-strength: the backup step takes it and keeps it
    to the end), so a write that started before waits for nothing and is replaced, and a
    write that starts during the copy waits for it and lands in the restored database.
    """
    revision = check_restorable(source)
    if db.exists() and source.resolve() == db.resolve():
        raise DatabaseError(f"{source} is the database itself; restore from a backup file.")
    previous = (
        make_backup(db, now=now, label="before-restore", keep=[source]) if db.exists() else None
    )
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        copy_database(source, db)
        return Restore(source, revision, previous)
    staged: Path | None = None
    try:
        src = inspect_file(source)
        try:
            dst = connect(db, write=True)
        except BaseException:
            src.close()
            raise
        try:
            if _page_size(src) != _page_size(dst):
                # SQLite cannot copy between page sizes into a WAL database: bring the backup
                # to the database's page size first, in a private scratch copy.
                src.close()
                staged = _partial(db.with_name(db.name + ".restore"))
                _resized_copy(source, staged, _page_size(dst))
                src = inspect_file(staged)
            src.backup(dst)  # waits (busy timeout) for a writer, then holds the lock to the end
            verdict = _integrity(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"Could not restore {source} into {db}: {exc}. The database is as it was; its "
            f"backup is {previous.path if previous else 'not needed'}."
        ) from exc
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)
    if verdict != "ok":  # pragma: no cover - the source passed the same check
        raise DatabaseError(
            f"The restored database failed its integrity check ({verdict}); restore "
            f"{previous.path if previous else source} again."
        )
    return Restore(source, revision, previous)


def _resized_copy(source: Path, target: Path, page_size: int) -> None:
    """A copy of ``source`` at ``target`` with pages of ``page_size`` bytes."""
    fd = os.open(target, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    src = inspect_file(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.execute(f"PRAGMA page_size = {int(page_size)}")
        dst.execute("VACUUM")
    finally:
        dst.close()
        src.close()


def json_backup_path(folder: Path, name: str, *, now: datetime) -> Path:
    """``<name>-backup-<YYYYmmdd-HHMMSS>.json`` in ``folder``, never an existing file."""
    return _new_name(folder, name, ".json", now=now)


def write_json_backup(
    data: str | Iterable[str],
    target: Path | None,
    *,
    folder: Path,
    name: str,
    now: datetime,
    keep: Iterable[Path] = (),
) -> Backup:
    """A server database's backup: its JSON export (a text, or its pieces as they are read),
    written and read back before it counts: the file's SHA-256 must be that of what was
    written, and a file small enough to parse (50 MB) must be JSON. In ``folder`` by default,
    where the newest ten are kept."""
    import hashlib
    import json

    from medcrm.storage.files import write_atomically

    chosen = target or json_backup_path(folder, name, now=now)
    if chosen.exists():
        raise DatabaseError(f"{chosen} already exists; give the backup a new file name.")
    if target is None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    elif not chosen.parent.is_dir():
        raise DatabaseError(f"The folder {chosen.parent} does not exist.")
    sent = hashlib.sha256()

    def hashed(pieces: Iterable[str]) -> Iterator[str]:
        for piece in pieces:
            sent.update(piece.encode("utf-8"))
            yield piece

    try:
        write_atomically(chosen, hashed([data] if isinstance(data, str) else data), force=False)
        found = hashlib.sha256()
        with open(chosen, "rb") as written:
            while block := written.read(1 << 20):
                found.update(block)
        if found.digest() != sent.digest():
            raise ValueError("it differs from the export")
        if chosen.stat().st_size <= 50_000_000:
            json.loads(chosen.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DatabaseError(f"Could not write {chosen}: {exc.strerror}.") from exc
    except ValueError as exc:
        chosen.unlink(missing_ok=True)
        raise DatabaseError(f"The backup read back wrong ({exc}); it was removed.") from exc
    removed = _prune(folder, f"{name}-backup-*.json", keep=keep) if target is None else []
    return Backup(chosen, chosen.stat().st_size, removed)
