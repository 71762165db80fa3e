"""Every test runs against its own temporary database; nothing touches a real home directory.

Tests that use a database (through the ``run``, ``db`` or ``backend`` fixtures) run twice: on
SQLite, the embedded default, and on PostgreSQL. The PostgreSQL half needs a throwaway server
named by ``MEDCRM_TEST_POSTGRES_URL`` (``eval "$(bash .ci/postgres.sh start)"`` starts one);
without it those tests are skipped, and the summary ends with one line saying how many and
why, never passed. CI sets ``MEDCRM_TEST_POSTGRES_REQUIRED=1``, which turns a missing server into a
failure. A test marked ``sqlite_only`` is about the file itself (permissions, backups of the
file, SQLite's pragmas) and runs once.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from medcrm.cli import app
from medcrm.cli.app import _state
from medcrm.services.contacts import AddResult
from medcrm.storage.connection import Writer
from medcrm.storage.location import Location, ServerLocation
from medcrm.storage.store import Database, Opened, open_database

TODAY = date(2026, 11, 22)  # a Sunday; service tests pass it explicitly
POSTGRES_ENV = "MEDCRM_TEST_POSTGRES_URL"
REQUIRED_ENV = "MEDCRM_TEST_POSTGRES_REQUIRED"
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about the SQLite file itself; runs on SQLite only"
    )
    config.addinivalue_line(
        "markers", "postgresql_only: about what only a server has; runs on PostgreSQL only"
    )
    config.addinivalue_line(
        "markers", "slow: runs for a minute or more (the chaos test); -m 'not slow' skips it"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        backends: tuple[str, ...] = BACKENDS
        if metafunc.definition.get_closest_marker("sqlite_only"):
            backends = ("sqlite",)
        elif metafunc.definition.get_closest_marker("postgresql_only"):
            backends = ("postgresql",)
        metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MEDCRM_DB points into tmp_path, HOME too; the terminal is 120 columns, no colour."""
    db = tmp_path / "medcrm.db"
    monkeypatch.setenv("MEDCRM_DB", str(db))
    monkeypatch.delenv("MEDCRM_DATABASE_URL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("MEDCRM_DEBUG", raising=False)
    monkeypatch.setenv("MEDCRM_WIDE", "")  # --wide sets it for the rest of a run
    monkeypatch.setenv("MEDCRM_PAGER", "")  # no pager (--no-pager empties it too)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    _state.db = None
    _state.database_url = None
    _state.debug = False
    _state.other_urls.clear()
    return db


@dataclass
class Backend:
    """The database a test's commands use: a file, or an emptied database on the server."""

    name: str
    path: Path | None = None
    url: str | None = None
    opened: list[Opened] = field(default_factory=list)

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def server_url(self) -> str:
        assert self.url is not None, "a server test on SQLite"
        return self.url

    def location(self) -> Location | ServerLocation:
        if self.url is not None:
            return ServerLocation(self.url, "test")
        assert self.path is not None
        return Location(self.path, "test")

    def open(self, *, create: bool = True) -> Opened:
        opened = open_database(self.location(), create=create)
        if self.url is not None:
            self.opened.append(opened)  # a server's pooled connection, closed after the test
        return opened

    def exists(self) -> bool:
        """Is there a medcrm database (a file; medcrm's tables on the server)?"""
        if self.url is None:
            assert self.path is not None
            return self.path.exists()
        return "alembic_version" in server_tables(self.url)

    def query(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run SQL directly, as another tool would (committed at once)."""
        if self.url is None:
            assert self.path is not None
            conn = sqlite3.connect(self.path)
            try:
                with conn:
                    return list(conn.execute(sql, params or {}).fetchall())
            finally:
                conn.close()
        from sqlalchemy import text

        engine = server_engine(self.url)
        with engine.begin() as conn:
            result = conn.execute(text(sql), params or {})
            return [tuple(r) for r in result.fetchall()] if result.returns_rows else []

    def snapshot(self) -> str:
        return snapshot(self)


_ENGINES: dict[str, Any] = {}


def server_engine(url: str) -> Any:
    if url not in _ENGINES:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        _ENGINES[url] = create_engine(
            url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=NullPool
        )
    return _ENGINES[url]


def server_tables(url: str) -> list[str]:
    from sqlalchemy import inspect

    with server_engine(url).connect() as conn:
        return sorted(inspect(conn).get_table_names())


_SERVER: dict[str, str | None] = {}


def postgres_url() -> str:
    """The throwaway server's URL, or a skip (a failure in CI) saying why there is none."""
    if "url" not in _SERVER:
        _SERVER["url"], _SERVER["why"] = _probe()
    url = _SERVER["url"]
    if url is None:
        why = f"PostgreSQL half skipped: {_SERVER['why']}"
        if os.environ.get(REQUIRED_ENV):
            pytest.fail(why + f" ({REQUIRED_ENV} is set)", pytrace=False)
        pytest.skip(why)
    return url


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Every skip with its reason: one line per reason (the PostgreSQL half is one line)."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, n in reasons.items():
        terminalreporter.write_line(f"SKIPPED {n} test{'s' * (n != 1)}: {reason}", yellow=True)


def _probe() -> tuple[str | None, str | None]:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        return None, (
            f'no server ({POSTGRES_ENV} is not set; eval "$(bash .ci/postgres.sh start)" '
            "starts a throwaway one)"
        )
    from sqlalchemy.engine import make_url

    try:
        database = make_url(url).database or ""
    except Exception as exc:  # a URL SQLAlchemy cannot read
        return None, f"{POSTGRES_ENV} is not a database URL ({type(exc).__name__})"
    if "test" not in database:
        # Every test empties the database: never one that might hold someone's network.
        return None, (
            f"{POSTGRES_ENV} names the database {database!r}; the tests empty it before each "
            "test, so they only use a database whose name contains 'test'"
        )
    try:
        server_tables(url)
    except Exception as exc:  # any reason the server can't be used
        from medcrm.storage.location import mask_url

        first = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""]
        return None, (
            f"the server at {mask_url(url)} can't be used: {type(exc).__name__}: "
            f"{mask_url(first[0])}"
        )
    return url, None


def empty_server(url: str) -> None:
    """Drop everything in the test database's public schema: the next test starts empty."""
    from sqlalchemy import text

    with server_engine(url).begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def backend(
    request: pytest.FixtureRequest, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Backend]:
    """The database under test, chosen by the test's parameter (see pytest_generate_tests)."""
    if request.param == "sqlite":
        yield Backend("sqlite", path=isolated)
        return
    url = postgres_url()
    empty_server(url)
    monkeypatch.delenv("MEDCRM_DB")
    monkeypatch.setenv("MEDCRM_DATABASE_URL", url)
    server = Backend("postgresql", url=url)
    yield server
    for opened in server.opened:
        opened.close()


Run = Callable[..., Result]


@pytest.fixture
def run(backend: Backend) -> Run:
    """Invoke the CLI in-process: ``run("due", "--json")``; stdout and stderr kept apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, prog_name="medcrm")

    return invoke


@pytest.fixture
def db(backend: Backend, tmp_path: Path) -> Opened:
    """A fresh database for service tests."""
    if backend.is_server:
        return backend.open()
    return Database.open(Location(tmp_path / "service.db", "test"))


BIN = Path(sys.executable).parent  # where the installed ``medcrm`` command is


def env_for(db: Path, home: Path) -> dict[str, str]:
    """The environment of a ``medcrm`` subprocess on the database file ``db``."""
    return {
        **os.environ,
        "MEDCRM_DB": str(db),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }


def snapshot(target: Path | Backend | Opened) -> str:
    """Every row (and, for a file, every schema object) of the database, as text."""
    if isinstance(target, Backend):
        path, url = target.path, target.url
    elif isinstance(target, Path):
        path, url = target, None
    else:
        path = getattr(target, "path", None)
        url = None if path is not None else target.location.url  # type: ignore[attr-defined]
    if url is None:
        assert path is not None
        conn = sqlite3.connect(path)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()
    from sqlalchemy import text

    lines = []
    with server_engine(url).connect() as conn:
        for table in server_tables(url):
            lines.append(f"-- {table}")
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).fetchall()  # noqa: S608
            lines += sorted(repr(tuple(r)) for r in rows)
    return "\n".join(lines)


def ok(result: Result) -> str:
    """The command's stdout, once it is known that it succeeded."""
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def refused(result: Result) -> str:
    """The one line a refused command printed on stderr (exit code 1)."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def added(db: Writer, *, tags: list[str] | None = None, **given: Any) -> AddResult:
    """services.contacts.add_contact with the contact's fields as keywords too (role=...)."""
    from medcrm.services.contacts import ContactFields, add_contact

    name, today = given.pop("name"), given.pop("today")
    return add_contact(db, name=name, today=today, fields=ContactFields(**given), tags=tags)
