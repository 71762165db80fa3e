"""medcrm's JSON export: everything, versioned and lossless, one record per line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import date
from typing import Any

from medcrm.pure.records import ContactRecord, exported, from_row
from medcrm.storage import queries as views
from medcrm.storage import revisions
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.programs import RATINGS

FORMAT_VERSION = 1
PAGE = 2000  # rows read at a time from the large tables


def _iso(value: object) -> str | None:
    if value is None or isinstance(value, str):  # SQLite keeps dates as ISO text already
        return value
    return views.to_date(value).isoformat()


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def everything(reader: Reader) -> dict[str, Any]:
    """The whole database as medcrm's JSON export (format version 1)."""
    contacts = list(_contacts(reader))
    interactions = list(_interactions(reader))
    rotations = _rotations(reader)
    letters = _letters(reader)
    follow_ups = list(_follow_ups(reader))
    settings = _settings(reader)
    programs = _programs(reader)
    deadlines = _deadlines(reader)
    return {
        "medcrm": "export",
        "version": FORMAT_VERSION,
        "schema": revisions.HEAD,
        "contacts": contacts,
        "rotations": rotations,
        "interactions": interactions,
        "letters": letters,
        "follow_ups": follow_ups,
        "settings": settings,
        "programs": programs,
        "deadlines": deadlines,
    }


def _deadlines(reader: Reader) -> list[dict[str, Any]]:
    """The season's deadlines, done ones too, by id."""
    return list(
        _table(
            reader,
            "deadline",
            "id:int title due:date program_id done=done_on:date created:date phi_allowed:bool",
        )
    )


def _pages(reader: Reader, sql: str) -> Iterator[list[Row]]:
    """The rows of ``sql`` (which reads ``WHERE id > :after ORDER BY id LIMIT :page``) a page
    at a time: a large database is never held in memory whole."""
    after = 0
    while rows := reader.rows(sql, {"after": after, "page": PAGE}):
        yield rows
        after = int(rows[-1]["id"])


def _contacts(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every contact's exported columns and its tags, by id."""
    keys = exported(ContactRecord)
    sql = f"SELECT {', '.join(keys)} FROM contact WHERE id > :after ORDER BY id LIMIT :page"  # noqa: S608
    for page in _pages(reader, sql):
        tags: dict[int, list[str]] = {}
        for r in reader.rows(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.contact_id >= :low AND ct.contact_id <= :high ORDER BY t.name",
            {"low": int(page[0]["id"]), "high": int(page[-1]["id"])},
        ):
            tags.setdefault(int(r["contact_id"]), []).append(str(r["name"]))
        for r in page:
            row = asdict(from_row(ContactRecord, r))
            yield {
                **{k: _json_value(v) for k, v in row.items() if k in keys},
                "tags": tags.get(int(r["id"]), []),
            }


def _interactions(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every interaction with the ids of its contacts, by id."""
    sql = (
        "SELECT id, date, kind, note, rotation_id, phi_allowed FROM interaction "
        "WHERE id > :after ORDER BY id LIMIT :page"
    )
    for page in _pages(reader, sql):
        people: dict[int, list[int]] = {}
        for r in reader.rows(
            "SELECT interaction_id, contact_id FROM interaction_contact "
            "WHERE interaction_id >= :low AND interaction_id <= :high "
            "ORDER BY interaction_id, contact_id",
            {"low": int(page[0]["id"]), "high": int(page[-1]["id"])},
        ):
            people.setdefault(int(r["interaction_id"]), []).append(int(r["contact_id"]))
        for r in page:
            yield {
                "id": int(r["id"]),
                "date": _iso(r["date"]),
                "kind": r["kind"],
                "note": r["note"],
                "contacts": people.get(int(r["id"]), []),
                "rotation_id": r["rotation_id"],
                "phi_allowed": bool(r["phi_allowed"]),
            }


def _rotations(reader: Reader) -> list[dict[str, Any]]:
    """Every rotation, by id."""
    return list(
        _table(reader, "rotation", "id:int name start=starts_on:date end=ends_on:date service site")
    )


def _letters(reader: Reader) -> list[dict[str, Any]]:
    """Every letter with the day of each step, by id."""
    return list(
        _table(
            reader,
            "letter",
            "id:int contact_id:int for=target kind waived:bool "
            "letter_id=eras_id due:date status asked=asked_on:date agreed=agreed_on:date "
            "materials_sent=materials_sent_on:date submitted=submitted_on:date "
            "thanked=thanked_on:date declined=declined_on:date note phi_allowed:bool",
        )
    )


def _follow_ups(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every follow-up, open, done or cancelled, by id."""
    return _table(
        reader,
        "follow_up",
        "id:int contact_id:int title due:date "
        "done=done_on:date created:date interaction_id every scheduled:date "
        "cancelled:bool purpose rotation_id letter_id phi_allowed:bool",
        paged=True,
    )


def _programs(reader: Reader) -> list[dict[str, Any]]:
    """Every program with its moves through the pipeline and its people, by id."""
    moves: dict[int, list[dict[str, Any]]] = {}
    for r in reader.rows("SELECT program_id, stage, moved_on FROM program_stage ORDER BY id"):
        moves.setdefault(int(r["program_id"]), []).append(
            {"stage": r["stage"], "date": _iso(r["moved_on"])}
        )
    people: dict[int, list[dict[str, Any]]] = {}
    for r in reader.rows(
        "SELECT program_id, contact_id, role FROM program_contact ORDER BY program_id, contact_id"
    ):
        people.setdefault(int(r["program_id"]), []).append(
            {"contact_id": int(r["contact_id"]), "role": r["role"]}
        )
    letters: dict[int, list[int]] = {}
    for r in reader.rows("SELECT program_id, letter_id FROM program_letter "
                         "ORDER BY program_id, letter_id"):  # fmt: skip
        letters.setdefault(int(r["program_id"]), []).append(int(r["letter_id"]))
    return list(
        _table(
            reader,
            "program",
            "id:int name specialty institution city url note stage "
            "letters_required post_interview_contact:bool added:date interview=interview_on:date "
            "virtual=interview_virtual:bool social=social_on:date respond_by signal ratings "
            "rank=rank_position phi_allowed:bool stages people letters",
            also=[f"rate_{c}" for c in RATINGS],
            ratings=lambda r: {c: r[f"rate_{c}"] for c in RATINGS if r[f"rate_{c}"] is not None},
            stages=lambda r: moves.get(int(r["id"]), []),
            people=lambda r: people.get(int(r["id"]), []),
            letters=lambda r: letters.get(int(r["id"]), []),
        )
    )


_WRITE: dict[str, Callable[[Any], object]] = {"int": int, "date": _iso, "bool": bool}


def _table(
    reader: Reader,
    table: str,
    keys: str,
    also: list[str] | None = None,
    *,
    paged: bool = False,
    **made: Callable[[Row], object],
) -> Iterator[dict[str, Any]]:
    """Every row of ``table``, by id, as the export writes it: under each of ``keys``
    (space-separated, in order) its column, or ``key=column``; ``:int``, ``:date`` or ``:bool``
    says how a value is written (null stays null). ``made`` gives the keys that are not
    columns, from the row (which has the columns ``also`` too). ``paged``: read a page of rows
    at a time (a large table)."""
    spec = []
    for key in keys.split():
        key, _, kind = key.partition(":")
        key, _, column = key.partition("=")
        spec.append((key, column or key, _WRITE.get(kind)))
    columns = [column for key, column, _ in spec if key not in made] + (also or [])
    sql = f"SELECT {', '.join(columns)} FROM {table}"  # noqa: S608
    pages = (
        _pages(reader, sql + " WHERE id > :after ORDER BY id LIMIT :page")
        if paged
        else [reader.rows(sql + " ORDER BY id")]
    )
    for rows in pages:
        for r in rows:
            yield {
                key: made[key](r) if key in made else _written(r[column], write)
                for key, column, write in spec
            }


def _written(value: object, write: Callable[[Any], object] | None) -> object:
    return value if value is None or write is None else write(value)


def _settings(reader: Reader) -> dict[str, str]:
    """Every setting made, by key."""
    return {
        str(r["key"]): str(r["value"])
        for r in reader.rows("SELECT key, value FROM setting ORDER BY key")
    }


def to_json(reader: Reader, *, change_log: bool = False) -> str:
    """The export as one text (see :func:`json_chunks`)."""
    return "".join(json_chunks(reader, change_log=change_log))


def json_chunks(reader: Reader, *, change_log: bool = False) -> Iterator[str]:
    """The export as text, a record at a time: one record per line inside each list. With
    ``change_log`` (a server's backup), the change log too, as ``changes`` and ``change_rows``.

    Readable and easy to diff (a changed contact is a changed line), and fast: each record
    goes through json's C encoder, which ``indent=`` would switch off (10,000 contacts in well
    under a second instead of several). Contacts, interactions and follow-ups are read a page
    at a time, so the export's memory does not grow with the database.
    """
    sections: dict[str, Any] = {
        "medcrm": "export",
        "version": FORMAT_VERSION,
        "schema": revisions.HEAD,
        "contacts": _contacts(reader),
        "rotations": _rotations(reader),
        "interactions": _interactions(reader),
        "letters": _letters(reader),
        "follow_ups": _follow_ups(reader),
        "settings": _settings(reader),
        "programs": _programs(reader),
        "deadlines": _deadlines(reader),
    }
    if change_log:
        from medcrm.storage.changes import dump_log

        sections["changes"], sections["change_rows"] = dump_log(reader)
    yield "{\n"
    for n, (key, value) in enumerate(sections.items()):
        yield ("" if n == 0 else ",\n") + f"  {_dumps(key)}: "
        if isinstance(value, (list, Iterator)):
            yield from _array(iter(value))
        elif isinstance(value, dict) and value:
            body = ",\n".join(f"    {_dumps(k)}: {_dumps(v)}" for k, v in value.items())
            yield f"{{\n{body}\n  }}"
        else:
            yield _dumps(value)
    yield "\n}\n"


def _array(items: Iterator[object]) -> Iterator[str]:
    first = next(items, _NONE)
    if first is _NONE:
        yield "[]"
        return
    yield "[\n    " + _dumps(first)
    for item in items:
        yield ",\n    " + _dumps(item)
    yield "\n  ]"


_NONE = object()


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
