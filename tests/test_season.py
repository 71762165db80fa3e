"""The application season (issue 18, second part): the season's deadlines, ERAS letter fields,
no contact after an interview when a program asks for none, the programs CSV and the demo's
season. On SQLite and on PostgreSQL; all people and programs are fictional."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import Backend, Run, ok, refused, snapshot


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


def in_days(n: int) -> str:
    return (date.today() + timedelta(days=n)).isoformat()


@pytest.fixture
def season(run: Run) -> Run:
    ok(run("add-contact", "Dr. Ana Ruiz", "--role", "attending"))
    ok(run("add-contact", "Sam Okafor", "--role", "resident"))
    ok(run("programs", "add", "Riverside IM"))
    return run


def test_a_deadline_shows_in_due_agenda_and_the_calendar_until_it_is_done(season: Run) -> None:
    line = ok(season("programs", "deadline", "ERAS submit", in_days(3)))
    assert line.startswith("Deadline D1 ERAS submit: due ")
    ok(season("programs", "deadline", "Second-look sign-up", in_days(5), "--program", "riverside"))
    ok(season("programs", "deadline", "Rank list certify", in_days(80)))
    due = as_json(season("due", "--json"))
    assert [(d["id"], d["title"], d["program"]) for d in due["deadlines"]] == [
        (1, "ERAS submit", None), (2, "Second-look sign-up", "Riverside IM")
    ]  # fmt: skip
    assert due["counts"]["deadlines"] == 2
    screen = ok(season("due"))
    assert "Season deadlines (2)" in screen and "Second-look sign-up (Riverside IM)" in screen
    days = as_json(season("agenda", "--json"))["schedule"]
    assert [(d["date"], [x["title"] for x in d["deadlines"]]) for d in days if d["deadlines"]] == [
        (in_days(3), ["ERAS submit"]), (in_days(5), ["Second-look sign-up"])
    ]  # fmt: skip
    assert "⚑ deadline: ERAS submit" in ok(season("agenda"))
    ics = ok(season("export", "ics"))
    assert "UID:deadline-3@medcrm" in ics and "SUMMARY:Deadline: Rank list certify" in ics
    assert ok(season("programs", "deadline-done", "D1")) == "Done: D1 ERAS submit.\n"
    assert [d["id"] for d in as_json(season("due", "--json"))["deadlines"]] == [2]
    assert "deadline-1@" not in ok(season("export", "ics"))
    listed = as_json(season("programs", "deadlines", "--json"))
    assert [d["id"] for d in listed] == [2, 3]
    every = as_json(season("programs", "deadlines", "--all", "--json"))
    assert next((d["id"], d["done"]) for d in every) == (1, date.today().isoformat())
    assert "(done " in ok(season("programs", "deadlines", "--all"))
    assert "already marked done" in refused(season("programs", "deadline-done", "1"))


def test_a_passed_deadline_stays_in_agenda_until_done(season: Run, backend: Backend) -> None:
    ok(season("programs", "deadline", "Secondary essay", in_days(1)))
    backend.query("UPDATE deadline SET due = :d", {"d": date.today() - timedelta(days=2)})
    agenda = as_json(season("agenda", "--json"))
    assert [d["title"] for d in agenda["deadlines_passed"]] == ["Secondary essay"]
    assert "Season deadlines, 1 passed (1)" in ok(season("agenda"))
    assert "Season deadlines, 1 passed (1)" in ok(season("due"))


def test_bad_deadlines_change_nothing(season: Run, backend: Backend) -> None:
    before = snapshot(backend)
    assert "has passed" in refused(season("programs", "deadline", "ERAS submit", "2020-01-01"))
    assert "No program matches 'nowhere'" in refused(
        season("programs", "deadline", "Essay", in_days(3), "--program", "nowhere")
    )
    stopped = refused(season("programs", "deadline", "Call Mrs. Obi about her biopsy", in_days(2)))
    assert "patient information" in stopped and "--allow-phi" in stopped
    assert "not a deadline id" in refused(season("programs", "deadline-done", "x7"))
    assert "No deadline D9" in refused(season("programs", "deadline-done", "D9"))
    assert "No deadline D9" in refused(season("programs", "deadline-remove", "9"))
    assert snapshot(backend) == before


def test_deadlines_go_through_undo_export_and_import(season: Run, tmp_path: Path) -> None:
    ok(season("programs", "deadline", "ERAS submit", in_days(3)))
    ok(season("programs", "deadline", "Second-look sign-up", in_days(5), "--program", "1"))
    assert "undo brings it back" in ok(season("programs", "deadline-remove", "D1"))
    ok(season("undo"))
    assert [d["id"] for d in as_json(season("programs", "deadlines", "--json"))] == [1, 2]
    ok(season("programs", "deadline-done", "2"))
    exported = tmp_path / "all.json"
    ok(season("export", "json", "--output", str(exported)))
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert [(d["title"], d["program_id"], d["done"] is not None) for d in doc["deadlines"]] == [
        ("ERAS submit", None, False), ("Second-look sign-up", 1, True)
    ]  # fmt: skip
    other = tmp_path / "other.db"
    ok(season("--db", str(other), "init"))
    assert "2 deadlines" in ok(season("--db", str(other), "import", "json", str(exported)))
    back = as_json(season("--db", str(other), "programs", "deadlines", "--all", "--json"))
    assert [(d["title"], d["program"]) for d in back] == [
        ("ERAS submit", None), ("Second-look sign-up", "Riverside IM")
    ]  # fmt: skip
    assert "0 deadlines" in ok(season("--db", str(other), "import", "json", str(exported)))


def test_letters_take_their_eras_fields(season: Run, backend: Backend) -> None:
    ok(season("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "in 60 days",
              "--type", "chair", "--letter-id", "L-2027-0412", "--waived"))  # fmt: skip
    ok(season("letters", "ask", "okafor", "--for", "IM ERAS", "--due", "in 60 days",
              "--kind", "SLOR"))  # fmt: skip
    first, second = as_json(season("letters", "--json"))
    assert (first["type"], first["letter_id"], first["waived"]) == ("chair", "L-2027-0412", True)
    assert (second["type"], second["kind"], second["letter_id"], second["waived"]) == (
        "slor", "slor", None, None
    )  # fmt: skip
    assert "waiver?" in ok(season("letters"))
    line = ok(season("letters", "edit", "2", "--type", "sloe", "--not-waived",
                     "--letter-id", "L-77"))  # fmt: skip
    assert "type slor → sloe" in line and "waived not known → no" in line
    ok(season("letters", "edit", "1", "--letter-id", ""))
    first, second = as_json(season("letters", "--json"))
    assert first["letter_id"] is None and (second["type"], second["waived"]) == ("sloe", False)
    before = snapshot(backend)
    bad = refused(season("letters", "edit", "1", "--type", "glowing"))
    assert "Unknown letter type 'glowing'" in bad and "chair" in bad
    assert "Nothing to change" in refused(season("letters", "edit", "1"))
    assert snapshot(backend) == before
    exported = json.loads(ok(season("export", "json")))["letters"]
    assert [(x["kind"], x["waived"], x["letter_id"]) for x in exported] == [
        ("chair", True, None), ("sloe", False, "L-77")
    ]  # fmt: skip


def test_no_follow_up_after_the_interview_when_a_program_asks_for_none(
    season: Run, backend: Backend
) -> None:
    ok(season("programs", "add", "Quiet Valley IM", "--no-post-interview-contact"))
    ok(season("programs", "link", "quiet", "okafor", "--as", "chief"))
    ok(season("follow-up", "okafor", "Ask about the research track", "--due", "in 3 days"))
    ok(season("programs", "interviewed", "quiet", "--with", "okafor", "ruiz"))
    before = snapshot(backend)
    stopped = refused(season("follow-up", "ruiz", "Thank her for the tour", "--due", "tomorrow"))
    assert "Quiet Valley IM asks applicants not to write after the interview" in stopped
    assert "nothing was saved" in stopped and "--anyway" in stopped
    assert snapshot(backend) == before
    line = ok(season("follow-up", "ruiz", "Thank her for the tour", "--due", "tomorrow",
                     "--anyway"))  # fmt: skip
    assert line.startswith("Follow-up #2 for Dr. Ana Ruiz")
    ok(season("add-contact", "Lee Park"))
    ok(season("programs", "link", "riverside", "lee park", "--as", "resident"))
    ok(season("follow-up", "lee park", "Coffee before the interview", "--due", "tomorrow"))


def test_export_csv_programs_writes_the_programs_table(season: Run) -> None:
    ok(season("programs", "add", "=Hill FM", "--city", "Boston, MA", "--letters-required", "2"))
    ok(season("programs", "rate", "riverside", "--fit", "5", "--people", "4"))
    rows = list(csv.DictReader(io.StringIO(ok(season("export", "csv", "--programs")))))
    assert [r["name"] for r in rows] == ["'=Hill FM", "Riverside IM"]
    hill, riverside = rows
    assert (hill["city"], hill["letters_required"], hill["stage"]) == ("Boston, MA", "2",
                                                                      "interested")  # fmt: skip
    assert (riverside["fit"], riverside["people_rating"], riverside["location"]) == ("5", "4", "")
    assert next(iter(csv.reader(io.StringIO(ok(season("export", "csv"))))))[0] == "name"


def test_the_demo_has_a_season_in_progress(run: Run) -> None:
    agenda = as_json(run("demo", "--json"))
    assert [p["name"] for p in agenda["invitations"]] == ["Eastbrook IM"]
    assert [d["title"] for d in agenda["deadlines"]] == [
        "Update ERAS with the new publication", "Second-look day sign-up"
    ]  # fmt: skip
    thanks = [f for f in agenda["upcoming"] + agenda["mentors"] if "thank-you for the" in
              f.get("title", "")]  # fmt: skip
    assert {f["contact"] for f in thanks} >= {"Dr. Ximena Quispe"}
    screen = ok(run("demo"))
    assert "Interview invitations to answer (1)" in screen and "Season deadlines (2)" in screen


def test_a_waiver_not_stated_stays_unknown_through_export_and_import(
    season: Run, tmp_path: Path
) -> None:
    ok(season("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "in 60 days"))
    ok(season("letters", "ask", "okafor", "--for", "IM ERAS", "--due", "in 60 days",
              "--not-waived"))  # fmt: skip
    exported = tmp_path / "all.json"
    ok(season("export", "json", "--output", str(exported)))
    other = tmp_path / "other.db"
    ok(season("--db", str(other), "init"))
    ok(season("--db", str(other), "import", "json", str(exported)))
    back = as_json(season("--db", str(other), "letters", "--json"))
    assert [x["waived"] for x in back] == [None, False]


def test_no_way_around_a_programs_wish_for_no_contact(season: Run, backend: Backend) -> None:
    ok(season("programs", "add", "Quiet Valley IM", "--no-post-interview-contact"))
    ok(season("add-contact", "Quinn Adler", "--role", "resident"))
    ok(season("programs", "link", "quiet", "quinn", "--as", "chief"))
    ok(season("follow-up", "okafor", "Send the poster", "--due", "in 5 days"))
    ok(season("programs", "interviewed", "quiet", "--with", "quinn"))
    before = snapshot(backend)
    assert "--anyway" in refused(season("log", "quinn", "-k", "meeting", "--note", "hi",
                                        "-f", "Thank-you", "--due", "tomorrow"))  # fmt: skip
    assert "--anyway" in refused(season("edit-follow-up", "1", "--contact", "quinn"))
    assert snapshot(backend) == before
    ok(season("log", "quinn", "-k", "office-hours"))
    planned = as_json(season("follow-ups", "--json"))
    assert [f["title"] for f in planned if f["contact"] == "Quinn Adler"] == []  # none suggested
    ok(season("programs", "set", "quiet", "waitlisted"))  # the interview stays had
    assert "--anyway" in refused(season("follow-up", "quinn", "z", "--due", "tomorrow"))
    ok(season("log", "quinn", "-f", "Thank-you", "--due", "tomorrow", "--anyway"))
    ok(season("edit-follow-up", "1", "--contact", "quinn", "--anyway"))
    [row] = [r for r in as_json(season("programs", "--json")) if r["name"] == "Quiet Valley IM"]
    assert row["interview"] == date.today().isoformat()


def test_deadline_ids_and_hand_made_imports_are_checked(
    season: Run, backend: Backend, tmp_path: Path
) -> None:
    ok(season("programs", "deadline", "Essay", in_days(20), "--program", "riverside"))
    due = as_json(season("due", "--json"))
    assert [d["title"] for d in due["deadlines"]] == ["Essay"]  # a month ahead, as letters
    shown = as_json(season("programs", "show", "1", "--json"))
    assert [d["title"] for d in shown["deadlines"]] == ["Essay"]
    before = snapshot(backend)
    for bad in ("D²", "D99999999999999999999", "٣", "D-1"):
        assert "is not a deadline id" in refused(season("programs", "deadline-done", bad))
    assert snapshot(backend) == before
    doc = {"medcrm": "export", "version": 1, "contacts": [{"id": 1, "name": "Hand Made"}],
           "letters": [{"id": 1, "contact_id": 1, "for": "X", "due": in_days(9),
                        "asked": in_days(0), "waived": "perhaps"}],
           "deadlines": [{"title": 5, "due": in_days(3)},
                         {"title": "Bool", "due": in_days(3), "program_id": True}]}  # fmt: skip
    hand = tmp_path / "hand.json"
    hand.write_text(json.dumps(doc), encoding="utf-8")
    result = as_json(season("import", "json", str(hand), "--json"))
    reasons = " ".join(r["reason"] for r in result["rejected"])
    assert "title is not text" in reasons and "is not a program's id" in reasons
    assert "waived 'perhaps' is not true, false or null" in reasons
    assert [c["name"] for c in as_json(season("contacts", "--json"))] == [
        "Dr. Ana Ruiz", "Hand Made", "Sam Okafor"
    ]  # fmt: skip
    assert as_json(season("letters", "--json")) == []
