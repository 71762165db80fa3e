"""medcrm on a PostgreSQL server: what is different from a file, and what must not be.

The rest of the suite already runs every command on both backends; these tests cover what only
a server has: a URL with a password, several clients at once, backups as JSON exports,
``migrate-to``, and schemas that are not medcrm's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from medcrm.cli.common import complete_contact
from medcrm.pure.errors import DatabaseError, InvalidInput
from medcrm.storage import revisions
from medcrm.storage.location import (
    Location,
    ServerLocation,
    from_url,
    locate,
    mask_url,
    url_secrets,
)

from .conftest import Backend, Run, empty_server, server_tables, snapshot

BIN = Path(sys.executable).parent
DATA = Path(__file__).parent / "data"
on_server = pytest.mark.postgresql_only


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def one_line_error(result: Result) -> str:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def password(backend: Backend) -> str:
    [secret, *_] = url_secrets(backend.server_url)
    return secret


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(backend: Backend, table: str) -> int:
    return int(backend.query(f"SELECT COUNT(*) FROM {table}")[0][0])  # noqa: S608


def demo_file(run: Run, tmp_path: Path) -> Path:
    path = tmp_path / "laptop.db"
    ok(run("--db", str(path), "demo", "--keep", str(path)))
    return path


# --- URLs -------------------------------------------------------------------------------------


def test_urls_name_a_file_or_a_server_and_anything_else_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert from_url(f"sqlite:///{tmp_path}/a.db", "test") == Location(tmp_path / "a.db", "test")
    assert from_url("postgresql://u@h/db", "t") == ServerLocation("postgresql://u@h/db", "t")
    assert isinstance(from_url("postgresql+psycopg://u@h/db", "t"), ServerLocation)
    for bad, said in [("mysql://u@h/db", "'mysql' URLs are not supported"),
                      ("sqlite://", "needs a file"), ("sqlite:///:memory:", "needs a file"),
                      ("just words", "not a database URL"),
                      ("postgresql+psycopg2://u@h/db", "through psycopg 3, not 'psycopg2'"),
                      ("postgresql+asyncpg://u@h/db", "not 'asyncpg'")]:  # fmt: skip
        with pytest.raises(InvalidInput, match=said):
            from_url(bad, "--database-url")
    with pytest.raises(InvalidInput, match="not both"):
        locate("a.db", "postgresql://u@h/db")
    monkeypatch.setenv("MEDCRM_DATABASE_URL", "postgresql://u@h/db")
    with pytest.raises(DatabaseError, match="Both MEDCRM_DB and MEDCRM_DATABASE_URL are set"):
        locate(None)
    assert locate(str(tmp_path / "x.db")) == Location(tmp_path / "x.db", "--db")  # flag wins
    monkeypatch.delenv("MEDCRM_DB")
    assert locate(None) == ServerLocation("postgresql://u@h/db", "MEDCRM_DATABASE_URL")


def test_a_password_is_masked_wherever_it_is_written() -> None:
    url = "postgresql://ana:s3cr%40t-pw@db.example.edu:5432/medcrm?sslmode=require&password=qq-77"
    shown = mask_url(url)
    assert shown == "postgresql://ana:***@db.example.edu:5432/medcrm?sslmode=require&password=***"
    assert url_secrets(url) == ["s3cr%40t-pw", "s3cr@t-pw", "qq-77"]
    assert mask_url("postgresql://ana@db/medcrm") == "postgresql://ana@db/medcrm"
    # Read as SQLAlchemy reads it: the password runs to the "@", whatever it holds.
    odd = "postgresql://ana:pa/ss?#x@db/medcrm?sslpassword=key-pass&application_name=a"
    assert mask_url(odd) == "postgresql://ana:***@db/medcrm?sslpassword=***&application_name=a"
    assert set(url_secrets(odd)) == {"pa/ss?#x", "key-pass"}


@on_server
def test_the_password_is_never_printed(
    run: Run, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = password(backend)
    outputs = [run("add-contact", "Ana Ruiz"), run("doctor"), run("doctor", "--json"),
               run("init"), run("backup"), run("restore", "x.db")]  # fmt: skip
    wrong = backend.server_url.replace(secret, "not-the-password")
    outputs.append(run("--database-url", wrong, "due"))

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"the driver said something about {backend.server_url}")

    monkeypatch.setattr("medcrm.storage.queries.due_agenda", boom)
    outputs += [run("due"), run("--debug", "due")]
    for result in outputs:
        assert secret not in result.stdout + result.stderr
        assert "not-the-password" not in result.stdout + result.stderr
    assert "medcrm:***@" in outputs[1].stdout and "Traceback" in outputs[-1].stderr
    line = one_line_error(outputs[6])
    assert "password authentication failed" in line and "~/.pgpass or PGPASSWORD" in line


@on_server
def test_an_unreachable_server_is_one_clear_line(run: Run, backend: Backend) -> None:
    url = "postgresql://nobody:pw-123456@127.0.0.1:9/none"  # nothing listens on port 9
    line = one_line_error(run("--database-url", url, "contacts"))
    assert "Can't use the database at postgresql://nobody:***@127.0.0.1:9/none" in line
    assert "pw-123456" not in line
    odd = "postgresql://nobody:pw/123?456@127.0.0.1:9/none"
    for result in (run("--database-url", odd, "contacts"), run("--database-url", odd, "doctor"),
                   run("--debug", "--database-url", odd, "contacts")):  # fmt: skip
        assert "pw/123?456" not in result.stdout + result.stderr
    bad_port = one_line_error(run("--database-url", "postgresql://nobody:pw-1@h:port/x", "due"))
    assert "is not a database URL medcrm can read" in bad_port and "pw-1" not in bad_port


# --- schemas --------------------------------------------------------------------------------


@on_server
def test_init_makes_the_tables_once_and_an_alien_schema_is_left_alone(
    run: Run, backend: Backend
) -> None:
    line = one_line_error(run("contacts"))
    assert "has no medcrm tables yet" in line and not backend.exists()
    assert "Started a new medcrm database at postgresql://medcrm:***@" in ok(run("init"))
    assert "already has medcrm's tables" in one_line_error(run("init"))
    backend.query("DROP TABLE alembic_version")
    before = snapshot(backend)
    assert "so medcrm will not touch it" in one_line_error(run("contacts"))
    assert snapshot(backend) == before


@on_server
def test_a_database_made_by_a_newer_medcrm_is_refused(run: Run, backend: Backend) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    backend.query("UPDATE alembic_version SET version_num = '9999'")
    before = snapshot(backend)
    assert "written by a newer medcrm (schema 9999)" in one_line_error(run("contacts"))
    assert snapshot(backend) == before


@on_server
def test_other_tables_in_the_database_are_no_obstacle(run: Run, backend: Backend) -> None:
    backend.query("CREATE TABLE their_notes (x text)")
    ok(run("add-contact", "Ana Ruiz"))
    assert "their_notes" in server_tables(backend.server_url)


@on_server
def test_another_applications_alembic_table_is_left_alone(run: Run, backend: Backend) -> None:
    backend.query("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
    backend.query("INSERT INTO alembic_version VALUES ('their-rev')")
    before = snapshot(backend)
    for args in (["add-contact", "Ana Ruiz"], ["init"], ["contacts"]):
        assert "another application's alembic_version" in one_line_error(run(*args))
    assert snapshot(backend) == before


@on_server
def test_an_older_server_schema_is_upgraded_keeping_every_row(run: Run, backend: Backend) -> None:
    from alembic import command

    from medcrm.pure.text import name_key
    from medcrm.storage.migrate import alembic_config
    from medcrm.storage.server import engine_for

    engine = engine_for(backend.server_url)
    with engine.connect() as conn, conn.begin():
        command.upgrade(alembic_config(conn), revisions.REVISIONS[0])
    engine.dispose()
    backend.query(
        "INSERT INTO contact (id, name, name_key, role, added) VALUES (1, 'Dr. Ana Ruiz', :key, "
        "'attending', '2026-01-05')",
        {"key": name_key("Dr. Ana Ruiz")},
    )
    backend.query("INSERT INTO follow_up (contact_id, title, due, created) "
                  "VALUES (1, 'Thank-you note', '2026-01-06', '2026-01-05')")  # fmt: skip
    assert complete_contact("an") == []  # a key press never upgrades
    assert backend.query("SELECT version_num FROM alembic_version")[0][0] == revisions.REVISIONS[0]
    result = run("contacts", "--json")
    assert f"from schema {revisions.REVISIONS[0]}" in result.stderr
    assert [c["name"] for c in json.loads(ok(result))] == ["Dr. Ana Ruiz"]
    assert backend.query("SELECT version_num FROM alembic_version")[0][0] == revisions.HEAD
    assert backend.query("SELECT title FROM follow_up")[0][0] == "Thank-you note"
    assert "Ana" in ok(run("show", "ruiz")) and "Thank-you note" in ok(run("follow-ups"))


def test_the_migrations_build_exactly_the_models(backend: Backend) -> None:
    """On both backends: the schema the migrations make is the one the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from medcrm.storage import substring
    from medcrm.storage.store import Database

    opened = backend.open()
    engine = opened.engine if backend.is_server else None  # type: ignore[attr-defined]
    if engine is None:
        from medcrm.storage.db import make_engine

        assert isinstance(opened, Database)
        engine = make_engine(opened.path)
    with engine.connect() as conn:
        # The search indexes are made by SQL of their own (FTS5 tables on SQLite), not models.
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _: (
                    not (name or "").startswith("search_index") and name not in substring.NAMES
                ),
            },
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


# --- several clients --------------------------------------------------------------------------

WORKER = """
import sys, io, contextlib
from medcrm.cli import app

me = f"Worker {sys.argv[1]}"
codes, errors = [], []
commands = [["add-contact", me]] + [
    ["log", me, "--kind", "call", "--note", f"n{n}"] if n % 2 == 0
    else ["follow-up", me, f"f{n}", "--due", "tomorrow"]
    for n in range(20)
]
for args in commands:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        codes.append(app(args, prog_name="medcrm", standalone_mode=False))
    errors.append(err.getvalue())
print(sum(1 for c in codes if c != 0), repr("".join(errors)[:300]))
"""


@on_server
def test_eight_clients_at_once_on_an_empty_server_all_land(
    tmp_path: Path, backend: Backend
) -> None:
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(w)], env=env, stdout=subprocess.PIPE, text=True
        )
        for w in range(8)
    ]
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert all(out.startswith("0 ") for out in outputs), outputs  # every command succeeded
    # the first use made the schema once; nobody's writes were lost or doubled
    assert count(backend, "contact") == 8
    assert count(backend, "interaction") == 8 * 10 and count(backend, "follow_up") == 8 * 10
    assert backend.query("SELECT version_num FROM alembic_version") == [(revisions.HEAD,)]


@on_server
def test_an_import_killed_half_way_leaves_the_server_before_or_after(
    run: Run, backend: Backend, tmp_path: Path
) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    source = tmp_path / "connections.csv"
    rows = [
        f"Person,Number {n},,p{n}@example.edu,Riverside,Resident,1 Mar 2024" for n in range(3000)
    ]
    source.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                      + "\n".join(rows) + "\n", encoding="utf-8")  # fmt: skip
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path)}
    for delay in (0.5, 1.5, 2.5):
        proc = subprocess.Popen([str(BIN / "medcrm"), "import", "linkedin", str(source)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(0.2)  # the server notices the dropped connection and rolls back
        assert count(backend, "contact") in (1, 3001)
        if count(backend, "contact") == 3001:
            break
    ok(run("add-contact", "After The Kill"))  # nothing was left locked


# --- backup and restore ---------------------------------------------------------------------


@on_server
def test_a_backup_is_a_json_export_that_restores_into_an_empty_database(
    run: Run, backend: Backend, tmp_path: Path
) -> None:
    laptop = demo_file(run, tmp_path)
    ok(run("--db", str(laptop), "export", "json", "--output", str(tmp_path / "demo.json")))
    ok(run("import", "json", str(tmp_path / "demo.json")))  # a restore: not in the change log
    ok(run("add-contact", "Wen Adeyemi", "--role", "peer"))  # this is
    before = ok(run("export", "json"))
    result = run("backup")
    assert "as a JSON export to" in ok(result)
    [made] = list((tmp_path / "home" / ".config" / "medcrm").glob("medcrm_test-backup-*.json"))
    saved = json.loads(made.read_text(encoding="utf-8"))
    assert [c["command"] for c in saved.pop("changes")] == ["add-contact"]  # and the change log
    assert saved.pop("change_rows")
    assert saved == json.loads(before)
    assert os.stat(made).st_mode & 0o077 == 0
    chosen = tmp_path / "before-match-day.json"
    ok(run("backup", str(chosen)))
    assert one_line_error(run("backup", str(chosen)))  # never over an existing file
    ok(run("add-contact", "Added After The Backup"))
    assert "Restored" in ok(run("restore", str(made), "--yes"))
    assert ok(run("export", "json")) == before  # exactly the backup, in one transaction
    empty_server(backend.server_url)
    ok(run("import", "json", str(made)))
    assert ok(run("export", "json")) == before
    assert "Added #" in ok(run("add-contact", "Someone New"))  # the ids carry on after a restore


# --- migrate-to -------------------------------------------------------------------------------


@on_server
def test_migrate_to_copies_everything_in_one_verified_transaction(
    run: Run, backend: Backend, tmp_path: Path
) -> None:
    laptop = demo_file(run, tmp_path)
    untouched = digest(laptop)
    out = ok(run("--db", str(laptop), "migrate-to", backend.server_url))
    assert "Verified" in out and "medcrm:***@" in out and password(backend) not in out
    assert digest(laptop) == untouched
    assert ok(run("export", "json")) == ok(run("--db", str(laptop), "export", "json"))
    assert ok(run("due", "--json")) == ok(run("--db", str(laptop), "due", "--json"))
    contacts = json.loads(ok(run("contacts", "--json", "--limit", "0")))
    added = ok(run("add-contact", "Someone New"))
    assert f"#{max(c['id'] for c in contacts) + 1} " in added  # sequences follow the copied ids
    before = snapshot(backend)
    again = one_line_error(run("--db", str(laptop), "migrate-to", backend.server_url))
    assert "already has a medcrm database" in again and snapshot(backend) == before


@on_server
def test_a_copy_that_does_not_verify_leaves_the_server_empty(
    run: Run, backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medcrm.services import moving
    from medcrm.storage.db import SessionReader

    laptop = demo_file(run, tmp_path)
    real = moving.json_chunks  # type: ignore[attr-defined]

    def drifting(reader: Any) -> Iterator[str]:  # the copy's export reads a name wrong
        for piece in real(reader):
            yield (
                piece.replace('"name": "', '"name": "X')
                if isinstance(reader, SessionReader)
                else piece
            )

    monkeypatch.setattr(moving, "json_chunks", drifting)
    line = one_line_error(run("--db", str(laptop), "migrate-to", backend.server_url))
    assert "differs from the original's (at line 6)" in line and "nothing was copied" in line
    assert server_tables(backend.server_url) == []  # not even the schema


@on_server
def test_migrate_to_reads_an_older_file_without_upgrading_it(
    run: Run, backend: Backend, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    shutil.copy(DATA / "medcrm-0001.db", old)
    untouched = digest(old)
    ok(run("--db", str(old), "migrate-to", backend.server_url))
    assert digest(old) == untouched
    assert list(old.parent.glob("*backup*")) == []  # not even a pre-upgrade backup
    assert count(backend, "contact") > 0


@on_server
def test_migrate_to_refuses_what_it_cannot_do(run: Run, backend: Backend, tmp_path: Path) -> None:
    laptop = demo_file(run, tmp_path)
    assert "copies to a PostgreSQL server" in one_line_error(
        run("--db", str(laptop), "migrate-to", f"sqlite:///{tmp_path}/other.db")
    )
    assert "name the file with --db PATH" in one_line_error(run("migrate-to", backend.server_url))
    line = one_line_error(
        run("--db", str(laptop), "migrate-to", "postgresql://nobody:pw-123456@127.0.0.1:9/x")
    )
    assert "Can't use the database at postgresql://nobody:***@" in line
    debug = run("--debug", "--db", str(laptop), "migrate-to", "postgresql://nobody:pw-123456@h:9/x")
    assert debug.exit_code == 1 and "pw-123456" not in debug.stdout + debug.stderr
    assert "There is no medcrm database" in one_line_error(
        run("--db", str(tmp_path / "missing.db"), "migrate-to", backend.server_url)
    )
    assert server_tables(backend.server_url) == []


@on_server
def test_reads_share_the_schema_checks_connection_and_writes_make_one(
    run: Run, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The schema check and the reads share libpq's connection; the writes (SQLAlchemy on
    psycopg) make one connection, at the first write, and keep it."""
    import psycopg

    from medcrm.storage.light import LibpqReader, LightServerDatabase

    ok(run("add-contact", "Ana Ruiz"))
    db = backend.open()
    assert isinstance(db, LightServerDatabase)
    made: list[object] = []
    real_connect = psycopg.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(psycopg, "connect", connect)
    with db.read() as reader:
        assert isinstance(reader, LibpqReader)
        assert reader.rows("SELECT COUNT(*) AS n FROM contact") == [{"n": 1}]
    assert made == []
    with db.writer() as writer:
        writer.run("UPDATE contact SET notes = 'x'")
    with db.read() as reader:  # a read after a write sees it
        assert reader.rows("SELECT notes FROM contact") == [{"notes": "x"}]
    with db.writer() as writer:
        writer.run("UPDATE contact SET notes = NULL")
    assert made == [1]


@on_server
def test_libpq_reads_what_psycopg_reads(run: Run, backend: Backend) -> None:
    """Each type the read queries return comes back as psycopg gives it; a type libpq's reader
    does not convert (an array) and a large result are read by psycopg, on the same snapshot:
    a contact added by someone else after the read began is not in it."""
    import psycopg

    from medcrm.storage import libpq
    from medcrm.storage.light import LibpqReader, LightServerDatabase

    ok(run("add-contact", "Ana Ruiz", "--met", "50% of a 'quote'"))
    sql = (
        "SELECT id, name, met, added, mentor, NULL::text AS nothing, ''::text AS empty, "
        "1.5::float8 AS f, 2.25::numeric AS n, now() AS at, now()::timestamp AS local, "
        "'{\"a\": [1]}'::jsonb AS j, 9000000000::int8 AS big FROM contact "
        "WHERE name = :name AND added <= :day AND mentor = :no AND :n + 1 = 2"
    )
    params = {"name": "Ana Ruiz", "day": date(2100, 1, 1), "no": False, "n": 1}
    db = backend.open()
    assert isinstance(db, LightServerDatabase)
    with db.read() as reader:
        assert isinstance(reader, LibpqReader)
        ours = reader.rows(sql, params)
        assert reader.psycopg is None  # all of it through libpq
    with psycopg.connect(backend.server_url) as conn:
        from psycopg.rows import dict_row

        from medcrm.storage.light import psycopg_sql

        theirs = conn.cursor(row_factory=dict_row).execute(psycopg_sql(sql), params).fetchall()
    assert [{k: v for k, v in r.items() if k not in ("at", "local")} for r in ours] == [
        {k: v for k, v in r.items() if k not in ("at", "local")} for r in theirs
    ]
    assert [(type(r["at"]), type(r["local"]), r["at"].tzinfo is None) for r in ours] == [
        (type(r["at"]), type(r["local"]), r["at"].tzinfo is None) for r in theirs
    ]
    with db.read() as reader:
        assert isinstance(reader, LibpqReader)
        assert reader.rows("SELECT COUNT(*) AS n FROM contact") == [{"n": 1}]
        ok(run("add-contact", "Ben Okafor"))  # another client, after this read began
        assert reader.rows("SELECT ARRAY[1, 2] AS a") == [{"a": [1, 2]}]
        assert reader.psycopg is not None  # handed over...
        assert reader.rows("SELECT COUNT(*) AS n FROM contact") == [{"n": 1}]  # ...same snapshot
    with db.read() as reader:  # a new read: a new snapshot
        assert reader.rows("SELECT COUNT(*) AS n FROM contact") == [{"n": 2}]
    db.close()
    db = backend.open()
    old = libpq.LARGE
    try:
        libpq.LARGE = 1
        with db.read() as reader:
            assert [r["name"] for r in reader.rows("SELECT name FROM contact ORDER BY id")] == [
                "Ana Ruiz", "Ben Okafor"
            ]  # fmt: skip
            assert isinstance(reader, LibpqReader) and reader.psycopg is not None
    finally:
        libpq.LARGE = old
        db.close()


@on_server
def test_without_libpq_reads_go_through_psycopg(
    run: Run, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medcrm.storage import libpq
    from medcrm.storage.light import LightReader

    ok(run("add-contact", "Ana Ruiz"))
    monkeypatch.setattr(libpq, "library", lambda: None)
    db = backend.open()
    with db.read() as reader:
        assert isinstance(reader, LightReader)
        assert reader.rows("SELECT name FROM contact") == [{"name": "Ana Ruiz"}]
    db.close()
    assert "Ana Ruiz" in ok(run("contacts"))


@on_server
def test_reads_on_a_server_load_no_orm(run: Run, backend: Backend) -> None:
    """A read command on a server at the current schema runs on psycopg alone."""
    from .test_startup import probe

    ok(run("add-contact", "Ana Ruiz", "--every", "1m"))
    ok(run("log", "ana", "-f", "Send thank-you", "--due", "tomorrow"))
    url = ["--database-url", backend.server_url]
    for args in (["due"], ["contacts"], ["show", "ana"], ["follow-ups", "--json"], ["history"]):
        heavy, code, stdout = probe([*url, *args])
        assert code in ("0", "None") and stdout
        assert not {"sqlalchemy", "sqlmodel", "pydantic"} & set(heavy), (args, heavy)
    # ...nor psycopg: libpq itself (psycopg's import alone was 0.15 s of each read)
    code = (
        "import sys; from medcrm.cli import app\ntry: app(sys.argv[1:])\nexcept SystemExit: pass\n"
    )
    code += "print('psycopg' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code, *url, "due"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert done.stdout.strip().endswith("False"), done.stdout
    heavy, code, _ = probe([*url, "done", "1"])  # a write: SQLAlchemy, then
    assert code in ("0", "None") and "sqlalchemy" in heavy
    listed = json.loads(ok(run("follow-ups", "--all", "--json")))
    assert [f["done"] is not None for f in listed] == [True]


@pytest.mark.parametrize(
    ("url", "light"),
    [("postgresql://u:pw@127.0.0.1:5432/db", True), ("postgres://u@h/db", True),
     ("postgresql+psycopg://u@[::1]:5432/db", True), ("postgresql:///db?host=/tmp", True),
     ("postgresql://u:sp ace@h/db", False), ("postgresql://u:p%40ss@h/db", False),
     ("postgresql://u:pw/1?2@h/db", False), ("postgresql://u@h:port/db", False),
     ("postgresql://u@h1:1,h2:2/db", False), ("postgresql+psycopg2://u@h/db", False)],
)  # fmt: skip
def test_the_light_path_takes_only_urls_libpq_reads_as_sqlalchemy_does(
    url: str, light: bool
) -> None:
    """Anything libpq might read otherwise (a space or "%" in the password, several hosts, a
    port that is no number, another driver) goes the full way, which says what is wrong."""
    from medcrm.storage.light import libpq_url

    assert (libpq_url(url) is not None) == light


# --- completion ---------------------------------------------------------------------------------


@on_server
def test_names_complete_from_the_server(run: Run, backend: Backend) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    ok(run("add-contact", "Andrés Okafor"))
    assert complete_contact("an") == ["ana Ruiz", "andrés Okafor"]
