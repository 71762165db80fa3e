"""The change log, undo and redo (issue 16), on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Backend, Run, ok, refused

DATA_TABLES = (
    "contact", "tag", "contact_tag", "rotation", "interaction", "interaction_contact", "letter",
    "follow_up", "setting",
)  # fmt: skip


def data(backend: Backend) -> dict[str, list[tuple[object, ...]]]:
    """Every row of medcrm's data tables (the change log aside), in key order."""
    return {t: sorted(backend.query(f"SELECT * FROM {t}"), key=repr) for t in DATA_TABLES}  # noqa: S608


def changes(backend: Backend) -> list[tuple[object, ...]]:
    return backend.query("SELECT id, command, state FROM change ORDER BY id")


@pytest.fixture
def network(run: Run) -> Run:
    """Two fictional colleagues with a rotation, a logged shift, a follow-up and a letter."""
    ok(run("add-contact", "Ana Ruiz", "--role", "attending", "--tag", "im", "--email",
           "ana.ruiz@example.edu"))  # fmt: skip
    ok(run("add-contact", "Omar Haddad", "--role", "resident", "--tag", "im"))
    ok(run("rotations", "add", "IM clerkship", "--start", "2026-11-01", "--end", "2026-12-20"))
    ok(run("log", "ruiz", "haddad", "-k", "rotation", "-d", "2026-11-20", "-n", "Rounds"))
    ok(run("follow-up", "ruiz", "Ask about research", "--due", "2026-12-10"))
    ok(run("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "2027-01-15"))
    return run


# Every write command, run on the network, then undone: the data is as it was.
WRITES = [
    ("add-contact", "Priya Nair", "--role", "peer", "--tag", "study"),
    ("edit", "ruiz", "--email", "a.ruiz@example.edu", "--tag", "mentor", "--remove-tag", "im"),
    ("remove", "haddad", "--yes"),
    ("log", "haddad", "-k", "office-hours", "-n", "Asked about PGY1 life"),
    ("unlog", "1"),
    ("follow-up", "haddad", "Send the article", "--due", "fri"),
    ("done", "5"),
    ("cancel", "5"),
    ("snooze", "5", "--by", "1w"),
    ("letters", "set", "1", "agreed"),
    ("rotations", "add", "Surgery", "--start", "2027-01-04", "--end", "2027-02-26"),
    ("rotations", "remove", "IM clerkship"),
    ("config", "set", "follow-up.seminar", "5d"),
    ("config", "unset", "undo.days"),
    ("edit-log", "1", "-n", "Rounds, and a paper idea", "--drop", "haddad", "-d", "2026-10-01"),
    ("edit-follow-up", "5", "--title", "Ask about the research project", "--every", "1m"),
    ("reopen", "1"),
    ("letters", "ask", "haddad", "--for", "Surgery ERAS", "--due", "2027-02-01"),
    ("letters", "edit", "1", "--deadline", "2027-02-15", "--note", "CV sent"),
    ("letters", "remove", "1", "--yes"),
    ("merge", "ruiz", "haddad"),
]


@pytest.mark.parametrize("command", WRITES, ids=lambda c: " ".join(c[:2]))
def test_every_write_is_undone_exactly(
    network: Run, backend: Backend, command: tuple[str, ...]
) -> None:
    if command[:2] == ("config", "unset"):
        ok(network("config", "set", "undo.days", "30"))
    before = data(backend)
    ok(network(*command))
    assert data(backend) != before, "the command changed nothing"
    line = ok(network("undo"))
    assert line.startswith("Undid change #") and command[0] in line
    assert data(backend) == before


def test_undo_after_remove_restores_the_same_ids_and_timeline(network: Run) -> None:
    shown = ok(network("show", "ruiz", "--json"))
    ok(network("remove", "ruiz", "--yes"))
    assert "Ruiz" not in ok(network("contacts"))
    ok(network("undo"))
    assert json.loads(ok(network("show", "ruiz", "--json"))) == json.loads(shown)
    history = json.loads(ok(network("history", "ruiz", "--json")))
    assert [i["id"] for i in history] == [1]


def test_redo_puts_the_change_back_until_a_new_change(network: Run, backend: Backend) -> None:
    ok(network("remove", "haddad", "--yes"))
    removed = data(backend)
    ok(network("undo"))
    assert "Redid change" in ok(network("redo"))
    assert data(backend) == removed
    ok(network("undo"))
    ok(network("add-contact", "Priya Nair"))  # a new change: the way forward is gone
    assert "Nothing to redo" in refused(network("redo"))


def test_undo_goes_back_one_change_at_a_time(network: Run, backend: Backend) -> None:
    ok(network("log", "haddad", "-k", "study-group"))
    ok(network("follow-up", "haddad", "Quiz each other", "--due", "tomorrow"))
    assert "follow-up" in ok(network("undo"))
    assert "log" in ok(network("undo"))
    states = [s for _, command, s in changes(backend) if command in ("log", "follow-up")]
    assert states[-2:] == ["undone", "undone"]


def test_undo_refuses_what_a_later_change_depends_on(network: Run, backend: Backend) -> None:
    ok(network("add-contact", "Priya Nair"))
    added = changes(backend)[-1][0]
    ok(network("log", "priya", "-k", "study-group"))
    logged = changes(backend)[-1][0]
    before = backend.snapshot()
    line = refused(network("undo", str(added)))
    assert f"change #{logged} (log" in line and f"medcrm undo {logged}" in line
    assert backend.snapshot() == before
    ok(network("undo"))  # the log first, then the add-contact
    ok(network("undo", str(added)))
    assert "Priya" not in ok(network("contacts"))


def test_undo_of_an_import_removes_exactly_what_it_added(
    network: Run, backend: Backend, tmp_path: Path
) -> None:
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Lena,Park,lena.park@example.edu,State Med,Resident Physician,12 Mar 2024\n"
        "Ana,Ruiz,ana.ruiz@example.edu,State Med,Attending Physician,01 Feb 2023\n"
        "Tom,Baker,,Clinic,Medical Student,05 May 2025\n",
        encoding="utf-8",
    )
    before = data(backend)
    ok(network("import", "linkedin", str(csv)))
    assert data(backend) != before
    assert "import linkedin" in ok(network("undo"))
    assert data(backend) == before


def test_a_recurring_follow_ups_next_one_goes_with_the_undo(network: Run, backend: Backend) -> None:
    ok(network("follow-up", "haddad", "Monthly check-in", "--due", "2026-12-05", "--every", "1m"))
    before = data(backend)
    assert "#9" in ok(network("done", "8"))  # and the next one, #9
    ok(network("undo"))
    assert data(backend) == before


def test_the_list_shows_ids_never_text(network: Run) -> None:
    ok(network("log", "haddad", "-n", "Zanzibar conversation"))
    listing = ok(network("undo", "--list"))
    assert "Zanzibar" not in listing and "log" in listing and "letters ask" in listing
    entries = json.loads(ok(network("undo", "--list", "--json")))
    assert entries[0]["command"] == "log" and entries[0]["state"] == "done"
    assert "Zanzibar" not in json.dumps(entries)
    added = [r for r in entries[0]["rows"] if r["action"] == "added"]
    assert {"what": "interaction", "ids": ["2"], "action": "added"} in added


def test_the_change_log_keeps_what_the_setting_says(network: Run, backend: Backend) -> None:
    ok(network("config", "set", "undo.keep", "3"))
    for n in range(5):
        ok(network("follow-up", "haddad", f"Step {n}", "--due", "tomorrow"))
    assert len(changes(backend)) == 3
    assert "whole number" in refused(network("config", "set", "undo.keep", "0"))


def test_reads_and_failed_commands_record_nothing(network: Run, backend: Backend) -> None:
    logged = changes(backend)
    ok(network("due"))
    ok(network("contacts"))
    refused(network("log", "nobody-at-all"))
    ok(network("edit", "ruiz", "--email", "ana.ruiz@example.edu"))  # the same value
    assert changes(backend) == logged


def test_nothing_to_undo_is_one_clear_line(run: Run) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    ok(run("undo"))
    assert "Nothing to undo" in refused(run("undo"))
    assert "no change #99" in refused(run("undo", "99"))


def test_backups_carry_the_change_log_and_exports_leave_it_out(
    network: Run, backend: Backend, tmp_path: Path
) -> None:
    ok(network("log", "haddad", "-k", "study-group"))
    saved = tmp_path / ("backup.json" if backend.is_server else "backup.db")
    ok(network("backup", str(saved)))
    ok(network("add-contact", "Priya Nair"))
    ok(network("restore", str(saved), "--yes"))
    assert "Priya" not in ok(network("contacts"))
    assert "(log," in ok(network("undo"))  # the backup's newest change
    exported = json.loads(ok(network("export", "json")))
    assert "changes" not in exported and "change_rows" not in exported
