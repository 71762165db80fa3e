"""sync vdir (issue 19): two-way sync of the contacts with a folder of vCards. On SQLite and
on PostgreSQL; all people are fictional."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import Backend, Run, ok, refused, snapshot


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "contacts"
    path.mkdir()
    return path


@pytest.fixture
def synced(run: Run, folder: Path) -> Run:
    ok(run("add-contact", "Dr. Ana Ruiz", "--email", "ana@example.edu", "--role", "attending"))
    ok(run("add-contact", "Sam Okafor", "--phone", "555-0101", "--tag", "peer-review"))
    first = as_json(run("sync", "vdir", str(folder), "--json"))
    assert sorted(first["written"]) == ["Dr. Ana Ruiz", "Sam Okafor"]
    return run


def card_of(folder: Path, name: str) -> Path:
    [path] = [p for p in folder.glob("*.vcf") if f"FN:{name}" in p.read_text(encoding="utf-8")]
    return path


def stamp(path: Path) -> tuple[int, int, bytes]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, path.read_bytes()


def edit_card(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8", newline="")


def test_the_first_run_writes_every_contact_and_the_next_touches_nothing(
    synced: Run, folder: Path
) -> None:
    contacts = {c["name"]: c for c in as_json(synced("contacts", "--json"))}
    ana = card_of(folder, "Dr. Ana Ruiz")
    assert ana.name == f"{contacts['Dr. Ana Ruiz']['uid']}.vcf"
    text = ana.read_text(encoding="utf-8")
    assert "EMAIL:ana@example.edu" in text and "X-MEDCRM-ROLE:attending" in text
    assert "\nREV:" in text
    before = {p.name: stamp(p) for p in folder.glob("*.vcf")}
    again = ok(synced("sync", "vdir", str(folder)))
    assert again.startswith(f"Synced {folder}: 0 added, 0 updated, 0 written, no conflicts, 0 "
                            "deleted in the folder.")  # fmt: skip
    assert {p.name: stamp(p) for p in folder.glob("*.vcf")} == before
    assert not list(folder.glob(".*"))  # no temporary file left behind


def test_a_card_edited_in_the_folder_updates_its_contact_and_is_left_alone(
    synced: Run, folder: Path
) -> None:
    sam = card_of(folder, "Sam Okafor")
    edit_card(sam, "TEL:555-0101", "TEL:555-0199\r\nX-KHARD-NICK:sammy\r\nitem1.URL:https://ex.org")
    edited = stamp(sam)
    result = as_json(synced("sync", "vdir", str(folder), "--json"))
    assert result["updated"] == ["Sam Okafor"] and result["written"] == []
    assert stamp(sam) == edited
    shown = as_json(synced("show", "okafor", "--json"))
    assert shown["phone"] == "555-0199" and shown["tags"] == ["peer-review"]
    ok(synced("edit", "okafor", "--institution", "Riverside University Hospital"))
    result = as_json(synced("sync", "vdir", str(folder), "--json"))
    assert result["written"] == ["Sam Okafor"]
    text = sam.read_text(encoding="utf-8")
    assert "ORG:Riverside University Hospital" in text and "TEL:555-0199" in text
    assert "X-KHARD-NICK:sammy" in text  # its unknown properties kept


def test_changed_on_both_sides_keeps_medcrms_values_and_notes_the_cards(
    synced: Run, folder: Path
) -> None:
    ana = card_of(folder, "Dr. Ana Ruiz")
    edit_card(ana, "EMAIL:ana@example.edu", "EMAIL:ana.ruiz@hospital.example.org")
    ok(synced("edit", "ruiz", "--phone", "555-0111"))
    line = ok(synced("sync", "vdir", str(folder)))
    assert "1 conflict," in line and "changed on both sides" in line and "Dr. Ana Ruiz" in line
    shown = as_json(synced("show", "ruiz", "--json"))
    assert shown["email"] == "ana@example.edu" and shown["phone"] == "555-0111"
    assert "the address book had: email ana.ruiz@hospital.example.org" in shown["notes"]
    text = ana.read_text(encoding="utf-8")
    assert "EMAIL:ana@example.edu" in text and "TEL:555-0111" in text
    assert "0 written, no conflicts" in ok(synced("sync", "vdir", str(folder)))


def test_a_new_card_becomes_a_contact_keeping_its_uid(synced: Run, folder: Path) -> None:
    (folder / "from-icloud.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:7f1c-park\r\nFN:Lee Park\r\n"
        "EMAIL;TYPE=work:lee@example.org\r\nTEL;VALUE=uri:tel:+1-555-0142\r\nEND:VCARD\r\n",
        encoding="utf-8", newline="",
    )  # fmt: skip
    card = stamp(folder / "from-icloud.vcf")
    result = as_json(synced("sync", "vdir", str(folder), "--json"))
    assert result["added"] == ["Lee Park"] and result["written"] == []
    lee = as_json(synced("show", "lee park", "--json"))
    assert (lee["uid"], lee["email"]) == ("urn:uuid:7f1c-park", "lee@example.org")
    assert stamp(folder / "from-icloud.vcf") == card
    assert len(list(folder.glob("*.vcf"))) == 3


def test_a_card_deleted_in_the_folder_keeps_its_contact_unless_delete(
    synced: Run, folder: Path
) -> None:
    ok(synced("log", "okafor", "--note", "Coffee after the M&M conference"))
    card_of(folder, "Sam Okafor").unlink()
    line = ok(synced("sync", "vdir", str(folder)))
    assert "1 deleted in the folder" in line and "--delete removes them" in line
    assert "Sam Okafor" in ok(synced("contacts"))
    assert "0 written" in ok(synced("sync", "vdir", str(folder)))  # not written again
    assert len(list(folder.glob("*.vcf"))) == 1
    result = as_json(synced("sync", "vdir", str(folder), "--delete", "--json"))
    assert result["removed"] == ["Sam Okafor"]
    assert "Sam Okafor" not in ok(synced("contacts"))
    ok(synced("undo"))
    assert "Coffee after the M&M" in ok(synced("show", "okafor"))


def test_group_cards_become_tags(synced: Run, folder: Path) -> None:
    uid = card_of(folder, "Sam Okafor").stem
    (folder / "group.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:grp-1\r\nFN:Study group\r\n"
        f"X-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:{uid}\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    result = as_json(synced("sync", "vdir", str(folder), "--json"))
    assert result["tagged"] == ["study-group"] and result["added"] == []
    assert as_json(synced("show", "okafor", "--json"))["tags"] == ["peer-review", "study-group"]


def test_a_dry_run_changes_nothing_anywhere(synced: Run, folder: Path, backend: Backend) -> None:
    edit_card(card_of(folder, "Sam Okafor"), "TEL:555-0101", "TEL:555-0177")
    ok(synced("add-contact", "Priya Raman"))
    files = {p.name: stamp(p) for p in folder.glob("*.vcf")}
    before = snapshot(backend)
    line = ok(synced("sync", "vdir", str(folder), "--dry-run"))
    assert line.startswith(f"Would sync {folder}: 0 added, 1 updated, 1 written")
    assert snapshot(backend) == before
    assert {p.name: stamp(p) for p in folder.glob("*.vcf")} == files


def test_bad_folders_and_cards_change_nothing(
    synced: Run, folder: Path, backend: Backend, tmp_path: Path
) -> None:
    before = snapshot(backend)
    assert "does not exist; make it first" in refused(
        synced("sync", "vdir", str(tmp_path / "nowhere"))
    )
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert "is not a folder" in refused(synced("sync", "vdir", str(tmp_path / "a-file")))
    (folder / "binary.vcf").write_bytes(b"garbage\x00\xff")
    (folder / "broken.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xff\xfe\r\nEND:VCARD\r\n"
    )
    result = as_json(synced("sync", "vdir", str(folder), "--json"))
    assert sorted(r.split(" ")[0] for r in result["rejected"]) == ["binary.vcf", "broken.vcf"]
    assert snapshot(backend) == before
    if os.name == "posix" and os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            ok(synced("add-contact", "Priya Raman"))
            after_add = snapshot(backend)
            assert "Could not write" in refused(synced("sync", "vdir", str(folder)))
            assert snapshot(backend) == after_add
        finally:
            folder.chmod(0o700)


def test_a_rewritten_card_keeps_apples_groups_and_what_medcrm_does_not_know(
    synced: Run, folder: Path
) -> None:
    sam = card_of(folder, "Sam Okafor")
    apple = "\r\n".join((
        "item1.TEL;type=CELL:555-0101", "item1.X-ABLabel:_$!<Mobile>!$_",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ",
        "ADR;TYPE=HOME:;;1 Elm St;Boston;MA;02101;USA",
    ))  # fmt: skip
    edit_card(sam, "TEL:555-0101", apple)
    ok(synced("sync", "vdir", str(folder)))
    ok(synced("edit", "okafor", "--email", "sam@okafor.example"))
    assert json.loads(ok(synced("sync", "vdir", str(folder), "--json")))["written"] == [
        "Sam Okafor"
    ]
    text = sam.read_bytes().decode("utf-8")
    assert "item1.TEL;type=CELL:555-0101\r\nitem1.X-ABLabel:_$!<Mobile>!$_" in text
    assert "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ" in text
    assert "ADR;TYPE=HOME:;;1 Elm St;Boston;MA;02101;USA" in text
    assert "EMAIL:sam@okafor.example" in text and text.count("555-0101") == 1
    assert text.count("ADR;") == 1


def test_after_a_restore_identical_cards_are_linked_not_conflicts(
    synced: Run, folder: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "all.json"
    ok(synced("export", "json", "--output", str(exported)))
    other = tmp_path / "other.db"
    ok(synced("--db", str(other), "init"))
    ok(synced("--db", str(other), "import", "json", str(exported)))
    result = json.loads(ok(synced("--db", str(other), "sync", "vdir", str(folder), "--json")))
    assert result["conflicts"] == [] and result["added"] == []
    again = json.loads(ok(synced("--db", str(other), "sync", "vdir", str(folder), "--json")))
    assert again["written"] == [] and again["updated"] == []


def test_group_cards_settle_in_one_run_and_khard_categories_are_tags(
    synced: Run, folder: Path
) -> None:
    uid = card_of(folder, "Sam Okafor").stem
    (folder / "group4.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:grp-4\r\nKIND:group\r\nFN:Journal club\r\n"
        f"MEMBER:urn:uuid:{uid}\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    first = json.loads(ok(synced("sync", "vdir", str(folder), "--json")))
    assert first["tagged"] == ["journal-club"] and first["written"] == ["Sam Okafor"]
    files = {p.name: stamp(p) for p in folder.glob("*.vcf")}
    again = json.loads(ok(synced("sync", "vdir", str(folder), "--json")))
    assert (again["written"], again["tagged"], again["rejected"]) == ([], [], [])
    assert {p.name: stamp(p) for p in folder.glob("*.vcf")} == files
    ana = card_of(folder, "Dr. Ana Ruiz")
    text = (
        ana.read_bytes()
        .decode("utf-8")
        .replace("END:VCARD", "CATEGORIES:surgery\\, research\r\nEND:VCARD")
    )
    ana.write_bytes(text.encode("utf-8"))
    assert json.loads(ok(synced("sync", "vdir", str(folder), "--json")))["updated"] == [
        "Dr. Ana Ruiz"
    ]
    assert json.loads(ok(synced("show", "ruiz", "--json")))["tags"] == ["research", "surgery"]


def test_an_apple_card_keeps_its_name_parts_and_organisation(synced: Run, folder: Path) -> None:
    (folder / "apple.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:apple-grace\r\nN:Kim;Grace;;Dr.;MD\r\n"
        "FN:Dr. Grace Kim MD\r\nORG:UCSF;Cardiology\r\nTEL;type=CELL:+1 415 555 0134\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    ok(synced("sync", "vdir", str(folder)))
    ok(synced("edit", "grace", "--specialty", "Cardiology", "--email", "grace@ucsf.example.edu"))
    assert json.loads(ok(synced("sync", "vdir", str(folder), "--json")))["written"] == [
        "Dr. Grace Kim MD"
    ]  # fmt: skip
    text = (folder / "apple.vcf").read_bytes().decode("utf-8")
    assert "N:Kim;Grace;;Dr.;MD\r\n" in text and "ORG:UCSF;Cardiology\r\n" in text
    assert "EMAIL:grace@ucsf.example.edu" in text
