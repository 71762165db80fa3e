"""Every test runs against its own temporary database; nothing touches a real home directory."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from medcrm.cli import app
from medcrm.cli.app import _state
from medcrm.store import Database, Location

TODAY = date(2026, 11, 22)  # a Sunday; service tests pass it explicitly


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MEDCRM_DB points into tmp_path, HOME too; the terminal is 120 columns, no colour."""
    db = tmp_path / "medcrm.db"
    monkeypatch.setenv("MEDCRM_DB", str(db))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("MEDCRM_DEBUG", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    _state.db = None
    _state.debug = False
    return db


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Invoke the CLI in-process: ``run("due", "--json")``; stdout and stderr kept apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, prog_name="medcrm")

    return invoke


@pytest.fixture
def db(tmp_path: Path) -> Database:
    """A fresh database for service tests."""
    return Database.open(Location(tmp_path / "service.db", "test"))


def snapshot(path: Path) -> str:
    """Every row and every schema object of the database, as SQL text."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
