"""Import, export, backup and restore, with the realistic files in tests/data/import."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from .conftest import Backend, Run, snapshot

SAMPLES = Path(__file__).parent / "data" / "import"


def ok(result: Result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def summary(run: Run, fmt: str, sample: str, *extra: str) -> Any:
    return json.loads(ok(run("import", fmt, str(SAMPLES / sample), "--json", *extra)))


def contacts(run: Run) -> dict[str, Any]:
    return {c["name"]: c for c in json.loads(ok(run("contacts", "--json")))}


# --- import --------------------------------------------------------------------------------


def test_linkedin_as_it_is_really_exported(run: Run) -> None:
    result = summary(run, "linkedin", "linkedin_connections.csv")
    assert len(result["created"]) == 5
    assert result["skipped"] == ["Ana Ruiz (twice in this file, nothing new)"]
    assert result["rejected"] == [
        {"where": "line 9", "reason": "no name"},
        {"where": "line 12", "reason": "'Connected On' 'someday' is not a date"},
    ]
    people = contacts(run)
    ana = people["Ana Ruiz"]
    assert (ana["met_on"], ana["met"], ana["role"], ana["institution"]) == (
        "2024-03-15", "LinkedIn", "attending", "Riverside University Hospital"
    )  # fmt: skip
    assert ana["extra"] == {
        "linkedin": "https://www.linkedin.com/in/ana-ruiz-md-example",
        "title": "Attending Physician - Internal Medicine",
    }
    assert people["Samuel Okafor"]["role"] == "resident"
    assert people["Priya Natarajan"]["role"] == "fellow"
    assert people["Tomás Arriaga"]["role"] == "faculty"
    assert people["Zoë Lindqvist"]["institution"] == "Lakeside School of Medicine, Class of 2027"
    assert "Attending Physician" in ok(run("show", "ruiz"))  # the job title is shown


def test_linkedin_without_the_url_column(run: Run) -> None:
    result = summary(run, "linkedin", "linkedin_no_url.csv")
    assert result["created"] == ["Helena Okafor", "Marcus Oyelaran"] and result["rejected"] == []
    assert contacts(run)["Helena Okafor"]["met_on"] == "2025-07-20"


def test_google_contacts_merge_by_email_and_reject_what_cannot_be_used(run: Run) -> None:
    summary(run, "linkedin", "linkedin_connections.csv")
    result = summary(run, "google", "google_contacts.csv")
    assert result["merged"] == ["Zoë Lindqvist into #3 (notes, tags)"]  # same email, other case
    assert sorted(result["created"]) == [
        "Dr. Beatriz Monteiro", "Janelle Broussard RN", "Rahul Venkataraman"
    ]  # fmt: skip
    reasons = {r["where"]: r["reason"] for r in result["rejected"]}
    assert reasons["line 6"] == "no name"
    assert "patient information" in reasons["line 7"] and "--allow-phi" in reasons["line 7"]
    assert "doesn't look like an email" in reasons["line 8"]
    people = contacts(run)
    assert people["Dr. Beatriz Monteiro"]["tags"] == ["im-clerkship", "letter-writers"]
    assert people["Dr. Beatriz Monteiro"]["phone"] == "+1 555-0140"
    assert people["Zoë Lindqvist"]["notes"] == "Study partner; met in anatomy lab"
    assert people["Zoë Lindqvist"]["email"] == "zoe.lindqvist@example.edu"  # never overwritten
    allowed = summary(run, "google", "google_contacts.csv", "--allow-phi")
    assert "Dr. Kwame Asante" in allowed["created"]


def test_vcards_with_folding_escapes_and_unknown_properties(run: Run) -> None:
    summary(run, "linkedin", "linkedin_connections.csv")
    result = summary(run, "vcard", "contacts.vcf")
    assert result["merged"] == ["Ana Ruiz into #1 (phone, notes)"]
    assert result["rejected"] == [{"where": "card 4", "reason": "no name"}]
    miriam = contacts(run)["Dr. Miriam Feldstein"]
    assert miriam["institution"] == "Lakeside School of Medicine, Department of Physiology"
    assert miriam["notes"].startswith("Office hours Tuesdays, 4-5pm. Suggested Guyton")
    assert miriam["notes"].endswith("a review article on acid-base.")
    assert miriam["tags"] == ["mentor", "office-hours"] and miriam["role"] == "faculty"
    assert miriam["uid"] == "2f1c0e52-3c1f-4c1e-9a55-0a8b7f1d9e01"
    assert contacts(run)["Dr. Thảo Nguyễn"]["role"] == "resident"  # a vCard 4.0 card
    exported = ok(run("export", "vcard"))
    assert "X-SOCIALPROFILE;TYPE=twitter:https://twitter.example.com/mfeldstein" in exported
    assert "X-ANNIVERSARY:2019-09-01" in exported
    assert "UID:2f1c0e52-3c1f-4c1e-9a55-0a8b7f1d9e01" in exported


@pytest.mark.parametrize(
    ("fmt", "sample", "created", "rejected"),
    [
        ("vcard", "truncated.vcf", ["Leah Goldfarb"],
         [{"where": "card 2", "reason": "truncated: the file ends before END:VCARD"}]),
        ("linkedin", "invalid_utf8.csv", ["Renée Dubois", "Grace Kim"],
         [{"where": "line 3",
           "reason": "not valid UTF-8 text (save the file as UTF-8 and import it again)"}]),
    ],
)  # fmt: skip
def test_malformed_rows_are_rejected_and_the_rest_imported(
    run: Run, fmt: str, sample: str, created: list[str], rejected: list[dict[str, str]]
) -> None:
    result = summary(run, fmt, sample)
    assert result["created"] == created and result["rejected"] == rejected


def test_a_200kb_note_is_refused_by_the_size_limit(run: Run) -> None:
    result = summary(run, "vcard", "big_note.vcf")
    assert result["created"] == ["Hiroshi Tanabe"]
    [rejection] = result["rejected"]
    assert rejection["where"] == "card 1" and "the limit is 100,000" in rejection["reason"]


def test_a_file_without_a_header_changes_nothing(run: Run, backend: Backend) -> None:
    ok(run("add-contact", "Someone"))
    before = snapshot(backend)
    result = run("import", "linkedin", str(SAMPLES / "missing_header.csv"))
    assert result.exit_code == 1 and "no header row" in result.stderr
    assert snapshot(backend) == before


@pytest.mark.parametrize(
    ("fmt", "content"),
    [("json", b"{not json"), ("json", b'{"some": "thing"}'), ("vcard", b"hello"),
     ("google", b"\x00\x01\x02 binary"), ("csv", b"a,b\n1,2\n")],
)  # fmt: skip
def test_unreadable_files_are_one_clear_error(
    run: Run, tmp_path: Path, backend: Backend, fmt: str, content: bytes
) -> None:
    ok(run("add-contact", "Someone"))
    before = snapshot(backend)
    path = tmp_path / "bad.file"
    path.write_bytes(content)
    result = run("import", fmt, str(path))
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert snapshot(backend) == before


def test_a_dry_run_reports_the_same_and_writes_nothing(run: Run, backend: Backend) -> None:
    dry = summary(run, "linkedin", "linkedin_connections.csv", "--dry-run")
    assert not backend.exists()  # not even the database is created
    real = summary(run, "linkedin", "linkedin_connections.csv")
    assert {**dry, "dry_run": False} == real
    before = snapshot(backend)
    again = summary(run, "google", "google_contacts.csv", "--dry-run")
    assert again["dry_run"] and again["merged"]
    assert snapshot(backend) == before


def test_an_import_is_all_or_nothing(
    run: Run, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("add-contact", "Someone"))
    before = snapshot(backend)

    from medcrm.services.importing import merge

    real = merge.derive  # type: ignore[attr-defined]

    def fails_half_way(contact: object, **kwargs: object) -> None:
        if getattr(contact, "name", "") == "Priya Natarajan":
            raise RuntimeError("disk on fire")
        real(contact, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(merge, "derive", fails_half_way)
    result = run("import", "linkedin", str(SAMPLES / "linkedin_connections.csv"))
    assert result.exit_code == 1 and "unexpected RuntimeError" in result.stderr
    assert snapshot(backend) == before


def test_importing_the_same_file_twice_doubles_nothing(run: Run) -> None:
    summary(run, "linkedin", "linkedin_connections.csv")
    again = summary(run, "linkedin", "linkedin_connections.csv")
    assert again["created"] == [] and again["merged"] == [] and len(again["skipped"]) == 6
    assert len(contacts(run)) == 5


def test_an_import_checks_each_field_as_add_contact_does(run: Run, tmp_path: Path) -> None:
    ok(run("add-contact", "Lee Park"))  # a peer, until the import says PGY1
    source = tmp_path / "people.csv"
    source.write_text(
        "name,role,email,level,every\n"
        "Lee Park,,,PGY1,\n"
        "Sam Okafor,,sam@example.org,pgy2,1m\n"  # a level says the role, as in add-contact
        "Dana Lee,attending,dana@example.org,fellow,\n"  # a role given stays
        "Bad Cadence,peer,,,often\n",
        encoding="utf-8",
    )
    result = json.loads(ok(run("import", "csv", str(source), "--json")))
    assert [r["where"] for r in result["rejected"]] == ["line 5"]
    found = contacts(run)
    assert (found["Lee Park"]["role"], found["Lee Park"]["level"]) == ("resident", "PGY1")
    assert (found["Sam Okafor"]["role"], found["Sam Okafor"]["level"]) == ("resident", "PGY2")
    assert (found["Dana Lee"]["role"], found["Dana Lee"]["level"]) == ("attending", "fellow")


# --- export ------------------------------------------------------------------------------


@pytest.fixture
def filled(run: Run, backend: Backend, tmp_path: Path) -> Run:
    """The demo network in the database under test (on a server: through a JSON export)."""
    if not backend.is_server:
        ok(run("demo", "--keep", str(Path(os.environ["MEDCRM_DB"]))))
        return run
    demo = tmp_path / "demo.db"
    ok(run("demo", "--keep", str(demo)))
    dump = tmp_path / "demo.json"
    ok(run("--db", str(demo), "export", "json", "--output", str(dump)))
    ok(run("import", "json", str(dump)))
    return run


def test_json_round_trips_exactly_through_an_empty_database(filled: Run, tmp_path: Path) -> None:
    first = ok(filled("export", "json"))
    data = json.loads(first)
    assert data["version"] == 1 and len(data["contacts"]) >= 30
    assert data["rotations"] and data["letters"] and data["follow_ups"] and data["interactions"]
    dump = tmp_path / "everything.json"
    dump.write_text(first, encoding="utf-8")
    other = tmp_path / "other.db"
    ok(filled("--db", str(other), "init"))
    result = json.loads(ok(filled("--db", str(other), "import", "json", str(dump), "--json")))
    assert result["rejected"] == []
    assert ok(filled("--db", str(other), "export", "json")) == first
    assert ok(filled("--db", str(other), "due", "--json")) == ok(filled("due", "--json"))


def test_json_export_read_a_page_at_a_time_is_the_same_text(
    filled: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Contacts, interactions and follow-ups are read in pages (2,000 rows): with pages of
    three rows (every boundary crossed, tags and an interaction's people split across them)
    the export is the same, to the byte."""
    from medcrm.services.exporting import medcrm_json

    whole = ok(filled("export", "json"))
    monkeypatch.setattr(medcrm_json, "PAGE", 3)
    assert ok(filled("export", "json")) == whole
    data = json.loads(whole)
    assert len(data["contacts"]) > 3 and len(data["interactions"]) > 3
    assert len(data["follow_ups"]) > 3


def test_contacts_read_a_page_at_a_time_are_all_of_them_in_name_order(
    filled: Run, backend: Backend
) -> None:
    """CSV and vCard exports read contacts in pages, each after the last name of the one
    before: with pages of two, every contact once, in the order of the whole list, even
    where two contacts share a name."""
    from medcrm.storage import queries

    ok(filled("add-contact", "Maria Lopez"))
    ok(filled("add-contact", "María López"))  # the same name key as the one before
    with backend.open().read() as reader:
        whole = queries.list_contacts(reader).rows
        paged = list(queries.every_contact(reader, page=2))
    assert [c.id for c in paged] == [c.id for c in whole] and len(paged) > 4
    assert paged == whole


def test_json_keeps_cancelled_and_snoozed_repeating_follow_ups(run: Run, tmp_path: Path) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    ok(run("follow-up", "ruiz", "Monthly check-in", "--due", "tomorrow", "--every", "1m"))
    ok(run("follow-up", "ruiz", "Ask about the poster", "--due", "tomorrow"))
    ok(run("snooze", "1", "--by", "3d"))
    ok(run("cancel", "2"))
    first = ok(run("export", "json"))
    repeating, cancelled = json.loads(first)["follow_ups"]
    assert repeating["scheduled"] != repeating["due"] and cancelled["cancelled"] is True
    dump = tmp_path / "everything.json"
    dump.write_text(first, encoding="utf-8")
    other = tmp_path / "other.db"
    ok(run("--db", str(other), "init"))
    ok(run("--db", str(other), "import", "json", str(dump)))
    assert ok(run("--db", str(other), "export", "json")) == first
    assert ok(run("--db", str(other), "follow-ups", "--all", "--json")) == ok(
        run("follow-ups", "--all", "--json")
    )


def test_json_import_checks_what_commands_would_check(run: Run, tmp_path: Path) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    doc = json.loads(ok(run("export", "json")))
    doc["rotations"] = [
        {"id": 1, "name": "12", "start": "2026-01-05", "end": "2026-02-01"},  # an id, not a name
        {"id": 2, "name": "Surgery", "start": "2026-03-01", "end": "2026-02-01"},  # ends first
    ]
    doc["follow_ups"] = [
        {"id": 1, "contact_id": 1, "title": "Check in", "due": "2026-12-01", "every": "2w..6w"}
    ]
    doc["settings"] = {"follow-up.seminar": "x"}
    dump = tmp_path / "edited.json"
    dump.write_text(json.dumps(doc), encoding="utf-8")
    other = tmp_path / "other.db"
    ok(run("--db", str(other), "init"))
    result = json.loads(ok(run("--db", str(other), "import", "json", str(dump), "--json")))
    reasons = {r["where"]: r["reason"] for r in result["rejected"]}
    assert set(reasons) == {
        "rotations[0]", "rotations[1]", "follow_ups[0]", "settings['follow-up.seminar']"
    }  # fmt: skip
    assert "needs letters" in reasons["rotations[0]"]
    assert "before it starts" in reasons["rotations[1]"]


def test_json_into_a_database_with_data_merges_without_doubling(
    filled: Run, tmp_path: Path
) -> None:
    dump = tmp_path / "everything.json"
    ok(filled("export", "json", "--output", str(dump)))
    before = json.loads(ok(filled("export", "json")))
    result = json.loads(ok(filled("import", "json", str(dump), "--json")))
    assert result["created"] == [] and result["other"]["interactions"] == 0
    after = json.loads(ok(filled("export", "json")))
    for key in ("contacts", "interactions", "follow_ups", "letters", "rotations"):
        assert len(after[key]) == len(before[key]), key


def test_csv_neutralises_formulas_and_round_trips(run: Run, tmp_path: Path) -> None:
    ok(run("add-contact", "Ana Ruiz", "--phone", "+1 555-0142", "--note", "=HYPERLINK(1)",
           "--institution", "@home", "--tag", "im"))  # fmt: skip
    text = ok(run("export", "csv"))
    assert ",'+1 555-0142," in text and ",'=HYPERLINK(1)," in text and ",'@home," in text
    path = tmp_path / "contacts.csv"
    path.write_text(text, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok(run("--db", str(fresh), "init"))  # a second database is started on purpose
    ok(run("--db", str(fresh), "import", "csv", str(path)))
    [back] = json.loads(ok(run("--db", str(fresh), "contacts", "--json")))
    assert (back["phone"], back["notes"], back["institution"], back["tags"]) == (
        "+1 555-0142", "=HYPERLINK(1)", "@home", ["im"]
    )  # fmt: skip


def test_vcard_directory_for_khard_and_vdirsyncer(filled: Run, tmp_path: Path) -> None:
    folder = tmp_path / "contacts"
    ok(filled("export", "vcard", "--dir", str(folder)))
    files = sorted(folder.glob("*.vcf"))
    people = json.loads(ok(filled("contacts", "--json")))
    assert {f.stem for f in files} == {c["uid"] for c in people}
    card = (folder / f"{people[0]['uid']}.vcf").read_text(encoding="utf-8")
    assert card.startswith("BEGIN:VCARD") and "X-MEDCRM-ROLE:" in card
    refused = filled("export", "vcard", "--dir", str(folder))
    assert refused.exit_code == 1 and "--force" in refused.stderr
    ok(filled("export", "vcard", "--dir", str(folder), "--force"))
    fresh = tmp_path / "fresh.db"
    ok(filled("--db", str(fresh), "init"))
    for f in files:
        ok(filled("--db", str(fresh), "import", "vcard", str(f)))
    back = {c["name"]: c for c in json.loads(ok(filled("--db", str(fresh), "contacts", "--json")))}
    for c in people:
        b = back[c["name"]]
        for key in ("uid", "role", "email", "phone", "tags", "every", "level", "mentor", "met"):
            assert b[key] == c[key], (c["name"], key)


def test_ics_has_to_dos_with_due_dates_and_recurrence(filled: Run) -> None:
    from icalendar import Calendar

    ok(filled("follow-up", "marcus", "Weekly study check-in", "--due", "tomorrow", "--every", "1w"))
    calendar = Calendar.from_ical(ok(filled("export", "ics")))
    todos = list(calendar.walk("VTODO"))
    open_follow_ups = json.loads(ok(filled("follow-ups", "--json")))
    open_letters = [x for x in json.loads(ok(filled("letters", "--json")))
                    if x["status"] not in ("submitted", "thanked", "declined")]  # fmt: skip
    deadlines = json.loads(ok(filled("programs", "deadlines", "--json")))
    assert len(todos) == len(open_follow_ups) + len(open_letters) + len(deadlines)
    weekly = next(t for t in todos if "Weekly study check-in" in str(t["SUMMARY"]))
    assert "RRULE:FREQ=WEEKLY;INTERVAL=1" in weekly.to_ical().decode()
    assert any("Letter deadline" in str(t["SUMMARY"]) for t in todos)


def test_exports_never_overwrite_without_force(filled: Run, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")
    refused = filled("export", "json", "--output", str(target))
    assert refused.exit_code == 1 and "already exists; add --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "precious"
    ok(filled("export", "json", "--output", str(target), "--force"))
    assert json.loads(target.read_text(encoding="utf-8"))["medcrm"] == "export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


# --- backup and restore ------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_backup_beside_the_database_keeps_the_newest_ten(run: Run, isolated: Path) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    for n in range(12):  # names carry a timestamp; make them differ
        fake = isolated.with_name(f"{isolated.stem}-backup-20250101-0000{n:02d}{isolated.suffix}")
        fake.write_bytes(b"")
    out = ok(run("backup"))
    assert "integrity ok" in out
    backups = sorted(isolated.parent.glob(f"{isolated.stem}-backup-*"))
    assert len(backups) == 10
    newest = backups[-1]
    assert stat.S_IMODE(newest.stat().st_mode) == 0o600
    conn = sqlite3.connect(newest)
    assert conn.execute("SELECT name FROM contact").fetchall() == [("Ana Ruiz",)]
    conn.close()


def test_a_server_backup_folder_keeps_the_newest_ten_json_files(tmp_path: Path) -> None:
    from datetime import datetime

    from medcrm.storage.backup import write_json_backup

    folder = tmp_path / "backups"
    folder.mkdir()
    for n in range(12):
        (folder / f"medcrm-backup-20250101-0000{n:02d}.json").write_text("{}", encoding="utf-8")
    (folder / "other-backup-20240101-000000.json").write_text("{}", encoding="utf-8")
    now = datetime(2026, 11, 22, 7, 30)
    first = write_json_backup('{"a": 1}', None, folder=folder, name="medcrm", now=now)
    again = write_json_backup('{"a": 2}', None, folder=folder, name="medcrm", now=now)
    assert first.path.name == "medcrm-backup-20261122-073000.json"
    assert again.path.name == "medcrm-backup-20261122-073000-2.json"  # the same second
    kept = sorted(p.name for p in folder.glob("medcrm-backup-*.json"))
    assert len(kept) == 10 and again.path.name in kept and first.path.name in kept
    assert len(first.removed) + len(again.removed) == 4  # the oldest four of the twelve
    assert (folder / "other-backup-20240101-000000.json").exists()  # not this database's


@pytest.mark.sqlite_only
def test_backup_to_a_path_and_restore_from_it(run: Run, isolated: Path, tmp_path: Path) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    saved = tmp_path / "saved.db"
    ok(run("backup", str(saved)))
    assert run("backup", str(saved)).exit_code == 1  # never over an existing file
    ok(run("add-contact", "Sam Okafor"))
    refused = run("restore", str(saved))
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    out = run("restore", str(saved), "--yes")
    assert out.exit_code == 0 and "The database it replaced is at" in out.stderr
    assert list(contacts(run)) == ["Ana Ruiz"]
    previous = sorted(isolated.parent.glob("*before-restore*"))
    assert len(previous) == 1  # and Sam is in the backup of what was replaced
    conn = sqlite3.connect(previous[0])
    assert ("Sam Okafor",) in conn.execute("SELECT name FROM contact").fetchall()
    conn.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("content", [b"", b"garbage" * 100, None, "newer"])
def test_restore_refuses_what_is_not_a_healthy_known_database(
    run: Run, isolated: Path, tmp_path: Path, content: bytes | str | None
) -> None:
    ok(run("add-contact", "Ana Ruiz"))
    source = tmp_path / "source.db"
    if content == "newer":
        ok(run("backup", str(source)))
        conn = sqlite3.connect(source)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
    elif content is None:
        conn = sqlite3.connect(source)
        conn.execute("CREATE TABLE other (x)")
        conn.commit()
        conn.close()
    else:
        assert isinstance(content, bytes)
        source.write_bytes(content)
    before = snapshot(isolated)
    result = run("restore", str(source), "--yes")
    assert (
        result.exit_code == 1 and "not restoring" in result.stderr
    ) or "not a medcrm" in result.stderr
    assert snapshot(isolated) == before


@pytest.mark.sqlite_only
def test_file_names_with_uri_characters_are_the_files_named(run: Run, tmp_path: Path) -> None:
    """'?', '#' and '%' in a path are part of the file name, never a URI query or fragment."""
    folder = tmp_path / "odd #1"
    folder.mkdir()
    db = folder / "net?work%41.db"
    ok(run("--db", str(db), "add-contact", "Ana Ruiz"))
    backup = folder / "copy?#.db"
    ok(run("--db", str(db), "backup", str(backup)))
    report = json.loads(ok(run("--db", str(db), "doctor", "--json")))
    assert report["integrity"] == "ok" and report["contacts"] == 1
    ok(run("--db", str(db), "restore", str(backup), "--yes"))
    assert sorted(p.name for p in folder.iterdir() if "backup" not in p.name) == [
        "copy?#.db", "net?work%41.db"
    ]  # fmt: skip
