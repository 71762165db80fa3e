"""Creating and upgrading databases with Alembic. Imported only when a database needs it."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from medcrm.pure.errors import DatabaseError
from medcrm.storage import changes, search
from medcrm.storage.db import make_engine

FILE_MODE = 0o600


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "medcrm.storage:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(path: Path) -> None:
    """Bring ``path`` to the newest schema in one transaction.

    Foreign keys are off while tables are rebuilt (SQLite's batch mode copies tables, and a
    cascade would delete rows); ``PRAGMA foreign_key_check`` must come back empty before the
    transaction commits, otherwise nothing changes.
    """
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            changes.remove(conn)  # SQLite's table rebuilds would trip over them
            search.remove(conn)
            command.upgrade(alembic_config(conn), "head")
            changes.install(conn)
            search.install(conn)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise DatabaseError(
                    f"Upgrading {path} would leave {len(problems)} broken references, so "
                    "nothing was changed. Please report this as a medcrm bug."
                )
            missing = _missing(conn)
            if missing:  # a column dropped by hand: the upgrade "worked", the schema is wrong
                raise DatabaseError(
                    f"{path} lacks {', '.join(missing[:3])} (changed by another program?), so "
                    "it was not upgraded and nothing was changed. Restore a backup with "
                    "'medcrm restore PATH'; 'medcrm doctor' lists them."
                )
    finally:
        engine.dispose()


def _missing(conn: Connection) -> list[str]:
    """Tables and columns of the newest schema that the upgraded file still lacks."""
    from medcrm.storage.audit import expected_columns

    missing = []
    for table, columns in expected_columns().items():
        rows = conn.exec_driver_sql(f"PRAGMA table_info('{table}')").fetchall()
        have = {r[1] for r in rows}
        missing += [table] if not have else [f"{table}.{c}" for c in sorted(columns - have)]
    return missing


def upgrade_connection(conn: Connection) -> None:
    """Bring a server database to the newest schema, inside the caller's transaction.

    PostgreSQL's DDL is transactional: if any step fails, the caller's rollback undoes them all.
    """
    command.upgrade(alembic_config(conn), "head")
    changes.install(conn)
    search.install(conn)


def create(path: Path) -> None:
    """Make a new database at ``path`` atomically: build it under a temporary name, then link.

    Either there is no file at ``path`` or there is a fully migrated one; a crash half-way
    leaves only the temporary file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    try:
        upgrade(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another medcrm created it first; use theirs
        except OSError:
            if not path.exists():
                os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
