"""The read use cases: contact lists, a contact's page, follow-up lists and the morning view.

Each query is written once as SQL text with ``:name`` parameters and runs on any
:class:`~medcrm.storage.connection.Reader`: stdlib ``sqlite3`` on a file, SQLAlchemy on a server (or
inside an import's session). Only fixed SQL fragments are ever joined; user text is always a
parameter. This module imports neither SQLAlchemy nor Rich.

The ``# noqa: S608`` marks are the places where SQL text is assembled: always from the
constants and fixed clauses in this module, never from user input.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from medcrm.pure import text
from medcrm.pure.errors import Ambiguous, InvalidInput, NotFound
from medcrm.pure.records import (
    Agenda,
    BeforeYouGo,
    ContactDetail,
    ContactList,
    ContactRecord,
    ContactRef,
    FollowUpRecord,
    InteractionRecord,
    LetterRecord,
    Reconnect,
    RemovalPreview,
    RotationDetail,
    RotationPerson,
    RotationRecord,
)
from medcrm.services.resolve import _ID, like_pattern
from medcrm.storage.connection import Reader, Row, first, in_params

CONTACT_COLUMNS = (
    "c.id, c.name, c.role, c.institution, c.specialty, c.email, c.phone, c.met, c.notes, "
    "c.every, c.added, c.last_contact, c.reconnect_on, c.level, c.mentor, c.reconnect_soon_on, "
    "c.uid, c.met_on, c.extra"
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
    "f.id, f.contact_id, c.name AS contact, f.title, f.due, f.done_on, f.interaction_id, "
    "f.every, f.purpose, f.rotation_id, f.letter_id, c.mentor, f.cancelled"
)
ROTATION_COLUMNS = "r.id, r.name, r.starts_on, r.ends_on, r.service, r.site"
LETTER_COLUMNS = (
    "l.id, l.contact_id, c.name AS contact, l.target, l.kind, l.waived, l.due, l.status, "
    "l.asked_on, l.agreed_on, l.materials_sent_on, l.submitted_on, l.thanked_on, "
    "l.declined_on, l.note"
)
# Follow-ups that belong in the "Before you go" section while their rotation is ending.
ROTATION_PURPOSES = ("rotation-ask", "rotation-thanks")
BEFORE_YOU_GO_BEFORE, BEFORE_YOU_GO_AFTER = 6, 14  # days around a rotation's last day
LETTER_HORIZON = 30  # letter deadlines shown this many days ahead


def to_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def opt_date(value: object) -> date | None:
    return None if value is None else to_date(value)


def tags_by_contact(reader: Reader, ids: list[int] | None) -> dict[int, list[str]]:
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
        level=row["level"],
        mentor=bool(row["mentor"]),
        reconnect_soon_on=opt_date(row["reconnect_soon_on"]),
        uid=row["uid"],
        met_on=opt_date(row["met_on"]),
        extra=extra_dict(row["extra"]),
    )


def extra_dict(value: object) -> dict[str, Any]:
    """A contact's ``extra`` JSON column as a dict (empty when there is none)."""
    if not value:
        return {}
    import json  # only for contacts that have extra fields (off the start-up of every read)

    loaded = json.loads(str(value))
    return loaded if isinstance(loaded, dict) else {}


def _contacts(reader: Reader, rows: list[Row]) -> list[ContactRecord]:
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    # One query for every tag beats a long IN list once the list is most of the table.
    tags = tags_by_contact(reader, ids if len(ids) <= 500 else None)
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
    soon_on: date | None = None,
    mentors: bool = False,
    limit: int | None = None,
) -> ContactList:
    """Everyone matching the filters, by name (or most lapsed first with ``lapsed_on``).
    With ``search``, contacts whose name matches come before those matched elsewhere (a note,
    a tag, the institution).

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
    if mentors:
        where.append("c.mentor = :mentor")
        params["mentor"] = True
    order = "c.name_key, c.id"
    if lapsed_on is not None:
        where.append("c.reconnect_on <= :lapsed_on")
        params["lapsed_on"] = lapsed_on
        order = "c.reconnect_on, c.name_key, c.id"
    elif soon_on is not None:  # past the ideal cadence, not yet the maximum
        where.append("c.reconnect_soon_on <= :soon_on AND c.reconnect_on > :soon_on")
        params["soon_on"] = soon_on
        order = "c.reconnect_soon_on, c.name_key, c.id"
    elif search is not None and text.name_key(search):
        order = "CASE WHEN c.name_key LIKE :in_name ESCAPE '\\' THEN 0 ELSE 1 END, " + order
        params["in_name"] = like_pattern(text.name_key(search))
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
    count = reader.rows(
        total_sql, {k: v for k, v in params.items() if k not in ("limit", "in_name")}
    )
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
            every=r["every"],
            purpose=r["purpose"],
            rotation_id=r["rotation_id"],
            letter_id=r["letter_id"],
            mentor=bool(r["mentor"]),
            cancelled=bool(r["cancelled"]),
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
    reader: Reader,
    *,
    include_done: bool = False,
    contact_id: int | None = None,
    rotation_id: int | None = None,
    letter_id: int | None = None,
    due_by: date | None = None,
) -> list[FollowUpRecord]:
    """Open follow-ups by due date (with ``include_done``, the finished ones too; with
    ``due_by``, only those due by that day)."""
    where = [] if include_done else ["f.done_on IS NULL"]
    params: dict[str, Any] = {}
    if due_by is not None:
        where.append("f.due <= :due_by")
        params["due_by"] = due_by
    if contact_id is not None:
        where.append("f.contact_id = :cid")
        params["cid"] = contact_id
    if rotation_id is not None:
        where.append("f.rotation_id = :rid")
        params["rid"] = rotation_id
    if letter_id is not None:
        where.append("f.letter_id = :lid")
        params["lid"] = letter_id
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
    if rotation_id is not None:
        where.append("i.rotation_id = :rid")
        params["rid"] = rotation_id
    sql = f"SELECT {INTERACTION_COLUMNS}"
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
    """The morning view.

    Follow-ups: overdue (oldest first), today, upcoming within ``days``; the rotation duties of
    a rotation in its last week or first two weeks after go to "Before you go" instead. Letter
    deadlines within 30 days. Reconnect: contacts past their maximum cadence, and "soon" those
    past the ideal of an ideal..maximum cadence, most lapsed first. Mentors' items are also
    gathered in ``mentors`` so a view can lead with them. ``limit`` caps each list (the most
    urgent are kept); ``counts`` has the totals.
    """
    if days < 0:
        raise InvalidInput("--days must be 0 or more (0 shows only overdue and today).")
    if days > 3660:
        raise InvalidInput("--days can look ahead at most 3660 days (ten years).")
    _check_limit(limit)
    horizon = today + timedelta(days=days)
    agenda = Agenda(today=today, days=days, limit=limit)
    for ending in ending_rotations(reader, today=today):
        duties = [
            f
            for f in list_follow_ups(reader, rotation_id=ending.id)
            if f.purpose in ROTATION_PURPOSES
        ]
        if duties:
            agenda.before_you_go.append(BeforeYouGo(ending, duties))
    in_before_you_go = {f.id for b in agenda.before_you_go for f in b.follow_ups}
    for item in list_follow_ups(reader, due_by=horizon):
        if item.id in in_before_you_go:
            continue
        if item.due < today:
            agenda.overdue.append(item)
        elif item.due == today:
            agenda.due_today.append(item)
        else:
            agenda.upcoming.append(item)
    agenda.letters = list_letters(
        reader, open_only=True, due_by=today + timedelta(days=LETTER_HORIZON)
    )
    lapsed = list_contacts(reader, lapsed_on=today, limit=limit)
    soon = list_contacts(reader, soon_on=today, limit=limit)
    agenda.reconnect = [_reconnect(c, today, soon=False) for c in lapsed.rows]
    agenda.reconnect_soon = [_reconnect(c, today, soon=True) for c in soon.rows]
    # Mentors lead, whatever the limit cut from the reconnect lists: when it cut one, ask for
    # them directly (the same query, for mentors only, in the same order).
    mentor_lapsed = (
        [c for c in lapsed.rows if c.mentor]
        if lapsed.total == len(lapsed.rows)
        else list_contacts(reader, lapsed_on=today, mentors=True).rows
    )
    mentor_soon = (
        [c for c in soon.rows if c.mentor]
        if soon.total == len(soon.rows)
        else list_contacts(reader, soon_on=today, mentors=True).rows
    )
    agenda.mentors = [
        *[f for f in (*agenda.overdue, *agenda.due_today, *agenda.upcoming) if f.mentor],
        *[_reconnect(c, today, soon=False) for c in mentor_lapsed],
        *[_reconnect(c, today, soon=True) for c in mentor_soon],
    ]
    agenda.counts = {
        "overdue": len(agenda.overdue),
        "today": len(agenda.due_today),
        "upcoming": len(agenda.upcoming),
        "reconnect": lapsed.total,
        "reconnect_soon": soon.total,
        "letters": len(agenda.letters),
        "before_you_go": sum(len(b.follow_ups) for b in agenda.before_you_go),
        "mentors": len(agenda.mentors),
        # How many of each section's items are a mentor's (shown under Mentors), counted
        # before ``limit`` cuts the lists, so a cut view still adds up.
        "mentors_overdue": sum(f.mentor for f in agenda.overdue),
        "mentors_today": sum(f.mentor for f in agenda.due_today),
        "mentors_upcoming": sum(f.mentor for f in agenda.upcoming),
        "mentors_reconnect": len(mentor_lapsed),
        "mentors_reconnect_soon": len(mentor_soon),
    }
    if limit is not None:
        agenda.overdue = agenda.overdue[:limit]
        agenda.due_today = agenda.due_today[:limit]
        agenda.upcoming = agenda.upcoming[:limit]
        agenda.letters = agenda.letters[:limit]
        agenda.mentors = agenda.mentors[:limit]
    return agenda


def _reconnect(contact: ContactRecord, today: date, *, soon: bool) -> Reconnect:
    due = contact.reconnect_soon_on if soon else contact.reconnect_on
    assert due is not None  # selected by it
    return Reconnect(contact, contact.last_contact or contact.added, (today - due).days, soon)


# --- rotations and letters (reads) -------------------------------------------------------


def _rotation(row: Row) -> RotationRecord:
    return RotationRecord(
        id=int(row["id"]),
        name=row["name"],
        starts_on=to_date(row["starts_on"]),
        ends_on=to_date(row["ends_on"]),
        service=row["service"],
        site=row["site"],
        interactions=int(row.get("interactions") or 0),
        people=int(row.get("people") or 0),
    )


ROTATION_COUNTS = (
    "(SELECT COUNT(*) FROM interaction i WHERE i.rotation_id = r.id) AS interactions, "
    "(SELECT COUNT(DISTINCT ic.contact_id) FROM interaction i JOIN interaction_contact ic "
    "ON ic.interaction_id = i.id WHERE i.rotation_id = r.id) AS people"
)


def list_rotations(reader: Reader) -> list[RotationRecord]:
    """Every rotation, in date order, with how many interactions and people it has."""
    rows = reader.rows(
        f"SELECT {ROTATION_COLUMNS}, {ROTATION_COUNTS} FROM rotation r "  # noqa: S608
        "ORDER BY r.starts_on, r.id"
    )
    return [_rotation(r) for r in rows]


def resolve_rotation(reader: Reader, which: str) -> RotationRecord:
    """A rotation by id or name (exact, then a unique part), like WHO for contacts."""
    raw = which.strip()
    if _ID.fullmatch(raw):
        return get_rotation(reader, int(raw.lstrip("#")))
    key = text.name_key(raw)
    if not key:
        raise InvalidInput("Give a rotation's name or id (e.g. 'IM clerkship' or 2).")
    exact = first(reader, "SELECT id FROM rotation WHERE name_key = :key", {"key": key})
    if exact is not None:
        return get_rotation(reader, int(exact["id"]))
    rows = reader.rows(
        "SELECT id, name FROM rotation WHERE name_key LIKE :p ESCAPE '\\' ORDER BY starts_on",
        {"p": like_pattern(key)},
    )
    if len(rows) == 1:
        return get_rotation(reader, int(rows[0]["id"]))
    if rows:
        listing = ", ".join(f"#{r['id']} {r['name']}" for r in rows)
        raise Ambiguous(
            f"'{which}' matches {len(rows)} rotations: {listing}. Use more of the name or the id.",
            [(int(r["id"]), str(r["name"])) for r in rows],
        )
    raise NotFound(
        f"No rotation matches '{which}'. Run 'medcrm rotations' to see them, or add it: "
        f'medcrm rotations add "{which}" --start ... --end ...'
    )


def get_rotation(reader: Reader, rotation_id: int) -> RotationRecord:
    row = first(
        reader,
        f"SELECT {ROTATION_COLUMNS}, {ROTATION_COUNTS} FROM rotation r WHERE r.id = :id",  # noqa: S608
        {"id": rotation_id},
    )
    if row is None:
        raise NotFound(f"No rotation has id {rotation_id}. Run 'medcrm rotations' to see them.")
    return _rotation(row)


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


def _letters(rows: list[Row]) -> list[LetterRecord]:
    return [
        LetterRecord(
            id=int(r["id"]),
            contact_id=int(r["contact_id"]),
            contact=r["contact"],
            target=r["target"],
            kind=r["kind"],
            waived=bool(r["waived"]),
            due=to_date(r["due"]),
            status=r["status"],
            asked_on=to_date(r["asked_on"]),
            agreed_on=opt_date(r["agreed_on"]),
            materials_sent_on=opt_date(r["materials_sent_on"]),
            submitted_on=opt_date(r["submitted_on"]),
            thanked_on=opt_date(r["thanked_on"]),
            declined_on=opt_date(r["declined_on"]),
            note=r["note"],
        )
        for r in rows
    ]


def list_letters(
    reader: Reader,
    *,
    open_only: bool = False,
    due_by: date | None = None,
    contact_id: int | None = None,
) -> list[LetterRecord]:
    """Letters by deadline; ``open_only``: not yet submitted, thanked or declined."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if open_only:
        where.append("l.status NOT IN ('submitted', 'thanked', 'declined')")
    if due_by is not None:
        where.append("l.due <= :due_by")
        params["due_by"] = due_by
    if contact_id is not None:
        where.append("l.contact_id = :cid")
        params["cid"] = contact_id
    sql = f"SELECT {LETTER_COLUMNS} FROM letter l JOIN contact c ON c.id = l.contact_id"  # noqa: S608
    if where:
        sql += " WHERE " + " AND ".join(where)
    return _letters(reader.rows(sql + " ORDER BY l.due, l.id", params))


def get_letter(reader: Reader, letter_id: int) -> LetterRecord:
    rows = reader.rows(
        f"SELECT {LETTER_COLUMNS} FROM letter l JOIN contact c ON c.id = l.contact_id "  # noqa: S608
        "WHERE l.id = :id",
        {"id": letter_id},
    )
    if not rows:
        raise NotFound(f"No letter has id {letter_id}. Run 'medcrm letters' to see them.")
    return _letters(rows)[0]


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
