"""Restoring and merging medcrm's own JSON export (``medcrm import json``)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlmodel import Session, select

from medcrm.pure import text, vocabulary
from medcrm.pure.dates import parse_duration
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.pure.phi import describe
from medcrm.pure.records import ContactRecord, exported
from medcrm.services import phi, settings
from medcrm.services.contacts import refresh_contacts
from medcrm.services.importing import (
    Candidate,
    ImportResult,
    Rejection,
    _date_or_none,
    apply,
    decode,
)
from medcrm.services.rotations import checked_rotation
from medcrm.storage.db import SessionWriter, reset_sequences
from medcrm.storage.models import (
    Contact,
    FollowUp,
    Interaction,
    InteractionContact,
    Letter,
    Rotation,
)
from medcrm.storage.models import Setting as SettingRow


def _items(doc: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    items = doc.get(key, [])
    if not isinstance(items, list):
        raise InvalidInput(f"'{key}' in the export is not a list.")
    return [(f"{key}[{n}]", item) for n, item in enumerate(items) if isinstance(item, dict)]


def _opt_date(item: dict[str, Any], key: str, where: str) -> date | None:
    value = item.get(key)
    if value is None:
        return None
    return _date_or_none(str(value), where, key)


def _need_date(item: dict[str, Any], key: str, where: str) -> date:
    value = _opt_date(item, key, where)
    if value is None:
        raise InvalidInput(f"{where}: {key} is missing")
    return value


def import_json(
    session: Session, data: bytes, *, today: date, allow_phi: bool = False
) -> ImportResult:
    """A medcrm JSON export: everything, restored exactly into an empty database.

    Into a database that already has contacts, contacts merge by the usual rule and the rest is
    added unless it is already there (the same interaction, rotation, letter or follow-up),
    with ids renumbered, so merging two medcrm databases doubles nothing. Text is checked for
    patient information as everywhere else: a row that looks like it is left out and listed,
    unless ``allow_phi`` or the export marks it ``phi_allowed`` (saved that way on purpose).
    """
    from medcrm.services.exporting import FORMAT_VERSION

    try:
        doc = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"The file is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    if not isinstance(doc, dict) or doc.get("medcrm") != "export":
        raise InvalidInput(
            "This is not a medcrm JSON export (made by 'medcrm export json'); "
            "for other files use import linkedin, google, vcard or csv."
        )
    version = doc.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InvalidInput(
            f"This export has format version {version!r}; this medcrm reads up to "
            f"{FORMAT_VERSION}. Upgrade medcrm to import it."
        )
    return import_document(session, doc, today=today, allow_phi=allow_phi)


# Contact columns an export carries that the importer does not check one by one.
_PASSED_THROUGH = tuple(
    k for k in exported(ContactRecord) if k not in Candidate.__dataclass_fields__
)


def import_document(
    session: Session,
    doc: dict[str, Any],
    *,
    today: date,
    allow_phi: bool = False,
    copy: bool = False,
) -> ImportResult:
    """:func:`import_json` on an export already parsed. ``copy`` (``migrate-to``) keeps every
    row as it is, with its ``phi_allowed`` mark, without checking it again."""
    restore = session.exec(select(Contact.id)).first() is None
    result = ImportResult()
    contact_items = _items(doc, "contacts")
    candidates = []
    for where, c in contact_items:
        try:
            candidates.append(
                Candidate(
                    where=where,
                    name=c.get("name"),
                    role=c.get("role"),
                    institution=c.get("institution"),
                    specialty=c.get("specialty"),
                    email=c.get("email"),
                    phone=c.get("phone"),
                    met=c.get("met"),
                    met_on=_opt_date(c, "met_on", where),
                    notes=c.get("notes"),
                    every=c.get("every"),
                    level=c.get("level"),
                    mentor=bool(c.get("mentor")),
                    added=_opt_date(c, "added", where),
                    uid=c.get("uid"),
                    tags=[str(t) for t in c.get("tags") or []],
                    extra=dict(c["extra"]) if isinstance(c.get("extra"), dict) else {},
                    id=c.get("id") if isinstance(c.get("id"), int) else None,
                    phi_allowed=c.get("phi_allowed") is True,
                    more={k: c[k] for k in _PASSED_THROUGH if k in c},
                )
            )
        except InvalidInput as exc:
            result.rejected.append(Rejection.from_error(where, exc))
    apply(
        session, candidates, today=today, allow_phi=allow_phi, result=result, restore=restore,
        check_phi=not copy,
    )  # fmt: skip
    reader = SessionWriter(session)

    def screened(where: str, item: dict[str, Any], *values: str | None) -> bool:
        """The row's phi_allowed mark; InvalidInput (the row is left out) when its text looks
        like patient information and neither --allow-phi nor the export allows it."""
        marked = item.get("phi_allowed") is True
        if copy:
            return marked
        found = next((f for v in values if (f := phi.findings(reader, v))), [])
        if found and not (allow_phi or marked):
            raise InvalidInput(
                f"{where}: looks like patient information: {describe(found)}; left out (import "
                "with --allow-phi if it is not about a patient)"
            )
        return bool(found) or marked

    contact_ids = {
        c["id"]: result.ids[where]
        for where, c in contact_items
        if where in result.ids and "id" in c
    }
    counts = {"rotations": 0, "interactions": 0, "letters": 0, "follow_ups": 0, "settings": 0}

    def keep(row: Any, item: dict[str, Any]) -> None:
        if restore and isinstance(item.get("id"), int):
            row.id = item["id"]

    rotation_ids: dict[int, int] = {}
    for where, r in _items(doc, "rotations"):
        try:
            rotation = Rotation(
                **checked_rotation(
                    r.get("name"),
                    _need_date(r, "start", where),
                    _need_date(r, "end", where),
                    service=r.get("service"),
                    site=r.get("site"),
                )
            )
            existing = session.exec(
                select(Rotation).where(Rotation.name_key == rotation.name_key)
            ).first()
            if existing is None:
                keep(rotation, r)
                session.add(rotation)
                session.flush()
                existing = rotation
                counts["rotations"] += 1
            assert existing.id is not None
            rotation_ids[r.get("id", -1)] = existing.id
        except MedcrmError as exc:
            result.rejected.append(Rejection.from_error(where, exc))
    interaction_ids: dict[int, int] = {}
    for where, i in _items(doc, "interactions"):
        try:
            people = [contact_ids[c] for c in i.get("contacts") or [] if c in contact_ids]
            if not people:
                raise InvalidInput(f"{where}: none of its contacts was imported")
            day = _need_date(i, "date", where)
            kind = text.kind(str(i.get("kind") or "meeting"))
            note = text.note_text(i.get("note"))
            same = None if restore else _same_interaction(session, day, kind, note, people)
            if same is None:
                interaction = Interaction(
                    date=day,
                    kind=kind,
                    note=note,
                    rotation_id=rotation_ids.get(i.get("rotation_id", -1)),
                    phi_allowed=screened(where, i, note),
                )
                keep(interaction, i)
                session.add(interaction)
                session.flush()
                assert interaction.id is not None
                for cid in dict.fromkeys(people):
                    session.add(InteractionContact(interaction_id=interaction.id, contact_id=cid))
                same = interaction.id
                counts["interactions"] += 1
            interaction_ids[i.get("id", -1)] = same
        except MedcrmError as exc:
            result.rejected.append(Rejection.from_error(where, exc))
    letter_ids: dict[int, int] = {}
    for where, x in _items(doc, "letters"):
        try:
            writer = contact_ids.get(x.get("contact_id", -1))
            if writer is None:
                raise InvalidInput(f"{where}: its contact was not imported")
            target = text.one_line(x.get("for"), "What the letter is for", required=True)
            asked = _need_date(x, "asked", where)
            letter = session.exec(
                select(Letter).where(
                    Letter.contact_id == writer,
                    Letter.target == target,
                    Letter.asked_on == asked,
                )
            ).first()
            if letter is None:
                status = str(x.get("status") or "asked")
                if status not in (*vocabulary.LETTER_STATUSES, "declined"):
                    raise InvalidInput(f"{where}: unknown status {status!r}")
                letter = Letter(
                    contact_id=writer,
                    target=target or "",
                    kind=text.letter_kind(str(x.get("kind") or "narrative")),
                    waived=bool(x.get("waived", True)),
                    due=_need_date(x, "due", where),
                    status=status,
                    asked_on=asked,
                    agreed_on=_opt_date(x, "agreed", where),
                    materials_sent_on=_opt_date(x, "materials_sent", where),
                    submitted_on=_opt_date(x, "submitted", where),
                    thanked_on=_opt_date(x, "thanked", where),
                    declined_on=_opt_date(x, "declined", where),
                    note=text.note_text(x.get("note")),
                )
                letter.phi_allowed = screened(where, x, letter.target, letter.note)
                keep(letter, x)
                session.add(letter)
                session.flush()
                counts["letters"] += 1
            assert letter.id is not None
            letter_ids[x.get("id", -1)] = letter.id
        except MedcrmError as exc:
            result.rejected.append(Rejection.from_error(where, exc))
    for where, f in _items(doc, "follow_ups"):
        try:
            owner = contact_ids.get(f.get("contact_id", -1))
            if owner is None:
                raise InvalidInput(f"{where}: its contact was not imported")
            what = text.note_text(f.get("title"), "The follow-up title")
            if not what:
                raise InvalidInput(f"{where}: no title")
            due = _need_date(f, "due", where)
            created = _opt_date(f, "created", where) or today
            duplicate = None if restore else session.exec(
                select(FollowUp.id).where(
                    FollowUp.contact_id == owner, FollowUp.title == what, FollowUp.due == due
                )
            ).first()  # fmt: skip
            if duplicate is not None:
                continue
            every = f.get("every")
            follow_up = FollowUp(
                contact_id=owner,
                title=what,
                due=due,
                done_on=_opt_date(f, "done", where),
                created=created,
                interaction_id=interaction_ids.get(f.get("interaction_id", -1)),
                # One step, as 'follow-up --every' takes it (not an ideal..maximum pair).
                every=str(parse_duration(str(every))) if every else None,
                scheduled=_opt_date(f, "scheduled", where),
                cancelled=f.get("cancelled") is True,
                purpose=f.get("purpose") if isinstance(f.get("purpose"), str) else None,
                rotation_id=rotation_ids.get(f.get("rotation_id", -1)),
                letter_id=letter_ids.get(f.get("letter_id", -1)),
                phi_allowed=screened(where, f, what),
            )
            keep(follow_up, f)
            session.add(follow_up)
            counts["follow_ups"] += 1
        except MedcrmError as exc:
            result.rejected.append(Rejection.from_error(where, exc))
    session.flush()
    stored = doc.get("settings")
    for key, value in sorted(stored.items() if isinstance(stored, dict) else []):
        try:
            checked = settings.check(str(key), str(value))
        except MedcrmError as exc:
            result.rejected.append(Rejection.from_error(f"settings[{key!r}]", exc))
            continue
        if session.get(SettingRow, key) is None:
            session.add(SettingRow(key=str(key), value=checked))
            counts["settings"] += 1
    session.flush()
    if restore:
        reset_sequences(session)  # rows came with their own ids
    refresh_contacts(SessionWriter(session), sorted(set(contact_ids.values())))
    result.other = counts
    return result


def _same_interaction(
    session: Session, day: date, kind: str, note: str | None, people: list[int]
) -> int | None:
    """An interaction already logged with the same date, kind, note and contacts."""
    for row in session.exec(
        select(Interaction).where(Interaction.date == day, Interaction.kind == kind)
    ):
        if row.note != note:
            continue
        members = set(
            session.exec(
                select(InteractionContact.contact_id).where(
                    InteractionContact.interaction_id == row.id
                )
            ).all()
        )
        if members == set(people):
            return row.id
    return None
