"""Capture and find faster (issue 17): dates as people type them, past due dates, several ids at
once. On SQLite and on PostgreSQL; all people are fictional."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import Run, ok, refused


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


@pytest.fixture
def network(run: Run) -> Run:
    ok(run("add-contact", "Ana Ruiz", "--role", "attending"))
    ok(run("add-contact", "Sam Okafor", "--role", "resident"))
    return run


def test_a_due_date_in_the_past_is_kept_and_called_overdue(network: Run) -> None:
    last_week = (date.today() - timedelta(days=7)).isoformat()
    line = ok(network("follow-up", "ruiz", "Send the thank-you I promised", "--due", last_week))
    assert "already overdue" in line
    [f] = as_json(network("follow-ups", "--json"))
    assert f["due"] == last_week
    agenda = as_json(network("due", "--json"))
    assert [x["title"] for x in agenda["overdue"]] == ["Send the thank-you I promised"]


def test_dates_as_people_type_them(network: Run) -> None:
    today = date.today()
    ok(network("follow-up", "ruiz", "A", "--due", "tmrw"))
    ok(network("follow-up", "ruiz", "B", "--due", "3d"))
    ok(network("follow-up", "ruiz", "C", "--due", "next week"))
    dues = {f["title"]: f["due"] for f in as_json(network("follow-ups", "--json"))}
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    assert dues == {
        "A": (today + timedelta(days=1)).isoformat(),
        "B": (today + timedelta(days=3)).isoformat(),
        "C": monday.isoformat(),
    }
    ok(network("log", "okafor", "-d", "3d"))  # a log leans back: three days ago
    [logged] = as_json(network("history", "okafor", "--json"))
    assert logged["date"] == (today - timedelta(days=3)).isoformat()


def test_a_date_that_cannot_be_read_gets_examples_for_that_option(network: Run) -> None:
    due = refused(network("follow-up", "ruiz", "x", "--due", "someday"))
    assert "Try tomorrow" in due and "ago" not in due
    logged = refused(network("log", "ruiz", "-d", "someday"))
    assert "yesterday" in logged and "in 2 weeks" not in logged
    ok(network("follow-up", "ruiz", "Send the poster", "--due", "fri"))
    assert "--by" in refused(network("snooze", "1", "--until", "2020-01-01"))
