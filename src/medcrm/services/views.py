"""The read use cases: contact lists, a contact's page, follow-up lists and the morning view.

Each query is written once as SQL text with ``:name`` parameters and runs on any
:class:`~medcrm.connection.Reader`: stdlib ``sqlite3`` on the daily path, an ORM session inside
write commands. Only fixed SQL fragments are ever joined; user text is always a parameter.
This module imports neither SQLAlchemy nor Rich.

The ``# noqa: S608`` marks are the places where SQL text is assembled: always from the
constants and fixed clauses in this module, never from user input.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from medcrm.connection import Reader, Row, first, in_params
from medcrm.errors import InvalidInput, NotFound
from medcrm.records import (
    Agenda,
    ContactDetail,
    ContactList,
    ContactRecord,
    ContactRef,
    FollowUpRecord,
    InteractionRecord,
    Reconnect,
    RemovalPreview,
)
from medcrm.services import text
from medcrm.services.resolve import like_pattern

CONTACT_COLUMNS = (
    "c.id, c.name, c.role, c.institution, c.specialty, c.email, c.phone, c.met, c.notes, "
    "c.every, c.added, c.last_contact, c.reconnect_on"
)
# Open follow-ups per contact, looked up through the contact_id index for each row shown (so a
# page of 50 costs 50 index searches, however many follow-ups the database holds).
OPEN_SUMMARY = (
    "(SELECT COUNT(*) FROM follow_up o WHERE o.contact_id = c.id AND o.done_on IS NULL) "
    "AS open_count, "
    "(SELECT MIN(o.due) FROM follow_up o WHERE o.contact_id = c.id AND o.done_on IS NULL) "
    "AS next_due"
)
FOLLOW_UP_COLUMNS = (
    "f.id, f.contact_id, c.name AS contact, f.title, f.due, f.done_on, f.interaction_id"
)


def to_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def opt_date(value: object) -> date | None:
    return None if value is None else to_date(value)


def _tags_by_contact(reader: Reader, ids: list[int] | None) -> dict[int, list[str]]:
    sql = "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
    params: dict[str, object] = {}
    if ids is not None:
        placeholder, params = in_params("c", ids)
        sql += f" WHERE ct.contact_id IN {placeholder}"
    tags: dict[int, list[str]] = defaultdict(list)
    for row in reader.rows(sql + " ORDER BY t.name", params):
        tags[int(row["contact_id"])].append(str(row["name"]))
    return tags


def _contact(row: Row, tags: dict[int, list[str]]) -> ContactRecord:
    cid = int(row["id"])
    return ContactRecord(
        id=cid,
        name=row["name"],
        role=row["role"],
        institution=row["institution"],
        specialty=row["specialty"],
        email=row["email"],
        phone=row["phone"],
        tags=tags.get(cid, []),
        met=row["met"],
        notes=row["notes"],
        every=row["every"],
        added=to_date(row["added"]),
        last_contact=opt_date(row["last_contact"]),
        reconnect_on=opt_date(row["reconnect_on"]),
        open_follow_ups=int(row.get("open_count") or 0),
        next_due=opt_date(row.get("next_due")),
    )


def _contacts(reader: Reader, rows: list[Row]) -> list[ContactRecord]:
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    # One query for every tag beats a long IN list once the list is most of the table.
    tags = _tags_by_contact(reader, ids if len(ids) <= 500 else None)
    return [_contact(r, tags) for r in rows]


def get_contact(reader: Reader, contact_id: int) -> ContactRecord:
    row = first(
        reader,
        f"SELECT {CONTACT_COLUMNS}, {OPEN_SUMMARY} FROM contact c "  # noqa: S608
        "WHERE c.id = :id",
        {"id": contact_id},
    )
    if row is None:
        raise NotFound(f"No contact has id {contact_id}. Run 'medcrm contacts' to see the ids.")
    return _contacts(reader, [row])[0]


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise InvalidInput("--limit must be 1 or more (or 0 for no limit, where offered).")


def list_contacts(
    reader: Reader,
    *,
    role: str | None = None,
    tag: str | None = None,
    search: str | None = None,
    lapsed_on: date | None = None,
    limit: int | None = None,
) -> ContactList:
    """Everyone matching the filters, by name (or most lapsed first with ``lapsed_on``).

    ``lapsed_on`` keeps the contacts whose keep-in-touch cadence has lapsed by that day.
    ``limit`` caps the rows returned; ``total`` still counts every match.
    """
    _check_limit(limit)
    where: list[str] = []
    params: dict[str, Any] = {}
    if role is not None:
        where.append("c.role = :role")
        params["role"] = text.role(role)
    if tag is not None:
        where.append(
            "c.id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE t.name = :tag)"
        )
        params["tag"] = text.tag(tag)
    if search is not None and search.strip():
        # search_text holds every field folded (case, accents, ø/æ/ł...), so one LIKE on one
        # column finds "ecole" in "École" on any database.
        where.append("c.search_text LIKE :pattern ESCAPE '\\'")
        params["pattern"] = like_pattern(text.fold(search))
    order = "c.name_key, c.id"
    if lapsed_on is not None:
        where.append("c.reconnect_on <= :lapsed_on")
        params["lapsed_on"] = lapsed_on
        order = "c.reconnect_on, c.name_key, c.id"
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    sql = (
        f"SELECT {CONTACT_COLUMNS}, {OPEN_SUMMARY} FROM contact c"  # noqa: S608
        f"{condition} ORDER BY {order}"
    )
    total_sql = f"SELECT COUNT(*) AS n FROM contact c{condition}"  # noqa: S608
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    rows = _contacts(reader, reader.rows(sql, params))
    if limit is None or len(rows) < limit:
        return ContactList(rows, len(rows))
    count = reader.rows(total_sql, {k: v for k, v in params.items() if k != "limit"})
    return ContactList(rows, int(count[0]["n"]))


def _follow_ups(rows: list[Row]) -> list[FollowUpRecord]:
    return [
        FollowUpRecord(
            id=int(r["id"]),
            contact_id=int(r["contact_id"]),
            contact=r["contact"],
            title=r["title"],
            due=to_date(r["due"]),
            done_on=opt_date(r["done_on"]),
            interaction_id=r["interaction_id"],
        )
        for r in rows
    ]


def get_follow_up(reader: Reader, follow_up_id: int) -> FollowUpRecord:
    rows = reader.rows(
        f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id "  # noqa: S608
        "WHERE f.id = :id",
        {"id": follow_up_id},
    )
    if not rows:
        raise NotFound(
            f"No follow-up has id {follow_up_id}. Run 'medcrm follow-ups' to see the open ones."
        )
    return _follow_ups(rows)[0]


def list_follow_ups(
    reader: Reader, *, include_done: bool = False, contact_id: int | None = None
) -> list[FollowUpRecord]:
    """Open follow-ups by due date (with ``include_done``, the finished ones too)."""
    where = [] if include_done else ["f.done_on IS NULL"]
    params: dict[str, Any] = {}
    if contact_id is not None:
        where.append("f.contact_id = :cid")
        params["cid"] = contact_id
    sql = f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id"  # noqa: S608
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY f.due, f.id"
    return _follow_ups(reader.rows(sql, params))


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
        )
        for r in rows
    ]


def get_interaction(reader: Reader, interaction_id: int) -> InteractionRecord:
    rows = reader.rows(
        "SELECT id, date, kind, note FROM interaction WHERE id = :id", {"id": interaction_id}
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
    limit: int | None = None,
) -> list[InteractionRecord]:
    """Logged interactions, newest first."""
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
    sql = "SELECT i.id, i.date, i.kind, i.note FROM interaction i"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY i.date DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return _interactions(reader, reader.rows(sql, params))


def contact_detail(reader: Reader, contact_id: int) -> ContactDetail:
    """A contact's profile, their interactions (newest first) and open follow-ups."""
    return ContactDetail(
        contact=get_contact(reader, contact_id),
        interactions=history(reader, contact_id=contact_id),
        follow_ups=list_follow_ups(reader, contact_id=contact_id),
    )


def due_agenda(reader: Reader, *, today: date, days: int = 7, limit: int | None = None) -> Agenda:
    """The morning view: overdue (oldest first), today, upcoming within ``days``, reconnect.

    ``limit`` caps the rows of each section (the most urgent are kept); ``counts`` has the
    totals, so a view can say how many more there are.
    """
    if days < 0:
        raise InvalidInput("--days must be 0 or more (0 shows only overdue and today).")
    if days > 3660:
        raise InvalidInput("--days can look ahead at most 3660 days (ten years).")
    _check_limit(limit)
    horizon = today + timedelta(days=days)
    agenda = Agenda(today=today, days=days, limit=limit)
    for item in _follow_ups(
        reader.rows(
            f"SELECT {FOLLOW_UP_COLUMNS} FROM follow_up f JOIN contact c ON c.id = f.contact_id "  # noqa: S608
            "WHERE f.done_on IS NULL AND f.due <= :horizon ORDER BY f.due, f.id",
            {"horizon": horizon},
        )
    ):
        if item.due < today:
            agenda.overdue.append(item)
        elif item.due == today:
            agenda.due_today.append(item)
        else:
            agenda.upcoming.append(item)
    lapsed = list_contacts(reader, lapsed_on=today, limit=limit)
    for contact in lapsed.rows:
        assert contact.reconnect_on is not None  # selected by it
        agenda.reconnect.append(
            Reconnect(
                contact=contact,
                since=contact.last_contact or contact.added,
                days_overdue=(today - contact.reconnect_on).days,
            )
        )
    agenda.counts = {
        "overdue": len(agenda.overdue),
        "today": len(agenda.due_today),
        "upcoming": len(agenda.upcoming),
        "reconnect": lapsed.total,
    }
    if limit is not None:
        agenda.overdue = agenda.overdue[:limit]
        agenda.due_today = agenda.due_today[:limit]
        agenda.upcoming = agenda.upcoming[:limit]
    return agenda


def removal_preview(reader: Reader, contact: ContactRef) -> RemovalPreview:
    """What ``remove`` would delete, for the confirmation prompt."""
    row = first(
        reader,
        "SELECT "
        "(SELECT COUNT(*) FROM interaction_contact ic WHERE ic.contact_id = :id AND NOT EXISTS "
        " (SELECT 1 FROM interaction_contact o WHERE o.interaction_id = ic.interaction_id "
        "  AND o.contact_id <> :id)) AS alone, "
        "(SELECT COUNT(*) FROM interaction_contact WHERE contact_id = :id) AS total, "
        "(SELECT COUNT(*) FROM follow_up WHERE contact_id = :id) AS follow_ups",
        {"id": contact.id},
    )
    assert row is not None
    alone, total = int(row["alone"]), int(row["total"])
    return RemovalPreview(
        contact=contact,
        interactions=alone,
        shared_interactions=total - alone,
        follow_ups=int(row["follow_ups"]),
    )
