"""Capture and find faster (issue 17): dates as people type them, past due dates, several ids at
once. On SQLite and on PostgreSQL; all people are fictional."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
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


def test_snooze_takes_several_ids_all_or_none(network: Run) -> None:
    ok(network("follow-up", "ruiz", "A", "--due", "tomorrow"))
    ok(network("follow-up", "okafor", "B", "--due", "tomorrow"))
    before = {f["id"]: f["due"] for f in as_json(network("follow-ups", "--json"))}
    assert "No follow-up has id 9" in refused(network("snooze", "1", "9", "--by", "3d"))
    assert {f["id"]: f["due"] for f in as_json(network("follow-ups", "--json"))} == before
    shown = ok(network("snooze", "1", "2", "--by", "3d"))
    assert shown.count("Snoozed") == 2
    later = (date.today() + timedelta(days=4)).isoformat()
    assert {f["due"] for f in as_json(network("follow-ups", "--json"))} == {later}


def test_done_log_marks_done_and_logs_one_contact_per_person(network: Run) -> None:
    ok(network("follow-up", "ruiz", "Send the thank-you", "--due", "today"))
    ok(network("follow-up", "ruiz", "Send the article", "--due", "today"))
    ok(network("follow-up", "okafor", "Share the notes", "--due", "today"))
    shown = ok(network("done", "1", "2", "3", "--log"))
    assert shown.count("Done") == 3 and shown.count("Logged") == 2
    logged = as_json(network("history", "--json"))
    notes = sorted((x["contacts"][0], x["kind"], x["note"]) for x in logged)
    assert notes == [
        ("Ana Ruiz", "message", "Send the thank-you; Send the article"),
        ("Sam Okafor", "message", "Share the notes"),
    ]
    [ruiz] = [c for c in as_json(network("contacts", "--json")) if c["name"] == "Ana Ruiz"]
    assert ruiz["last_contact"] == date.today().isoformat()


def test_done_log_takes_a_note_and_kind_and_is_undone_as_one(network: Run) -> None:
    ok(network("follow-up", "ruiz", "Send the thank-you", "--due", "today"))
    ok(network("done", "1", "--log", "--note", "Thanked her for the clinic day", "-k", "email"))
    [logged] = as_json(network("history", "--json"))
    assert (logged["kind"], logged["note"]) == ("email", "Thanked her for the clinic day")
    ok(network("undo"))
    assert as_json(network("history", "--json")) == []
    [f] = as_json(network("follow-ups", "--json"))
    assert f["done"] is None


def test_done_without_log_says_how_and_a_note_alone_is_refused(network: Run) -> None:
    ok(network("follow-up", "ruiz", "Send the thank-you", "--due", "today"))
    result = network("done", "1")
    assert result.exit_code == 0 and "--log" in result.stderr
    assert as_json(network("history", "--json")) == []
    ok(network("follow-up", "ruiz", "Another", "--due", "today"))
    assert "go with --log" in refused(network("done", "2", "--note", "x"))
    [f] = [f for f in as_json(network("follow-ups", "--json")) if f["id"] == 2]
    assert f["done"] is None


def test_done_log_refuses_patient_information_and_changes_nothing(network: Run) -> None:
    ok(network("follow-up", "ruiz", "Send the thank-you", "--due", "today"))
    refused(network("done", "1", "--log", "--note", "Talked about MRN 00482913"))
    [f] = as_json(network("follow-ups", "--json"))
    assert f["done"] is None
    assert as_json(network("history", "--json")) == []


SAMPLES = Path(__file__).parent / "data" / "import"


@pytest.mark.parametrize(
    ("sample", "fmt"),
    [
        ("linkedin_connections.csv", "linkedin"),
        ("linkedin_no_url.csv", "linkedin"),
        ("google_contacts.csv", "google"),
        ("contacts.vcf", "vcard"),
    ],
)
def test_import_without_a_format_tells_it_from_the_file(
    run: Run, sample: str, fmt: str, tmp_path: Path
) -> None:
    # Renamed, so that only the content can tell (the extension of a CSV says little).
    copy = tmp_path / ("export.vcf" if fmt == "vcard" else "export.csv")
    copy.write_bytes((SAMPLES / sample).read_bytes())
    auto = run("import", str(copy), "--json")
    assert auto.exit_code == 0, auto.stderr
    assert f"(medcrm import {fmt})" in auto.stderr
    named = json.loads(auto.stdout)
    ok(run("undo"))
    assert json.loads(ok(run("import", fmt, str(copy), "--json"))) == named


def test_import_without_a_format_reads_medcrm_exports_and_stdin(run: Run, tmp_path: Path) -> None:
    ok(run("add-contact", "Ana Ruiz", "--role", "attending", "--email", "ana@example.edu"))
    (tmp_path / "all.json").write_text(ok(run("export", "json")), encoding="utf-8")
    (tmp_path / "people.csv").write_text(ok(run("export", "csv")), encoding="utf-8")
    assert "medcrm import json" in run("import", str(tmp_path / "all.json")).stderr
    assert "medcrm import csv" in run("import", str(tmp_path / "people.csv")).stderr
    card = (SAMPLES / "contacts.vcf").read_text(encoding="utf-8")
    piped = run("import", "-", "--dry-run", input=card)
    assert piped.exit_code == 0 and "standard input as vCards" in piped.stderr


def test_import_of_a_file_it_cannot_place_names_the_formats(run: Run, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "linkedin|google|outlook|vcard|csv|json" in refused(run("import", str(odd)))
    typo = run("import", "linkdin", str(odd))
    assert typo.exit_code == 2 and "Did you mean 'linkedin'?" in typo.stderr
    assert "There is no file" in refused(run("import", str(tmp_path / "missing.csv")))


def test_restore_without_a_path_lists_the_backups_and_restores_the_one_picked(
    network: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(network("backup"))  # two contacts
    ok(network("add-contact", "Lena Park"))
    ok(network("backup"))  # three
    ok(network("add-contact", "Omar Haddad"))
    listed = network("restore")  # no terminal: the list, and how to name one
    assert listed.exit_code == 1 and "Say which backup to restore" in listed.stderr
    lines = [line for line in listed.stdout.splitlines() if line.strip()[:2] in ("1.", "2.")]
    assert len(lines) == 2 and "newest first" in listed.stdout
    assert len(as_json(network("contacts", "--json"))) == 4
    monkeypatch.setattr("medcrm.cli.common.interactive", lambda: True)
    assert network("restore", input="\n").exit_code == 0  # Enter: none
    assert len(as_json(network("contacts", "--json"))) == 4
    ok(network("restore", input="2\n"))  # the older one
    assert sorted(c["name"] for c in as_json(network("contacts", "--json"))) == [
        "Ana Ruiz", "Sam Okafor"
    ]  # fmt: skip


def test_restore_without_any_backup_says_so(run: Run) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    assert "There are no medcrm backups" in refused(run("restore"))


def test_a_new_name_is_added_with_new_and_refused_without(network: Run) -> None:
    no = refused(network("log", "Jordan Lee", "--note", "Coffee"))
    assert "No contact matches 'Jordan Lee'" in no and "--new" in no
    assert as_json(network("history", "--json")) == []
    shown = ok(network("log", "Jordan Lee", "okafor", "--new", "--note", "Coffee"))
    assert "Added #3 Jordan Lee (peer)." in shown and "with Jordan Lee, Sam Okafor" in shown
    shown = ok(network("follow-up", "Mira Chen", "Send the slides", "--due", "fri", "--new"))
    assert "Added #4 Mira Chen" in shown
    names = {c["name"]: c["role"] for c in as_json(network("contacts", "--json"))}
    assert names["Jordan Lee"] == names["Mira Chen"] == "peer"
    ok(network("undo"))  # the follow-up and the contact added for it go together
    assert "Mira Chen" not in {c["name"] for c in as_json(network("contacts", "--json"))}


def test_a_new_name_is_asked_about_in_a_terminal(
    network: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("medcrm.cli.common.interactive", lambda: True)
    declined = network("log", "Jordan Lee", input="n\n")
    assert declined.exit_code == 1 and "Nothing was changed" in declined.stdout
    assert len(as_json(network("contacts", "--json"))) == 2
    agreed = ok(network("log", "Jordan Lee", input="y\n"))
    assert "Added #3 Jordan Lee" in agreed


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["follow-up", "Send thank-you", "ruiz", "--due", "fri"],
         "the contact comes first. medcrm follow-up ruiz 'Send thank-you' --due fri"),
        (["log", "office-hours", "ruiz"], "medcrm log ruiz --kind office-hours"),
        (["log", "ruiz", "yesterday"], "medcrm log ruiz --date yesterday"),
        (["letters", "set", "agreed", "1"], "medcrm letters set 1 agreed"),
    ],
)  # fmt: skip
def test_arguments_in_the_wrong_order_get_the_right_order(
    network: Run, args: list[str], says: str
) -> None:
    ok(network("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "Sep 1"))
    before = ok(network("export", "json"))
    assert says in refused(network(*args))
    assert ok(network("export", "json")) == before


@pytest.fixture
def season(network: Run) -> Run:
    ok(network("rotations", "add", "IM clerkship", "--start", "30 days ago", "--end", "yesterday"))
    ok(network("log", "ruiz", "-k", "rotation", "-d", "10 days ago", "--no-follow-up"))
    ok(network("follow-up", "ruiz", "Send the poster draft", "--due", "3 days ago"))
    ok(network("follow-up", "ruiz", "Ask about the research elective", "--due", "in 60 days"))
    ok(network("follow-up", "okafor", "Share the renal notes", "--due", "tomorrow"))
    ok(network("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "in 200 days"))
    return network


def test_due_who_shows_one_persons_items_and_next_step(season: Run) -> None:
    doc = as_json(season("due", "ruiz", "--json"))
    assert doc["contact"]["name"] == "Ana Ruiz"
    assert [f["title"] for f in doc["overdue"]] == ["Send the poster draft"]
    upcoming = [f["title"] for f in doc["upcoming"]]
    assert "Ask about the research elective" in upcoming  # 60 days out: everything open
    assert all(f["contact"] == "Ana Ruiz" for f in doc["overdue"] + doc["upcoming"])
    assert [x["for"] for x in doc["letters"]] == ["IM ERAS"]  # 200 days out, still shown
    shown = ok(season("due", "ruiz"))
    assert "Due for Ana Ruiz" in shown and "Share the renal notes" not in shown
    assert "Keep in touch" in shown
    headers = [line for line in shown.splitlines() if line.startswith("ID") and "Follow-up" in line]
    assert headers and not any("Who" in line for line in headers)  # every row is hers
    assert "Ask about the research elective" not in ok(season("due", "ruiz", "--days", "7"))
    assert "No contact matches" in refused(season("due", "nobody"))


def test_agenda_who_is_one_persons_days(season: Run) -> None:
    doc = as_json(season("agenda", "okafor", "--json"))
    assert doc["contact"]["name"] == "Sam Okafor"
    days = [d for d in doc["schedule"] if d["follow_ups"]]
    assert [f["title"] for d in days for f in d["follow_ups"]] == ["Share the renal notes"]
    assert doc["overdue"] == []
    assert all(not d["rotation_ends"] for d in doc["schedule"])
    shown = ok(season("agenda", "okafor"))
    assert "Agenda for Sam Okafor" in shown and "Send the poster draft" not in shown


def test_show_lists_the_persons_letters_and_rotations(season: Run) -> None:
    doc = as_json(season("show", "ruiz", "--json"))
    assert [x["for"] for x in doc["letters"]] == ["IM ERAS"]
    assert [r["name"] for r in doc["rotations"]] == ["IM clerkship"]
    assert as_json(season("show", "okafor", "--json"))["rotations"] == []
    shown = ok(season("show", "ruiz"))
    assert "Letters (1)" in shown and "Rotations: IM clerkship" in shown


def test_new_adds_one_person_for_one_name_in_two_cases(network: Run) -> None:
    shown = ok(network("log", "Fresh Guy", "fresh guy", "--new"))
    assert shown.count("Added #") == 1
    assert [c["name"] for c in as_json(network("contacts", "--json"))].count("Fresh Guy") == 1
    assert "--new" not in refused(network("log", "999"))  # an id names nobody to add


def test_due_who_for_a_mentor_is_their_own_view(network: Run) -> None:
    ok(network("edit", "ruiz", "--mentor"))
    ok(network("follow-up", "ruiz", "Send the abstract", "--due", "yesterday"))
    doc = as_json(network("due", "ruiz", "--json"))
    assert doc["mentors"] == [] and [f["title"] for f in doc["overdue"]] == ["Send the abstract"]
    shown = ok(network("due", "ruiz"))
    assert "Mentors" not in shown and "Overdue (1)" in shown and "nothing else open" in shown


def test_options_go_before_or_after_the_file_and_the_command(
    network: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = tmp_path / "people.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nEND:VCARD\r\n", "utf-8")
    assert "Would import" in ok(network("import", "--dry-run", str(card)))
    monkeypatch.setattr("medcrm.cli.output._tty", lambda: True)
    monkeypatch.setenv("LINES", "3")
    monkeypatch.setenv("MEDCRM_PAGER", f"cat > {tmp_path / 'paged'}")
    assert "Ana Ruiz" in ok(network("contacts", "--no-pager"))
    assert not (tmp_path / "paged").exists()


def test_a_pager_that_cannot_start_shows_the_output_anyway(
    network: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("medcrm.cli.output._tty", lambda: True)
    monkeypatch.setenv("LINES", "3")
    monkeypatch.setenv("MEDCRM_PAGER", "no-such-pager-here")
    result = network("contacts")
    assert result.exit_code == 0 and "Ana Ruiz" in result.stdout
    assert "could not be started" in result.stderr


def test_what_was_typed_is_echoed_without_control_characters(network: Run) -> None:
    assert "\x1b" not in ok(network("contacts", "--search", "zz\x1b[31mRED"))
    assert "\x1b" not in ok(network("search", "zz\x1b[31mRED"))
    assert "\x1b" not in ok(network("history", "--search", "zz\x1b[31mRED"))
