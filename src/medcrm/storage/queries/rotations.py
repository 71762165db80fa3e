"""Reads about rotations: the list, one by name or id, those covering a day or ending soon, a
rotation's page.
"""

from __future__ import annotations

from datetime import date, timedelta

from medcrm.pure.records import (
    ContactRef,
    RotationDetail,
    RotationPerson,
    RotationRecord,
    from_columns,
)
from medcrm.storage.connection import Reader, Row
from medcrm.storage.queries.common import (
    BEFORE_YOU_GO_AFTER,
    BEFORE_YOU_GO_BEFORE,
    named_id,
    one,
    to_date,
)
from medcrm.storage.queries.followups import list_follow_ups
from medcrm.storage.queries.interactions import history

ROTATION_COLUMNS = "r.id, r.name, r.starts_on, r.ends_on, r.service, r.site"


def _rotation(row: Row) -> RotationRecord:
    return from_columns(RotationRecord, row)


ROTATION_COUNTS = (
    "(SELECT COUNT(*) FROM interaction i WHERE i.rotation_id = r.id) AS interactions, "
    "(SELECT COUNT(DISTINCT ic.contact_id) FROM interaction i JOIN interaction_contact ic "
    "ON ic.interaction_id = i.id WHERE i.rotation_id = r.id) AS people"
)


def list_rotations(reader: Reader, *, contact_id: int | None = None) -> list[RotationRecord]:
    """Every rotation, in date order, with how many interactions and people it has;
    ``contact_id``: only the rotations that person was logged on."""
    where = (
        ""
        if contact_id is None
        else "WHERE r.id IN (SELECT i.rotation_id FROM interaction i JOIN interaction_contact ic "
        "ON ic.interaction_id = i.id WHERE ic.contact_id = :cid) "
    )
    rows = reader.rows(
        f"SELECT {ROTATION_COLUMNS}, {ROTATION_COUNTS} FROM rotation r {where}"  # noqa: S608
        "ORDER BY r.starts_on, r.id",
        {"cid": contact_id},
    )
    return [_rotation(r) for r in rows]


def resolve_rotation(reader: Reader, which: str) -> RotationRecord:
    """A rotation by id or name (exact, then a unique part), like WHO for contacts."""
    add = " --start ... --end ..."  # what 'rotations add' needs besides the name
    found = named_id(reader, which, "rotation", "2 or 'IM clerkship'", order="starts_on", add=add)
    return get_rotation(reader, found)


def get_rotation(reader: Reader, rotation_id: int) -> RotationRecord:
    sql = f"SELECT {ROTATION_COLUMNS}, {ROTATION_COUNTS} FROM rotation r WHERE r.id = :id"  # noqa: S608
    missing = f"No rotation has id {rotation_id}. Run 'medcrm rotations' to see them."
    return _rotation(one(reader, sql, {"id": rotation_id}, missing))


def rotations_on(reader: Reader, day: date) -> list[RotationRecord]:
    """The rotations whose dates cover ``day``, the most recently started first."""
    rows = reader.rows(
        f"SELECT {ROTATION_COLUMNS} FROM rotation r "  # noqa: S608
        "WHERE r.starts_on <= :day AND r.ends_on >= :day "
        "ORDER BY r.starts_on DESC, r.ends_on, r.id",
        {"day": day},
    )
    return [_rotation(r) for r in rows]


def ending_rotations(reader: Reader, *, today: date) -> list[RotationRecord]:
    """Rotations in their last week, or ended within the last two weeks."""
    rows = reader.rows(
        f"SELECT {ROTATION_COLUMNS} FROM rotation r "  # noqa: S608
        "WHERE r.ends_on >= :after AND r.ends_on <= :before ORDER BY r.ends_on, r.id",
        {
            "after": today - timedelta(days=BEFORE_YOU_GO_AFTER),
            "before": today + timedelta(days=BEFORE_YOU_GO_BEFORE),
        },
    )
    return [_rotation(r) for r in rows]


def rotation_detail(reader: Reader, rotation_id: int) -> RotationDetail:
    """A rotation, the people met on it and what was logged."""
    rotation = get_rotation(reader, rotation_id)
    people = [
        RotationPerson(
            contact=ContactRef(int(r["id"]), r["name"]),
            role=r["role"],
            interactions=int(r["n"]),
            first=to_date(r["first"]),
            last=to_date(r["last"]),
        )
        for r in reader.rows(
            "SELECT c.id, c.name, c.role, COUNT(*) AS n, MIN(i.date) AS first, "
            "MAX(i.date) AS last FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id "
            "JOIN contact c ON c.id = ic.contact_id WHERE i.rotation_id = :rid "
            "GROUP BY c.id, c.name, c.role ORDER BY COUNT(*) DESC, c.name_key",
            {"rid": rotation_id},
        )
    ]
    return RotationDetail(
        rotation=rotation,
        people=people,
        interactions=history(reader, rotation_id=rotation_id),
        follow_ups=list_follow_ups(reader, rotation_id=rotation_id, include_done=True),
    )
