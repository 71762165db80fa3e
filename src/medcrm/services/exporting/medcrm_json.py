"""medcrm's JSON export: everything, versioned and lossless, one record per line."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from medcrm.pure.records import ContactRecord, exported, from_row
from medcrm.storage import queries as views
from medcrm.storage import revisions
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.programs import RATINGS

FORMAT_VERSION = 1


def _iso(value: object) -> str | None:
    if value is None or isinstance(value, str):  # SQLite keeps dates as ISO text already
        return value
    return views.to_date(value).isoformat()


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def everything(reader: Reader) -> dict[str, Any]:
    """The whole database as medcrm's JSON export (format version 1)."""
    contacts = _contacts(reader)
    interactions = _interactions(reader)
    rotations = _rotations(reader)
    letters = _letters(reader)
    follow_ups = _follow_ups(reader)
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
    return _table(
        reader,
        "deadline",
        "id:int title due:date program_id done=done_on:date created:date phi_allowed:bool",
    )


def _contacts(reader: Reader) -> list[dict[str, Any]]:
    """Every contact's exported columns and its tags, by id."""
    tags = views.tags_by_contact(reader, None)
    keys = exported(ContactRecord)
    return [
        {
            **{
                k: _json_value(v)
                for k, v in asdict(from_row(ContactRecord, r)).items()
                if k in keys
            },
            "tags": tags.get(int(r["id"]), []),
        }
        for r in reader.rows(f"SELECT {', '.join(keys)} FROM contact ORDER BY id")  # noqa: S608
    ]


def _interactions(reader: Reader) -> list[dict[str, Any]]:
    """Every interaction with the ids of its contacts, by id."""
    people: dict[int, list[int]] = {}
    for r in reader.rows(
        "SELECT interaction_id, contact_id FROM interaction_contact "
        "ORDER BY interaction_id, contact_id"
    ):
        people.setdefault(int(r["interaction_id"]), []).append(int(r["contact_id"]))
    return _table(
        reader,
        "interaction",
        "id:int date:date kind note contacts rotation_id phi_allowed:bool",
        contacts=lambda r: people.get(int(r["id"]), []),
    )


def _rotations(reader: Reader) -> list[dict[str, Any]]:
    """Every rotation, by id."""
    return _table(
        reader, "rotation", "id:int name start=starts_on:date end=ends_on:date service site"
    )


def _letters(reader: Reader) -> list[dict[str, Any]]:
    """Every letter with the day of each step, by id."""
    return _table(
        reader,
        "letter",
        "id:int contact_id:int for=target kind waived:bool "
        "letter_id=eras_id due:date status asked=asked_on:date agreed=agreed_on:date "
        "materials_sent=materials_sent_on:date submitted=submitted_on:date "
        "thanked=thanked_on:date declined=declined_on:date note phi_allowed:bool",
    )


def _follow_ups(reader: Reader) -> list[dict[str, Any]]:
    """Every follow-up, open, done or cancelled, by id."""
    return _table(
        reader,
        "follow_up",
        "id:int contact_id:int title due:date "
        "done=done_on:date created:date interaction_id every scheduled:date "
        "cancelled:bool purpose rotation_id letter_id phi_allowed:bool",
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
    return _table(
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


_WRITE: dict[str, Callable[[Any], object]] = {"int": int, "date": _iso, "bool": bool}


def _table(
    reader: Reader,
    table: str,
    keys: str,
    also: list[str] | None = None,
    **made: Callable[[Row], object],
) -> list[dict[str, Any]]:
    """Every row of ``table``, by id, as the export writes it: under each of ``keys``
    (space-separated, in order) its column, or ``key=column``; ``:int``, ``:date`` or ``:bool``
    says how a value is written (null stays null). ``made`` gives the keys that are not
    columns, from the row (which has the columns ``also`` too)."""
    spec = []
    for key in keys.split():
        key, _, kind = key.partition(":")
        key, _, column = key.partition("=")
        spec.append((key, column or key, _WRITE.get(kind)))
    columns = [column for key, column, _ in spec if key not in made] + (also or [])
    return [
        {
            key: made[key](r) if key in made else _written(r[column], write)
            for key, column, write in spec
        }
        for r in reader.rows(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")  # noqa: S608
    ]


def _written(value: object, write: Callable[[Any], object] | None) -> object:
    return value if value is None or write is None else write(value)


def _settings(reader: Reader) -> dict[str, str]:
    """Every setting made, by key."""
    return {
        str(r["key"]): str(r["value"])
        for r in reader.rows("SELECT key, value FROM setting ORDER BY key")
    }


def to_json(reader: Reader, *, change_log: bool = False) -> str:
    """The export as text: one record per line inside each list. With ``change_log`` (a
    server's backup), the change log too, as ``changes`` and ``change_rows``.

    Readable and easy to diff (a changed contact is a changed line), and fast: each record
    goes through json's C encoder, which ``indent=`` would switch off (10,000 contacts in well
    under a second instead of several).
    """
    data = everything(reader)
    if change_log:
        from medcrm.storage.changes import dump_log

        data["changes"], data["change_rows"] = dump_log(reader)
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            body = ",\n".join("    " + _dumps(item) for item in value)
            parts.append(f"  {_dumps(key)}: [\n{body}\n  ]" if value else f"  {_dumps(key)}: []")
        elif isinstance(value, dict) and value:
            body = ",\n".join(f"    {_dumps(k)}: {_dumps(v)}" for k, v in value.items())
            parts.append(f"  {_dumps(key)}: {{\n{body}\n  }}")
        else:
            parts.append(f"  {_dumps(key)}: {_dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
