"""Duplicates and merge (issue 16), on SQLite and on PostgreSQL. All people are fictional."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from medcrm.pure.text import person_key
from tests.conftest import Backend, Run, ok, snapshot


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dr. Omar Haddad, MD", "omar haddad"),
        ("Haddad, Omar", "Omar K. Haddad"),
        ("Prof. Zoë Ångström-Núñez PhD", "zoe angstrom nunez"),
    ],
)
def test_titles_degrees_initials_and_order_are_left_out(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)


def test_add_contact_says_who_looks_the_same_and_how_to_merge(run: Run) -> None:
    ok(run("add-contact", "Omar Haddad", "--email", "omar.haddad@example.edu"))
    ok(run("add-contact", "Lena Park", "--phone", "+1 (555) 010-2233"))
    same_name = run("add-contact", "Dr. Omar Haddad, MD")
    assert "Added #3" in ok(same_name)
    assert "#1 Omar Haddad looks like the same person (same name)" in same_name.stderr
    assert "medcrm merge 1 3" in same_name.stderr
    same_email = run("add-contact", "O. Haddad-Smith", "--email", "OMAR.HADDAD@example.edu")
    assert "same email" in same_email.stderr
    same_phone = run("add-contact", "L. Park", "--phone", "555-010-2233")
    assert "#2 Lena Park" in same_phone.stderr and "same phone" in same_phone.stderr
    spelled = run("add-contact", "Omar Hadad")
    assert "names spelled alike" in spelled.stderr
    different = run("add-contact", "Omar Farouk")
    assert different.stderr == ""


def test_in_a_terminal_add_contact_asks_first(
    run: Run, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("add-contact", "Omar Haddad"))
    monkeypatch.setattr("medcrm.cli.common.interactive", lambda: True)
    before = snapshot(backend)
    kept = run("add-contact", "Dr. Omar Haddad", input="n\n")
    assert kept.exit_code == 1 and "Nothing was added" in kept.stdout
    assert snapshot(backend) == before
    assert "Added #2" in ok(run("add-contact", "Dr. Omar Haddad", input="y\n"))


def test_duplicates_lists_pairs_with_the_reason(run: Run) -> None:
    ok(run("add-contact", "Ana Ruiz", "--email", "ana.ruiz@example.edu"))
    ok(run("add-contact", "Dr. Ana Ruiz"))
    ok(run("add-contact", "A. Ruiz-Vega", "--email", "ana.ruiz@example.edu"))
    ok(run("add-contact", "Sam Okafor"))
    pairs = as_json(run("duplicates", "--json"))
    found = {(p["first"]["id"], p["second"]["id"]): p["reasons"] for p in pairs}
    assert found == {(1, 2): ["same name"], (1, 3): ["same email"]}
    assert "same email" in ok(run("duplicates"))


def test_merge_moves_everything_and_keeps_both_values(run: Run) -> None:
    ok(run("add-contact", "Omar Haddad", "--role", "resident", "--email", "omar@example.edu",
           "--tag", "im", "--note", "Met at the IM interest group"))  # fmt: skip
    ok(run("add-contact", "Dr. Omar Haddad", "--role", "resident", "--email",
           "o.haddad@example.org", "--phone", "555-010-9988", "--institution", "Riverside",
           "--tag", "mentor", "--note", "Research on sepsis bundles"))  # fmt: skip
    ok(run("add-contact", "Ana Ruiz", "--role", "attending"))
    ok(run("rotations", "add", "IM clerkship", "--start", "2026-11-01", "--end", "2026-12-20"))
    ok(run("log", "2", "ruiz", "-k", "rotation", "-d", "2026-11-20"))
    ok(run("log", "1", "2", "-k", "meeting", "-d", "2026-11-21"))
    ok(run("letters", "ask", "2", "--for", "IM ERAS", "--due", "2027-03-01"))
    ok(run("follow-up", "2", "Send the abstract", "--due", "2026-12-30"))
    line = ok(run("merge", "1", "2"))
    assert "Merged #2 Dr. Omar Haddad into #1 Omar Haddad" in line and "medcrm undo" in line
    assert "fills in institution, phone" in line and "keeps both values of email" in line
    shown = as_json(run("show", "1", "--json"))
    assert shown["email"] == "omar@example.edu" and shown["phone"] == "555-010-9988"
    assert shown["institution"] == "Riverside"
    assert [e["value"] for e in shown["extra"]["emails"]] == [
        "omar@example.edu", "o.haddad@example.org"
    ]  # fmt: skip
    assert "Research on sepsis bundles" in shown["notes"] and "IM interest group" in shown["notes"]
    assert sorted(shown["tags"]) == ["im", "mentor"]
    history = as_json(run("history", "1", "--json"))
    assert sorted(i["id"] for i in history) == [1, 2]
    assert [i["contacts"] for i in history if i["id"] == 2] == [["Omar Haddad"]]  # once, not twice
    assert [x["contact_id"] for x in as_json(run("letters", "--json"))] == [1]
    assert {f["contact_id"] for f in as_json(run("follow-ups", "--json"))} <= {1, 3}
    assert "Dr. Omar Haddad" not in ok(run("contacts"))
    assert "Omar Haddad" in ok(run("rotations", "show", "IM clerkship"))
    ok(run("undo"))
    restored = as_json(run("show", "2", "--json"))
    assert restored["name"] == "Dr. Omar Haddad" and restored["email"] == "o.haddad@example.org"


def test_merge_refuses_the_same_contact_twice(run: Run) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    result = run("merge", "1", "ruiz")
    assert result.exit_code == 1 and "same contact twice" in result.stderr


def test_an_import_names_the_contacts_it_brought_that_look_known(run: Run, tmp_path: Path) -> None:
    ok(run("add-contact", "Dr. Lena Park", "--role", "resident"))
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Lena,Park,lena.park@example.edu,State Med,Resident Physician,12 Mar 2024\n"
        "Tom,Baker,,Clinic,Medical Student,05 May 2025\n",
        encoding="utf-8",
    )
    imported = run("import", "linkedin", str(csv))
    ok(imported)
    assert "#1 Dr. Lena Park and #2 Lena Park look like the same person" in imported.stderr
    assert "medcrm merge 1 2" in imported.stderr and "Baker" not in imported.stderr


def test_the_quick_bounds_never_drop_a_pair_spelled_alike() -> None:
    """The pairs of letters rule a pair out only when difflib's ratio is below ALIKE: on
    20,000 names and their misspellings, the quick test agrees with difflib on every pair."""
    import difflib
    import random

    from medcrm.services import duplicates

    rng = random.Random(20)
    letters = "aabcdeeghiklmnnoorrsstuy "

    def misspelled(name: str) -> str:
        chars = list(name)
        for _ in range(rng.randint(0, 3)):
            i = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5 and i < len(chars):
                chars[i] = rng.choice(letters)
            elif rng.random() < 0.5:
                chars.insert(i, rng.choice(letters))
            elif i < len(chars):
                del chars[i]
        return "".join(chars).strip() or name

    alike = 0
    for _ in range(20_000):
        name = " ".join(
            "".join(rng.choice(letters.strip()) for _ in range(rng.randint(3, 9)))
            for _ in range(rng.randint(2, 3))
        )
        other = misspelled(name)
        a, b = (duplicates._Who.of({"id": i, "name": n}) for i, n in ((1, name), (2, other)))
        expected = (
            bool(a.words & b.words)
            and difflib.SequenceMatcher(None, a.key, b.key).ratio() >= duplicates.ALIKE
        )
        alike += expected
        assert duplicates._alike(a, b) == expected, (a.key, b.key)
    assert alike > 5_000  # the test saw many pairs spelled alike, not only easy refusals
