"""The application season (issue 18, first part): programs as a pipeline, with the people
in them. On SQLite and on PostgreSQL; all people and programs are fictional."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import Backend, Run, ok, refused, snapshot


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


@pytest.fixture
def season(run: Run) -> Run:
    ok(run("add-contact", "Dr. Ana Ruiz", "--role", "attending"))
    ok(run("add-contact", "Sam Okafor", "--role", "resident"))
    return run


def test_a_program_is_added_at_interested_and_listed_by_stage(season: Run) -> None:
    line = ok(season("programs", "add", "Riverside IM", "--specialty", "Internal Medicine",
                     "--city", "Boston, MA", "--letters-required", "3"))  # fmt: skip
    assert line == "Added program #1 Riverside IM (interested).\n"
    ok(season("programs", "add", "Lakeside Peds", "--stage", "applied"))
    listed = as_json(season("programs", "--json"))
    assert [(p["id"], p["name"], p["stage"]) for p in listed] == [
        (2, "Lakeside Peds", "applied"), (1, "Riverside IM", "interested")
    ]  # fmt: skip
    assert listed[1]["letters_required"] == 3 and listed[1]["post_interview_contact"] is True
    shown = ok(season("programs"))
    assert shown.index("Interested (1)") < shown.index("Applied (1)")


def test_moves_are_kept_with_their_day_and_any_move_is_allowed(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM"))
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert "interested → applied" in ok(season("programs", "set", "riverside", "applied",
                                               "--date", "yesterday"))  # fmt: skip
    ok(season("programs", "set", "1", "waitlisted"))
    ok(season("programs", "set", "1", "Interviewed"))
    detail = as_json(season("programs", "show", "1", "--json"))
    assert [s["stage"] for s in detail["stages"]] == [
        "interested", "applied", "waitlisted", "interviewed"
    ]  # fmt: skip
    assert detail["stages"][1]["date"] == yesterday
    assert "already at interviewed" in refused(season("programs", "set", "1", "interviewed"))
    assert "Unknown stage 'offered'" in refused(season("programs", "set", "1", "offered"))


def test_people_are_linked_with_a_role_and_shown_both_ways(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM"))
    assert "Dr. Ana Ruiz is pd at program #1" in ok(season("programs", "link", "1", "ruiz",
                                                           "--as", "pd"))  # fmt: skip
    assert "(was pd)" in ok(season("programs", "link", "1", "ruiz", "--as", "apd"))
    ok(season("programs", "link", "1", "okafor", "--as", "resident"))
    ok(season("log", "ruiz", "--note", "Talked about the IM program's research track"))
    detail = as_json(season("programs", "show", "riverside", "--json"))
    assert [(p["name"], p["role"]) for p in detail["people"]] == [
        ("Dr. Ana Ruiz", "apd"), ("Sam Okafor", "resident")
    ]  # fmt: skip
    assert [i["note"] for i in detail["interactions"]] == [
        "Talked about the IM program's research track"
    ]
    shown = ok(season("programs", "show", "1"))
    assert "associate program director" in shown and "People (2)" in shown
    [program] = as_json(season("show", "ruiz", "--json"))["programs"]
    assert (program["name"], program["role"]) == ("Riverside IM", "apd")
    assert "Programs: Riverside IM (#1, apd, interested)" in ok(season("show", "ruiz"))
    assert "Unknown role 'boss'" in refused(season("programs", "link", "1", "ruiz", "--as", "boss"))


def test_edit_says_what_changed_and_clears_with_empty_text(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM", "--city", "Boston, MA"))
    line = ok(season("programs", "edit", "1", "--city", "", "--letters-required", "4",
                     "--no-post-interview-contact"))  # fmt: skip
    assert "city Boston, MA → (none)" in line and "letters required (none) → 4" in line
    [p] = as_json(season("programs", "--json"))
    assert (p["city"], p["letters_required"], p["post_interview_contact"]) == (None, 4, False)
    assert "Say what to change" in refused(season("programs", "edit", "1"))


def test_bad_input_changes_nothing(season: Run, backend: Backend) -> None:
    ok(season("programs", "add", "Riverside IM"))
    before = snapshot(backend)
    assert "No program has id 9" in refused(season("programs", "set", "9", "applied"))
    assert "No program matches 'nowhere'" in refused(season("programs", "show", "nowhere"))
    ok(season("programs", "add", "Riverside Surgery"))
    ok(season("rotations", "add", "IM clerkship", "--start", "2026-07-01", "--end", "2026-08-25"))
    ok(season("rotations", "add", "IM elective", "--start", "2026-09-01", "--end", "2026-09-25"))
    before = snapshot(backend)
    assert refused(season("programs", "show", "riverside")) == (
        "Error: 'riverside' matches 2 programs: #1 Riverside IM, #2 Riverside Surgery. "
        "Use more of the name or the id."
    )
    assert "Give a program's id or name (e.g. 12" in refused(season("programs", "show", "!!"))
    assert "'im' matches 2 rotations: #1 IM clerkship, #2 IM elective. Use more" in refused(
        season("rotations", "show", "im")
    )
    assert "needs letters" in refused(season("programs", "add", "123"))
    assert "patient information" in refused(
        season("programs", "add", "Hillside FM", "--note", "saw MRN 00482913 on the tour")
    )
    assert snapshot(backend) == before


def test_undo_takes_a_program_and_its_moves_back(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM"))
    ok(season("programs", "set", "1", "applied"))
    ok(season("undo"))
    [p] = as_json(season("programs", "--json"))
    assert p["stage"] == "interested"
    ok(season("undo"))
    assert as_json(season("programs", "--json")) == []


def test_programs_go_through_export_and_import_json(season: Run, tmp_path: Path) -> None:
    ok(season("programs", "add", "Riverside IM", "--note", "Strong research track"))
    ok(season("programs", "set", "1", "applied"))
    ok(season("programs", "link", "1", "ruiz", "--as", "pd"))
    exported = ok(season("export", "json"))
    doc = json.loads(exported)
    [program] = doc["programs"]
    assert program["people"] == [{"contact_id": 1, "role": "pd"}]
    assert [s["stage"] for s in program["stages"]] == ["interested", "applied"]
    ok(season("remove", "okafor"))
    ok(season("remove", "ruiz"))
    ok(season("undo"))  # ruiz back, linked again
    path = tmp_path / "all.json"
    path.write_text(exported, encoding="utf-8")
    summary = as_json(season("import", "json", str(path), "--json"))
    assert summary["other"]["programs"] == 0  # the same name: that program, not a second one
    [again] = as_json(season("programs", "--json"))
    assert again["stage"] == "applied" and again["people"] == 1


def test_an_empty_pipeline_says_how_to_start(run: Run) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    assert "programs add" in ok(run("programs"))


def test_interviewed_logs_links_and_plans_the_thank_yous(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM"))
    ok(season("programs", "link", "1", "ruiz", "--as", "pd"))
    line = ok(season("programs", "interviewed", "1", "--with", "ruiz", "okafor",
                     "--note", "Loved the night float", "--date", "yesterday"))  # fmt: skip
    assert "logged #1 with Dr. Ana Ruiz, Sam Okafor; thank-yous #1, #2 due" in line
    [logged] = as_json(season("history", "--json"))
    assert (logged["kind"], logged["note"]) == ("interview", "Loved the night float")
    detail = as_json(season("programs", "show", "1", "--json"))
    assert detail["stage"] == "interviewed"
    assert [(p["name"], p["role"]) for p in detail["people"]] == [
        ("Dr. Ana Ruiz", "pd"), ("Sam Okafor", "interviewer")
    ]  # the pd stays pd  # fmt: skip
    dues = {f["title"]: f["due"] for f in as_json(season("follow-ups", "--json"))}
    two_days_on = (date.today() + timedelta(days=2)).isoformat()
    assert dues == {
        "Send Dr. Ana Ruiz a thank-you for the Riverside IM interview": two_days_on,
        "Send Sam Okafor a thank-you for the Riverside IM interview": two_days_on,
    }


def test_a_program_that_asks_for_no_contact_gets_no_thank_yous(season: Run) -> None:
    ok(season("programs", "add", "Hill FM", "--no-post-interview-contact"))
    line = ok(season("programs", "interviewed", "hill", "--with", "okafor"))
    assert "no thank-yous" in line
    assert as_json(season("follow-ups", "--json")) == []
    assert "Say who interviewed you" in refused(season("programs", "interviewed", "hill"))


def test_asking_a_programs_people_where_you_stand_gets_the_nrmp_reminder(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM"))
    ok(season("programs", "link", "1", "ruiz", "--as", "pd"))
    asked = season("log", "ruiz", "--note", "asked her where do I stand on their list")
    assert asked.exit_code == 0 and "NRMP" in asked.stderr
    assert [i["note"] for i in as_json(season("history", "--json"))] == [
        "asked her where do I stand on their list"
    ]  # saved all the same
    plain = season("log", "ruiz", "--note", "talked about the research track")
    assert "NRMP" not in plain.stderr
    other = season("log", "okafor", "--note", "where do I stand on the list, asked jokingly")
    assert "NRMP" not in other.stderr  # not one of a program's people
    titled = season("follow-up", "ruiz", "Ask whether they will rank me", "--due", "fri")
    assert "NRMP" in titled.stderr


def test_search_finds_programs(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM", "--city", "Boston, MA", "--note", "night float"))
    doc = as_json(season("search", "boston", "--json"))
    assert [(g["kind"], [h["id"] for h in g["hits"]]) for g in doc["results"]] == [("program", [1])]
    assert doc["results"][0]["hits"][0]["detail"] == "interested"
    assert "Programs (1)" in ok(season("search", "night", "float"))


def test_schedule_puts_the_interview_and_the_social_in_the_agenda(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM", "--note", "Ask about the research track"))
    ok(season("programs", "link", "1", "ruiz", "--as", "pd"))
    ok(season("log", "ruiz", "--note", "Coffee, talked about her QI project"))
    line = ok(season("programs", "schedule", "1", "--on", "in 5 days", "--pre-dinner",
                     "in 4 days", "--virtual"))  # fmt: skip
    assert "(virtual); pre-interview social" in line
    [p] = as_json(season("programs", "--json"))
    soon = date.today() + timedelta(days=5)
    assert (p["stage"], p["interview"], p["virtual"]) == ("scheduled", soon.isoformat(), True)
    agenda = as_json(season("agenda", "--json"))
    days = {d["date"]: d for d in agenda["schedule"]}
    assert [x["name"] for x in days[soon.isoformat()]["interviews"]] == ["Riverside IM"]
    social = (soon - timedelta(days=1)).isoformat()
    assert [x["name"] for x in days[social]["socials"]] == ["Riverside IM"]
    assert "interview: Riverside IM (virtual)" in ok(season("agenda"))
    assert "interview: Riverside IM" in ok(season("agenda", "ruiz"))  # her program's day
    assert "interview" not in ok(season("agenda", "okafor"))
    brief = ok(season("programs", "brief", "riverside"))
    assert "Coffee, talked about her QI project" in brief and "program director" in brief
    assert "Ask about the research track" in brief
    assert "is after the interview" in refused(
        season("programs", "schedule", "1", "--on", "tomorrow", "--pre-dinner", "in 3 days")
    )


def test_an_invitation_puts_its_clock_at_the_top_of_due(season: Run) -> None:
    ok(season("programs", "add", "Riverside IM"))
    ok(season("programs", "add", "Hill FM"))
    ok(season("programs", "link", "1", "ruiz", "--as", "coordinator"))
    line = ok(season("programs", "invite", "1", "--respond-by", "tomorrow 5pm"))
    tomorrow = date.today() + timedelta(days=1)
    assert f"answer by {tomorrow:%a} {tomorrow.isoformat()} 17:00" in line
    ok(season("programs", "invite", "hill", "--respond-by", "in 10 days"))
    due = as_json(season("due", "--json"))
    assert [(p["name"], p["respond_by"]) for p in due["invitations"]] == [
        ("Riverside IM", f"{tomorrow.isoformat()}T17:00"),
        ("Hill FM", f"{(date.today() + timedelta(days=10)).isoformat()}T23:59"),
    ]
    shown = ok(season("due"))
    assert shown.index("Interview invitations to answer (2)") < shown.index("Overdue")
    assert "h left" in shown and ("9d left" in shown or "10d left" in shown)
    assert [p["name"] for p in as_json(season("due", "ruiz", "--json"))["invitations"]] == [
        "Riverside IM"
    ]
    ok(season("programs", "schedule", "1", "--on", "in 20 days"))  # answered: the clock stops
    assert [p["name"] for p in as_json(season("due", "--json"))["invitations"]] == ["Hill FM"]
    assert "not a time" in refused(season("programs", "invite", "2", "--respond-by", "fri 25:00"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("fri 17:00", (4, 17, 0)), ("Dec 5 5pm", (5, 17, 0)), ("tomorrow at 9am", (3, 9, 0)),
     ("fri", (4, 23, 59)), ("2026-12-10 08:30", (10, 8, 30))],
)  # fmt: skip
def test_a_deadline_is_a_day_or_a_day_and_a_time(typed: str, expected: tuple[int, ...]) -> None:
    from medcrm.pure.dates import parse_deadline

    clock = parse_deadline(typed, today=date(2026, 12, 2))  # a Wednesday
    assert (clock.day, clock.hour, clock.minute) == expected


def test_signals_move_programs_and_stop_at_the_budget(season: Run, backend: Backend) -> None:
    for name in ("Riverside IM", "Hill FM", "Lake Peds"):
        ok(season("programs", "add", name))
    ok(season("config", "set", "signals.budget", "2"))
    ok(season("config", "set", "signals.gold-budget", "1"))
    assert "1 signal left (0 gold)" in ok(season("programs", "signal", "1", "--gold"))
    before = snapshot(backend)
    assert "No gold signals left: 1 of 1 used" in refused(
        season("programs", "signal", "2", "--gold")
    )
    assert snapshot(backend) == before
    assert "0 signals left" in ok(season("programs", "signal", "2"))
    assert "No signals left: 2 of 2 used" in refused(season("programs", "signal", "3"))
    assert "already has a gold signal" in refused(season("programs", "signal", "1"))
    stages = {p["name"]: (p["stage"], p["signal"]) for p in as_json(season("programs", "--json"))}
    assert stages == {"Riverside IM": ("signaled", "gold"), "Hill FM": ("signaled", "standard"),
                      "Lake Peds": ("interested", None)}  # fmt: skip


def test_the_rank_list_scores_by_ratings_until_you_move_one(season: Run) -> None:
    for name in ("Riverside IM", "Hill FM", "Lake Peds", "Bay EM"):
        ok(season("programs", "add", name))
    for n in ("1", "2", "3"):
        ok(season("programs", "set", n, "interviewed"))
    ok(season("programs", "rate", "1", "--fit", "3", "--location", "5"))
    ok(season("programs", "rate", "2", "--fit", "5", "--training", "5"))
    ranked = as_json(season("programs", "rank", "--json"))
    assert [(r["rank"], r["name"], r["score"]) for r in ranked] == [
        (1, "Hill FM", 5.0), (2, "Riverside IM", 4.0), (3, "Lake Peds", None)
    ]  # Bay EM was not interviewed  # fmt: skip
    ok(season("config", "set", "rank.weights", "fit=3,location=1"))
    assert [r["score"] for r in as_json(season("programs", "rank", "--json"))][:2] == [5.0, 3.5]
    ok(season("programs", "rank", "lake", "1"))
    csv_lines = ok(season("programs", "rank", "--csv")).splitlines()
    assert csv_lines[0] == "rank,program,specialty,institution,city,score"
    assert [line.split(",")[1] for line in csv_lines[1:]] == [
        "Lake Peds",
        "Hill FM",
        "Riverside IM",
    ]
    ok(season("programs", "rate", "2", "--fit", "1"))  # a new rating no longer reorders
    assert [r["name"] for r in as_json(season("programs", "rank", "--json"))] == [
        "Lake Peds", "Hill FM", "Riverside IM"
    ]  # fmt: skip
    assert "rank list holds programs you interviewed at" in refused(
        season("programs", "rank", "bay", "1")
    )
    assert "POSITION must be 1 to 3" in refused(season("programs", "rank", "1", "9"))
    assert "Give both" in refused(season("programs", "rank", "1"))
    assert "Unknown rating 'vibes'" in refused(season("config", "set", "rank.weights", "vibes=2"))


def test_what_a_review_found_stays_mended(season: Run, tmp_path: Path) -> None:
    ok(season("programs", "add", "Riverside IM"))
    assert "already named 'Riverside IM'" in refused(season("programs", "add", "riverside im"))
    ok(season("programs", "add", "Hill FM"))
    assert "already named" in refused(season("programs", "edit", "2", "--name", "Riverside IM"))
    assert "patient information" in refused(season("programs", "add", "pt John Smith MRN 00482913"))
    assert "in the future" in refused(season("programs", "set", "1", "applied", "--date",
                                             "in 3 days"))  # fmt: skip
    assert "has passed" in refused(season("programs", "invite", "1", "--respond-by", "yesterday"))
    assert "has passed" in refused(season("programs", "schedule", "1", "--on", "yesterday"))
    ok(season("programs", "schedule", "1", "--on", "in 9 days", "--pre-dinner", "in 8 days"))
    ok(season("programs", "schedule", "1", "--on", "in 10 days"))  # the social stays
    assert as_json(season("programs", "show", "1", "--json"))["social"] is not None
    ok(season("programs", "set", "1", "withdrawn"))
    assert "interview: Riverside IM" not in ok(season("agenda", "--days", "30"))
    ok(season("programs", "interviewed", "hill", "--with", "ruiz"))
    assert "already at interviewed" in refused(season("programs", "interviewed", "2",
                                                      "--with", "okafor"))  # fmt: skip
    ok(season("programs", "add", "=HYPERLINK(1) FM"))
    ok(season("programs", "set", "3", "interviewed"))
    assert "'=HYPERLINK" in ok(season("programs", "rank", "--csv"))
    doc = json.loads(ok(season("export", "json")))
    doc["programs"][0]["people"] = "x"
    doc["programs"][1]["rank"] = 10**30
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    summary = as_json(season("import", "json", str(path), "--json"))
    reasons = " ".join(r["reason"] for r in summary["rejected"])
    assert "people is not a list" in reasons and "not a place on a rank list" in reasons


def test_letters_are_assigned_to_programs_four_at_most(season: Run, backend: Backend) -> None:
    ok(season("programs", "add", "Riverside IM", "--letters-required", "3"))
    ok(season("programs", "add", "Hill FM"))
    for n in range(5):
        ok(season("letters", "ask", "ruiz" if n % 2 else "okafor", "--for", f"IM ERAS {n}",
                  "--due", "in 60 days"))  # fmt: skip
    line = ok(season("letters", "assign", "1", "riverside", "hill"))
    assert "goes to #1 Riverside IM, #2 Hill FM" in line
    shown = ok(season("programs", "show", "1"))
    assert "Letters (1 of 3; needs 2 more)" in shown
    for letter in ("2", "3", "4"):
        ok(season("letters", "assign", letter, "1"))
    before = snapshot(backend)
    assert "already has 4 letters, ERAS's limit" in refused(season("letters", "assign", "5", "1"))
    assert snapshot(backend) == before
    ok(season("letters", "unassign", "4", "riverside"))
    ok(season("letters", "assign", "5", "1"))
    detail = as_json(season("programs", "show", "1", "--json"))
    assert [x["id"] for x in detail["letters"]] == [1, 2, 3, 5]
    assert "not assigned" in refused(season("letters", "unassign", "4", "1"))
    [program] = [p for p in json.loads(ok(season("export", "json")))["programs"] if p["id"] == 1]
    assert program["letters"] == [1, 2, 3, 5]
