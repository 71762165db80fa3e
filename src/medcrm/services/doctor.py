"""``medcrm doctor``: everything worth knowing about the database when in doubt. It only reads:
a file is opened read-only and never created, upgraded or repaired (stdlib only); a server is
asked, in a read-only transaction, its version and medcrm's schema."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime
from pathlib import Path

from medcrm.pure.results import Report as Report
from medcrm.pure.results import ServerReport as ServerReport
from medcrm.storage import connection, revisions
from medcrm.storage.backup import existing_backups
from medcrm.storage.connection import wal_is_safe
from medcrm.storage.location import Location, ServerLocation
from medcrm.storage.safety import sync_risk


def schema_problems(revision: str | None, *, missing: str, how: str) -> list[str]:
    """What is wrong with a database's schema revision, if anything, and what to do."""
    if revision is None:
        return [missing]
    if revision not in revisions.REVISIONS:
        return [
            f"Its schema ({revision}) is not one this medcrm knows ({revisions.HEAD} is the "
            "newest): upgrade medcrm."
        ]
    if revision != revisions.HEAD:
        return [
            f"Its schema ({revision}) will be upgraded to {revisions.HEAD} ({how}) by the next "
            "medcrm command."
        ]
    return []


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))[2:].rjust(4, "0")


def examine(location: Location, *, now: datetime) -> Report:
    """Everything ``medcrm doctor`` says about a database file, read-only, with what to do."""
    path = location.path
    report = Report(
        path=path,
        source=location.source,
        exists=path.is_file(),
        wanted_journal=connection.journal_mode(),
    )
    if not report.exists:
        report.problems.append(
            f"There is no database at {path} yet: 'medcrm add-contact' starts one."
        )
        return report
    _look_at_the_file(path, report)
    try:
        conn = connection.inspect_file(path)
    except sqlite3.Error as exc:
        report.problems.append(f"SQLite cannot open it: {exc}.")
        return report
    try:
        _look_inside(conn, report)
    finally:
        conn.close()
    _judge(report, now=now)
    return report


def _look_at_the_file(path: Path, report: Report) -> None:
    """Size, permissions, synced folder and backups: what the file system tells."""
    report.size = path.stat().st_size
    report.file_mode = _mode(path)
    report.folder_mode = _mode(path.parent)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        report.problems.append(f"{path} is readable by others ({report.file_mode}); run any "
                               "medcrm command to make it private (0600).")  # fmt: skip
    report.sync = sync_risk(path)
    if report.sync:
        report.problems.append(f"It is in {report.sync}: keep the live database on a local disk.")
    backups = existing_backups(path)
    report.backups = len(backups)
    report.newest_backup = backups[0] if backups else None
    if not backups:
        report.problems.append("There is no backup beside it yet: run 'medcrm backup'.")


def _look_inside(conn: sqlite3.Connection, report: Report) -> None:
    """Journal mode, integrity, foreign keys, schema revision and what others changed."""
    try:
        report.journal_mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
        report.integrity = "; ".join(
            str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()[:5]
        )
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        report.foreign_keys = "ok" if not problems else f"{len(problems)} broken references"
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            report.revision = row[0] if row else None
            report.contacts = int(conn.execute("SELECT COUNT(*) FROM contact").fetchone()[0])
        except sqlite3.DatabaseError:
            report.revision = None
        if report.revision in revisions.REVISIONS:
            _audit(conn, report)
    except sqlite3.DatabaseError as exc:
        report.integrity = f"unreadable: {exc}"


def _judge(report: Report, *, now: datetime) -> None:
    """The problems in what was found inside, each with what to do."""
    if report.integrity != "ok":
        report.problems.append(
            f"The integrity check failed ({report.integrity}): restore a backup with "
            "'medcrm restore PATH'."
        )
    if report.foreign_keys not in (None, "ok"):
        report.problems.append(f"Foreign key check: {report.foreign_keys}.")
    report.problems.extend(
        schema_problems(
            report.revision,
            missing="It has no medcrm schema: it is not a medcrm database.",
            how="after a backup",
        )
    )
    if report.journal_mode == "wal" and not wal_is_safe():
        report.problems.append(
            f"It uses WAL with SQLite {sqlite3.sqlite_version}, which has the WAL-reset bug; "
            "the next write command switches it to the rollback journal."
        )
    if report.newest_backup is not None:
        taken = datetime.fromtimestamp(report.newest_backup.stat().st_mtime)
        report.backup_age_days = (now - taken).days
        if report.backup_age_days > 30:
            report.problems.append(
                f"The newest backup is {report.backup_age_days} days old: run 'medcrm backup'."
            )


def _audit(conn: sqlite3.Connection, report: Report) -> None:
    """What another program added to the file, and (at the newest schema) what it removed."""
    from medcrm.storage.audit import expected_columns, foreign_objects, missing_columns

    path = str(report.path)
    for found in foreign_objects(conn, set(expected_columns())):
        report.foreign.append(f"{found.kind} '{found.name}'")
        if found.kind in ("view", "trigger"):
            report.problems.append(
                f"It has a {found.kind} '{found.name}' that medcrm did not make: it breaks "
                f"upgrades (and can break commands). Remove it: {found.advice(path)}"
            )
    if report.revision == revisions.HEAD:
        report.missing = missing_columns(conn)
        if report.missing:
            report.problems.append(
                f"It lacks {', '.join(report.missing[:5])}: another program changed its tables, "
                "and commands will fail. Restore a backup: medcrm restore PATH."
            )


def examine_server(location: ServerLocation) -> ServerReport:
    """Connect and look, read-only: the server's version, medcrm's schema and its size."""
    from sqlalchemy.exc import OperationalError

    from medcrm.pure.errors import DatabaseError
    from medcrm.storage.server import describe, engine_for, unreachable

    report = ServerReport(url=location.label, source=location.source)
    try:
        engine = engine_for(location.url)
    except DatabaseError as exc:
        report.problems.append(exc.message)
        return report
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(postgresql_readonly=True)
            seen = describe(conn)
            conn.rollback()
    except OperationalError as exc:
        report.problems.append(unreachable(location.label, exc).message)
        return report
    finally:
        engine.dispose()
    report.reachable = True
    report.server_version = seen["server_version"]
    report.revision = seen["revision"]
    report.contacts = seen["contacts"]
    report.problems.extend(
        schema_problems(
            report.revision,
            missing="It has no medcrm tables yet: 'medcrm init' makes them, or 'medcrm --db "
            "PATH migrate-to URL' copies a database file there.",
            how="in one transaction",
        )
    )
    return report
