"""``import json`` reads the export a record at a time: any size, any spelling of JSON, a limit
per record, and an empty database filled a page of rows at a time (issue 20)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from medcrm.pure.errors import InvalidInput
from medcrm.services.importing.json_stream import sections

from .conftest import Backend, Run, ok
from .test_server import one_line_error


@pytest.fixture
def exported(run: Run, tmp_path: Path) -> str:
    """The demo network's JSON export (made from a file, whatever the backend under test)."""
    run("init")  # the database under test first: medcrm makes no other after the demo's
    demo = tmp_path / "demo.db"
    ok(run("--db", str(demo), "demo", "--keep", str(demo)))
    return ok(run("--db", str(demo), "export", "json"))


def _contacts(run: Run) -> list[str]:
    return [c["name"] for c in json.loads(ok(run("contacts", "--json", "--limit", "0")))]


def test_any_spelling_of_the_export_restores_the_same_database(
    run: Run, backend: Backend, exported: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pretty-printed with its keys sorted (the lists before the header that says what the file
    is, interactions before the contacts they point to), read five bytes at a time and inserted
    three rows at a time: the database is the original, to the byte of its export."""
    from medcrm.services.importing import bulk, json_stream

    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 5)
    monkeypatch.setattr(bulk, "PAGE", 3)
    reordered = tmp_path / "sorted.json"
    reordered.write_text(json.dumps(json.loads(exported), indent=2, sort_keys=True), "utf-8")
    result = json.loads(ok(run("import", "json", str(reordered), "--json")))
    assert result["rejected"] == [] and len(result["created"]) >= 30
    assert ok(run("export", "json")) == exported


def test_an_empty_database_filled_by_an_import_is_not_recorded_for_undo(
    run: Run, backend: Backend, exported: str, tmp_path: Path
) -> None:
    dump = tmp_path / "export.json"
    dump.write_text(exported, "utf-8")
    ok(run("import", "json", str(dump)))
    assert "Nothing to undo" in run("undo").stderr
    more = tmp_path / "more.json"
    more.write_text(
        '{"medcrm": "export", "version": 1, "contacts": [{"name": "Ines Marlowe"}]}', "utf-8"
    )
    ok(run("import", "json", str(more)))  # into a database with contacts: a merge, recorded
    assert "import json" in ok(run("undo"))
    assert "Ines Marlowe" not in _contacts(run)


def test_a_record_over_the_limit_is_one_error_and_changes_nothing(
    run: Run, backend: Backend, exported: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medcrm.services.importing import json_stream

    doc = json.loads(exported)
    doc["contacts"][3]["notes"] = "Met at the anatomy review session. " * 40
    dump = tmp_path / "big.json"
    dump.write_text(json.dumps(doc), "utf-8")
    monkeypatch.setattr(json_stream, "MAX_RECORD_CHARS", 1000)
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 64)
    line = one_line_error(run("import", "json", str(dump)))
    assert "contacts[3]" in line and "over" in line
    assert _contacts(run) == []


def test_records_without_ids_go_in_after_the_highest(
    run: Run, backend: Backend, tmp_path: Path
) -> None:
    """A hand-made export into an empty database: records with ids keep them, one without
    gets the next free id, and everything links up."""
    doc: dict[str, Any] = {
        "medcrm": "export",
        "version": 1,
        "contacts": [
            {"name": "Wen Adeyemi", "role": "peer"},
            {"id": 40, "name": "Lior Castellano", "role": "faculty"},
        ],
        "interactions": [
            {
                "date": "2026-11-20",
                "kind": "meeting",
                "note": "Talked about the match",
                "contacts": [40],
            },
            {
                "id": 7,
                "date": "2026-11-21",
                "kind": "email",
                "note": "Sent the abstract",
                "contacts": [40],
            },
        ],
        "follow_ups": [
            {
                "contact_id": 40,
                "title": "Send the poster draft",
                "due": "2026-12-10",
                "interaction_id": 7,
            }
        ],
    }
    dump = tmp_path / "hand.json"
    dump.write_text(json.dumps(doc), "utf-8")
    result = json.loads(ok(run("import", "json", str(dump), "--json")))
    assert result["rejected"] == []
    back = json.loads(ok(run("export", "json")))
    assert {c["name"]: c["id"] for c in back["contacts"]} == {
        "Lior Castellano": 40,
        "Wen Adeyemi": 41,
    }
    assert sorted(i["id"] for i in back["interactions"]) == [7, 8]
    assert [(f["contact_id"], f["interaction_id"]) for f in back["follow_ups"]] == [(40, 7)]
    ok(run("add-contact", "Noor Haddad", "--role", "peer"))  # ids go on after them
    assert json.loads(ok(run("show", "Noor Haddad", "--json")))["id"] == 42


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"medcrm": "export", "version": 1, "contacts": [{"name": "A"}', "not valid JSON"),
        ('{"medcrm": "export", "version": 1}\n{"again": 1}', "goes on after the export ends"),
        ('{"medcrm": "export", "version": 1, "version": 1}', "'version' appears twice"),
        ('[{"name": "Ana"}]', "not a medcrm JSON export"),
        ("", "empty"),
        (
            '{"medcrm": "export", "version": 1,\n "contacts": [{"name": "A"} {"name": "B"}]}',
            "expected ',' or ']' at line 2",
        ),
    ],
)
def test_a_broken_file_is_one_error_that_says_where(text: str, said: str) -> None:
    def read_all() -> None:
        for _, value in sections([text[:7], text[7:]]):
            if not isinstance(value, (str, int, dict)):
                list(value)

    with pytest.raises(InvalidInput, match=said):
        read_all()


def test_a_broken_file_changes_nothing(run: Run, backend: Backend, tmp_path: Path) -> None:
    ok(run("add-contact", "Ines Marlowe", "--role", "peer"))
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"medcrm": "export", "version": 1, "contacts": [{"name": "Wen Adeyemi"}, ', "utf-8"
    )
    assert "not valid JSON" in one_line_error(run("import", "json", str(broken)))
    assert _contacts(run) == ["Ines Marlowe"]


def test_long_work_says_how_far_it_got(capsys: pytest.CaptureFixture[str]) -> None:
    from medcrm.cli.output import progress

    tell = progress("Copying", every=0)
    tell("contacts", 2000)
    tell("interactions", 40000)
    assert capsys.readouterr().err.splitlines() == [
        "Copying: 2,000 contacts so far",
        "Copying: 40,000 interactions so far",
    ]
    quiet = progress("Copying")  # a short run prints nothing
    quiet("contacts", 2000)
    assert capsys.readouterr().err == ""


def test_a_restore_derives_what_every_write_derives(
    run: Run, backend: Backend, exported: str, tmp_path: Path
) -> None:
    """A restore derives its contacts' columns as they go in and their last contact and when
    to reconnect once at the end: the same as the demo's own writes derived them."""
    dump = tmp_path / "export.json"
    dump.write_text(exported, "utf-8")
    ok(run("import", "json", str(dump)))
    demo = ["--db", str(tmp_path / "demo.db")]
    for argv in (
        ["contacts", "--json", "--limit", "0"],
        ["contacts", "--search", "research", "--json", "--limit", "0"],
        ["due", "--json"],
        ["stats", "--json"],
    ):
        assert ok(run(*argv)) == ok(run(*demo, *argv)), argv


def test_ids_kept_as_runs_are_the_same_set() -> None:
    import random

    from medcrm.services.importing.bulk import IdRuns

    rng = random.Random(3)
    for _ in range(200):
        ids = sorted(rng.sample(range(1, 60), rng.randint(0, 40)))
        if rng.random() < 0.5:  # some out of order, some twice
            ids += rng.sample(range(1, 80), 5)
        runs = IdRuns()
        for n in ids:
            runs.add(n)
        assert sorted(runs) == sorted(set(ids))
        assert [n for n in range(-2, 90) if n in runs] == sorted(set(ids))
    assert "3" not in IdRuns() and None not in IdRuns()


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "hand.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"medcrm": "export", "version": 1, **doc}), "utf-8")
    return path


def test_an_import_into_a_database_with_history_is_recorded(
    run: Run, backend: Backend, tmp_path: Path
) -> None:
    """Nothing in the database but a change log: the file's ids are kept, and the import is
    recorded, so undo takes back the import, not the change before it. With a rotation there
    (no contacts), the file is merged, and undo takes back the import, not the rotation."""
    ok(run("add-contact", "Ines Marlowe", "--role", "peer"))
    ok(run("remove", "Ines Marlowe", "--yes"))
    one = _write(tmp_path, {"contacts": [{"id": 5, "name": "Pascal Ydren"}]})
    ok(run("import", "json", str(one)))
    assert json.loads(ok(run("show", "Pascal Ydren", "--json")))["id"] == 5
    assert "import json" in ok(run("undo"))
    assert _contacts(run) == []
    ok(run("rotations", "add", "ENT block", "--start", "2026-04-01", "--end", "2026-04-20"))
    ok(run("import", "json", str(one)))
    assert "import json" in ok(run("undo"))
    assert _contacts(run) == [] and "ENT block" in ok(run("rotations"))


def test_records_without_ids_point_nowhere_and_take_the_next_ids(
    run: Run, backend: Backend, tmp_path: Path
) -> None:
    """A null or missing id is no id: nothing that is null or missing points to it; and a
    rotation or letter without one gets an id after those of the file."""
    doc = {
        "contacts": [{"id": 1, "name": "Mira Solberg"}],
        "rotations": [
            {"id": None, "name": "Surgery block", "start": "2026-01-05", "end": "2026-02-01"},
            {"id": 1, "name": "Medicine block", "start": "2026-02-02", "end": "2026-03-01"},
        ],
        "interactions": [
            {
                "id": 1,
                "date": "2026-01-10",
                "kind": "meeting",
                "contacts": [1],
                "rotation_id": None,
                "note": "Coffee chat",
            },
            {
                "id": None,
                "date": "2026-01-11",
                "kind": "meeting",
                "contacts": [1],
                "note": "OR day debrief",
            },
        ],
        "follow_ups": [
            {
                "contact_id": 1,
                "title": "Send the poster draft",
                "due": "2026-02-10",
                "interaction_id": None,
                "rotation_id": None,
            },
        ],
    }
    result = json.loads(ok(run("import", "json", str(_write(tmp_path, doc)), "--json")))
    assert result["rejected"] == []
    back = json.loads(ok(run("export", "json")))
    assert sorted((r["id"], r["name"]) for r in back["rotations"]) == [
        (1, "Medicine block"),
        (2, "Surgery block"),
    ]
    assert [i["rotation_id"] for i in back["interactions"]] == [None, None]
    assert [(f["interaction_id"], f["rotation_id"]) for f in back["follow_ups"]] == [(None, None)]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            '{"medcrm": "export", "version": 1, "contacts": [{"name": "A"}]}'.encode("utf-16")[:41],
            "not UTF-16 text",
        ),
        (
            b'{"medcrm": "export", "version": 1, "contacts": [{"name": "Ana \xff"}]}',
            "not UTF-8 text",
        ),
        (
            b'{"medcrm": "export", "version": 1, "contacts": [' + b"[" * 100_000 + b"]}",
            "nested too deeply",
        ),
        (
            b'{"medcrm": "export", "version": 1, "contacts": [{"id": 1, "name": "Ana Ruiz"},'
            b' {"id": 1, "name": "Ben Ruiz"}]}',
            "the same id or uid",
        ),
    ],
)
def test_a_file_medcrm_did_not_write_is_one_error_and_changes_nothing(
    run: Run, backend: Backend, tmp_path: Path, content: bytes, said: str
) -> None:
    ok(run("add-contact", "Ines Marlowe", "--role", "peer"))
    ok(run("remove", "Ines Marlowe", "--yes"))  # an empty database, with a change log
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    assert said in one_line_error(run("import", "json", str(path)))
    assert _contacts(run) == []
    assert "remove" in ok(run("undo"))  # the change log is as it was


def test_an_id_that_is_no_number_is_no_id(run: Run, backend: Backend, tmp_path: Path) -> None:
    doc = {
        "contacts": [{"id": [1], "name": "Tove Lindgren"}, {"id": 2, "name": "Ravi Menon"}],
        "interactions": [
            {"id": {"x": 1}, "date": "2026-01-10", "kind": "meeting", "contacts": [[1], 2]}
        ],
    }
    result = json.loads(ok(run("import", "json", str(_write(tmp_path, doc)), "--json")))
    assert result["rejected"] == []
    assert sorted(_contacts(run)) == ["Ravi Menon", "Tove Lindgren"]


def test_the_guard_keeps_only_short_texts_in_memory() -> None:
    from medcrm.services import phi

    phi.findings(None, "Send the thank-you note to Dr. Okafor")
    before = phi._found.cache_info().currsize
    phi.findings(None, "Talked about the residency interview season. " * 300)
    assert phi._found.cache_info().currsize == before


def _indexes(backend: Backend) -> list[tuple[Any, ...]]:
    if backend.is_server:
        return backend.query(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "ORDER BY indexname"
        )
    return backend.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")


def test_a_restore_builds_the_indexes_it_dropped_and_a_failed_one_keeps_them(
    run: Run, backend: Backend, exported: str, tmp_path: Path
) -> None:
    """A restore drops the plain indexes of the tables it fills and builds them once at the
    end: they are all there after it, and after one that failed half-way (rolled back)."""
    before = _indexes(backend)
    assert any("follow_up" in str(sql) for _, sql in before)
    doc = json.loads(exported)
    doc["follow_ups"][-1]["id"] = doc["follow_ups"][0]["id"]  # the same id twice: fails late
    twice = _write(tmp_path, doc, "twice.json")
    assert "same id" in one_line_error(run("import", "json", str(twice)))
    assert _contacts(run) == [] and _indexes(backend) == before
    dump = tmp_path / "export.json"
    dump.write_text(exported, "utf-8")
    ok(run("import", "json", str(dump)))
    assert _indexes(backend) == before
    assert ok(run("export", "json")) == exported


def test_the_guard_reads_a_page_on_worker_processes_with_the_same_verdicts(
    run: Run, backend: Backend, exported: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import's pages of titles and notes are read by the guard on worker processes (where
    they can be forked) while the page before goes in: the same rows are kept and left out as
    when each text is read in turn."""
    from medcrm.services.importing import bulk, screening

    doc = json.loads(exported)
    owner = doc["contacts"][0]["id"]
    doc["follow_ups"] += [
        {"id": 900 + n, "contact_id": owner, "title": title, "due": "2026-12-20"}
        for n, title in enumerate(
            ["Send Mrs. Okonjo's wound photos to the team", "Thank the clerkship coordinator",
             "Ask about the MRN 00482913 in bed 12B", "Book the step 2 exam"]
        )
    ]  # fmt: skip
    dump = tmp_path / "with-titles.json"
    dump.write_text(json.dumps(doc), "utf-8")
    monkeypatch.setattr(bulk, "PAGE", 3)
    sent: list[bool] = []
    made = screening.Pending.__init__

    def spy(self: Any, texts: list[str], result: Any) -> None:
        sent.append(result is not None)
        made(self, texts, result)

    monkeypatch.setattr(screening.Pending, "__init__", spy)
    monkeypatch.setattr(screening, "FROM", 1)
    on_workers = json.loads(ok(run("import", "json", str(dump), "--json")))
    assert any(sent) == ("fork" in __import__("multiprocessing").get_all_start_methods())
    monkeypatch.setattr(screening, "FROM", 10**9)
    ok(run("--db", str(tmp_path / "in-turn.db"), "init"))
    in_turn = json.loads(ok(run("--db", str(tmp_path / "in-turn.db"), "import", "json",
                                str(dump), "--json")))  # fmt: skip
    assert on_workers["rejected"] == in_turn["rejected"]
    left_out = " ".join(r["reason"] for r in on_workers["rejected"])
    assert "Okonjo" in left_out and "00482913" in left_out
    assert ok(run("export", "json")) == ok(run("--db", str(tmp_path / "in-turn.db"), "export",
                                               "json"))  # fmt: skip
