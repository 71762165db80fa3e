"""medcrm's JSON export: everything, versioned and lossless, one record per line."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from medcrm.pure.records import ContactRecord, exported, from_row
from medcrm.storage import queries as views
from medcrm.storage import revisions
from medcrm.storage.connection import Reader
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
    return [
        {"id": int(r["id"]), "title": r["title"], "due": _iso(r["due"]),
         "program_id": r["program_id"], "done": _iso(r["done_on"]),
         "created": _iso(r["created"]), "phi_allowed": bool(r["phi_allowed"])}
        for r in reader.rows("SELECT id, title, due, program_id, done_on, created, phi_allowed "
                             "FROM deadline ORDER BY id")
    ]  # fmt: skip


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
    return [
        {
            "id": int(r["id"]),
            "date": _iso(r["date"]),
            "kind": r["kind"],
            "note": r["note"],
            "contacts": people.get(int(r["id"]), []),
            "rotation_id": r["rotation_id"],
            "phi_allowed": bool(r["phi_allowed"]),
        }
        for r in reader.rows(
            "SELECT id, date, kind, note, rotation_id, phi_allowed FROM interaction ORDER BY id"
        )
    ]


def _rotations(reader: Reader) -> list[dict[str, Any]]:
    """Every rotation, by id."""
    return [
        {
            "id": int(r["id"]),
            "name": r["name"],
            "start": _iso(r["starts_on"]),
            "end": _iso(r["ends_on"]),
            "service": r["service"],
            "site": r["site"],
        }
        for r in reader.rows(
            "SELECT id, name, starts_on, ends_on, service, site FROM rotation ORDER BY id"
        )
    ]


def _letters(reader: Reader) -> list[dict[str, Any]]:
    """Every letter with the day of each step, by id."""
    return [
        {
            "id": int(r["id"]),
            "contact_id": int(r["contact_id"]),
            "for": r["target"],
            "kind": r["kind"],
            "waived": None if r["waived"] is None else bool(r["waived"]),
            "letter_id": r["eras_id"],
            "due": _iso(r["due"]),
            "status": r["status"],
            "asked": _iso(r["asked_on"]),
            "agreed": _iso(r["agreed_on"]),
            "materials_sent": _iso(r["materials_sent_on"]),
            "submitted": _iso(r["submitted_on"]),
            "thanked": _iso(r["thanked_on"]),
            "declined": _iso(r["declined_on"]),
            "note": r["note"],
            "phi_allowed": bool(r["phi_allowed"]),
        }
        for r in reader.rows(
            "SELECT id, contact_id, target, kind, waived, eras_id, due, status, asked_on, "
            "agreed_on, materials_sent_on, submitted_on, thanked_on, declined_on, note, "
            "phi_allowed FROM letter ORDER BY id"
        )
    ]


def _follow_ups(reader: Reader) -> list[dict[str, Any]]:
    """Every follow-up, open, done or cancelled, by id."""
    return [
        {
            "id": int(r["id"]),
            "contact_id": int(r["contact_id"]),
            "title": r["title"],
            "due": _iso(r["due"]),
            "done": _iso(r["done_on"]),
            "created": _iso(r["created"]),
            "interaction_id": r["interaction_id"],
            "every": r["every"],
            "scheduled": _iso(r["scheduled"]),
            "cancelled": bool(r["cancelled"]),
            "purpose": r["purpose"],
            "rotation_id": r["rotation_id"],
            "letter_id": r["letter_id"],
            "phi_allowed": bool(r["phi_allowed"]),
        }
        for r in reader.rows(
            "SELECT id, contact_id, title, due, done_on, created, interaction_id, every, "
            "scheduled, cancelled, purpose, rotation_id, letter_id, phi_allowed FROM follow_up "
            "ORDER BY id"
        )
    ]


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
    return [
        {
            "id": int(r["id"]),
            **{
                k: r[k]
                for k in (
                    "name",
                    "specialty",
                    "institution",
                    "city",
                    "url",
                    "note",
                    "stage",
                    "letters_required",
                )
            },
            "post_interview_contact": bool(r["post_interview_contact"]),
            "added": _iso(r["added"]),
            "interview": _iso(r["interview_on"]),
            "virtual": bool(r["interview_virtual"]),
            "social": _iso(r["social_on"]),
            "respond_by": r["respond_by"],
            "signal": r["signal"],
            "ratings": {c: r[f"rate_{c}"] for c in RATINGS if r[f"rate_{c}"] is not None},
            "rank": r["rank_position"],
            "phi_allowed": bool(r["phi_allowed"]),
            "stages": moves.get(int(r["id"]), []),
            "people": people.get(int(r["id"]), []),
            "letters": letters.get(int(r["id"]), []),
        }
        for r in reader.rows(
            "SELECT id, name, specialty, institution, city, url, note, stage, letters_required, "
            "post_interview_contact, added, interview_on, interview_virtual, social_on, "
            "respond_by, signal, rate_fit, rate_location, rate_training, rate_people, "
            "rank_position, phi_allowed FROM program ORDER BY id"
        )
    ]


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
