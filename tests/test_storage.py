"""Where the database lives, how it is opened, its pragmas, transactions and migrations."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlmodel import Session

from medcrm.pure.errors import DatabaseError
from medcrm.services.contacts import add_contact
from medcrm.storage import revisions
from medcrm.storage.connection import BUSY_TIMEOUT_MS, connect, journal_mode, wal_is_safe
from medcrm.storage.db import SessionReader
from medcrm.storage.location import Location, default_dir, locate
from medcrm.storage.migrate import alembic_config
from medcrm.storage.models import Contact
from medcrm.storage.store import Database

from .conftest import TODAY, snapshot

# About the SQLite file itself (or the CLI without a database): runs once, on SQLite.
pytestmark = pytest.mark.sqlite_only


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert locate(str(tmp_path / "a.db")) == Location(tmp_path / "a.db", "--db")
    monkeypatch.setenv("MEDCRM_DB", str(tmp_path / "b.db"))
    assert locate(None) == Location(tmp_path / "b.db", "MEDCRM_DB")
    monkeypatch.delenv("MEDCRM_DB")
    found = locate(None)
    assert isinstance(found, Location) and found.source == "default"
    assert found.path == tmp_path / "home" / ".config" / "medcrm" / "medcrm.db"
    assert default_dir() == found.path.parent


def test_a_new_database_is_private_and_at_the_newest_schema(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "crm.db"
    db = Database.open(Location(path, "test"))
    assert db.created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["crm.db"]  # no temporary file left
    with db.read() as r:
        assert r.rows("SELECT version_num FROM alembic_version") == [
            {"version_num": revisions.HEAD}
        ]
    assert not Database.open(Location(path, "test")).created


def test_pragmas_on_both_paths(db: Database) -> None:
    for open_writer in (lambda: db.write(), lambda: db.writer()):
        with open_writer() as w:
            r = SessionReader(w) if isinstance(w, Session) else w
            assert r.rows("PRAGMA foreign_keys") == [{"foreign_keys": 1}]
            assert r.rows("PRAGMA synchronous") == [{"synchronous": 2}]  # FULL
            assert r.rows("PRAGMA busy_timeout") == [{"timeout": BUSY_TIMEOUT_MS}]
            assert r.rows("PRAGMA journal_mode") == [{"journal_mode": journal_mode()}]
    with db.read() as fast:
        assert fast.rows("PRAGMA query_only") == [{"query_only": 1}]
        assert fast.rows("PRAGMA foreign_keys") == [{"foreign_keys": 1}]
        assert fast.rows("PRAGMA busy_timeout") == [{"timeout": BUSY_TIMEOUT_MS}]


@pytest.mark.parametrize(
    ("version", "safe"),
    [((3, 40, 1), False), ((3, 44, 5), False), ((3, 44, 6), True), ((3, 45, 0), False),
     ((3, 50, 6), False), ((3, 50, 7), True), ((3, 51, 2), False), ((3, 51, 3), True),
     ((3, 52, 0), True)],
)  # fmt: skip
def test_wal_only_where_sqlite_has_no_wal_reset_bug(
    version: tuple[int, int, int], safe: bool
) -> None:
    assert wal_is_safe(version) is safe


def test_an_exception_in_a_write_leaves_nothing_behind(db: Database) -> None:
    before = snapshot(db.path)
    with pytest.raises(RuntimeError), db.write() as s:  # noqa: PT012
        s.add(Contact(name="Half Done", name_key="half done", added=TODAY))
        s.flush()
        raise RuntimeError("crash in the middle of a command")
    assert snapshot(db.path) == before
    with pytest.raises(RuntimeError), db.writer() as w:  # noqa: PT012
        add_contact(w, name="Half Done", today=TODAY)
        raise RuntimeError("crash in the middle of a command")
    assert snapshot(db.path) == before


@pytest.mark.parametrize("kind", ["orm", "sql"])
def test_a_write_takes_the_write_lock_at_begin(db: Database, kind: str) -> None:
    with db.write() if kind == "orm" else db.writer() as s:
        # no write yet, but BEGIN IMMEDIATE was issued
        (SessionReader(s) if isinstance(s, Session) else s).rows("SELECT 1")
        other = sqlite3.connect(db.path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_connect_never_creates_a_file(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError):
        connect(tmp_path / "missing.db", write=True)
    assert not (tmp_path / "missing.db").exists()


def test_schema_revisions_match_the_migration_scripts() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == revisions.REVISIONS
    assert scripts.get_current_head() == revisions.HEAD


def test_a_database_from_a_newer_medcrm_is_refused_untouched(db: Database) -> None:
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = digest(db.path)
    with pytest.raises(
        DatabaseError, match=r"written by a newer medcrm \(schema 9999\).*Upgrade medcrm"
    ):
        Database.open(Location(db.path, "test"))
    assert digest(db.path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a medcrm database"),
        (b"\x00\x01garbage" * 500, "not a medcrm database"),
        (None, "not a medcrm database"),  # a SQLite file of another program
    ],
)
def test_files_that_are_not_medcrm_databases_are_refused_untouched(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "other.db"
    if content is None:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    else:
        path.write_bytes(content)
    before = digest(path)
    with pytest.raises(DatabaseError, match=message):
        Database.open(Location(path, "test"))
    assert digest(path) == before


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        Database.open(Location(tmp_path, "test"))
