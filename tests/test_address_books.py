"""Every address book's export (issue 19): Outlook's CSV in its languages and code pages,
Google's current CSV with " ::: " values and labels; several emails and phones per contact,
shown and searched. On SQLite and on PostgreSQL; all people are fictional."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import Result

from tests.conftest import Backend, Run, ok, snapshot

SAMPLES = Path(__file__).parent / "data" / "import"


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


def test_outlook_in_english_with_bom_crlf_and_a_note_on_two_lines(run: Run) -> None:
    result = as_json(run("import", "outlook", str(SAMPLES / "outlook_en.csv"), "--json"))
    assert sorted(result["created"]) == ["Dr. Ana Ruiz", "Sam Okafor"]
    ana = as_json(run("show", "ruiz", "--json"))
    assert (ana["email"], ana["phone"], ana["institution"]) == (
        "ana.ruiz@example.edu", "617-555-0199", "Riverside University Hospital"
    )  # fmt: skip
    assert ana["notes"] == "Met at the ACP meeting.\nKind, direct feedback."
    assert ana["tags"] == ["im", "mentors"] and ana["role"] == "attending"
    assert [e["value"] for e in ana["extra"]["emails"]] == [
        "ana.ruiz@example.edu", "ana@home.example.org"
    ]  # fmt: skip
    assert "birthday" not in ana["extra"]  # Outlook's 0/0/00 is no birthday


def test_outlook_in_german_from_windows_is_read_and_told_by_its_headers(run: Run) -> None:
    line = run("import", str(SAMPLES / "outlook_de_cp1252.csv"))
    assert line.exit_code == 0, line.stderr
    assert "as an Outlook contacts CSV" in line.stderr
    weiss = as_json(run("show", "weiß", "--json"))
    assert weiss["name"] == "Dr. Jürgen Weiß"
    assert (weiss["institution"], weiss["specialty"]) == ("Universitätsklinikum Süd",
                                                          "Innere Medizin")  # fmt: skip
    assert weiss["tags"] == ["famulatur", "mentoren"]
    assert as_json(run("show", "lefèvre", "--json"))["email"] == "anais@example.fr"


def test_google_current_export_keeps_every_value_and_label(run: Run) -> None:
    ok(run("import", "google", str(SAMPLES / "google_current.csv")))
    priya = as_json(run("show", "priya", "--json"))
    assert priya["email"] == "priya@example.edu" and priya["tags"] == ["study-group"]
    assert priya["extra"]["emails"] == [
        {"value": "priya@example.edu", "label": "Work"},
        {"value": "priya.raman@example.org", "label": "Work"},
        {"value": "priya@home.example.com", "label": "Home"},
    ]  # fmt: skip


def test_every_email_and_phone_is_shown_searched_and_exported(run: Run, backend: Backend) -> None:
    ok(run("import", "outlook", str(SAMPLES / "outlook_en.csv")))
    shown = ok(run("show", "ruiz"))
    assert "ana@home.example.org (email 2)" in shown and "617-555-0101 (work)" in shown
    found = as_json(run("search", "home.example", "--json"))["results"]
    assert [h["title"] for g in found if g["kind"] == "contact" for h in g["hits"]] == [
        "Dr. Ana Ruiz"
    ]  # fmt: skip
    card = ok(run("export", "vcard"))
    assert "ana@home.example.org" in card and "617-555-0101" in card
    before = snapshot(backend)
    assert as_json(run("import", "outlook", str(SAMPLES / "outlook_en.csv"), "--json"))[
        "created"
    ] == []  # fmt: skip
    assert snapshot(backend) == before


def test_group_cards_in_a_vcard_file_become_tags_of_their_members(run: Run, tmp_path: Path) -> None:
    cards = tmp_path / "icloud.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:m-1\r\nFN:Lee Park\r\nEMAIL:lee@example.org\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nUID:grp-1\r\nFN:Study group\r\n"
        "X-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:m-1\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:grp-2\r\nKIND:group\r\nFN:Mentors\r\n"
        "MEMBER:urn:uuid:m-1\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = as_json(run("import", "vcard", str(cards), "--json"))
    assert result["created"] == ["Lee Park"]
    assert as_json(run("show", "lee park", "--json"))["tags"] == ["mentors", "study-group"]
