"""Every released schema revision upgrades to the newest one keeping every row."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from medcrm.pure.text import fold, name_key
from medcrm.storage import revisions
from medcrm.storage.location import Location
from medcrm.storage.store import Database

# About the SQLite file itself (or the CLI without a database): runs once, on SQLite.
pytestmark = pytest.mark.sqlite_only

DATA = Path(__file__).parent / "data"
# Columns medcrm derives from others; upgrades may recompute them (checked separately).
DERIVED = {
    "contact": {"name_key", "search_text", "last_contact", "reconnect_on", "reconnect_soon_on"}
}
FIXTURES = sorted(DATA.glob("medcrm-*.db"))


def checksums(path: Path, columns: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row, per table, over the given columns."""
    conn = sqlite3.connect(path)
    out = {}
    for table, cols in columns.items():
        rows = conn.execute(
            f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(cols)}"  # noqa: S608
        ).fetchall()
        out[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    conn.close()
    return out


def schema_columns(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version' "
            # The search index is rebuilt from the rows after every upgrade (its pages differ).
            "AND name NOT LIKE 'search_index%'"
        )
    ]
    columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    conn.close()
    return columns


def test_there_is_a_fixture_for_every_revision() -> None:
    assert [p.stem.removeprefix("medcrm-") for p in FIXTURES] == list(revisions.REVISIONS)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_upgrading_keeps_every_row(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    old_columns = {
        table: [c for c in columns if c not in DERIVED.get(table, set())]
        for table, columns in schema_columns(path).items()
    }
    before = checksums(path, old_columns)
    assert before["contact"][0] > 30

    db = Database.open(Location(path, "test"))

    revision = fixture.stem.removeprefix("medcrm-")
    assert db.upgraded_from == (None if revision == revisions.HEAD else revision)
    if db.upgraded_from is not None:
        assert db.backup is not None
        # the backup is the database as it was, before the upgrade
        assert checksums(db.backup, old_columns) == before
        assert sqlite3.connect(db.backup).execute(
            "SELECT version_num FROM alembic_version"
        ).fetchall() == [(revision,)]
    assert checksums(path, old_columns) == before
    conn = sqlite3.connect(path)
    for cid, name, key, text in conn.execute("SELECT id, name, name_key, search_text FROM contact"):
        assert key == name_key(name), cid
        assert text.startswith(key + "\n" + fold(name)), cid
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(revisions.HEAD,)]
    conn.close()
