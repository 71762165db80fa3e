"""``contacts --search`` through the contacts' substring index (storage/substring.py): the
same contacts with or without it, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm); all
people are fictional."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from medcrm.storage import substring
from tests.conftest import Backend, Run, ok


def names(run: Run, text: str) -> list[str]:
    return [c["name"] for c in json.loads(ok(run("contacts", "--search", text, "--json")))]


@pytest.fixture
def people(run: Run) -> Run:
    ok(run("add-contact", "Sam Okafor", "--role", "resident", "--institution", "Riverside General"))
    ok(run("add-contact", "Dr. Zoë Ångström", "--role", "attending", "--note",
           'Runs the "echo" journal club at Riverside'))  # fmt: skip
    ok(run("add-contact", "Priya Raman", "--role", "peer", "--tag", "okafor-study-group"))
    return run


CASES = ["kafor", "OKAFOR", "riverside", "angstr", 'the "echo"', "zo", "nobody", "%", "_a"]


def test_a_search_finds_the_text_anywhere_as_before(people: Run) -> None:
    assert names(people, "kafor") == ["Sam Okafor", "Priya Raman"]  # the name first, then a tag
    assert names(people, "riverside") == ["Dr. Zoë Ångström", "Sam Okafor"]  # by name
    assert names(people, "angstr") == ["Dr. Zoë Ångström"]  # accents folded
    assert names(people, 'the "echo"') == ["Dr. Zoë Ångström"]  # quotes are text
    assert names(people, "zo") == ["Dr. Zoë Ångström"]  # under three letters: every contact read
    assert names(people, "%") == [] and names(people, "nobody") == []


@pytest.mark.sqlite_only
def test_the_index_finds_what_reading_every_contact_finds(people: Run, backend: Backend) -> None:
    assert backend.path is not None
    with_index = {text: names(people, text) for text in CASES}
    assert backend.query("SELECT count(*) FROM contact_text") == [(3,)]
    conn = sqlite3.connect(backend.path)
    conn.execute("DROP TABLE contact_text")  # as a SQLite without the trigram tokenizer
    conn.commit()
    conn.close()
    assert {text: names(people, text) for text in CASES} == with_index


@pytest.mark.sqlite_only
def test_a_text_most_contacts_hold_reads_them_in_turn(
    people: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = names(people, "riverside")
    monkeypatch.setattr(substring, "NARROWS", 1)
    assert names(people, "riverside") == before


def test_the_index_follows_edits_removals_and_undo(people: Run) -> None:
    ok(people("edit", "okafor", "--name", "Sam Adeyemi"))
    assert names(people, "kafor") == ["Priya Raman"]
    assert names(people, "adeyemi") == ["Sam Adeyemi"]
    ok(people("remove", "raman", "--yes"))
    assert names(people, "kafor") == []
    ok(people("undo"))
    assert names(people, "kafor") == ["Priya Raman"]


@pytest.mark.sqlite_only
def test_the_sqlite_index_holds_every_contact_after_an_import(
    people: Run, backend: Backend, tmp_path: Path
) -> None:
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Okafor-Brandt\r\nEND:VCARD\r\n", encoding="utf-8"
    )
    ok(people("import", "vcard", str(card)))
    assert names(people, "kafor") == ["Lena Okafor-Brandt", "Sam Okafor", "Priya Raman"]
    stored = backend.query("SELECT rowid, search_text FROM contact_text ORDER BY rowid")
    assert stored == backend.query("SELECT id, search_text FROM contact ORDER BY id")


def test_both_databases_index_the_search_text_with_trigrams(people: Run, backend: Backend) -> None:
    if not backend.is_server:
        assert backend.query("SELECT count(*) FROM contact_text") == [(3,)]
        return
    indexes = backend.query(
        "SELECT indexdef FROM pg_indexes WHERE indexname = :name", {"name": substring.PG_INDEX}
    )
    assert len(indexes) == 1 and "gin_trgm_ops" in indexes[0][0]


@pytest.mark.sqlite_only
def test_an_index_without_its_triggers_is_not_used(people: Run, backend: Backend) -> None:
    """Another program dropped a trigger: the index may miss a contact, so every contact is
    read instead."""
    backend.query("DROP TRIGGER medcrm_search_contact_text_insert")
    ok(people("add-contact", "Lena Okafor-Brandt"))
    assert names(people, "kafor") == ["Lena Okafor-Brandt", "Sam Okafor", "Priya Raman"]


@pytest.mark.sqlite_only
def test_a_sqlite_without_the_trigram_tokenizer_still_searches_and_says_why_it_cannot_write(
    people: Run, backend: Backend
) -> None:
    """A file made where SQLite has the trigram tokenizer, opened by an older SQLite: searches
    read every contact; a write is refused in one line and changes nothing."""
    assert backend.path is not None
    conn = sqlite3.connect(backend.path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, 'trigram', 'nosuchtokenizer') "
        "WHERE name = 'contact_text'"
    )
    conn.commit()
    conn.close()
    assert names(people, "kafor") == ["Sam Okafor", "Priya Raman"]
    before = backend.query("SELECT * FROM contact ORDER BY id")
    result = people("add-contact", "Lena Okafor-Brandt")
    assert result.exit_code == 1
    assert "trigram tokenizer (3.34 or newer)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert backend.query("SELECT * FROM contact ORDER BY id") == before


def test_a_very_long_search_text_is_found_and_tested_whole(people: Run) -> None:
    long_text = "riverside general " * 40
    ok(people("edit", "okafor", "--note", long_text))
    assert names(people, long_text.strip()) == ["Sam Okafor"]
    assert names(people, long_text.strip() + " x") == []
