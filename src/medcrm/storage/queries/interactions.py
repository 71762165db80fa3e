"""Reads about logged interactions: one, and the history (the timeline, filtered)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from medcrm.pure import text
from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import (
    ContactRef,
    InteractionRecord,
    from_columns,
)
from medcrm.storage.connection import Reader, Row, in_params
from medcrm.storage.queries.common import Where, one


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
    return [from_columns(InteractionRecord, r, contacts=people[int(r["id"])]) for r in rows]


INTERACTION_COLUMNS = (
    "i.id, i.date, i.kind, i.note, i.rotation_id, r.name AS rotation FROM interaction i "
    "LEFT JOIN rotation r ON r.id = i.rotation_id"
)


def get_interaction(reader: Reader, interaction_id: int) -> InteractionRecord:
    missing = f"No interaction has id {interaction_id}. Run 'medcrm history' to see the log."
    row = one(
        reader, f"SELECT {INTERACTION_COLUMNS} WHERE i.id = :id", {"id": interaction_id}, missing
    )
    return _interactions(reader, [row])[0]


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
    where = Where()
    where.given(
        "i.id IN (SELECT interaction_id FROM interaction_contact WHERE contact_id = :cid)",
        cid=contact_id,
    )
    where.given("i.kind = :kind", kind=None if kind is None else text.kind(kind))
    where.given("i.date >= :since", since=since)
    where.given("i.rotation_id = :rid", rid=rotation_id)
    if search is not None:
        from medcrm.storage import search as index

        if not index.terms(search):
            raise InvalidInput("--search needs a word, e.g. --search research.")
        matching, found = index.matching_ids(reader, search, "interaction")
        where.add(f"i.id IN ({matching})", **found)
    sql = f"SELECT {INTERACTION_COLUMNS}{where} ORDER BY i.date DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        where.params["limit"] = limit
    return _interactions(reader, reader.rows(sql, where.params))
