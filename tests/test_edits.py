"""Fix any mistake (issue 16): edit-log, edit-follow-up, letters edit/remove, a second letter
asked on purpose only. On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import Backend, Run, ok, refused, snapshot


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


@pytest.fixture
def network(run: Run) -> Run:
    ok(run("add-contact", "Ana Ruiz", "--role", "attending"))
    ok(run("add-contact", "Omar Haddad", "--role", "resident"))
    ok(run("add-contact", "Priya Nair", "--role", "peer"))
    ok(run("rotations", "add", "IM clerkship", "--start", "2026-10-01", "--end", "2026-10-31"))
    ok(run("rotations", "add", "Surgery", "--start", "2026-11-02", "--end", "2026-11-27"))
    ok(run("log", "ruiz", "-k", "meeting", "-d", "2026-10-15", "-n", "Rounds tips"))
    return run


def interaction(run: Run, number: int = 1) -> Any:
    [found] = [i for i in as_json(run("history", "--json")) if i["id"] == number]
    return found


def test_edit_log_changes_each_field_and_says_old_and_new(network: Run) -> None:
    line = ok(network("edit-log", "1", "-n", "Rounds and pimping tips", "-k", "rotation",
                      "--add", "haddad"))  # fmt: skip
    assert line.startswith("Changed interaction #1: ")
    assert "kind meeting → rotation" in line and "with Ana Ruiz → Ana Ruiz, Omar Haddad" in line
    assert "note Rounds tips → Rounds and pimping tips" in line
    shown = interaction(network)
    assert shown["kind"] == "rotation" and shown["note"] == "Rounds and pimping tips"
    assert shown["contacts"] == ["Ana Ruiz", "Omar Haddad"]
    ok(network("edit-log", "1", "--drop", "ruiz"))
    assert interaction(network)["contacts"] == ["Omar Haddad"]


def test_edit_log_moves_to_the_rotation_of_its_new_date(network: Run) -> None:
    assert interaction(network)["rotation"] == "IM clerkship"
    line = ok(network("edit-log", "1", "--date", "2026-11-10"))
    assert "date 2026-10-15 → 2026-11-10" in line and "rotation IM clerkship → Surgery" in line
    assert interaction(network)["rotation"] == "Surgery"
    ok(network("edit-log", "1", "--date", "2026-09-01"))
    assert interaction(network)["rotation"] is None
    ok(network("edit-log", "1", "--date", "2026-11-03", "--no-rotation"))
    assert interaction(network)["rotation"] is None
    assert "outside it" in refused(network("edit-log", "1", "--rotation", "IM clerkship"))


def test_edit_log_refuses_what_log_refuses_and_changes_nothing(
    network: Run, backend: Backend
) -> None:
    before = snapshot(backend)
    assert "future" in refused(network("edit-log", "1", "--date", "in 3 days"))
    assert "Unknown kind" in refused(network("edit-log", "1", "-k", "coffee"))
    assert "no one" in refused(network("edit-log", "1", "--drop", "ruiz"))
    assert "not part of" in refused(network("edit-log", "1", "--drop", "nair"))
    assert "Nothing to change" in refused(network("edit-log", "1"))
    assert "patient" in refused(network("edit-log", "1", "-n", "Mrs. Patterson coded on 7W"))
    assert "No interaction" in refused(network("edit-log", "99", "-n", "x"))
    assert snapshot(backend) == before


def test_edit_log_opens_the_note_in_the_editor(
    network: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text('#!/bin/sh\nsed -i "s/Rounds tips/Rounds tips, and a paper idea/" "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VISUAL", str(editor))
    monkeypatch.setattr("medcrm.cli.common.interactive", lambda: True)
    assert "→ Rounds tips, and a paper idea" in ok(network("edit-log", "1"))
    assert interaction(network)["note"] == "Rounds tips, and a paper idea"
    emptier = tmp_path / "emptier"
    emptier.write_text('#!/bin/sh\n: > "$1"\n')
    emptier.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VISUAL", str(emptier))
    cancelled = network("edit-log", "1")
    assert cancelled.exit_code == 1 and "nothing was changed" in cancelled.stdout
    assert interaction(network)["note"] == "Rounds tips, and a paper idea"
    monkeypatch.setenv("VISUAL", os.devnull)
    assert "editor" in refused(network("edit-log", "1"))


def test_edit_follow_up(network: Run) -> None:
    ok(network("follow-up", "haddad", "Send the articel", "--due", "2026-12-20"))
    line = ok(network("edit-follow-up", "1", "--title", "Send the article", "--due",
                      "2026-12-24", "--every", "1m", "--contact", "nair"))  # fmt: skip
    assert "title Send the articel → Send the article" in line
    assert "due 2026-12-20 → 2026-12-24" in line and "every (none) → 1m" in line
    assert "contact Omar Haddad → Priya Nair" in line
    [f] = as_json(network("follow-ups", "--json"))
    assert (f["title"], f["due"], f["every"], f["contact"]) == (
        "Send the article", "2026-12-24", "1m", "Priya Nair"
    )  # fmt: skip
    assert "every 1m → (none)" in ok(network("edit-follow-up", "1", "--once"))
    assert "not both" in refused(network("edit-follow-up", "1", "--once", "--every", "2w"))
    assert "already overdue" in ok(network("edit-follow-up", "1", "--due", "2020-01-01"))


def test_letters_edit_replans_the_reminders(network: Run) -> None:
    ok(network("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "2027-03-01"))
    line = ok(network("letters", "edit", "1", "--deadline", "2027-04-01", "--for",
                      "IM ERAS 2027", "--note", "Send the CV first"))  # fmt: skip
    assert "deadline 2027-03-01 → 2027-04-01" in line and "for IM ERAS → IM ERAS 2027" in line
    reminders = [f for f in as_json(network("follow-ups", "--json"))
                 if f["purpose"] == "letter-reminder"]  # fmt: skip
    assert sorted(f["due"] for f in reminders) == ["2027-03-04", "2027-03-25"]
    assert all("2027-04-01" in f["title"] and "IM ERAS 2027" in f["title"] for f in reminders)
    assert "before the request" in refused(
        network("letters", "edit", "1", "--deadline", "2020-01-01")
    )


def test_letters_remove_asks_first_and_undo_brings_it_back(
    network: Run, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(network("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "2027-03-01"))
    before = snapshot(backend)
    assert "add --yes" in refused(network("letters", "remove", "1"))
    monkeypatch.setattr("medcrm.cli.common.interactive", lambda: True)
    kept = network("letters", "remove", "1", input="n\n")
    assert kept.exit_code == 1 and "Nothing was changed." in kept.stdout
    assert snapshot(backend) == before
    assert "Removed letter #1" in ok(network("letters", "remove", "1", input="y\n"))
    assert as_json(network("letters", "--json")) == []
    assert not [f for f in as_json(network("follow-ups", "--json")) if f["letter_id"]]
    ok(network("undo"))
    assert len(as_json(network("letters", "--json"))) == 1


def test_a_second_letter_for_the_same_target_needs_again(
    network: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(network("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "2027-03-01"))
    line = refused(network("letters", "ask", "ruiz", "--for", "im eras", "--due", "2027-03-05"))
    assert "already has letter #1" in line and "--again" in line
    ok(network("letters", "ask", "ruiz", "--for", "Surgery ERAS", "--due", "2027-03-05"))
    ok(network("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "2027-03-05", "--again"))
    monkeypatch.setattr("medcrm.cli.common.interactive", lambda: True)
    asked = network("letters", "ask", "ruiz", "--for", "IM ERAS", "--due", "2027-03-09",
                    input="y\n")  # fmt: skip
    assert "Letter #4" in ok(asked)
    assert len(as_json(network("letters", "--json"))) == 4
