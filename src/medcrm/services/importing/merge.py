"""Putting candidates into the database: each checked as add-contact checks, guarded for
patient information, merged into an existing contact or created, all in the caller's
transaction.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import uuid4

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from medcrm.pure import text, vocabulary
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.pure.phi import Finding, describe
from medcrm.services import phi
from medcrm.services.contacts import (
    GUARDED,
    UNSET,
    ContactFields,
    ContactRow,
    apply_fields,
    derive,
    refresh_contacts,
)
from medcrm.services.importing.bulk import Bulk
from medcrm.services.importing.common import Candidate, ImportResult, Rejection
from medcrm.storage import queries as views
from medcrm.storage.db import SessionWriter
from medcrm.storage.models import Contact, ContactTag, Tag


class _Index:
    """Contacts by uid, email and name key: existing ones by id, this import's drafts as such."""

    def __init__(self, session: Session) -> None:
        self.by_uid: dict[str, int | ContactRow] = {}
        self.by_email: dict[str, int | ContactRow] = {}
        self.by_key: dict[str, int | ContactRow] = {}
        for cid, uid, email, key in session.exec(
            select(Contact.id, Contact.uid, Contact.email, Contact.name_key)
        ):
            assert cid is not None
            self.add(cid, uid, email, key)

    def add(self, found: int | ContactRow, uid: str | None, email: str | None, key: str) -> None:
        if uid:
            self.by_uid.setdefault(uid, found)
        if email:
            self.by_email.setdefault(email.casefold(), found)
        self.by_key.setdefault(key, found)

    def find(self, uid: str | None, email: str | None, key: str) -> int | ContactRow | None:
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        return self.by_key.get(key)


class _Tags:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids = {t.name: t.id for t in session.exec(select(Tag)) if t.id is not None}

    def id_of(self, name: str) -> int:
        if name not in self.ids:
            tag = Tag(name=name)
            self.session.add(tag)
            self.session.flush()
            assert tag.id is not None
            self.ids[name] = tag.id
        return self.ids[name]


def _clean(c: Candidate, today: date) -> tuple[ContactRow, list[str]]:
    """The candidate as a checked ContactRow and its tags, or InvalidInput: the same rules as
    ``add-contact``."""
    if not text.one_line(c.name, "The name"):
        raise InvalidInput("no name")
    name, key = text.checked_name(c.name)
    draft = ContactRow(
        name=name,
        name_key=key,
        uid=(text.one_line(c.uid, "The uid") if c.uid else None) or str(uuid4()),
        met_on=c.met_on,
        added=c.added or today,
        extra=json.dumps(c.extra, ensure_ascii=False, sort_keys=True) if c.extra else None,
        id=c.id,
    )
    apply_fields(  # add-contact's checks, field by field
        draft,
        ContactFields(
            role=c.role if c.role else UNSET,
            institution=c.institution,
            specialty=c.specialty,
            email=c.email,
            phone=c.phone or None,
            met=c.met,
            notes=c.notes,
            every=c.every or None,
            level=c.level or None,
            mentor=c.mentor,
        ),
    )
    tags = list(dict.fromkeys(text.tag(t) for t in c.tags))
    for column, value in c.more.items():
        draft.more[column] = (
            text.one_line(value, f"The {column.replace('_', ' ')}")
            if isinstance(value, str)
            else value
        )
    return draft, tags


MERGED_FIELDS = (
    "institution", "specialty", "email", "phone", "met", "met_on", "notes", "every", "level",
)  # fmt: skip


def _merge(
    existing: Contact | ContactRow, new: ContactRow, tags: list[str], have: set[str]
) -> list[str]:
    """Fill what is empty on ``existing`` from ``new``; return what changed."""
    changed = [f for f in MERGED_FIELDS if getattr(existing, f) in (None, "") and getattr(new, f)]
    for f in changed:
        setattr(existing, f, getattr(new, f))
    implied = vocabulary.implied_role(existing.role, existing.level) if "level" in changed else None
    if implied:  # as add-contact and edit do
        existing.role = implied
        changed.append("role")
    if new.mentor and not existing.mentor:
        existing.mentor = True
        changed.append("mentor")
    extra = views.extra_dict(existing.extra)
    added_extra = {k: v for k, v in views.extra_dict(new.extra).items() if k not in extra}
    if added_extra:
        extra.update(added_extra)
        existing.extra = json.dumps(extra, ensure_ascii=False, sort_keys=True)
        changed.append("extra")
    if set(tags) - have:
        changed.append("tags")
    if new.phi_allowed and set(changed) & set(GUARDED):
        existing.phi_allowed = True
    return changed


def _patient_information(reader: SessionWriter, draft: ContactRow) -> list[Finding]:
    """What the guard finds in a contact's guarded fields (its own name is no patient's)."""
    for field_name in GUARDED:
        found = phi.findings(reader, getattr(draft, field_name), also_known=[draft.name])
        if found:
            return found
    return []


def apply(
    session: Session,
    candidates: list[Candidate],
    *,
    today: date,
    allow_phi: bool = False,
    result: ImportResult | None = None,
    restore: bool = False,
    check_phi: bool = True,
) -> ImportResult:
    """Create, merge or skip each candidate (see the module docstring). The caller's
    transaction makes it all or nothing. ``restore`` (into an empty database) keeps ids and
    creates every candidate, as the export had them. A contact whose fields look like patient
    information is left out (listed as rejected) unless ``allow_phi`` or the file marks it as
    saved that way; ``check_phi=False`` copies every one as it is (``migrate-to``).

    New contacts are checked one by one but inserted together at the end (one INSERT with
    many rows), so 10,000 LinkedIn connections import in seconds.
    """
    result = result or ImportResult()
    reader = SessionWriter(session)
    index = None if restore else _Index(session)
    batch = _Batch(session, result)
    for c in candidates:
        label = c.name or "(no name)"
        screened = _screened(c, reader, today=today, allow_phi=allow_phi, check_phi=check_phi)
        if isinstance(screened, Rejection):
            result.rejected.append(screened)
            continue
        draft, tags = screened
        match = None if index is None else index.find(c.uid, draft.email, draft.name_key)
        if match is None:
            if index is not None:
                index.add(draft, draft.uid, draft.email, draft.name_key)
            batch.create(draft, tags, c.where, label)
        elif isinstance(match, ContactRow):  # a second row for someone this file already brought
            batch.merge_into_draft(match, draft, tags, c.where, label)
        else:
            batch.merge_into_contact(match, draft, tags, c.where, label)
    if batch.drafts:
        batch.insert_drafts(restore=restore)
    session.flush()
    refresh_contacts(SessionWriter(session), batch.merged_ids)
    return result


def _screened(
    c: Candidate, reader: SessionWriter, *, today: date, allow_phi: bool, check_phi: bool
) -> tuple[ContactRow, list[str]] | Rejection:
    """The candidate checked (:func:`_clean`) and guarded for patient information, with its
    ``phi_allowed`` mark set; or why it is left out."""
    try:
        draft, tags = _clean(c, today)
    except MedcrmError as exc:
        return Rejection(c.where, exc.message.rstrip("."))
    found = _patient_information(reader, draft) if check_phi else []
    if found and not (allow_phi or c.phi_allowed):
        return Rejection(
            c.where,
            f"looks like patient information: {describe(found)}; left out (import "
            "with --allow-phi if it is not about a patient)",
        )
    draft.phi_allowed = bool(found) or c.phi_allowed
    return draft, tags


class _Batch:
    """What one :func:`apply` builds up: the new contacts (drafts, inserted together at the
    end) and the existing contacts it merged into, all noted in its result."""

    def __init__(self, session: Session, result: ImportResult) -> None:
        self.session = session
        self.result = result
        self.tag_ids = _Tags(session)
        self.drafts: list[tuple[ContactRow, set[str], list[str]]] = []  # draft, tags, candidates
        self.merged_ids: list[int] = []
        self.have_tags: dict[int, set[str]] = {}  # an existing contact's tags, once read

    def create(self, draft: ContactRow, tags: list[str], where: str, label: str) -> None:
        self.drafts.append((draft, set(tags), [where]))
        self.result.created.append(label)

    def merge_into_draft(
        self, match: ContactRow, draft: ContactRow, tags: list[str], where: str, label: str
    ) -> None:
        """A second row for someone this file already brought: fill the first one's gaps."""
        entry = next(e for e in self.drafts if e[0] is match)
        changes = _merge(match, draft, tags, entry[1])
        entry[1].update(tags)
        entry[2].append(where)
        if changes:
            self.result.merged.append(f"{label} into {match.name}, also new ({', '.join(changes)})")
        else:
            self.result.skipped.append(f"{label} (twice in this file, nothing new)")

    def merge_into_contact(
        self, match: int, draft: ContactRow, tags: list[str], where: str, label: str
    ) -> None:
        """Fill the gaps of the existing contact ``match`` and add the tags it lacks."""
        session = self.session
        existing = session.get(Contact, match)
        assert existing is not None and existing.id is not None
        self.result.ids[where] = existing.id
        if existing.id not in self.have_tags:
            self.have_tags[existing.id] = {
                t.name for t in session.exec(
                    select(Tag).join(ContactTag).where(ContactTag.contact_id == existing.id)
                )
            }  # fmt: skip
        have = self.have_tags[existing.id]
        changes = _merge(existing, draft, tags, have)
        if not changes:
            self.result.skipped.append(f"{label} (already there as #{existing.id}, nothing new)")
            return
        for t in tags:
            if t not in have:
                session.add(ContactTag(contact_id=existing.id, tag_id=self.tag_ids.id_of(t)))
                have.add(t)
        session.add(existing)
        self.merged_ids.append(existing.id)
        self.result.merged.append(f"{label} into #{existing.id} ({', '.join(changes)})")

    def _highest_id(self) -> int:
        return self.session.exec(select(func.max(Contact.id))).one() or 0

    def insert_drafts(self, *, restore: bool) -> None:
        """Insert the new contacts with one INSERT, then their tags; note each one's id."""
        for draft, tags_of, _ in self.drafts:
            derive(draft, tags=sorted(tags_of), last_contact=None)
        rows: list[dict[str, Any]] = [
            {"id": draft.id, **draft.values()} for draft, _, _ in self.drafts
        ]
        if restore:  # every row keeps its id; one without (a hand-edited export) gets the next free
            spare = max(
                [r["id"] for r in rows if r["id"] is not None] + [self._highest_id()]
            ) + 1  # fmt: skip
            for row in rows:
                if row["id"] is None:
                    row["id"], spare = spare, spare + 1
            bulk = Bulk(self.session)  # checked rows, straight to the driver, a page at a time
            by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for row in rows:  # rows of one set of columns at a time (nearly always one)
                by_columns.setdefault(tuple(row), []).append(row)
            for same in by_columns.values():
                for row in same:
                    bulk.add("contact", row)
                bulk.flush()
            new_ids = [row["id"] for row in rows]
        else:
            for row in rows:
                del row["id"]
            new_ids = list(
                self.session.execute(
                    insert(Contact).returning(col(Contact.id), sort_by_parameter_order=True), rows
                ).scalars()
            )
        links = []
        for (draft, tags_of, wheres), cid in zip(self.drafts, new_ids, strict=True):
            draft.id = cid
            for where in wheres:
                self.result.ids[where] = cid
            links += [{"contact_id": cid, "tag_id": self.tag_ids.id_of(t)} for t in sorted(tags_of)]
        if links and restore:
            for link in links:
                bulk.add("contact_tag", link)
            bulk.flush()
        elif links:
            self.session.execute(insert(ContactTag), links)
