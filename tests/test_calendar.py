"""import ics (issue 19): a calendar's past meetings logged with the contacts in them. On
SQLite and on PostgreSQL; all people are fictional."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import Backend, Run, ok, refused, snapshot

CALENDAR = Path(__file__).parent / "data" / "import" / "google-calendar.ics"


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


@pytest.fixture
def people(run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("MEDCRM_TODAY", "2026-12-02T09:00")
    ok(run("add-contact", "Dr. Ana Ruiz", "--email", "Ana.Ruiz@example.edu"))
    ok(run("add-contact", "Sam Okafor", "--email", "sam.okafor@other.example.org"))
    ok(run("rotations", "add", "IM clerkship", "--start", "2026-10-01", "--end", "2026-12-20"))
    return run


def test_past_meetings_are_logged_with_everyone_known_in_them(people: Run) -> None:
    result = as_json(people("import", "ics", str(CALENDAR), "--since", "2026-09-01", "--json"))
    created = result["created"]
    assert len(created) == 9, created  # office hours, 7 weekly meetings over by now, shadowing
    assert result["other"]["without contacts"] == 2  # grand rounds, the holiday
    assert result["other"]["not yet over"] == 1  # the office hours of 10 Dec
    logged = as_json(people("history", "--json", "--limit", "500"))
    by_day = {(i["date"], i["kind"]): i for i in logged}
    office = by_day[("2026-11-05", "office-hours")]
    assert office["contacts"] == ["Dr. Ana Ruiz"]
    assert office["rotation"] == "IM clerkship"
    assert ("2026-10-14", "meeting") not in by_day  # cut by EXDATE
    moved = by_day[("2026-10-22", "meeting")]  # 21 Oct moved to the 22nd, Sam only
    assert moved["contacts"] == ["Sam Okafor"]
    weekly = by_day[("2026-10-28", "meeting")]
    assert sorted(weekly["contacts"]) == ["Dr. Ana Ruiz", "Sam Okafor"]
    assert by_day[("2026-11-10", "shadowing")]["note"] == "Shadowing in cardiology clinic"
    assert not any(i["date"] == "2026-06-10" for i in logged)  # before --since


def test_importing_again_logs_nothing_twice_even_with_a_title_edited(
    people: Run, tmp_path: Path
) -> None:
    ok(people("import", "ics", str(CALENDAR), "--since", "2026-09-01"))
    count = len(as_json(people("history", "--json", "--limit", "500")))
    edited = tmp_path / "edited.ics"
    edited.write_text(CALENDAR.read_text(encoding="utf-8").replace(
        "SUMMARY:Office Hours with Dr. Ruiz", "SUMMARY:Office hours (room changed)"
    ), encoding="utf-8")  # fmt: skip
    again = as_json(people("import", "ics", str(edited), "--since", "2026-09-01", "--json"))
    assert again["created"] == [] and again["other"]["already logged"] == 9
    assert len(as_json(people("history", "--json", "--limit", "500"))) == count


def test_the_window_defaults_to_90_days(people: Run) -> None:
    result = as_json(people("import", "ics", str(CALENDAR), "--json"))
    days = {i["date"] for i in as_json(people("history", "--json", "--limit", "500"))}
    assert min(days) >= "2026-09-03" and "2026-06-10" not in days
    assert len(result["created"]) == 9


def test_a_dry_run_and_bad_files_change_nothing(
    people: Run, backend: Backend, tmp_path: Path
) -> None:
    before = snapshot(backend)
    line = ok(people("import", "ics", str(CALENDAR), "--since", "2026-09-01", "--dry-run"))
    assert line.startswith(f"Would import {CALENDAR}: 9 created")
    assert snapshot(backend) == before
    junk = tmp_path / "junk.ics"
    junk.write_text("this is no calendar", encoding="utf-8")
    assert "not an iCalendar file" in refused(people("import", "ics", str(junk)))
    assert "There is no file" in refused(people("import", "ics", str(tmp_path / "none.ics")))
    assert snapshot(backend) == before


def test_a_broken_event_is_listed_and_a_second_email_matches(people: Run, tmp_path: Path) -> None:
    ok(people("edit", "okafor", "--email", "sam.okafor@other.example.org"))
    calendar = tmp_path / "mixed.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:good\r\n"
        "DTSTART:20261119T150000Z\r\nDTEND:20261119T160000Z\r\nSUMMARY:ECG teaching\r\n"
        "ATTENDEE:mailto:ana.ruiz@example.edu\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:bad\r\n"
        "DTSTART:2026XX19\r\nSUMMARY:bad\r\nATTENDEE:mailto:ana.ruiz@example.edu\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    result = as_json(people("import", "ics", str(calendar), "--since", "2026-11-01", "--json"))
    assert len(result["created"]) == 1
    assert [r["where"] for r in result["rejected"]] == ["bad"]
    assert "in the future" in refused(
        people("import", "ics", str(calendar), "--since", "next week")
    )
