"""The daily queries reach every table through an index: no full scans, whatever the size."""

from __future__ import annotations

import re

import pytest

from medcrm.storage import queries as views
from medcrm.storage.connection import Params, Reader, Row
from medcrm.storage.store import Database

from .conftest import TODAY

# About the SQLite file itself (or the CLI without a database): runs once, on SQLite.
pytestmark = pytest.mark.sqlite_only

# A SCAN is acceptable only over a partial index of few rows (open follow-ups, mentors)
# or along the name index under a LIMIT (a page of contacts).
FULL_SCAN = re.compile(
    r"^SCAN (?!follow_up USING INDEX ix_follow_up_open_due)"
    r"(?!\w+ USING (?:COVERING )?INDEX ix_contact_mentor)"
    r"(?!c USING INDEX ix_contact_name_key)\w+"
)


class PlanRecorder:
    """A Reader that also asks SQLite how it would run each query."""

    dialect = "sqlite"

    def __init__(self, inner: Reader) -> None:
        self.inner = inner
        self.plans: list[tuple[str, list[str]]] = []

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        plan = self.inner.rows("EXPLAIN QUERY PLAN " + sql, params)
        self.plans.append((sql, [str(p["detail"]) for p in plan]))
        return self.inner.rows(sql, params)


def full_scans(recorder: PlanRecorder) -> list[tuple[str, str]]:
    return [(sql, line) for sql, plan in recorder.plans for line in plan if FULL_SCAN.match(line)]


def test_due_uses_indexes_only(db: Database) -> None:
    with db.read() as reader:
        recorder = PlanRecorder(reader)
        views.due_agenda(recorder, today=TODAY, days=7, limit=10)
    assert len(recorder.plans) >= 2
    assert full_scans(recorder) == []


def test_the_agenda_cut_to_a_limit_uses_indexes_only(db: Database) -> None:
    from medcrm.services.reports import day_by_day

    with db.read() as reader:
        recorder = PlanRecorder(reader)
        day_by_day(recorder, today=TODAY, days=14, limit=1)
    assert any("GROUP BY f.due" in sql for sql, _ in recorder.plans)
    # The follow-ups' queries, that is (the few rotations are read whole, as before).
    assert [scan for scan in full_scans(recorder) if "FROM follow_up" in scan[0]] == []


def test_a_page_of_contacts_and_a_contact_page_use_indexes_only(db: Database) -> None:
    with db.read() as reader:
        recorder = PlanRecorder(reader)
        views.list_contacts(recorder, limit=50)
        views.list_contacts(recorder, lapsed_on=TODAY, limit=10)
        views.list_follow_ups(recorder, contact_id=1)
        views.history(recorder, contact_id=1)
    assert full_scans(recorder) == []


def test_the_pattern_does_catch_a_full_scan(db: Database) -> None:
    with db.read() as reader:
        recorder = PlanRecorder(reader)
        recorder.rows("SELECT * FROM interaction WHERE note LIKE '%x%'")
    assert len(full_scans(recorder)) == 1
