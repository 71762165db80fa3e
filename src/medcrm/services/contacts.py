"""Adding, editing and removing contacts (write use cases, one transaction each).

They run as SQL text on a :class:`~medcrm.storage.connection.Writer`: stdlib ``sqlite3`` for the
daily commands on a file, SQLAlchemy on a server or inside an import. This module also keeps the
derived columns (:func:`refresh_contacts`), for every write that changes what they come from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from medcrm.pure import text, vocabulary
from medcrm.pure.dates import parse_cadence
from medcrm.pure.errors import InvalidInput, NotFound
from medcrm.pure.records import ContactRecord, ContactRef, from_columns
from medcrm.services import phi
from medcrm.services.resolve import resolve_contact
from medcrm.storage import queries as views
from medcrm.storage.connection import Reader, Writer, first, in_params, insert_sql, update_sql

UNSET: object = object()


@dataclass
class ContactFields:
    """The editable fields of a contact; ``None`` clears a field, UNSET leaves it alone."""

    role: str | object = UNSET
    institution: str | object | None = UNSET
    specialty: str | object | None = UNSET
    email: str | object | None = UNSET
    phone: str | object | None = UNSET
    met: str | object | None = UNSET
    notes: str | object | None = UNSET
    every: str | object | None = UNSET
    level: str | object | None = UNSET
    mentor: bool | object = UNSET


def cadence_text(value: str | None) -> str | None:
    """A cadence as medcrm stores it (``1m``, ``2w..6w``), checked; None for none."""
    if value is None or not value.strip():
        return None
    return str(parse_cadence(value))


@dataclass(kw_only=True)
class ContactDetails:
    """What is said about a contact besides the name and role: a file's candidate has them
    as the file gives them, a contact's row as checked."""

    institution: str | None = None
    specialty: str | None = None
    email: str | None = None
    phone: str | None = None
    met: str | None = None
    met_on: date | None = None
    notes: str | None = None
    every: str | None = None
    level: str | None = None
    mentor: bool = False


@dataclass(kw_only=True)
class ContactRow(ContactDetails):
    """One contact's row as plain data: what add-contact and an import check and derive
    before inserting it, and what edit-contact changes."""

    name: str
    name_key: str
    uid: str
    role: str = vocabulary.DEFAULT_ROLE
    added: date = date.min
    extra: str | None = None
    search_text: str = ""
    last_contact: date | None = None
    reconnect_soon_on: date | None = None
    reconnect_on: date | None = None
    phi_allowed: bool = False  # saved with --allow-phi although the guard stopped it
    id: int | None = None
    more: dict[str, object] = field(default_factory=dict)  # other columns (an import's)

    def values(self) -> dict[str, object]:
        """The row's columns and values, for an INSERT (without the id)."""
        row = {name: getattr(self, name) for name in _ROW_FIELDS}  # asdict() would deep-copy
        return row | self.more

    @classmethod
    def from_row(cls, row: dict[str, object]) -> ContactRow:
        """A row as a query returned it (dates as ISO text on SQLite)."""
        return from_columns(cls, row)


_ROW_FIELDS = tuple(f for f in ContactRow.__dataclass_fields__ if f not in ("id", "more"))
_COLUMNS = ", ".join(f for f in ContactRow.__dataclass_fields__ if f != "more")
CONTACT_SELECT = f"SELECT {_COLUMNS} FROM contact"  # noqa: S608
# What the user edits (the derived columns follow through refresh_contacts).
EDITABLE = ("name", "role", "institution", "specialty", "email", "phone", "met", "notes",
            "every", "level", "mentor", "phi_allowed")  # fmt: skip
# The fields the patient-information guard reads, with how a refusal names them.
GUARDED = {"notes": "The note", "met": "Where you met", "institution": "The institution",
           "specialty": "The specialty"}  # fmt: skip
DERIVED = ("name_key", "search_text", "last_contact", "reconnect_soon_on", "reconnect_on")


def apply_fields(contact: ContactRow, fields: ContactFields) -> None:
    def given(value: object) -> bool:
        return value is not UNSET

    if given(fields.role):
        contact.role = text.role(str(fields.role))
    if given(fields.institution):
        contact.institution = text.one_line(_opt(fields.institution), "The institution")
    if given(fields.specialty):
        contact.specialty = text.one_line(_opt(fields.specialty), "The specialty")
    if given(fields.email):
        contact.email = text.email(_opt(fields.email))
    if given(fields.phone):
        contact.phone = text.phone(_opt(fields.phone))
    if given(fields.met):
        contact.met = text.one_line(_opt(fields.met), "Where you met")
    if given(fields.notes):
        contact.notes = text.note_text(_opt(fields.notes))
    if given(fields.every):
        contact.every = cadence_text(_opt(fields.every))
    if given(fields.level):
        contact.level = None if fields.level is None else text.level(str(fields.level))
        # A level with no role given says the role too (PGY2 is a resident), unless the
        # contact already has a role other than the default.
        implied = vocabulary.implied_role(contact.role, contact.level)
        if not given(fields.role) and implied:
            contact.role = implied
    if given(fields.mentor):
        contact.mentor = bool(fields.mentor)


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _tag_ids(db: Writer, names: list[str]) -> list[int]:
    ids: list[int] = []
    for name in dict.fromkeys(text.tag(n) for n in names):
        found = first(db, "SELECT id FROM tag WHERE name = :name", {"name": name})
        ids.append(int(found["id"]) if found else db.insert("tag", {"name": name}))
    return ids


LINK_TAG = insert_sql("contact_tag", ("contact_id", "tag_id"))


def _add_tags(db: Writer, contact_id: int, names: list[str]) -> None:
    for tag_id in _tag_ids(db, names):
        link = {"contact_id": contact_id, "tag_id": tag_id}
        if not db.rows(
            "SELECT 1 AS x FROM contact_tag WHERE contact_id = :contact_id AND tag_id = :tag_id",
            link,
        ):
            db.run(LINK_TAG, link)


def derive(contact: ContactRow, *, tags: list[str], last_contact: date | None) -> None:
    """Set the derived columns from what they are derived from (no database access).

    ``name_key`` and ``search_text`` (from the name, fields, job title and tags),
    ``last_contact`` (the newest interaction), and when to reconnect: the last contact (or the
    day added) plus the ideal and the maximum cadence.
    """
    contact.name_key = text.name_key(contact.name)
    title = views.extra_dict(contact.extra).get("title")
    contact.search_text = text.search_text(
        [contact.name_key, contact.name, contact.institution, contact.specialty,
         contact.email, contact.phone, contact.met, contact.notes,
         title if isinstance(title, str) else None, *tags]
    )  # fmt: skip
    contact.last_contact = last_contact
    contact.reconnect_soon_on, contact.reconnect_on = reconnect_dates(
        contact.every, last_contact or contact.added
    )


def reconnect_dates(every: str | None, since: date) -> tuple[date | None, date | None]:
    """When to reconnect (soon, at the latest) with a cadence of ``every`` since that day."""
    if not every:
        return None, None
    cadence = parse_cadence(every)
    return cadence.ideal.after(since), cadence.maximum.after(since)


def last_contacts(db: Reader, contact_ids: list[int] | None) -> dict[int, date]:
    """The newest interaction date per contact (all contacts when ``contact_ids`` is None)."""
    sql = (
        "SELECT ic.contact_id, MAX(i.date) AS last FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id"
    )
    params: dict[str, object] = {}
    if contact_ids is not None:
        placeholder, params = in_params("c", contact_ids)
        sql += f" WHERE ic.contact_id IN {placeholder}"
    rows = db.rows(sql + " GROUP BY ic.contact_id", params)
    return {int(r["contact_id"]): views.to_date(r["last"]) for r in rows}


def refresh_contacts(db: Writer, contact_ids: list[int] | None) -> None:
    """Recompute the derived columns of these contacts (``None``: of every contact).

    Every write that changes what they are derived from calls this; :func:`derive` is the only
    code that sets them. Three queries and one batch of updates, however many contacts.
    """
    ids = None if contact_ids is None else list(dict.fromkeys(contact_ids))
    if ids == []:
        return
    few = ids if ids is None or len(ids) <= 500 else None
    tags = views.tags_by_contact(db, few)
    last = last_contacts(db, few)
    sql, params = CONTACT_SELECT, dict[str, object]()
    if few is not None:
        placeholder, params = in_params("c", few)
        sql += f" WHERE id IN {placeholder}"
    wanted = None if ids is None else set(ids)  # many: read them all, keep these
    changes = []
    for row in db.rows(sql, params):
        contact = ContactRow.from_row(row)
        assert contact.id is not None
        if wanted is not None and contact.id not in wanted:
            continue
        derive(contact, tags=tags.get(contact.id, []), last_contact=last.get(contact.id))
        changes.append({"id": contact.id, **{f: getattr(contact, f) for f in DERIVED}})
    db.run_many(update_sql("contact", DERIVED), changes)


@dataclass
class AddResult:
    contact: ContactRecord
    same_name: list[ContactRef]  # contacts that already had this name


EditResult = AddResult  # same shape: the contact, and others who now share its name


def _same_name(db: Reader, key: str, *, other_than: int | None = None) -> list[ContactRef]:
    rows = db.rows("SELECT id, name FROM contact WHERE name_key = :key ORDER BY id", {"key": key})
    return [ContactRef(int(r["id"]), str(r["name"])) for r in rows if r["id"] != other_than]


def _guarded(
    db: Reader, fields: ContactFields, *, allow_phi: bool, known: list[str]
) -> tuple[dict[str, str | None], bool]:
    """The guarded fields ``fields`` sets, and whether the guard stopped one that
    ``allow_phi`` lets through (else it refuses: :func:`phi.check`)."""
    given = {f: _opt(getattr(fields, f)) for f in GUARDED if getattr(fields, f) is not UNSET}
    marked = phi.check(
        db, {GUARDED[f]: v for f, v in given.items()}, allow=allow_phi, also_known=known
    )
    return given, marked


def add_contact(
    db: Writer,
    *,
    name: str,
    today: date,
    fields: ContactFields | None = None,
    tags: list[str] | None = None,
    allow_phi: bool = False,
) -> AddResult:
    """Add one contact with the given fields (UNSET, the default: none)."""
    fields = fields or ContactFields()
    _, marked = _guarded(db, fields, allow_phi=allow_phi, known=[name])
    clean_name, key = text.checked_name(name)
    from uuid import uuid4

    same = _same_name(db, key)
    contact = ContactRow(
        name=clean_name, name_key=key, uid=str(uuid4()), added=today, phi_allowed=marked
    )
    apply_fields(contact, fields)
    names = sorted(dict.fromkeys(text.tag(n) for n in tags or []))
    derive(contact, tags=names, last_contact=None)  # as refresh_contacts would, without reading
    contact_id = db.insert("contact", contact.values())
    db.run_many(
        LINK_TAG,
        [{"contact_id": contact_id, "tag_id": t} for t in _tag_ids(db, names)],
    )
    return AddResult(views.get_contact(db, contact_id), same)


def edit_contact(
    db: Writer,
    who: str,
    *,
    fields: ContactFields,
    name: str | None = None,
    add_tags: list[str] | None = None,
    remove_tags: list[str] | None = None,
    allow_phi: bool = False,
) -> EditResult:
    """Change the given fields of one contact; fields not given stay as they were."""
    given = [getattr(fields, f) for f in ContactFields.__dataclass_fields__]
    if name is None and not add_tags and not remove_tags and all(v is UNSET for v in given):
        raise InvalidInput("Nothing to change: give an option such as --email, --tag or --every.")
    ref = resolve_contact(db, who)
    row = first(db, CONTACT_SELECT + " WHERE id = :id", {"id": ref.id})
    assert row is not None
    contact = ContactRow.from_row(row)
    known = [contact.name] + ([name] if name else [])
    changed, marked = _guarded(db, fields, allow_phi=allow_phi, known=known)
    same: list[ContactRef] = []
    if name is not None:
        contact.name, key = text.checked_name(name)
        same = _same_name(db, key, other_than=ref.id)
    if remove_tags:
        wanted = [text.tag(t) for t in remove_tags]
        current = views.tags_by_contact(db, [ref.id]).get(ref.id, [])
        missing = [t for t in wanted if t not in current]
        if missing:
            have = ", ".join(current) or "none"
            raise InvalidInput(
                f"{contact.name} has no tag '{missing[0]}' (tags: {have}); nothing was changed."
            )
        placeholder, params = in_params("t", wanted)
        db.run(
            "DELETE FROM contact_tag WHERE contact_id = :cid AND tag_id IN "  # noqa: S608
            f"(SELECT id FROM tag WHERE name IN {placeholder})",
            {"cid": ref.id, **params},
        )
    apply_fields(contact, fields)
    if changed:  # still marked only while something it holds would be stopped
        contact.phi_allowed = marked or (
            contact.phi_allowed
            and any(phi.findings(db, getattr(contact, f), also_known=known) for f in GUARDED)
        )
    db.run(
        update_sql("contact", EDITABLE),
        {"id": ref.id, **{f: getattr(contact, f) for f in EDITABLE}},
    )
    _add_tags(db, ref.id, add_tags or [])
    refresh_contacts(db, [ref.id])
    _drop_unused_tags(db)
    return EditResult(views.get_contact(db, ref.id), same)


def _drop_unused_tags(db: Writer) -> None:
    db.run("DELETE FROM tag WHERE id NOT IN (SELECT tag_id FROM contact_tag)")


def remove_contact(db: Writer, contact_id: int) -> ContactRef:
    """Delete a contact, their follow-ups, and the interactions no one else was part of."""
    row = first(db, "SELECT id, name FROM contact WHERE id = :id", {"id": contact_id})
    if row is None:
        raise NotFound(f"No contact has id {contact_id}. Run 'medcrm contacts' to see the ids.")
    ref = ContactRef(int(row["id"]), str(row["name"]))
    alone = [
        r["interaction_id"]
        for r in db.rows(
            "SELECT ic.interaction_id FROM interaction_contact ic WHERE ic.contact_id = :id "
            "AND NOT EXISTS (SELECT 1 FROM interaction_contact o WHERE "
            "o.interaction_id = ic.interaction_id AND o.contact_id <> :id)",
            {"id": ref.id},
        )
    ]
    who = {"id": ref.id}
    db.run("DELETE FROM follow_up WHERE contact_id = :id", who)
    db.run("DELETE FROM interaction_contact WHERE contact_id = :id", who)
    if alone:
        placeholder, params = in_params("i", alone)
        db.run(f"DELETE FROM interaction WHERE id IN {placeholder}", params)  # noqa: S608
    db.run("DELETE FROM contact_tag WHERE contact_id = :id", who)
    db.run("DELETE FROM contact WHERE id = :id", who)
    _drop_unused_tags(db)
    return ref
