"""Adding, editing and removing contacts (write use cases, one transaction each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlmodel import Session, col, delete, select

from medcrm import schema
from medcrm.connection import in_params
from medcrm.dates import parse_cadence
from medcrm.db import SessionReader
from medcrm.errors import InvalidInput, NotFound
from medcrm.models import Contact, ContactTag, FollowUp, Interaction, InteractionContact, Tag
from medcrm.records import ContactRecord, ContactRef
from medcrm.services import phi, text, views
from medcrm.services.resolve import resolve_contact

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


def _apply(contact: Contact, fields: ContactFields) -> None:
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
        implied = schema.role_for_level(contact.level)
        if not given(fields.role) and implied and contact.role in (None, "peer"):
            contact.role = implied
    if given(fields.mentor):
        contact.mentor = bool(fields.mentor)


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _tag_ids(session: Session, names: list[str]) -> list[int]:
    ids: list[int] = []
    for name in dict.fromkeys(text.tag(n) for n in names):
        tag = session.exec(select(Tag).where(Tag.name == name)).first()
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
        assert tag.id is not None
        ids.append(tag.id)
    return ids


class ContactLike(Protocol):
    """What :func:`derive` reads and sets: a Contact row, or an import's Draft of one."""

    name: str
    name_key: str
    institution: str | None
    specialty: str | None
    email: str | None
    phone: str | None
    met: str | None
    notes: str | None
    every: str | None
    added: date
    extra: str | None
    search_text: str
    last_contact: date | None
    reconnect_soon_on: date | None
    reconnect_on: date | None


def extra_of(contact: ContactLike) -> dict[str, object]:
    """The contact's ``extra`` JSON as a dict (empty when there is none)."""
    return views.extra_dict(contact.extra)


def derive(contact: ContactLike, *, tags: list[str], last_contact: date | None) -> None:
    """Set the derived columns from what they are derived from (no database access).

    ``name_key`` and ``search_text`` (from the name, fields, job title and tags),
    ``last_contact`` (the newest interaction), and when to reconnect: the last contact (or the
    day added) plus the ideal and the maximum cadence.
    """
    contact.name_key = text.name_key(contact.name)
    title = extra_of(contact).get("title")
    contact.search_text = text.search_text(
        [contact.name_key, contact.name, contact.institution, contact.specialty,
         contact.email, contact.phone, contact.met, contact.notes,
         title if isinstance(title, str) else None, *tags]
    )  # fmt: skip
    contact.last_contact = last_contact
    if contact.every:
        since = last_contact or contact.added
        cadence = parse_cadence(contact.every)
        contact.reconnect_soon_on = cadence.ideal.after(since)
        contact.reconnect_on = cadence.maximum.after(since)
    else:
        contact.reconnect_soon_on = contact.reconnect_on = None


def last_contacts(session: Session, contact_ids: list[int] | None) -> dict[int, date]:
    """The newest interaction date per contact (all contacts when ``contact_ids`` is None)."""
    sql = (
        "SELECT ic.contact_id, MAX(i.date) AS last FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id"
    )
    params: dict[str, object] = {}
    if contact_ids is not None:
        placeholder, params = in_params("c", contact_ids)
        sql += f" WHERE ic.contact_id IN {placeholder}"
    rows = SessionReader(session).rows(sql + " GROUP BY ic.contact_id", params)
    return {int(r["contact_id"]): views.to_date(r["last"]) for r in rows}


def refresh_contacts(session: Session, contact_ids: list[int] | None) -> None:
    """Recompute the derived columns of these contacts (``None``: of every contact).

    Every write that changes what they are derived from calls this; :func:`derive` is the only
    code that sets them. Three queries, however many contacts.
    """
    session.flush()
    ids = None if contact_ids is None else list(dict.fromkeys(contact_ids))
    if ids == []:
        return
    reader = SessionReader(session)
    tags = views._tags_by_contact(reader, ids if ids is None or len(ids) <= 500 else None)
    last = last_contacts(session, ids if ids is None or len(ids) <= 500 else None)
    query = select(Contact)
    if ids is not None:
        query = query.where(col(Contact.id).in_(ids))
    for contact in session.exec(query):
        assert contact.id is not None
        derive(contact, tags=tags.get(contact.id, []), last_contact=last.get(contact.id))
        session.add(contact)
    session.flush()


@dataclass
class AddResult:
    contact: ContactRecord
    same_name: list[ContactRef]  # contacts that already had this name


EditResult = AddResult  # same shape: the contact, and others who now share its name


def add_contact(
    session: Session,
    *,
    name: str,
    today: date,
    role: str | None = None,
    institution: str | None = None,
    specialty: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    tags: list[str] | None = None,
    met: str | None = None,
    notes: str | None = None,
    every: str | None = None,
    level: str | None = None,
    mentor: bool = False,
    allow_phi: bool = False,
) -> AddResult:
    phi.check({"The note": notes, "Where you met": met}, allow=allow_phi)
    clean_name = text.one_line(name, "The name", required=True)
    assert clean_name is not None
    key = text.name_key(clean_name)
    if not key:
        raise InvalidInput(f"'{name}' has no letters or digits to find the contact by.")
    if key.isdigit():
        raise InvalidInput(f"'{name}' looks like an id; give the contact a name with letters.")
    same = [
        ContactRef(c.id, c.name)
        for c in session.exec(select(Contact).where(Contact.name_key == key))
        if c.id is not None
    ]
    contact = Contact(name=clean_name, name_key=key, added=today)
    _apply(
        contact,
        ContactFields(
            role=role if role is not None else UNSET,
            institution=institution,
            specialty=specialty,
            email=email,
            phone=phone,
            met=met,
            notes=notes,
            every=every,
            level=level,
            mentor=mentor,
        ),
    )
    session.add(contact)
    session.flush()
    assert contact.id is not None
    for tag_id in _tag_ids(session, tags or []):
        session.add(ContactTag(contact_id=contact.id, tag_id=tag_id))
    refresh_contacts(session, [contact.id])
    return AddResult(views.get_contact(SessionReader(session), contact.id), same)


def edit_contact(
    session: Session,
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
    phi.check(
        {
            "The note": None if fields.notes is UNSET else _opt(fields.notes),
            "Where you met": None if fields.met is UNSET else _opt(fields.met),
        },
        allow=allow_phi,
    )
    reader = SessionReader(session)
    ref = resolve_contact(reader, who)
    contact = session.get(Contact, ref.id)
    assert contact is not None and contact.id is not None
    same: list[ContactRef] = []
    if name is not None:
        clean = text.one_line(name, "The name", required=True)
        assert clean is not None
        key = text.name_key(clean)
        if not key or key.isdigit():
            raise InvalidInput(f"'{name}' can't be a name: it needs letters.")
        contact.name = clean
        same = [
            ContactRef(c.id, c.name)
            for c in session.exec(select(Contact).where(Contact.name_key == key))
            if c.id is not None and c.id != contact.id
        ]
    if remove_tags:
        wanted = [text.tag(t) for t in remove_tags]
        current = views._tags_by_contact(reader, [contact.id]).get(contact.id, [])
        missing = [t for t in wanted if t not in current]
        if missing:
            have = ", ".join(current) or "none"
            raise InvalidInput(
                f"{contact.name} has no tag '{missing[0]}' (tags: {have}); nothing was changed."
            )
        tag_ids = session.exec(select(Tag.id).where(col(Tag.name).in_(wanted))).all()
        session.exec(
            delete(ContactTag).where(
                col(ContactTag.contact_id) == contact.id, col(ContactTag.tag_id).in_(tag_ids)
            )
        )
    _apply(contact, fields)
    for tag_id in _tag_ids(session, add_tags or []):
        if session.get(ContactTag, (contact.id, tag_id)) is None:
            session.add(ContactTag(contact_id=contact.id, tag_id=tag_id))
    session.add(contact)
    refresh_contacts(session, [contact.id])
    _drop_unused_tags(session)
    return EditResult(views.get_contact(reader, contact.id), same)


def _drop_unused_tags(session: Session) -> None:
    session.flush()
    used = select(ContactTag.tag_id)
    session.exec(delete(Tag).where(col(Tag.id).not_in(used)))


def remove_contact(session: Session, contact_id: int) -> ContactRef:
    """Delete a contact, their follow-ups, and the interactions no one else was part of."""
    contact = session.get(Contact, contact_id)
    if contact is None or contact.id is None:
        raise NotFound(f"No contact has id {contact_id}. Run 'medcrm contacts' to see the ids.")
    ref = ContactRef(contact.id, contact.name)
    alone = [
        row["interaction_id"]
        for row in SessionReader(session).rows(
            "SELECT ic.interaction_id FROM interaction_contact ic WHERE ic.contact_id = :id "
            "AND NOT EXISTS (SELECT 1 FROM interaction_contact o WHERE "
            "o.interaction_id = ic.interaction_id AND o.contact_id <> :id)",
            {"id": contact.id},
        )
    ]
    session.exec(delete(FollowUp).where(col(FollowUp.contact_id) == contact.id))
    session.exec(delete(InteractionContact).where(col(InteractionContact.contact_id) == contact.id))
    if alone:
        session.exec(delete(Interaction).where(col(Interaction.id).in_(alone)))
    session.exec(delete(ContactTag).where(col(ContactTag.contact_id) == contact.id))
    session.delete(contact)
    _drop_unused_tags(session)
    return ref
