"""Reads about contacts: lists (filtered, searched, paged), one contact, its page, what a
removal takes with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from medcrm.pure import text
from medcrm.pure.records import (
    ContactDetail,
    ContactList,
    ContactRecord,
    ContactRef,
    RemovalPreview,
    from_row,
    json_dict,
    stored,
)
from medcrm.storage import substring
from medcrm.storage.connection import Reader, Row, first, in_params
from medcrm.storage.queries.common import Where, _check_limit, like_pattern, one, opt_date
from medcrm.storage.queries.followups import list_follow_ups
from medcrm.storage.queries.interactions import history
from medcrm.storage.queries.letters import list_letters
from medcrm.storage.queries.programs import programs_of
from medcrm.storage.queries.rotations import list_rotations

CONTACT_COLUMNS = ", ".join(f"c.{name}" for name in stored(ContactRecord))


# Open follow-ups per contact, looked up through the contact_id index for each row shown (so a
# page of 50 costs 50 index searches, however many follow-ups the database holds).
OPEN_SUMMARY = (
    "(SELECT COUNT(*) FROM follow_up o WHERE o.contact_id = c.id AND o.done_on IS NULL) "
    "AS open_count, "
    "(SELECT MIN(o.due) FROM follow_up o WHERE o.contact_id = c.id AND o.done_on IS NULL) "
    "AS next_due"
)


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
    return from_row(
        ContactRecord,
        row,
        tags=tags.get(int(str(row["id"])), []),
        open_follow_ups=int(str(row.get("open_count") or 0)),
        next_due=opt_date(row.get("next_due")),
    )


extra_dict = json_dict  # a contact's ``extra`` column as a dict


def _contacts(reader: Reader, rows: list[Row]) -> list[ContactRecord]:
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    # One query for every tag beats a long IN list once the list is most of the table.
    tags = tags_by_contact(reader, ids if len(ids) <= 500 else None)
    return [_contact(r, tags) for r in rows]


def get_contact(reader: Reader, contact_id: int) -> ContactRecord:
    sql = f"SELECT {CONTACT_COLUMNS}, {OPEN_SUMMARY} FROM contact c WHERE c.id = :id"  # noqa: S608
    missing = f"No contact has id {contact_id}. Run 'medcrm contacts' to see the ids."
    return _contacts(reader, [one(reader, sql, {"id": contact_id}, missing)])[0]


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
    contact_id: int | None = None,
) -> ContactList:
    """Everyone matching the filters, by name (or most lapsed first with ``lapsed_on``).
    With ``search``, contacts whose name matches come before those matched elsewhere (a note,
    a tag, the institution).

    ``lapsed_on`` keeps the contacts whose keep-in-touch cadence has lapsed by that day.
    ``limit`` caps the rows returned; ``total`` still counts every match.
    """
    _check_limit(limit)
    where = Where()
    where.given("c.role = :role", role=None if role is None else text.role(role))
    where.given(
        "c.id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
        "WHERE t.name = :tag)",
        tag=None if tag is None else text.tag(tag),
    )
    searched = search is not None and bool(search.strip())
    if search is not None and searched:
        # search_text holds every field folded (case, accents, ø/æ/ł...), so one LIKE on one
        # column finds "ecole" in "École" on any database.
        # The LIKE stays the test; the trigram index only narrows it to a few ids first.
        folded = text.fold(search)
        narrowed = substring.narrowing(reader, folded)
        if narrowed is not None:
            where.add(narrowed[0], **narrowed[1])
        where.add("c.search_text LIKE :pattern ESCAPE '\\'", pattern=like_pattern(folded))
    if mentors:  # as the partial index ix_contact_mentor is written, so that it is used
        where.add("c.mentor")
    where.given("c.id = :only", only=contact_id)
    params = where.params
    order = "c.name_key, c.id"
    if lapsed_on is not None:
        where.add("c.reconnect_on <= :lapsed_on", lapsed_on=lapsed_on)
        order = "c.reconnect_on, c.name_key, c.id"
    elif soon_on is not None:  # past the ideal cadence, not yet the maximum
        where.add("c.reconnect_soon_on <= :soon_on AND c.reconnect_on > :soon_on", soon_on=soon_on)
        order = "c.reconnect_soon_on, c.name_key, c.id"
    elif search is not None and text.name_key(search):
        order = "CASE WHEN c.name_key LIKE :in_name ESCAPE '\\' THEN 0 ELSE 1 END, " + order
        params["in_name"] = like_pattern(text.name_key(search))
    condition = str(where)
    if limit is not None and searched:
        return _searched_page(reader, condition, order, {**params, "limit": limit})
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


def _searched_page(reader: Reader, condition: str, order: str, params: Row) -> ContactList:
    """A page of the contacts a text search matches, and how many match, from one reading of
    the contacts (a search reads every one: the page's ids and the count come from the same
    scan, not a second one to count), then the page's rows by id."""
    found = reader.rows(
        f"SELECT c.id, COUNT(*) OVER () AS total FROM contact c{condition} "  # noqa: S608
        f"ORDER BY {order} LIMIT :limit",
        params,
    )
    if not found:
        return ContactList([], 0)
    ids = [int(r["id"]) for r in found]
    placeholder, by_id = in_params("i", ids)
    rows = {
        int(r["id"]): r
        for r in reader.rows(
            f"SELECT {CONTACT_COLUMNS}, {OPEN_SUMMARY} FROM contact c "  # noqa: S608
            f"WHERE c.id IN {placeholder}",
            by_id,
        )
    }
    return ContactList(_contacts(reader, [rows[i] for i in ids]), int(found[0]["total"]))


def every_contact(reader: Reader, *, page: int = 500) -> Iterator[ContactRecord]:
    """Every contact by name, read a page at a time (after the last name of the page before),
    so an export's memory does not grow with the number of contacts. 500 a page: a page's tags
    come from one IN list (see :func:`_contacts`)."""
    sql = f"SELECT {CONTACT_COLUMNS}, c.name_key AS page_key, {OPEN_SUMMARY} FROM contact c"  # noqa: S608
    after = " WHERE c.name_key > :key OR (c.name_key = :key AND c.id > :after)"
    order = " ORDER BY c.name_key, c.id LIMIT :page"
    rows = reader.rows(sql + order, {"page": page})
    while rows:
        yield from _contacts(reader, rows)
        last = {"key": rows[-1]["page_key"], "after": int(rows[-1]["id"]), "page": page}
        rows = reader.rows(sql + after + order, last)


def contact_detail(reader: Reader, contact_id: int) -> ContactDetail:
    """A contact's profile, their interactions (newest first), open follow-ups, the letters
    they write and the rotations they were logged on."""
    return ContactDetail(
        contact=get_contact(reader, contact_id),
        interactions=history(reader, contact_id=contact_id),
        follow_ups=list_follow_ups(reader, contact_id=contact_id),
        letters=list_letters(reader, contact_id=contact_id),
        rotations=list_rotations(reader, contact_id=contact_id),
        programs=programs_of(reader, contact_id),
    )


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


def identities(reader: Reader, contact_id: int | None = None) -> list[Row]:
    """What tells contacts apart (id, name, email, phone, extra), for finding duplicates: of
    everyone, or of one contact."""
    where = "" if contact_id is None else " WHERE id = :id"
    return reader.rows(
        f"SELECT id, name, email, phone, extra FROM contact{where} ORDER BY id",  # noqa: S608
        {"id": contact_id},
    )


def identities_like(
    reader: Reader, *, words: list[str], email: str | None, phone_tail: str | None
) -> list[Row]:
    """The contacts that could be the person described: a word of the name in theirs, the
    email, or a phone ending in the same four digits (anywhere, extra included)."""
    clauses, params = [], {}
    for i, word in enumerate(words):
        clauses.append(f"(' ' || name_key || ' ') LIKE :w{i} ESCAPE '\\'")
        params[f"w{i}"] = f"% {like_pattern(word)[1:-1]} %"
    if email:
        clauses.append("lower(email) = :email OR extra LIKE :in_extra ESCAPE '\\'")
        params["email"], params["in_extra"] = email.casefold(), like_pattern(email)
    if phone_tail:
        clauses.append("phone LIKE :tail OR extra LIKE :tail_extra")
        params["tail"], params["tail_extra"] = f"%{phone_tail}", f"%{phone_tail}%"
    if not clauses:
        return []
    return reader.rows(
        "SELECT id, name, email, phone, extra FROM contact WHERE "  # noqa: S608
        + " OR ".join(f"({c})" for c in clauses)
        + " ORDER BY id",
        params,
    )


def belongings(reader: Reader, contact_id: int) -> dict[str, int]:
    """How many interactions, follow-ups, letters and tags are a contact's (what a merge moves)."""
    counts = {}
    for what, sql in (
        ("interactions", "SELECT COUNT(*) AS n FROM interaction_contact WHERE contact_id = :id"),
        ("follow_ups", "SELECT COUNT(*) AS n FROM follow_up WHERE contact_id = :id"),
        ("letters", "SELECT COUNT(*) AS n FROM letter WHERE contact_id = :id"),
        ("tags", "SELECT COUNT(*) AS n FROM contact_tag WHERE contact_id = :id"),
    ):
        counts[what] = int(reader.rows(sql, {"id": contact_id})[0]["n"])
    return counts
