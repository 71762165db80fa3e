"""Reads about logged interactions: one, and the history (the timeline, filtered)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from medcrm.pure import text
from medcrm.pure.errors import InvalidInput, NotFound
from medcrm.pure.records import (
    ContactRef,
    InteractionRecord,
)
from medcrm.storage.connection import Reader, Row, in_params
from medcrm.storage.queries.common import to_date


def _interactions(reader: Reader, rows: list[Row]) -> list[InteractionRecord]:
    if not rows:
        return []
    placeholder, params = in_params("i", [int(r["id"]) for r in rows])
    people: dict[int, list[ContactRef]] = defaultdict(list)
    for p in reader.rows(
        "SELECT ic.interaction_id, c.id, c.name FROM interaction_contact ic "  # noqa: S608
        f"JOIN contact c ON c.id = ic.contact_id WHERE ic.interaction_id IN {placeholder} "
        "ORDER BY c.name_key, c.id",
        params,
    ):
        people[int(p["interaction_id"])].append(ContactRef(int(p["id"]), p["name"]))
    return [
        InteractionRecord(
            id=int(r["id"]),
            date=to_date(r["date"]),
            kind=r["kind"],
            note=r["note"],
            contacts=people[int(r["id"])],
            rotation_id=r["rotation_id"],
            rotation=r["rotation"],
        )
        for r in rows
    ]


INTERACTION_COLUMNS = (
    "i.id, i.date, i.kind, i.note, i.rotation_id, r.name AS rotation FROM interaction i "
    "LEFT JOIN rotation r ON r.id = i.rotation_id"
)


def get_interaction(reader: Reader, interaction_id: int) -> InteractionRecord:
    rows = reader.rows(
        f"SELECT {INTERACTION_COLUMNS} WHERE i.id = :id",
        {"id": interaction_id},
    )
    if not rows:
        raise NotFound(
            f"No interaction has id {interaction_id}. Run 'medcrm history' to see the log."
        )
    return _interactions(reader, rows)[0]


def history(
    reader: Reader,
    *,
    contact_id: int | None = None,
    kind: str | None = None,
    since: date | None = None,
    rotation_id: int | None = None,
    limit: int | None = None,
    search: str | None = None,
) -> list[InteractionRecord]:
    """Logged interactions, newest first; ``search``: only notes with all of its words."""
    if limit is not None and limit < 1:
        raise InvalidInput("--limit must be 1 or more.")
    where: list[str] = []
    params: dict[str, Any] = {}
    if contact_id is not None:
        where.append(
            "i.id IN (SELECT interaction_id FROM interaction_contact WHERE contact_id = :cid)"
        )
        params["cid"] = contact_id
    if kind is not None:
        where.append("i.kind = :kind")
        params["kind"] = text.kind(kind)
    if since is not None:
        where.append("i.date >= :since")
        params["since"] = since
    if rotation_id is not None:
        where.append("i.rotation_id = :rid")
        params["rid"] = rotation_id
    if search is not None:
        from medcrm.storage import search as index

        if not index.terms(search):
            raise InvalidInput("--search needs a word, e.g. --search research.")
        matching, found = index.matching_ids(reader, search, "interaction")
        where.append(f"i.id IN ({matching})")
        params.update(found)
    sql = f"SELECT {INTERACTION_COLUMNS}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY i.date DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return _interactions(reader, reader.rows(sql, params))
