"""Find anything (issue 17): ``medcrm search`` over everything written, and
``history --search``. On SQLite (FTS5, and the plain-table fallback) and on PostgreSQL
(tsvector); all people are fictional."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from medcrm.storage import search as index
from medcrm.storage.db import make_engine
from tests.conftest import Backend, Run, ok, refused


def as_json(result: Result) -> Any:
    return json.loads(ok(result))


def found(run: Run, *words: str) -> dict[str, list[int]]:
    """What ``search`` finds: the ids of each kind, best first."""
    doc = as_json(run("search", *words, "--json"))
    return {group["kind"]: [h["id"] for h in group["hits"]] for group in doc["results"]}


@pytest.fixture
def written(run: Run) -> Run:
    ok(run("add-contact", "Dr. Zoë Ångström", "--role", "attending", "--institution",
           "Hôpital Saint-Louis", "--specialty", "Cardiology", "--tag", "mentor"))  # fmt: skip
    ok(run("add-contact", "Sam Okafor", "--role", "resident", "--email", "sam.okafor@example.edu"))
    ok(run("log", "angstrom", "--note", "Talked about the echo research project"))
    ok(run("log", "okafor", "--note", "Study group for the renal block"))
    ok(run("follow-up", "okafor", "Send the echo abstract draft", "--due", "fri"))
    ok(run("letters", "ask", "angstrom", "--for", "Internal Medicine ERAS", "--due", "Sep 1",
           "--note", "mention the echo project"))  # fmt: skip
    ok(run("rotations", "add", "Cardiology consults", "--start", "2026-11-02", "--end",
           "2026-11-27", "--service", "Cardiology", "--site", "Hôpital Saint-Louis"))  # fmt: skip
    return run


def test_search_finds_every_kind_of_text_grouped_by_kind(written: Run) -> None:
    assert found(written, "echo") == {"interaction": [1], "follow_up": [1], "letter": [1]}
    # Accents and case ignored, words in any order, beginnings of words.
    assert found(written, "CARDIO", "angst") == {"contact": [1]}
    assert found(written, "hopital") == {"contact": [1], "rotation": [1]}
    assert found(written, "mentor") == {"contact": [1]}  # tags
    assert found(written, "sam.okafor@example") == {"contact": [2]}
    assert found(written, "consults") == {"rotation": [1]}
    assert found(written, "echo", "renal") == {}  # every word must match one row


def test_search_shows_each_kind_with_its_id_and_the_text_around_the_match(written: Run) -> None:
    shown = ok(written("search", "echo"))
    assert "Interactions (1)" in shown and "Follow-ups (1)" in shown and "Letters (1)" in shown
    assert "Contacts" not in shown
    assert "Dr. Zoë Ångström" in shown and "Send the echo" in shown
    doc = as_json(written("search", "renal", "--json"))
    assert doc == {
        "query": "renal",
        "results": [
            {
                "kind": "interaction",
                "total": 1,
                "hits": [
                    {
                        "id": 2,
                        "title": "meeting",
                        "detail": "Sam Okafor",
                        "date": doc["results"][0]["hits"][0]["date"],
                        "snippet": "Study group for the renal block",
                    }
                ],
            }
        ],
    }


def test_a_long_text_is_cut_around_the_match(run: Run) -> None:
    ok(run("add-contact", "Lena Park"))
    note = " ".join(["filler"] * 40) + " the poster deadline " + " ".join(["padding"] * 40)
    ok(run("log", "park", "--note", note))
    [hit] = as_json(run("search", "poster", "--json"))["results"][0]["hits"]
    assert "poster" in hit["snippet"] and len(hit["snippet"]) < len(note) / 2
    assert hit["snippet"].startswith("…") and hit["snippet"].endswith("…")


def test_the_best_matches_come_first_and_the_rest_are_counted(run: Run) -> None:
    ok(run("add-contact", "Lena Park"))
    for n in range(4):
        ok(run("log", "park", "--note", f"Journal club {n} on sepsis"))
    ok(run("log", "park", "--note", "Sepsis, sepsis bundles and sepsis screening: all sepsis"))
    doc = as_json(run("search", "sepsis", "--limit", "2", "--json"))
    [group] = doc["results"]
    assert group["total"] == 5 and len(group["hits"]) == 2
    assert group["hits"][0]["id"] == 5  # the note about nothing else ranks first
    shown = ok(run("search", "sepsis", "--limit", "2"))
    assert "Interactions (5)" in shown and "3 more interactions" in shown


def test_a_word_in_very_many_notes_ranks_the_newest_and_counts_all(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranking grows with the matches: past index.RANKED of a kind, the newest are ranked."""
    monkeypatch.setattr(index, "RANKED", 3)
    ok(run("add-contact", "Lena Park"))
    ok(run("log", "park", "--note", "Sepsis, sepsis bundles and sepsis screening: all sepsis"))
    for n in range(3):
        ok(run("log", "park", "--note", f"Journal club {n} on sepsis and other things"))
    ok(run("log", "park", "--note", "Sepsis talk: sepsis again"))
    doc = as_json(run("search", "sepsis", "--json"))
    [group] = doc["results"]
    assert group["total"] == 5
    assert group["hits"][0]["id"] == 5  # the best of the newest three
    assert {h["id"] for h in group["hits"]} == {3, 4, 5}  # the oldest, best note is not ranked
    monkeypatch.setattr(index, "RANKED", 2_000)
    assert as_json(run("search", "sepsis", "--json"))["results"][0]["hits"][0]["id"] == 1


def test_nothing_found_says_how_search_matches(written: Run) -> None:
    shown = ok(written("search", "gastroenterology"))
    assert "Nothing matches" in shown and "start of words" in shown
    assert as_json(written("search", "gastroenterology", "--json"))["results"] == []


def test_a_search_without_words_is_refused(written: Run) -> None:
    assert "Give a word" in refused(written("search", "!!!"))
    assert "--search needs a word" in refused(written("history", "--search", "--"))


def test_text_that_looks_like_markup_is_shown_as_typed(run: Run) -> None:
    ok(run("add-contact", "Lena Park"))
    ok(run("log", "park", "--note", "Asked about [bold]wards[/bold] tips"))
    assert "[bold]wards[/bold]" in ok(run("search", "wards"))


def test_the_index_follows_edits_removals_and_undo(written: Run) -> None:
    ok(written("edit-log", "2", "--note", "Study group for the cardiac block"))
    assert "interaction" not in found(written, "renal")
    assert found(written, "cardiac") == {"interaction": [2]}
    ok(written("edit", "okafor", "--institution", "Riverside General"))
    assert found(written, "riverside") == {"contact": [2]}
    ok(written("unlog", "2"))
    assert found(written, "cardiac") == {}
    ok(written("undo"))
    assert found(written, "cardiac") == {"interaction": [2]}
    ok(written("remove", "angstrom"))
    assert found(written, "angstrom") == {}
    ok(written("undo"))
    assert found(written, "angstrom")["contact"] == [1]


def test_the_index_follows_imports_and_restores(written: Run, tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    ok(written("backup", str(saved)))
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nORG:Lakeside Children's\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    ok(written("import", "vcard", str(card)))
    assert found(written, "lakeside") == {"contact": [3]}
    backups = sorted(saved.iterdir()) if saved.is_dir() else [saved]
    ok(written("restore", str(backups[0]), "--yes"))
    assert found(written, "lakeside") == {}
    assert found(written, "echo") == {"interaction": [1], "follow_up": [1], "letter": [1]}


def test_history_search_filters_the_timeline(written: Run) -> None:
    ok(written("log", "angstrom", "--note", "Echo lab tour", "-d", "yesterday"))
    rows = as_json(written("history", "--search", "echo", "--json"))
    assert [r["id"] for r in rows] == [1, 3]
    rows = as_json(written("history", "okafor", "--search", "echo", "--json"))
    assert rows == []
    shown = ok(written("history", "-S", "renal"))
    assert "Study group for the renal block" in shown and "echo" not in shown


@pytest.mark.sqlite_only
def test_without_fts5_search_falls_back_to_a_plain_table(written: Run, backend: Backend) -> None:
    """A SQLite built without FTS5 gets a plain index table, searched with LIKE."""
    assert backend.path is not None
    conn = sqlite3.connect(backend.path)
    conn.execute("DROP TABLE search_index")
    conn.execute("CREATE TABLE search_index (kind TEXT NOT NULL, ref INTEGER NOT NULL, body TEXT)")
    conn.commit()
    conn.close()
    engine = make_engine(backend.path)
    with engine.connect() as c, c.begin():
        index.install(c)
    engine.dispose()
    assert found(written, "echo") == {"interaction": [1], "follow_up": [1], "letter": [1]}
    ok(written("log", "okafor", "--note", "Ward rounds debrief"))
    assert found(written, "debrief") == {"interaction": [3]}


def test_every_accent_and_letter_variant_is_found_plain_or_as_typed(run: Run) -> None:
    for name in ("Jens Sørlie", "Paweł Łukasz", "Anna Strauß", "Thảo Nguyễn", "Ğülşen Çelik"):
        ok(run("add-contact", name))
    assert found(run, "sorlie") == found(run, "Sørlie") == {"contact": [1]}
    assert found(run, "lukasz", "pawel") == found(run, "Łukasz") == {"contact": [2]}
    assert found(run, "strauss") == found(run, "strauß") == {"contact": [3]}
    assert found(run, "thao", "nguyen") == found(run, "Thảo") == {"contact": [4]}
    assert found(run, "gulsen", "celik") == {"contact": [5]}
