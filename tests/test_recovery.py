"""Data safety, round two (issue 14): restore, backups, exports and imports that cannot lose or
leak data. Each test names the defect it holds medcrm to, by its number in the issue."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from medcrm.pure.errors import DatabaseError
from medcrm.storage import backup as backups
from medcrm.storage.connection import write_transaction
from medcrm.storage.location import Location
from medcrm.storage.store import Database

from .conftest import Backend, Run, env_for, snapshot

BIN = Path(sys.executable).parent
DATA = Path(__file__).parent / "data"


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def one_line_error(result: Result | subprocess.CompletedProcess[str]) -> str:
    stderr = result.stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM contact ORDER BY id")]
    finally:
        conn.close()


def healthy(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            and conn.execute("PRAGMA foreign_key_check").fetchall() == []
        )
    finally:
        conn.close()


@pytest.fixture
def filled(run: Run) -> Run:
    ok(run("add-contact", "Dr. Ana Ruiz", "--role", "attending"))
    ok(run("log", "ruiz", "--note", "Coffee, talked about research"))
    return run


# --- 1, 2, 3, 7: restore ---------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_restore_waits_for_a_writer_and_a_later_writer_lands_in_the_restored_database(
    filled: Run, isolated: Path
) -> None:
    """(1, 2) The restore takes the write lock: a transaction in progress finishes first and
    is then restored away; a write that starts during the restore waits and is kept."""
    saved = isolated.with_name("saved.db")
    ok(filled("backup", str(saved)))
    ok(filled("add-contact", "After The Backup"))
    holding = threading.Event()
    release = threading.Event()

    def writer() -> None:
        with write_transaction(isolated) as w:
            w.run("UPDATE contact SET notes = 'written while restoring' WHERE id = 1")
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    holding.wait(10)
    done: list[float] = []

    def restoring() -> None:
        backups.restore(isolated, saved, now=datetime.now())
        done.append(time.monotonic())

    restorer = threading.Thread(target=restoring)
    restorer.start()
    time.sleep(0.5)
    assert not done, "the restore must wait for the writer's transaction"
    released_at = time.monotonic()
    release.set()
    thread.join(10)
    restorer.join(30)
    assert done and done[0] >= released_at
    assert names(isolated) == ["Dr. Ana Ruiz"]  # the backup's state, the write restored away
    ok(filled("add-contact", "After The Restore"))
    assert names(isolated) == ["Dr. Ana Ruiz", "After The Restore"]
    assert healthy(isolated)


@pytest.mark.sqlite_only
def test_no_acknowledged_write_is_lost_to_a_restore(filled: Run, isolated: Path) -> None:
    """(2) Writers stream while a restore runs: every write that finished after the restore
    finished is in the database (none "succeeded" into a replaced file)."""
    saved = isolated.with_name("saved.db")
    ok(filled("backup", str(saved)))
    acked: list[tuple[float, int]] = []
    stop = threading.Event()

    def writer(n: int) -> None:
        k = 0
        while not stop.is_set():
            k += 1
            with write_transaction(isolated) as w:
                new = w.insert(
                    "interaction", {"date": "2026-11-20", "kind": "meeting", "note": f"w{n}-{k}"}
                )
            acked.append((time.monotonic(), new))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    backups.restore(isolated, saved, now=datetime.now())
    restored_at = time.monotonic()
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join(10)
    conn = sqlite3.connect(isolated)
    present = {r[0] for r in conn.execute("SELECT id FROM interaction")}
    conn.close()
    after = [i for at, i in acked if at > restored_at]
    assert after, "the writers kept writing after the restore"
    assert set(after) <= present
    assert healthy(isolated)


@pytest.mark.sqlite_only
def test_restoring_the_oldest_backup_keeps_it(filled: Run, isolated: Path) -> None:
    """(3) Pruning to ten backups never removes the one being restored."""
    start = datetime(2026, 11, 1, 8, 0, 0)
    made = [backups.make_backup(isolated, now=start + timedelta(minutes=n)).path for n in range(10)]
    oldest = made[0]
    backups.restore(isolated, oldest, now=start + timedelta(hours=1))
    assert oldest.exists()  # the ten newest, and the one it was restored from
    assert len(backups.existing_backups(isolated)) == 11


@pytest.mark.sqlite_only
def test_restore_writes_through_a_symlink(filled: Run, isolated: Path, tmp_path: Path) -> None:
    """(7) A database reached through a symlink stays a symlink; its target is restored."""
    real = tmp_path / "elsewhere" / "real.db"
    real.parent.mkdir()
    shutil.move(isolated, real)
    isolated.symlink_to(real)
    saved = tmp_path / "saved.db"
    ok(filled("backup", str(saved)))
    ok(filled("add-contact", "Later"))
    ok(filled("restore", str(saved), "--yes"))
    assert isolated.is_symlink() and isolated.resolve() == real.resolve()
    assert names(real) == ["Dr. Ana Ruiz"]


# --- 4, 5: exports ---------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_an_export_to_a_full_disk_fails_clearly(
    filled: Run, isolated: Path, tmp_path: Path
) -> None:
    """(4) stdout on a full disk (/dev/full) and -o on a full disk: exit 1, one line, and no
    partial file under the final name."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(BIN / "medcrm"), "export", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env_for(isolated, tmp_path / "home"),
            timeout=60,
        )
    assert done.returncode == 1
    assert "disk is full" in one_line_error(done)


def test_a_full_disk_under_output_leaves_no_file(
    filled: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    line = one_line_error(filled("export", "json", "--output", str(target)))
    assert "disk is full" in line and "nothing was written" in line
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]


@pytest.mark.sqlite_only
def test_no_export_writes_over_the_database_its_journals_or_backups(
    filled: Run, isolated: Path, tmp_path: Path
) -> None:
    """(5) Even with --force."""
    saved = backups.make_backup(isolated, now=datetime.now()).path
    other = tmp_path / "another.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    before = isolated.read_bytes()
    for target in (isolated, isolated.with_name(isolated.name + "-wal"), saved, other):
        for fmt in ("csv", "json", "ics"):
            line = one_line_error(filled("export", fmt, "--output", str(target), "--force"))
            assert "medcrm database" in line or "SQLite database" in line
    assert isolated.read_bytes() == before and healthy(saved)
    assert not isolated.with_name(isolated.name + "-wal").exists() or healthy(isolated)


# --- 6: killed backups ---------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_a_killed_backup_leaves_nothing_that_counts_and_is_cleaned_next_time(
    filled: Run, isolated: Path, tmp_path: Path
) -> None:
    """(6) A backup is written under a temporary name and linked only once checked: killed
    half-way, it leaves a .partial file that no listing counts and the next backup removes."""
    env = env_for(isolated, tmp_path / "home")
    for _ in range(5):
        ok(filled("add-contact", f"Filler {_}", "--note", "x" * 50_000))
    killed = 0
    for delay in (0.05, 0.1, 0.2, 0.3):
        proc = subprocess.Popen([str(BIN / "medcrm"), "backup"], env=env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        killed += proc.returncode == -signal.SIGKILL
    for path in backups.existing_backups(isolated):
        assert healthy(path), path  # every one that counts is whole
    # A leftover of a process that is gone (as a kill at the worst moment leaves):
    stale = isolated.parent / f".{isolated.stem}-backup-20261101-080000.db.999999{backups.PARTIAL}"
    stale.write_bytes(b"half a database")
    ok(filled("backup"))
    assert not stale.exists()
    assert not [p for p in isolated.parent.iterdir() if backups.PARTIAL in p.name]
    report = json.loads(ok(filled("doctor", "--json")))
    assert report["backups"] == len(backups.existing_backups(isolated))


# --- 8, 9: imports and arguments --------------------------------------------------------------


@pytest.mark.sqlite_only
def test_an_endless_file_is_refused_without_reading_it_all(filled: Run) -> None:
    """(8) /dev/zero: refused once past the 50 MB limit, never read whole into memory."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    line = one_line_error(filled("import", "vcard", "/dev/zero"))
    assert "over 50 MB" in line


@pytest.mark.sqlite_only
def test_arguments_that_are_not_utf8_are_one_clear_line(isolated: Path, tmp_path: Path) -> None:
    """(9) No 'unexpected UnicodeEncodeError'."""
    done = subprocess.run(
        [str(BIN / "medcrm").encode(), b"add-contact", b"Caf\xe9 \x1b[31mOwner"],
        capture_output=True,
        text=True,
        env=env_for(isolated, tmp_path / "home"),
        timeout=60,
    )
    assert done.returncode == 1
    line = one_line_error(done)
    assert "not UTF-8" in line and "\x1b" not in line
    assert not isolated.exists()


@pytest.mark.sqlite_only
def test_ctrl_c_while_starting_is_never_a_traceback(isolated: Path, tmp_path: Path) -> None:
    """(9) SIGINT in the first moments of a command (while the CLI is still imported). Before
    the first line of medcrm runs (Python's own start, about 20 ms on an idle machine) only
    Python can answer, so the delays count from the end of Python's start as measured now."""
    starts = []
    for _ in range(3):
        began = time.monotonic()
        subprocess.run([sys.executable, "-S", "-c", "pass"], check=True)
        starts.append(time.monotonic() - began)
    python_start = sorted(starts)[1]
    for delay in (0.02, 0.04, 0.06, 0.08, 0.1, 0.13):
        delay += python_start
        proc = subprocess.Popen(
            [sys.executable, "-m", "medcrm", "contacts"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env_for(isolated, tmp_path / "home"),
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
        assert "Traceback" not in stderr, (delay, stderr)
        assert proc.returncode in (130, 1, -signal.SIGINT), (delay, proc.returncode, stderr)


def test_semicolon_and_tab_separated_csv_import(run: Run, tmp_path: Path) -> None:
    """(9) A spreadsheet in a comma-decimal locale writes semicolons; others tabs."""
    for sep, name in ((";", "Semi Colon"), ("\t", "Tab Separated")):
        path = tmp_path / f"contacts-{len(sep)}.csv"
        path.write_text(
            sep.join(("name", "role", "email", "institution"))
            + "\n"
            + sep.join((name, "faculty", f"{name.split()[0].lower()}@example.edu", "Riverside"))
            + "\n",
            encoding="utf-8",
        )
        result = json.loads(ok(run("import", "csv", str(path), "--json")))
        assert result["created"] == [name], result


def test_vcards_keep_every_email_and_phone_and_decode_every_note(
    run: Run, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """(9, 11) TEL;VALUE=uri, several EMAIL/TEL with labels (Apple's itemN.X-ABLabel), a
    vCard 2.1 quoted-printable NOTE with soft line breaks, a base64 NOTE; nothing of the card
    on stderr; (12) control characters never come back out of an export."""
    cards = tmp_path / "cards.vcf"
    cards.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Okoro;Ada\r\nFN:Ada Okoro\r\n"
        b"TEL;WORK;VOICE:+1 555 0100\r\nTEL;CELL:+1 555 0101\r\n"
        b"EMAIL;PREF;INTERNET:ada@work.example\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE:Met at the anatomy review, great te=\r\n"
        b"acher of the brachial plexus\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Cole\r\n"
        b"item1.EMAIL;type=INTERNET:ben@home.example\r\nitem1.X-ABLabel:_$!<Home>!$_\r\n"
        b"item2.EMAIL;type=INTERNET;type=pref:ben@school.example\r\n"
        b"item2.X-ABLabel:School\r\nNOTE;ENCODING=b:U3R1ZHkgZ3JvdXAgbGVhZGVy\r\n"
        b"X-ODD;ENCODING=QUOTED-PRINTABLE:esc=1B[31mhere\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Cara Diaz\r\n"
        b"TEL;VALUE=uri;TYPE=cell:tel:+1-555-0102\r\nEND:VCARD\r\n"
    )
    result = json.loads(ok(run("import", "vcard", str(cards), "--json")))
    assert result["rejected"] == [] and len(result["created"]) == 3
    people = {c["name"]: c for c in json.loads(ok(run("contacts", "--json")))}
    ada, ben, cara = people["Ada Okoro"], people["Ben Cole"], people["Cara Diaz"]
    assert ada["notes"] == "Met at the anatomy review, great teacher of the brachial plexus"
    assert ada["phone"] == "+1 555 0100" and ada["email"] == "ada@work.example"
    assert ada["extra"]["phones"] == [
        {"value": "+1 555 0100", "label": "work"}, {"value": "+1 555 0101", "label": "cell"}
    ]  # fmt: skip
    assert ben["email"] == "ben@school.example" and ben["notes"] == "Study group leader"
    assert [e["label"] for e in ben["extra"]["emails"]] == ["Home", "School"]
    assert cara["phone"] == "+1-555-0102"
    assert "anatomy" not in capfd.readouterr().err
    out = ok(run("export", "vcard"))
    assert "ben@home.example" in out and "TYPE=School,pref" in out
    assert "\x1b" not in out and "\x1b" not in ok(run("export", "csv"))


# --- 10: what other programs did to the file -----------------------------------------------


def _older(tmp_path: Path) -> Path:
    path = tmp_path / "older.db"
    shutil.copy(DATA / "medcrm-0004.db", path)
    return path


@pytest.mark.sqlite_only
def test_a_foreign_view_stops_the_upgrade_before_any_backup(tmp_path: Path, run: Run) -> None:
    path = _older(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIEW my_people AS SELECT name FROM contact")
    conn.commit()
    conn.close()
    for _ in range(2):
        with pytest.raises(DatabaseError, match=r"view 'my_people'.*DROP VIEW"):
            Database.open(Location(path, "test"))
    assert backups.existing_backups(path) == []
    report = json.loads(ok(run("--db", str(path), "doctor", "--json")))
    assert "view 'my_people'" in report["foreign"]
    assert any("DROP VIEW" in p for p in report["problems"])


@pytest.mark.sqlite_only
def test_a_dropped_column_fails_the_upgrade_once_with_one_backup(tmp_path: Path) -> None:
    path = _older(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE interaction DROP COLUMN kind")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for _ in range(3):
        with pytest.raises(DatabaseError):
            Database.open(Location(path, "test"))
    assert path.read_bytes() == before
    assert len(backups.existing_backups(path)) == 1  # one per revision tried, not per attempt


@pytest.mark.sqlite_only
def test_a_column_dropped_at_the_newest_schema_is_one_clear_line(
    filled: Run, isolated: Path
) -> None:
    conn = sqlite3.connect(isolated)
    with pytest.raises(sqlite3.OperationalError, match="medcrm_log_contact"):
        # The change log's and the search index's triggers name the column: SQLite refuses.
        conn.execute("ALTER TABLE contact DROP COLUMN specialty")
    for action in ("insert", "update", "delete"):
        conn.execute(f"DROP TRIGGER medcrm_log_contact_{action}")
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'medcrm_search_%'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("ALTER TABLE contact DROP COLUMN specialty")
    conn.commit()
    conn.close()
    line = one_line_error(filled("contacts"))
    assert "changed by another program" in line and "doctor" in line
    report = json.loads(ok(filled("doctor", "--json")))
    assert report["missing"] == ["contact.specialty"]


# --- PostgreSQL: a server's restore --------------------------------------------------------


@pytest.mark.postgresql_only
def test_a_server_restores_its_json_backup_in_one_transaction(
    filled: Run, backend: Backend, tmp_path: Path
) -> None:
    saved = tmp_path / "server-backup.json"
    ok(filled("backup", str(saved)))
    ok(filled("add-contact", "After The Backup"))
    ok(filled("log", "after", "--note", "Lunch"))
    after = snapshot(backend)
    broken = tmp_path / "broken.json"
    doc: dict[str, Any] = json.loads(saved.read_text())
    doc["interactions"].append({"id": 99, "date": "not a date", "contacts": [1]})
    broken.write_text(json.dumps(doc))
    one_line_error(filled("restore", str(broken), "--yes"))
    assert snapshot(backend) == after  # nothing half-done
    ok(filled("restore", str(saved), "--yes"))
    people = [c["name"] for c in json.loads(ok(filled("contacts", "--json")))]
    assert people == ["Dr. Ana Ruiz"]
    ok(filled("add-contact", "After The Restore"))  # ids go on from the restored ones
    people = sorted((c["id"], c["name"]) for c in json.loads(ok(filled("contacts", "--json"))))
    assert people == [(1, "Dr. Ana Ruiz"), (2, "After The Restore")]
