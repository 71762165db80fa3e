"""Two-way sync with a vdir (``medcrm sync vdir DIR``): one .vcf per contact, the folder that
vdirsyncer keeps in step with a CardDAV server (iCloud, Google, Nextcloud) and khard reads.

Each card is remembered (``vdir_item``) with a fingerprint of the file and of the card medcrm
would write for its contact, as they were at the last sync. So each run knows which side
changed: a card edited in the folder updates its contact; a contact changed in medcrm rewrites
its card (atomically, keeping the card's unknown properties); a card nobody changed is never
touched (same bytes, mtime and inode). Changed on both sides: medcrm's values stay and the
card's differing values are kept as a dated line in the contact's notes. A card deleted in the
folder never deletes the contact (with its history) unless ``delete``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, select

from medcrm.pure import text, vcard_lines
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.pure.records import ContactRecord
from medcrm.pure.results import VdirSync
from medcrm.services.contacts import refresh_contacts, remove_contact
from medcrm.services.exporting.vcard import card_text
from medcrm.services.importing.common import Candidate
from medcrm.services.importing.merge import _clean, apply
from medcrm.services.importing.vcard import group_card, parse_vcard
from medcrm.storage import queries as views
from medcrm.storage import vdir as files
from medcrm.storage.db import SessionWriter
from medcrm.storage.models import Contact, ContactTag, Tag, VdirItem

# The fields a card carries, compared on a conflict: (label, attribute of the contact).
_COMPARED = (("name", "name"), ("email", "email"), ("phone", "phone"),
             ("organization", "institution"), ("note", "notes"))  # fmt: skip


@dataclass
class _Run:
    session: Session
    db: SessionWriter
    folder: Path
    today: date
    delete: bool
    allow_phi: bool
    result: VdirSync
    writes: dict[str, bytes] = field(default_factory=dict)  # href -> card to write
    removals: list[str] = field(default_factory=list)  # hrefs to remove


def sync_vdir(
    session: Session, folder: Path, *, today: date, dry_run: bool = False, delete: bool = False,
    allow_phi: bool = False,
) -> VdirSync:  # fmt: skip
    """Sync the contacts with the vdir ``folder`` (see the module's docstring); the files are
    written last, within the caller's transaction, and not at all on a dry run."""
    where = folder.expanduser().resolve()
    cards, too_big = files.read_cards(where)
    run = _Run(session, SessionWriter(session), where, today, delete, allow_phi,
               VdirSync(where, dry_run))  # fmt: skip
    run.result.rejected += [f"{href} (over 1 MB)" for href in too_big]
    known = {
        item.href: item
        for item in session.exec(select(VdirItem).where(VdirItem.folder == str(where)))
    }
    groups = [
        c for href, c in sorted(cards.items()) if href not in known and _group(c.data) is not None
    ]
    for group in groups:
        _group_tags(run, group.data)
    contacts = {c.id: c for c in views.list_contacts(run.db).rows}
    for href, item in sorted(known.items()):
        _known_card(run, item, cards.get(href), contacts)
    for href, card in sorted(cards.items()):
        if href not in known and _group(card.data) is None:
            _new_card(run, card, contacts)
    linked = {item.contact_id for item in session.exec(
        select(VdirItem).where(VdirItem.folder == str(where)))}  # fmt: skip
    for contact in contacts.values():
        if contact.id not in linked:
            _write(run, contact, f"{_safe_href(contact.uid)}.vcf", None)
            run.result.written.append(contact.name)
    session.flush()
    if not dry_run:
        for href, data in run.writes.items():
            files.write_card(where, href, data)
        for href in run.removals:
            files.remove_card(where, href)
    return run.result


def _card_hash(contact: ContactRecord) -> str:
    return files.fingerprint(card_text(contact).encode("utf-8"))


def _write(
    run: _Run, contact: ContactRecord, href: str, item: VdirItem | None, old: bytes | None = None
) -> None:
    """Plan the card of ``contact`` as ``href`` (over ``old``, keeping what medcrm does not
    manage) and remember it as written."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text_now = card_text(contact, rev=stamp)
    if old is not None:
        text_now = vcard_lines.merge(old.decode("utf-8", "replace"), text_now)
    data = text_now.encode("utf-8")
    run.writes[href] = data
    if item is None:
        item = VdirItem(folder=str(run.folder), href=href, uid=contact.uid,
                        contact_id=contact.id, card_hash="")  # fmt: skip
    item.file_hash = files.fingerprint(data)
    item.card_hash = _card_hash(contact)
    run.session.add(item)


def _known_card(
    run: _Run, item: VdirItem, card: files.Card | None, contacts: dict[int, ContactRecord]
) -> None:
    """A card synced before: who changed it since, and what follows."""
    contact = contacts.get(item.contact_id) if item.contact_id is not None else None
    if contact is None:  # removed from medcrm: its card goes only with --delete
        if card is not None and run.delete and card.sha256 == item.file_hash:
            run.removals.append(item.href)
            run.session.delete(item)
        return
    ours = _card_hash(contact) != item.card_hash
    if card is None:
        if run.delete:  # deleted in the folder, now or at an earlier sync
            remove_contact(run.db, contact.id)
            del contacts[contact.id]
            run.result.removed.append(contact.name)
            run.session.delete(item)
            return
        if item.file_hash is not None:  # deleted in the folder since the last sync
            run.result.deleted.append(contact.name)
            item.file_hash = None
            run.session.add(item)
        elif ours:  # deleted there before, changed here since: written again
            _write(run, contact, item.href, item)
            run.result.written.append(contact.name)
        return
    theirs = card.sha256 != item.file_hash
    if theirs and not ours:
        updated = _take_card(run, contact, card)
        if updated is not None:
            item.file_hash, item.card_hash = card.sha256, _card_hash(updated)
            run.session.add(item)
            run.result.updated.append(updated.name)
    elif theirs:
        _conflict(run, contact, card, item)
    elif ours:
        _write(run, contact, item.href, item, card.data)
        run.result.written.append(contact.name)


def _parse(run: _Run, card: files.Card) -> Candidate | None:
    try:
        found, rejected = parse_vcard(card.data)
    except InvalidInput:
        run.result.rejected.append(f"{card.href} (not a text file)")
        return None
    if rejected or len(found) != 1:
        why = rejected[0].reason if rejected else f"{len(found)} cards in one file"
        run.result.rejected.append(f"{card.href} ({why})")
        return None
    return found[0]


def _new_card(run: _Run, card: files.Card, contacts: dict[int, ContactRecord]) -> None:
    """A card medcrm has not seen in this folder: the contact with its UID, or a new one
    (keeping the card's UID)."""
    candidate = _parse(run, card)
    if candidate is None:
        return
    same = next((c for c in contacts.values() if candidate.uid and c.uid == candidate.uid), None)
    item = VdirItem(folder=str(run.folder), href=card.href, uid=candidate.uid or card.href,
                    contact_id=None, file_hash=card.sha256, card_hash="")  # fmt: skip
    if same is not None:  # medcrm's own card (an export --dir, or a sync forgotten)
        item.contact_id = same.id
        if card_text(same).encode("utf-8") == _without_rev(card.data) or not _differing(
            candidate, same
        ):
            item.card_hash = _card_hash(same)
            run.session.add(item)
        else:
            _conflict(run, same, card, item)
        return
    candidate.where = card.href
    done = apply(run.session, [candidate], today=run.today, allow_phi=run.allow_phi)
    if done.rejected:
        run.result.rejected.append(f"{card.href} ({done.rejected[0].reason})")
        return
    row = _contact_for(run, candidate)
    if row is None:
        return
    item.contact_id, item.uid = row.id, row.uid
    item.card_hash = _card_hash(row)
    run.session.add(item)
    (run.result.added if done.created else run.result.updated).append(row.name)
    contacts[row.id] = row


def _contact_for(run: _Run, candidate: Candidate) -> ContactRecord | None:
    """The contact a card was just imported as (by its UID, else by its email or name, when
    the import filled the gaps of someone already there)."""
    run.session.flush()
    for column, value in (("uid", candidate.uid), ("email", candidate.email),
                          ("name_key", text.name_key(candidate.name or ""))):  # fmt: skip
        if value:
            rows = run.db.rows(f"SELECT id FROM contact WHERE {column} = :v",  # noqa: S608
                               {"v": value})  # fmt: skip
            if rows:
                return views.get_contact(run.db, int(rows[0]["id"]))
    return None


def _take_card(run: _Run, contact: ContactRecord, card: files.Card) -> ContactRecord | None:
    """The card's values over the contact's (it was edited in the folder only)."""
    candidate = _parse(run, card)
    if candidate is None:
        return None
    candidate.uid = contact.uid
    try:
        draft, tags = _clean(candidate, run.today)
    except MedcrmError as exc:
        run.result.rejected.append(f"{card.href} ({exc.message.rstrip('.')})")
        return None
    row = run.session.get(Contact, contact.id)
    assert row is not None
    for name in ("name", "name_key", "institution", "specialty", "email", "phone", "notes",
                 "met", "met_on", "every", "level"):  # fmt: skip
        setattr(row, name, getattr(draft, name))
    row.role, row.mentor = draft.role, draft.mentor
    row.extra = draft.extra
    run.session.add(row)
    _set_tags(run.session, contact.id, tags)
    run.session.flush()
    refresh_contacts(run.db, [contact.id])
    return views.get_contact(run.db, contact.id)


def _conflict(run: _Run, contact: ContactRecord, card: files.Card, item: VdirItem) -> None:
    """Changed on both sides: medcrm's values stay, the card's differing ones go in the
    notes as a dated line, and the card is written again from medcrm."""
    candidate = _parse(run, card)
    if candidate is None:
        return  # a card medcrm cannot read is never written over; it is listed as not read
    differing = _differing(candidate, contact)
    if differing:
        line = f"{run.today.isoformat()} the address book had: {'; '.join(differing)}"
        row = run.session.get(Contact, contact.id)
        assert row is not None
        row.notes = text.note_text("\n".join(filter(None, [row.notes, line])))
        run.session.add(row)
        run.session.flush()
        contact = views.get_contact(run.db, contact.id)
        run.result.conflicts.append(contact.name)
    else:
        run.result.written.append(contact.name)  # the card had nothing medcrm lacks
    _write(run, contact, item.href, item, card.data)


def _differing(candidate: Candidate, contact: ContactRecord) -> list[str]:
    """The card's values that the contact does not have ("email x@y.org"): its other emails
    and phones count as had, and a note already in the contact's notes too."""
    theirs = {"name": candidate.name, "email": candidate.email, "phone": candidate.phone,
              "institution": candidate.institution, "notes": candidate.notes}  # fmt: skip
    had = {value for key in ("emails", "phones") for e in _listed(contact.extra.get(key))
           if (value := str(e.get("value") or ""))}  # fmt: skip
    return [
        f"{label} {theirs[attr]}" for label, attr in _COMPARED
        if theirs[attr] and theirs[attr] != getattr(contact, attr) and theirs[attr] not in had
        and not (attr == "notes" and str(theirs[attr]) in (contact.notes or ""))
    ]  # fmt: skip


def _listed(value: object) -> list[dict[str, object]]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _set_tags(session: Session, contact_id: int, tags: list[str]) -> None:
    for link in session.exec(select(ContactTag).where(ContactTag.contact_id == contact_id)):
        session.delete(link)
    session.flush()
    for name in tags:
        tag = session.exec(select(Tag).where(Tag.name == name)).first() or Tag(name=name)
        session.add(tag)
        session.flush()
        assert tag.id is not None
        session.add(ContactTag(contact_id=contact_id, tag_id=tag.id))


def _group(data: bytes) -> tuple[str, set[str]] | None:
    """A group card's name and members (see importing.vcard.group_card), or None."""
    return group_card(vcard_lines.unfold(data.decode("utf-8", "replace")))


def _group_tags(run: _Run, data: bytes) -> None:
    """A group card: its name becomes a tag of its members."""
    group = _group(data)
    if group is None:
        return
    name, members = group
    try:
        tag = text.tag(name)
    except InvalidInput:
        return
    ids = [int(r["id"]) for uid in members
           for r in run.db.rows("SELECT id FROM contact WHERE uid = :u", {"u": uid})]  # fmt: skip
    tagged = []
    for contact_id in ids:
        have = set(views.tags_by_contact(run.db, [contact_id]).get(contact_id, []))
        if tag not in have:
            _set_tags(run.session, contact_id, [*sorted(have), tag])
            tagged.append(contact_id)
    if tagged:
        run.session.flush()
        refresh_contacts(run.db, tagged)
        run.result.tagged.append(tag)


def _without_rev(data: bytes) -> bytes:
    return b"".join(ln for ln in data.splitlines(keepends=True) if not ln.startswith(b"REV:"))


def _safe_href(uid: str) -> str:
    """A file name from a UID: letters, digits, '-', '_', '.' and '@' kept, the rest '_'."""
    return "".join(ch if ch.isalnum() or ch in "-_.@" else "_" for ch in uid)[:200] or "card"
