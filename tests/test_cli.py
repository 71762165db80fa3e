"""The commands as a user runs them: output, exit codes, JSON, and what the database holds."""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from typer.testing import Result

from .conftest import Backend, Run, snapshot

CONTACT_KEYS = {
    "id", "name", "role", "institution", "specialty", "email", "phone", "tags", "met", "notes",
    "every", "last_contact", "added", "reconnect_on", "open_follow_ups", "next_due",
    "level", "mentor", "reconnect_soon_on", "uid", "met_on", "extra", "phi_allowed",
}  # fmt: skip
FOLLOW_UP_KEYS = {
    "id", "contact_id", "contact", "title", "due", "done", "interaction_id",
    "every", "purpose", "rotation_id", "letter_id", "cancelled",
}  # fmt: skip
INTERACTION_KEYS = {
    "id",
    "date",
    "kind",
    "note",
    "contacts",
    "contact_ids",
    "rotation_id",
    "rotation",
}


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


def iso(offset: int = 0) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def failed(result: Result, code: int = 1) -> str:
    """A failure is exactly one line on stderr, no traceback, and the given exit code."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def network(run: Run) -> Run:
    ok(run("add-contact", "Dr. Ana Ruiz", "--role", "attending", "--specialty", "Internal Medicine",
           "--institution", "Riverside University Hospital", "--email", "ana.ruiz@example.edu",
           "--tag", "letter-writer", "--met", "IM clerkship", "--every", "1m"))  # fmt: skip
    ok(run("add-contact", "Sam Okafor", "-r", "resident", "-t", "im-interest"))
    ok(run("add-contact", "Zoë Lindqvist", "--note", "Study partner since MS1", "--every", "2w"))
    return run


@pytest.mark.sqlite_only
def test_first_use_creates_a_private_database_and_says_where(run: Run, isolated: Path) -> None:
    result = run("add-contact", "Dr. Ana Ruiz")
    assert ok(result).strip() == "Added #1 Dr. Ana Ruiz (peer)."
    assert f"Created a new medcrm database at {isolated}" in result.stderr
    assert stat.S_IMODE(isolated.stat().st_mode) == 0o600
    assert "Created" not in run("contacts").stderr


@pytest.mark.sqlite_only
def test_db_option_wins_over_the_environment(run: Run, tmp_path: Path, isolated: Path) -> None:
    other = tmp_path / "other" / "crm.db"
    ok(run("--db", str(other), "add-contact", "Sam Okafor"))
    assert other.exists() and not isolated.exists()


def test_contacts_table_and_json(network: Run) -> None:
    table = ok(network("contacts"))
    assert "Contacts (3)" in table
    assert "Dr. Ana Ruiz" in table and "attending" in table and "letter-writer" in table
    assert "never" in table  # last contact
    rows = as_json(network("contacts", "--json"))
    assert [r["name"] for r in rows] == ["Dr. Ana Ruiz", "Sam Okafor", "Zoë Lindqvist"]
    assert set(rows[0]) == CONTACT_KEYS
    assert rows[0]["every"] == "1m" and rows[0]["tags"] == ["letter-writer"]
    assert rows[0]["last_contact"] is None and rows[0]["added"] == iso()
    assert [r["name"] for r in as_json(network("contacts", "--role", "resident", "--json"))] == [
        "Sam Okafor"
    ]
    assert [
        r["name"] for r in as_json(network("contacts", "--tag", "letter-writer", "--json"))
    ] == ["Dr. Ana Ruiz"]
    assert [r["name"] for r in as_json(network("contacts", "--search", "ms1", "--json"))] == [
        "Zoë Lindqvist"
    ]
    assert "No contacts match" in ok(network("contacts", "--search", "nobody"))


def test_log_show_and_history(network: Run) -> None:
    result = network("log", "ruiz", "sam", "--kind", "rotation", "--date", "yesterday",
                     "--note", "Presented a case at rounds", "--follow-up", "Send thank-you",
                     "--due", "tomorrow")  # fmt: skip
    out = ok(result)
    assert out == (
        "Logged #1 with Dr. Ana Ruiz, Sam Okafor (rotation, yesterday); "
        "follow-up #1 due tomorrow.\n"
    )  # one line
    assert as_json(network("follow-ups", "--json"))[0]["due"] == iso(1)
    detail = as_json(network("show", "ana", "--json"))
    keys = {"interactions", "follow_ups", "letters", "rotations", "programs"}
    assert CONTACT_KEYS | keys == set(detail)
    assert detail["last_contact"] == iso(-1)
    [interaction] = detail["interactions"]
    assert set(interaction) == INTERACTION_KEYS
    assert interaction["contacts"] == ["Dr. Ana Ruiz", "Sam Okafor"]
    [follow_up] = detail["follow_ups"]
    assert set(follow_up) == FOLLOW_UP_KEYS
    assert follow_up["due"] == iso(1) and follow_up["done"] is None
    page = ok(network("show", "ana"))
    for text in ("Dr. Ana Ruiz", "Riverside University Hospital", "every 1m", "Timeline (1)",
                 "Presented a case at rounds", "Send thank-you"):  # fmt: skip
        assert text in page
    assert "Presented a case at rounds" in ok(network("history", "sam"))
    rows = as_json(network("history", "--kind", "rotation", "--json"))
    assert [r["id"] for r in rows] == [1]


def test_log_reads_a_long_note_from_stdin(network: Run) -> None:
    ok(network("log", "sam", "--note", "-", input="Line one\nLine two\n"))
    [interaction] = as_json(network("history", "--json"))
    assert interaction["note"] == "Line one\nLine two"


def test_weekdays_lean_past_for_date_and_future_for_due(network: Run) -> None:
    ok(network("log", "sam", "--date", "fri", "--follow-up", "Reply", "--due", "fri"))
    [interaction] = as_json(network("history", "--json"))
    [follow_up] = as_json(network("follow-ups", "--json"))
    logged, due = date.fromisoformat(interaction["date"]), date.fromisoformat(follow_up["due"])
    assert logged.weekday() == due.weekday() == 4
    assert logged < date.today() < due


def test_follow_up_commands(network: Run) -> None:
    assert "Follow-up #1 for Sam Okafor" in ok(
        network("follow-up", "sam", "Ask for feedback", "--due", "in 2 days")
    )
    ok(network("follow-up", "ana", "Email CV", "--due", "today"))
    listing = ok(network("follow-ups"))
    assert "Open follow-ups (2)" in listing and "Ask for feedback" in listing
    assert "Snoozed #1" in ok(network("snooze", "1", "--by", "1w"))
    assert as_json(network("follow-ups", "--json"))[1]["due"] == iso(9)
    ok(network("snooze", "1", "--until", iso(3)))
    assert "Done #1" in ok(network("done", "1", "2"))
    assert as_json(network("follow-ups", "--json")) == []
    done = as_json(network("follow-ups", "--all", "--json"))
    assert [f["done"] for f in done] == [iso(), iso()]
    assert "Reopened #2" in ok(network("reopen", "2"))
    assert "Cancelled #2" in ok(network("cancel", "2"))
    assert [
        f["id"] for f in as_json(network("follow-ups", "--all", "--contact", "sam", "--json"))
    ] == [1]


def test_due_shows_each_section(network: Run, backend: Backend) -> None:
    ok(network("follow-up", "sam", "Thank-you card", "--due", "today"))
    ok(network("follow-up", "sam", "Feedback", "--due", "in 3 days"))
    ok(network("follow-up", "ana", "Send CV", "--due", "in 20 days"))
    # backdate: an overdue follow-up and a contact whose 1m cadence has lapsed
    backend.query("UPDATE follow_up SET due = :d WHERE id = 3", {"d": date.today() - timedelta(4)})
    backend.query("UPDATE contact SET added = :d WHERE id = 1", {"d": date.today() - timedelta(40)})
    ok(network("edit", "ruiz", "--every", "1m"))  # medcrm recomputes when to reconnect
    view = ok(network("due"))
    for text in ("Overdue (1)", "Send CV", "4d ago", "Today (1)", "Thank-you card",
                 "Upcoming (1)", "Feedback", "Reconnect (1)", "Dr. Ana Ruiz"):  # fmt: skip
        assert text in view
    agenda = as_json(network("due", "--json"))
    assert {"overdue", "today", "upcoming", "reconnect"} <= set(agenda)
    assert [f["title"] for f in agenda["overdue"]] == ["Send CV"]
    assert [f["title"] for f in agenda["today"]] == ["Thank-you card"]
    [lapsed] = agenda["reconnect"]
    assert set(lapsed) == CONTACT_KEYS | {"days_overdue", "since"}
    expected = date.today() - (date.fromisoformat(iso(-40)) + relativedelta(months=1))
    assert lapsed["days_overdue"] == expected.days
    assert as_json(network("due", "--days", "0", "--json"))["upcoming"] == []


def test_an_empty_morning_says_so(run: Run) -> None:
    ok(run("add-contact", "Sam Okafor"))
    view = ok(run("due"))
    assert "nothing overdue" in view and "everyone is within their keep-in-touch cadence" in view


def test_edit_and_clear_fields(network: Run) -> None:
    edited = network(
        "edit", "ruiz", "--email", "", "--tag", "mentor", "--remove-tag", "letter-writer",
        "--every", "2m",
    )  # fmt: skip
    assert "Updated #1 Dr. Ana Ruiz." in ok(edited)
    [c] = as_json(network("contacts", "--search", "ruiz", "--json"))
    assert (c["email"], c["tags"], c["every"]) == (None, ["mentor"], "2m")
    ok(network("edit", "1", "--name", "Dr. Ana Ruiz-Vega"))
    assert as_json(network("show", "ruiz-vega", "--json"))["id"] == 1


def test_remove_needs_no_prompt_and_says_how_to_undo(network: Run) -> None:
    line = ok(network("remove", "sam"))
    assert "Removed #2 Sam Okafor" in line and "Undo with: medcrm undo" in line
    assert len(as_json(network("contacts", "--json"))) == 2
    ok(network("undo"))
    assert len(as_json(network("contacts", "--json"))) == 3
    assert "Removed #2 Sam Okafor" in ok(network("remove", "sam", "--yes"))  # still accepted


# --- errors: one line, exit code, database untouched ------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["log", "nobody"], "No contact matches 'nobody'"),
        (["log", "Dr. Ana Rui"], None),  # a unique substring is fine: control case below
        (["log", "ana", "sam", "zed"], "No contact matches 'zed'"),
        (
            ["log", "sam", "--date", "someday"],
            "Can't read 'someday' as a date. Try today, yesterday",
        ),
        (["log", "sam", "--date", "tomorrow"], "is in the future"),
        (["log", "sam", "--kind", "lunch"], "Unknown kind 'lunch'. Use one of: meeting"),
        (["log", "sam", "--follow-up", "x"], "--follow-up and --due go together"),
        (["add-contact", "X", "--role", "dean"], "Unknown role 'dean'"),
        (["add-contact", "X", "--every", "often"], "Can't read 'often' as a duration"),
        (["add-contact", "X", "--email", "nope"], "doesn't look like an email"),
        (["done", "99"], "No follow-up has id 99"),
        (["snooze", "99", "--by", "3d"], "No follow-up has id 99"),
        (["show", "999"], "No contact has id 999"),
        (["edit", "a", "--role", "peer"], "matches"),
        (["follow-up", "sam", "x", "--due", "someday"], "Try tomorrow"),
        (["unlog", "5"], "No interaction has id 5"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    network: Run, backend: Backend, args: list[str], fragment: str | None
) -> None:
    before = snapshot(backend)
    result = network(*args)
    if fragment is None:
        ok(result)
        return
    assert fragment in failed(result)
    assert snapshot(backend) == before
    assert result.stdout == ""


def test_ambiguous_names_list_the_candidates(network: Run) -> None:
    ok(network("add-contact", "Sam Okafor-Bello"))
    line = failed(network("log", "okafor"))
    assert "#2 Sam Okafor" in line and "#4 Sam Okafor-Bello" in line


@pytest.mark.parametrize(
    "args",
    [
        ["log"],
        ["follow-up", "sam"],
        ["done", "abc"],
        ["add-contact"],
        ["due", "--bogus"],
        ["nonsense"],
        ["due", "--days", "-1"],
        ["done", "99999999999999999999999"],
        ["unlog", "0"],
        ["history", "--limit", "0"],
        ["contacts", "--limit", "-1"],
    ],
)
def test_usage_errors_exit_2_with_one_line(network: Run, args: list[str]) -> None:
    line = failed(network(*args), code=2)
    assert "--help" in line


def test_user_text_prints_literally(run: Run, backend: Backend) -> None:
    name = "[bold red]Zoë[/] [link=https://example.com]x[/link] \\[y]"
    ok(run("add-contact", name, "--note", "[dim]keep[/dim] brackets", "--met", "[i]there[/i]"))
    ok(run("follow-up", "1", "Reply to [b]x[/b] :thumbs_up:", "--due", "today"))
    assert name in ok(run("contacts"))
    page = ok(run("show", "1"))
    assert name in page and "[dim]keep[/dim] brackets" in page and "[i]there[/i]" in page
    assert "Reply to [b]x[/b] :thumbs_up:" in ok(run("due"))  # no emoji put in its place


def test_escape_sequences_in_stored_data_never_reach_the_terminal(
    run: Run, backend: Backend
) -> None:
    ok(run("add-contact", "Placeholder"))
    ok(run("follow-up", "1", "x", "--due", "today"))
    hostile = "Eve\x1b[2J\x1b]52;c;ZXZpbA==\x07\u202eNg\x9b31m"
    # as if imported or edited by another tool
    backend.query(
        "UPDATE contact SET name = :n, notes = :h WHERE id = 1", {"n": hostile, "h": hostile}
    )
    backend.query("UPDATE follow_up SET title = :h", {"h": hostile})
    for args in (["contacts"], ["show", "1"], ["due"], ["follow-ups"], ["contacts", "--json"],
                 ["show", "1", "--json"], ["due", "--json"]):  # fmt: skip
        out = ok(run(*args))
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out and "\x07" not in out


def test_an_unexpected_error_is_one_line_unless_debug(
    network: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("medcrm.storage.queries.due_agenda", boom)
    line = failed(network("due"))
    assert "unexpected RuntimeError" in line and "--debug" in line and "secret" not in line
    debug = network("--debug", "due")
    assert debug.exit_code == 1 and "Traceback" in debug.stderr


def test_ctrl_c_exits_130(network: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("medcrm.storage.queries.list_contacts", interrupted)
    assert "Interrupted" in failed(network("contacts"), code=130)


def test_version(run: Run) -> None:
    from medcrm import __version__

    assert ok(run("--version")).strip() == f"medcrm {__version__}"


def test_no_arguments_shows_the_help(run: Run) -> None:
    result = run()
    assert result.exit_code == 0 and "medcrm due" in result.stdout and result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [["due"], ["contacts"], ["show", "ana"], ["log", "ana"], ["follow-ups"], ["history"],
     ["done", "1"], ["edit", "ana", "--role", "peer"]],
)  # fmt: skip
def test_only_add_contact_creates_the_database(run: Run, backend: Backend, args: list[str]) -> None:
    line = failed(run(*args))
    if backend.is_server:
        assert "has no medcrm tables yet" in line and "'medcrm init'" in line
        assert "postgresql://medcrm:***@" in line
    else:
        assert f"There is no medcrm database at {backend.path}" in line
        assert 'medcrm add-contact "Name"' in line
    assert not backend.exists()


def test_far_dates_are_refused_not_crashed_on(network: Run, backend: Backend) -> None:
    before = snapshot(backend)
    line = failed(network("follow-up", "sam", "x", "--due", "9999-12-31"))
    assert "outside the dates medcrm keeps (1900 to 2199)" in line
    assert snapshot(backend) == before


def test_searching_folds_accents_and_keeps_punctuation(run: Run) -> None:
    ok(run("add-contact", "Émile Durand", "-i", "École de Médecine", "-p", "+1 555-0100"))
    ok(run("add-contact", "Dr. Ingrid Sørensen", "-p", "555-0101"))
    for query in ("école", "ÉCOLE", "ecole", "medecine", "durand"):
        found = as_json(run("contacts", "-S", query, "--json"))
        assert [c["name"] for c in found] == ["Émile Durand"]
    assert [c["name"] for c in as_json(run("contacts", "-S", "+", "--json"))] == ["Émile Durand"]
    assert as_json(run("show", "sorensen", "--json"))["name"] == "Dr. Ingrid Sørensen"


def test_a_search_lists_name_matches_first_and_the_best_20(run: Run) -> None:
    ok(run("add-contact", "Zoe Abara", "--note", "Introduced me to Dr. Okafor"))
    for n in range(24):
        ok(run("add-contact", f"Tunde Okafor {n:02d}"))
    out = ok(run("contacts", "--search", "okafor"))
    assert "Tunde Okafor 00" in out and "Tunde Okafor 19" in out
    assert "Tunde Okafor 20" not in out and "Zoe Abara" not in out  # the note match comes last
    assert "… and 5 more: --limit 0 shows all" in out
    found = as_json(run("contacts", "--search", "okafor", "--json"))  # JSON: every match
    assert len(found) == 25 and found[-1]["name"] == "Zoe Abara"
    assert "Zoe Abara" in ok(run("contacts", "--search", "okafor", "--limit", "0"))
    listing = ok(run("contacts"))  # by name, 50 at a time
    assert "Contacts (25)" in listing and "Zoe Abara" in listing


def test_edit_needs_something_to_change(network: Run, backend: Backend) -> None:
    before = snapshot(backend)
    assert "Nothing to change" in failed(network("edit", "sam"))
    assert snapshot(backend) == before


def test_renaming_onto_an_existing_name_is_allowed_and_noted(network: Run) -> None:
    result = network("edit", "sam", "--name", "Dr. Ana Ruiz")
    assert "Updated #2 Dr. Ana Ruiz." in ok(result)
    assert "#1 has the same name" in result.stderr


def test_removing_a_missing_tag_lists_the_tags_it_has(network: Run) -> None:
    line = failed(network("edit", "sam", "--tag", "new-tag", "--remove-tag", "nope"))
    assert "has no tag 'nope' (tags: im-interest)" in line


def test_a_number_is_an_id_with_a_hint_when_a_name_has_it(run: Run) -> None:
    ok(run("add-contact", "Room 101 Front Desk", "--role", "staff"))
    line = failed(run("show", "101"))
    assert "No contact has id 101" in line and "Room 101 Front Desk has it in the name" in line
    assert as_json(run("show", "room 101", "--json"))["id"] == 1


def test_history_echoes_the_date_it_resolved(network: Run) -> None:
    ok(network("log", "sam", "--date", "yesterday"))
    yesterday = date.today() - timedelta(days=1)
    out = ok(network("history", "--since", "yesterday"))
    assert f"Interactions since {yesterday:%a} {yesterday.isoformat()} (1, newest first)" in out


def test_ctrl_c_at_a_prompt_exits_130(
    network: Run, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    import typer

    def interrupted_prompt(*args: object, **kwargs: object) -> bool:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise typer.Abort() from None  # what the prompt does on ^C

    ok(network("letters", "ask", "sam", "--for", "IM ERAS", "--due", "2027-03-01"))
    monkeypatch.setattr("medcrm.cli.common.interactive", lambda: True)
    monkeypatch.setattr("typer.confirm", interrupted_prompt)
    before = snapshot(backend)
    assert "Interrupted" in failed(network("letters", "remove", "1"), code=130)
    assert snapshot(backend) == before


@pytest.mark.parametrize(
    ("columns", "shown", "hidden"),
    [("70", ["Last contact", "Follow-ups"], ["Where", "Tags"]),
     ("95", ["Tags"], ["Where"]),
     ("130", ["Where", "Tags", "Riverside University Hospital"], [])],
)  # fmt: skip
def test_the_contacts_table_fits_the_terminal(
    network: Run, monkeypatch: pytest.MonkeyPatch, columns: str, shown: list[str], hidden: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = ok(network("contacts"))
    assert all(len(line) <= int(columns) for line in out.splitlines())
    assert all(word in out for word in shown)
    assert not any(word in out for word in hidden)


# --- issue 3 commands through the CLI ------------------------------------------------------


def test_rotations_through_the_cli(network: Run) -> None:
    out = ok(network("rotations", "add", "IM clerkship", "--start", iso(-20), "--end", iso(3),
                     "--service", "Internal Medicine", "--site", "Riverside"))  # fmt: skip
    assert "Added rotation #1 IM clerkship" in out
    logged = ok(network("log", "ruiz", "sam", "-k", "rotation", "-n", "Rounds"))
    assert "IM clerkship)" in logged and "before you go #1, #2, #3, #4" in logged
    listing = ok(network("rotations"))
    assert "▶" in listing and "IM clerkship" in listing and "current rotation" in listing
    [rotation] = as_json(network("rotations", "--json"))
    assert rotation["start"] == iso(-20) and rotation["people"] == 2
    detail = as_json(network("rotations", "show", "im", "--json"))
    assert [p["name"] for p in detail["met"]] == ["Dr. Ana Ruiz", "Sam Okafor"]
    agenda = as_json(network("due", "--json"))
    [ending] = agenda["before_you_go"]
    assert ending["rotation"]["name"] == "IM clerkship" and len(ending["follow_ups"]) == 4
    view = ok(network("due"))
    assert "Before you go: IM clerkship" in view and "Ask for feedback or a letter" in view
    assert "Removed rotation #1" in ok(network("rotations", "remove", "IM clerkship"))
    assert as_json(network("due", "--json"))["before_you_go"] == []


def test_letters_through_the_cli(network: Run) -> None:
    out = ok(network("letters", "ask", "ruiz", "--for", "Internal Medicine ERAS",
                     "--due", iso(40), "--kind", "slor", "--not-waived"))  # fmt: skip
    assert "Letter #1 from Dr. Ana Ruiz for Internal Medicine ERAS: asked" in out
    assert "; follow-ups #1, #2 due from" in out and out.count("\n") == 1  # one line
    assert "Polite reminder" in ok(network("follow-ups"))
    assert "Send Dr. Ana Ruiz your CV" in ok(network("letters", "set", "1", "agreed"))
    [letter] = as_json(network("letters", "--json"))
    assert (letter["status"], letter["kind"], letter["waived"], letter["agreed"]) == (
        "agreed", "slor", False, iso()
    )  # fmt: skip
    assert "Letters of recommendation (1)" in ok(network("letters"))
    assert "already agreed" in failed(network("letters", "set", "1", "agreed"))
    assert "Unknown letter status" in failed(network("letters", "set", "1", "sent"))
    ok(network("log", "ruiz", "-k", "rotation"))
    suggestions = as_json(network("letters", "suggest", "--json"))
    assert [s["name"] for s in suggestions] == ["Dr. Ana Ruiz"]
    assert "already asked for: Internal Medicine ERAS" in suggestions[0]["reason"]


def test_log_suggests_and_done_repeats(network: Run) -> None:
    out = ok(network("log", "ruiz", "-k", "office-hours"))
    assert "suggested #1 due" in out
    [suggested] = as_json(network("follow-ups", "--json"))
    assert (
        suggested["contact"] == "Dr. Ana Ruiz"
        and "thank-you for office hours" in suggested["title"]
    )
    assert "suggested" not in ok(network("log", "ruiz", "-k", "office-hours", "--no-follow-up"))
    ok(network("follow-up", "sam", "Check in", "--due", "today", "--every", "2w"))
    done = ok(network("done", "2"))
    assert "Done #2" in done and "Next #3 for Sam Okafor due" in done and iso(14) in done
    assert "↻ every 2w" in ok(network("follow-ups"))


def test_phi_is_refused_through_every_entry_point(network: Run, backend: Backend) -> None:
    before = snapshot(backend)
    for args in (
        ["log", "ruiz", "--note", "pt John Smith in bed 4"],
        ["add-contact", "New", "--note", "DOB 1/2/1950"],
        ["edit", "ruiz", "--note", "MRN 1234567"],
        ["follow-up", "ruiz", "Call about the pt in bed 4", "--due", "today"],
        ["letters", "ask", "ruiz", "--for", "IM", "--due", iso(10), "--note", "92 yo"],
    ):
        line = failed(network(*args))
        assert "patient information" in line and "--allow-phi" in line
    assert snapshot(backend) == before
    ok(network("log", "ruiz", "--note", "Meeting in room 12", "--allow-phi"))


def test_levels_mentors_and_cadence_pairs(network: Run) -> None:
    ok(network("edit", "ruiz", "--level", "attending", "--mentor", "--every", "2w..6w"))
    [c] = as_json(network("contacts", "--mentors", "--json"))
    assert (c["name"], c["level"], c["mentor"], c["every"]) == (
        "Dr. Ana Ruiz",
        "attending",
        True,
        "2w..6w",
    )
    assert "attending · mentor" in ok(network("show", "ruiz"))
    assert "Unknown level" in failed(network("edit", "sam", "--level", "chief"))
    ok(network("edit", "ruiz", "--no-mentor"))
    assert as_json(network("contacts", "--mentors", "--json")) == []


def test_agenda_stats_and_config(network: Run) -> None:
    ok(network("follow-up", "sam", "Send notes", "--due", "tomorrow"))
    plan = as_json(network("agenda", "--days", "3", "--json"))
    assert len(plan["schedule"]) == 4
    assert [f["title"] for f in plan["schedule"][1]["follow_ups"]] == ["Send notes"]
    assert "Tomorrow" in ok(network("agenda"))
    summary = as_json(network("stats", "--json"))
    assert summary["contacts"] == 3 and summary["by_role"]["attending"] == 1
    assert "Interactions per month" in ok(network("stats"))
    assert as_json(network("config", "--json"))["follow-up.office-hours"] == "1d"
    assert "follow-up.office-hours = 3d" in ok(
        network("config", "set", "follow-up.office-hours", "3d")
    )
    assert as_json(network("config", "--json"))["follow-up.office-hours"] == "3d"
    assert "(the default)" in ok(network("config", "unset", "follow-up.office-hours"))
    assert "Unknown setting" in failed(network("config", "set", "colour", "blue"))


def test_the_agenda_shows_the_oldest_overdue_and_counts_the_rest(
    network: Run, backend: Backend
) -> None:
    from medcrm.services import followups

    day = date.today()
    with backend.open().writer() as session:  # planned a month ago, due since
        for n in range(13):
            due, planned = day - timedelta(days=20 - n), day - timedelta(days=30)
            followups.add_follow_up(
                session, who="sam", title=f"Late {n:02d}", due=due, today=planned
            )
    out = ok(network("agenda"))
    assert "Overdue (13)" in out and "Late 00" in out and "Late 09" in out
    assert "Late 10" not in out and "… and 3 more: medcrm follow-ups lists them all" in out
    assert "Late 12" in ok(network("agenda", "--limit", "0"))
    assert len(as_json(network("agenda", "--json"))["overdue"]) == 13


def test_a_busy_day_of_the_agenda_shows_its_first_rows_and_counts_the_rest(
    network: Run, backend: Backend
) -> None:
    """Each day ahead lists its first follow-ups (10, or --limit) and says how many more;
    --limit 0 and --json list every one (issue 20: hundreds due a day at 100,000 contacts)."""
    from medcrm.services import followups

    day = date.today()
    with backend.open().writer() as session:
        for n in range(13):
            followups.add_follow_up(
                session, who="sam", title=f"Busy {n:02d}", due=day + timedelta(days=1), today=day
            )
        followups.add_follow_up(session, who="ruiz", title="Quiet", due=day + timedelta(days=2),
                                today=day)  # fmt: skip
    out = ok(network("agenda"))
    assert "Busy 09" in out and "Busy 10" not in out and "Quiet" in out
    assert "… and 3 more (--limit 0 lists them)" in out
    few = ok(network("agenda", "--limit", "4"))
    assert "Busy 03" in few and "Busy 04" not in few and "… and 9 more" in few
    everything = ok(network("agenda", "--limit", "0"))
    assert "Busy 12" in everything and "more (--limit 0" not in everything
    plan = as_json(network("agenda", "--json"))
    assert len(plan["schedule"][1]["follow_ups"]) == 13
    assert "… and 3 more" in ok(network("agenda", "sam"))  # one person's busy day too
    assert "more (--limit 0" not in ok(network("agenda", "ruiz"))


def test_follow_ups_shows_the_first_50_and_counts_the_rest(network: Run, backend: Backend) -> None:
    from medcrm.services import followups

    day = date.today()
    with backend.open().writer() as session:
        for n in range(55):
            followups.add_follow_up(
                session, who="sam", title=f"Task {n:02d}", due=day + timedelta(days=n), today=day
            )
    total = len(as_json(network("follow-ups", "--json")))  # JSON: every one
    assert total >= 55
    out = ok(network("follow-ups"))
    assert f"Open follow-ups ({total})" in out
    assert f"… and {total - 50} more: --limit 0 shows all" in out
    assert "Task 54" not in out and "Task 54" in ok(network("follow-ups", "--limit", "0"))
    few = ok(network("follow-ups", "--limit", "2"))
    assert f"… and {total - 2} more" in few
    assert "more:" not in ok(network("follow-ups", "--contact", "ruiz"))


def test_the_largest_limit_the_option_takes_is_no_crash(network: Run) -> None:
    """With rotation duties under "Before you go", each section asks for a few more rows
    than the limit: never more than a database integer holds."""
    ok(network("rotations", "add", "IM clerkship", "--start", iso(-20), "--end", iso(3)))
    ok(network("log", "ruiz", "-k", "rotation", "-n", "Rounds"))
    out = ok(network("due", "--limit", str(2**63 - 1)))
    assert "Before you go: IM clerkship" in out


def test_a_cut_morning_view_counts_mentors_items_it_does_not_show(
    network: Run, backend: Backend
) -> None:
    from medcrm.services import followups

    ok(network("edit", "ruiz", "--mentor"))
    day = date.today()
    with backend.open().writer() as session:  # 8 late for sam, then 4 later ones for ruiz
        for n in range(12):
            who = "sam" if n < 8 else "ruiz"
            due, planned = day - timedelta(days=20 - n), day - timedelta(days=30)
            followups.add_follow_up(session, who=who, title=f"Late {n:02d}", due=due, today=planned)
    out = ok(network("due", "--limit", "3"))
    # 8 of the 12 overdue are not a mentor's; the 4 that are wait under Mentors (3 shown).
    assert "Overdue (8; 4 more under Mentors)" in out
    assert "… and 5 more: medcrm follow-ups lists them all" in out  # 8 - the 3 shown
    assert "… and 1 more: medcrm follow-ups and medcrm contacts --mentors list them all" in out
    counts = as_json(network("due", "--json"))["counts"]
    assert (counts["overdue"], counts["mentors_overdue"]) == (12, 4)
    # A mentor's item that the cut Mentors section leaves out is not shown among the others.
    ok(network("follow-up", "ruiz", "Coffee soon", "--due", "tomorrow"))
    cut = ok(network("due", "--limit", "3"))
    assert "Coffee soon" not in cut and "… and 2 more: medcrm follow-ups and" in cut


def test_rotation_dates_without_a_year_are_the_nearest(network: Run) -> None:
    day = date.today()
    start = day - timedelta(days=40)
    end = day - timedelta(days=10)
    out = ok(network("rotations", "add", "Past block", "--start", f"{start:%b} {start.day}",
                     "--end", f"{end:%b} {end.day}"))  # fmt: skip
    assert f"{start.isoformat()} to" in out and end.isoformat() in out
