"""What medcrm promises about your data, each promise with the test that holds it to it.

The numbers follow the data-safety issue: (2) concurrent writers, (3) killed mid-write and a
full disk, (4) opening safely, (5) upgrades, (6) permissions, (8) no SQL from user text,
(9) no personal data in errors, (10) limits and fuzzing, (11) synced folders; and doctor.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcrm.pure import vocabulary
from medcrm.pure.errors import MedcrmError
from medcrm.storage import revisions
from medcrm.storage.store import Database

from .conftest import Run, env_for, snapshot

# About the SQLite file and its processes; what a server must promise is in test_server.py.
pytestmark = pytest.mark.sqlite_only

BIN = Path(sys.executable).parent
MEDCRM = str(BIN / "medcrm")
DATA = Path(__file__).parent / "data"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checks(path: Path) -> tuple[str, list[Any]]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("PRAGMA integrity_check").fetchone()[0],
            conn.execute("PRAGMA foreign_key_check").fetchall(),
        )
    finally:
        conn.close()


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        conn.close()


def linkedin(path: Path, rows: int) -> Path:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Person,Number {n},,p{n}@example.edu,Riverside,Resident,1 Mar 2024" for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- (2) every write is one BEGIN IMMEDIATE transaction: writers queue, nothing is lost ---------

WORKER = """
import sys, io, contextlib
from medcrm.cli import app

codes, errors = [], []
for n in range(25):
    args = (["log", "ana", "--kind", "call", "--note", f"w{sys.argv[1]}-{n}"] if n % 2 == 0
            else ["follow-up", "ana", f"w{sys.argv[1]}-{n}", "--due", "tomorrow"])
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        codes.append(app(args, prog_name="medcrm", standalone_mode=False))
    errors.append(err.getvalue())
print(sum(1 for c in codes if c != 0), "locked" in "".join(errors).lower())
"""


def test_eight_processes_writing_at_once_lose_nothing(tmp_path: Path, run: Run) -> None:
    db = tmp_path / "shared.db"
    assert run("--db", str(db), "add-contact", "Ana Ruiz").exit_code == 0
    env = env_for(db, tmp_path / "home")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(w)], env=env, stdout=subprocess.PIPE, text=True
        )
        for w in range(8)
    ]
    outputs = [p.communicate(timeout=600)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outputs == [["0", "False"]] * 8  # every command succeeded; no "database is locked"
    assert count(db, "interaction") == 8 * 13 and count(db, "follow_up") == 8 * 12
    assert checks(db) == ("ok", [])


# --- (3) killed half-way: the database is exactly before or after; a full disk ---


def test_an_import_killed_at_random_leaves_before_or_after(tmp_path: Path, run: Run) -> None:
    rng = random.Random(11)
    base = tmp_path / "base.db"
    assert run("--db", str(base), "add-contact", "Ana Ruiz").exit_code == 0
    source = linkedin(tmp_path / "connections.csv", 3000)
    seen = set()
    for attempt in range(6):
        db = tmp_path / f"try-{attempt}.db"
        shutil.copy(base, db)
        proc = subprocess.Popen(
            [MEDCRM, "import", "linkedin", str(source)],
            env=env_for(db, tmp_path / "home"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert checks(db) == ("ok", [])  # opening it rolls back a half-written transaction
        contacts = count(db, "contact")
        assert contacts in (1, 3001), contacts
        seen.add(contacts)
    assert seen  # (which states were reached depends on timing; both are correct)


def test_an_upgrade_killed_at_random_leaves_the_old_or_the_new_schema(tmp_path: Path) -> None:
    rng = random.Random(5)
    fixture = DATA / "medcrm-0001.db"
    original = count(fixture, "contact"), count(fixture, "interaction")
    for attempt in range(5):
        db = tmp_path / f"old-{attempt}.db"
        shutil.copy(fixture, db)
        proc = subprocess.Popen(
            [MEDCRM, "contacts", "--json"],
            env=env_for(db, tmp_path / "home"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert checks(db) == ("ok", [])
        conn = sqlite3.connect(db)
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        conn.close()
        assert revision in ("0001", revisions.HEAD)
        assert (count(db, "contact"), count(db, "interaction")) == original


def test_a_full_disk_is_a_clear_error_and_changes_nothing(
    tmp_path: Path, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add-contact", "Ana Ruiz").exit_code == 0
    before = snapshot(isolated)
    from medcrm.storage.connection import connect as real

    def small_disk(path: Path, **kwargs: Any) -> sqlite3.Connection:
        conn = real(path, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # nearly no room to grow
        return conn

    monkeypatch.setattr("medcrm.storage.db.connect", small_disk)
    result = run("import", "linkedin", str(linkedin(tmp_path / "c.csv", 2000)))
    assert result.exit_code == 1
    assert "The disk is full" in result.stderr and "nothing was saved" in result.stderr
    assert "Traceback" not in result.stderr
    monkeypatch.undo()
    assert snapshot(isolated) == before


# --- (4) opening safely ---


def test_a_mistyped_path_never_starts_a_second_database(
    run: Run, tmp_path: Path, isolated: Path
) -> None:
    assert run("add-contact", "Ana Ruiz").exit_code == 0  # the first database starts itself
    typo = tmp_path / "medcrn.db"
    for args in (["add-contact", "Sam"], ["import", "csv", str(tmp_path / "x.csv")], ["due"]):
        (tmp_path / "x.csv").write_text("name,role,email\nSam,peer,\n", encoding="utf-8")
        result = run("--db", str(typo), *args)
        assert result.exit_code == 1, args
        assert f"There is no medcrm database at {typo}" in result.stderr
        assert not typo.exists()
    assert (
        str(isolated) in run("--db", str(typo), "add-contact", "Sam").stderr
    )  # says where yours is
    started = run("--db", str(typo), "init")
    assert started.exit_code == 0 and typo.exists()
    assert run("--db", str(typo), "add-contact", "Sam").exit_code == 0
    assert run("--db", str(typo), "init").exit_code == 1  # never over an existing file


def test_a_truncated_database_is_refused_and_left_alone(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "cut.db"
    assert run("--db", str(db), "demo", "--keep", str(db)).exit_code == 0
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    before = digest(db)
    for args in (["due"], ["contacts"], ["add-contact", "X"]):
        result = run("--db", str(db), *args)
        assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
        assert "damaged" in result.stderr or "not a medcrm database" in result.stderr
    assert digest(db) == before


# --- (5) upgrades: two at once, one waits ---


def test_two_processes_upgrading_at_once(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(DATA / "medcrm-0001.db", db)
    contacts = count(db, "contact")
    env = env_for(db, tmp_path / "home")
    procs = [
        subprocess.Popen([MEDCRM, "contacts", "--json"], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert all(len(json.loads(out)) == contacts for out, _ in results)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revisions.HEAD
    conn.close()
    assert checks(db) == ("ok", [])


# --- (6) permissions ---


def test_private_files_even_under_umask_022(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEDCRM_DB")
    old = os.umask(0o022)
    try:
        assert run("add-contact", "Ana Ruiz").exit_code == 0
        home = tmp_path / "home" / ".config" / "medcrm"
        db = home / "medcrm.db"
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        assert run("backup").exit_code == 0
        [backup] = home.glob("medcrm-backup-*.db")
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        conn = sqlite3.connect(db, isolation_level=None)  # a write in progress has a journal
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE contact SET notes = 'x'")
        journal = db.with_name("medcrm.db-journal")
        assert journal.exists() and stat.S_IMODE(journal.stat().st_mode) == 0o600
        conn.execute("ROLLBACK")
        conn.close()
        db.chmod(0o644)
        home.chmod(0o755)
        result = run("contacts")
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert "Made" in result.stderr and "private" in result.stderr
    finally:
        os.umask(old)


# --- (8) no SQL from user text ---


def test_hostile_search_text_is_only_text(run: Run, isolated: Path) -> None:
    assert run("add-contact", "Ana Ruiz").exit_code == 0
    for hostile in (
        "x'; DROP TABLE contact;--",
        '" OR 1=1 --',
        "%",
        "_",
        "\\",
        "'); DELETE FROM tag;",
    ):
        result = run("contacts", "--search", hostile, "--json")
        assert result.exit_code == 0 and json.loads(result.stdout) == []
        assert run("show", hostile).exit_code == 1
    conn = sqlite3.connect(isolated)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"contact", "tag", "interaction", "follow_up", "letter", "rotation"} <= tables
    assert count(isolated, "contact") == 1


# --- (9) no personal data in error output ---


def test_database_errors_never_show_what_you_wrote(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add-contact", "Ana Ruiz").exit_code == 0
    import medcrm.services.contacts as contacts

    note = "SECRET-NOTE-42"  # bound as a parameter (a traceback shows the line, not this)

    def clash(db: Any, *args: Any, **kwargs: Any) -> list[int]:
        for _ in range(2):  # the second insert breaks the unique constraint
            db.run("INSERT INTO tag (id, name) VALUES (999, :n)", {"n": note})
        return []

    monkeypatch.setattr(contacts, "_tag_ids", clash)
    plain = run("add-contact", "Sam Okafor", "--note", "SECRET-NOTE-42")
    debug = run("--debug", "add-contact", "Sam Okafor", "--note", "SECRET-NOTE-42")
    assert plain.exit_code == debug.exit_code == 1
    assert "IntegrityError" in plain.stderr  # the database refused it (not a slip in the test)
    assert "Traceback" not in plain.stderr and "Traceback" in debug.stderr
    assert "SECRET-NOTE-42" not in plain.stderr + debug.stderr  # hidden even with --debug


# --- (10) limits and fuzzing ---

arbitrary_bytes = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(
        st.sampled_from([b"BEGIN:VCARD", b"END:VCARD", b"FN:Ana", b"\r\n", b" x", b"\xff",
                         b"\x00", b"\xef\xbb\xbf", b"First Name,Last Name", b",", b'"',
                         b"Notes:", b"15 Mar 2024", b"EMAIL:a@b.c", b"\n"]),
        max_size=30,
    ).map(b"".join),
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=arbitrary_bytes, fmt=st.sampled_from(["linkedin", "google", "vcard", "csv", "json"]))
def test_importers_take_any_bytes_cleanly(db: Database, data: bytes, fmt: str) -> None:
    from datetime import date

    from medcrm.services import importing
    from medcrm.services.importing.medcrm_json import import_json

    before = snapshot(db.path)

    class Rollback(Exception):
        pass

    try:
        with db.write() as session:
            if fmt == "json":
                import_json(session, [data], today=date(2026, 11, 22))
            else:
                found, _ = importing.PARSERS[fmt](data)
                importing.apply(session, found, today=date(2026, 11, 22))
            raise Rollback
    except (MedcrmError, Rollback):
        pass
    assert snapshot(db.path) == before
    assert checks(db.path) == ("ok", [])


def test_notes_over_the_limit_are_refused(run: Run) -> None:
    result = run("add-contact", "Ana Ruiz", "--note", "x" * (vocabulary.MAX_NOTE_CHARS + 1))
    assert result.exit_code == 1 and "the limit is 100,000" in result.stderr


# --- (11) synced folders ---


def test_a_database_in_a_synced_folder_is_warned_about_once(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "Dropbox" / "medcrm" / "medcrm.db"
    first = run("--db", str(db), "add-contact", "Ana Ruiz")
    assert first.exit_code == 0 and "is in Dropbox" in first.stderr
    assert "local disk" in first.stderr
    assert "Dropbox" not in run("--db", str(db), "contacts").stderr
    from medcrm.storage.safety import sync_risk

    for folder, service in (("OneDrive - Lakeside", "OneDrive"), ("Google Drive", "Google Drive"),
                            ("Mobile Documents", "iCloud Drive")):  # fmt: skip
        assert sync_risk(tmp_path / folder / "m.db") == service
    assert sync_risk(tmp_path / "notes" / "m.db") is None


# --- doctor ---


def test_doctor_reports_and_changes_nothing(run: Run, isolated: Path) -> None:
    assert run("add-contact", "Ana Ruiz").exit_code == 0
    before = digest(isolated)
    report = json.loads(run("doctor", "--json").stdout)
    assert report["path"] == str(isolated) and report["schema"] == revisions.HEAD
    assert report["integrity"] == "ok" and report["foreign_keys"] == "ok"
    assert report["file_mode"] == "0600" and report["contacts"] == 1
    assert any("no backup" in p for p in report["problems"])
    assert run("backup").exit_code == 0
    healthy = json.loads(run("doctor", "--json").stdout)
    assert healthy["problems"] == [] and healthy["backups"] == 1
    assert "All good." in run("doctor").stdout
    assert digest(isolated) == before


def test_doctor_on_no_database_says_how_to_start(run: Run, isolated: Path) -> None:
    report = json.loads(run("doctor", "--json").stdout)
    assert report["exists"] is False and "add-contact" in report["problems"][0]
    assert not isolated.exists()
