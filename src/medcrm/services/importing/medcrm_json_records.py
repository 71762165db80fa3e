"""The records besides contacts in medcrm's JSON export, put back one kind at a time:
rotations, interactions, letters, follow-ups and settings (``medcrm import json``).

Each kind is read after the ones it points to, so its links (a follow-up's interaction, a
letter's contact) are renumbered to the ids those rows got in this database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Any

from sqlmodel import Session, select

from medcrm.pure import text
from medcrm.pure.dates import parse_duration
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.pure.phi import Finding, describe
from medcrm.services import phi, settings
from medcrm.services.importing.bulk import PAGE, Bulk, IdMap, an_id, dicts, pages
from medcrm.services.importing.common import ImportResult, Rejection, _date_or_none
from medcrm.services.importing.json_stream import Record
from medcrm.services.importing.screening import Pending, Screening
from medcrm.services.rotations import checked_rotation
from medcrm.storage.db import SessionWriter
from medcrm.storage.models import (
    FollowUp,
    Interaction,
    InteractionContact,
    Rotation,
)
from medcrm.storage.models import Setting as SettingRow

__all__ = ["PAGE", "Progress"]

# Told how many records of a kind ("contacts", "interactions"...) are in so far.
Progress = Callable[[str, int], None]
SEEN = 4096  # short texts whose guard's findings an import keeps (then it starts again)
# A restore's rows, as tuples in this order.
INTERACTION_ROW = ("id", "date", "kind", "note", "rotation_id", "phi_allowed")
LINK_ROW = ("interaction_id", "contact_id")
FOLLOW_UP_ROW = (
    "id", "contact_id", "title", "due", "done_on", "created", "interaction_id", "every",
    "scheduled", "cancelled", "purpose", "rotation_id", "letter_id", "phi_allowed",
)  # fmt: skip


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


def _no_counts() -> dict[str, int]:
    return {"rotations": 0, "interactions": 0, "letters": 0, "follow_ups": 0, "settings": 0,
            "programs": 0, "deadlines": 0}  # fmt: skip


@dataclass
class RecordImport:
    """What the per-kind importers share: the session, this import's rules, what was added of
    each kind, and the new id of every exported id read so far (contacts, then each kind)."""

    session: Session
    result: ImportResult
    today: date
    restore: bool  # into an empty database: rows keep their ids, nothing is a duplicate
    allow_phi: bool
    copy: bool  # migrate-to: every row as it is, with its phi_allowed mark, unchecked
    contact_ids: IdMap = field(default_factory=IdMap)
    progress: Progress | None = None
    reader: SessionWriter = field(init=False)
    bulk: Bulk = field(init=False)  # a restore's interactions and follow-ups, a page at a time
    counts: dict[str, int] = field(default_factory=_no_counts)
    rotation_ids: IdMap = field(default_factory=IdMap)
    interaction_ids: IdMap = field(default_factory=IdMap)
    letter_ids: IdMap = field(default_factory=IdMap)
    program_ids: IdMap = field(default_factory=IdMap)
    contacts: phi.Contacts | None = None  # their names, once the records' phase needs them
    seen: dict[str, list[Finding]] = field(default_factory=dict)  # the guard on short texts
    kinds: dict[str, str] = field(default_factory=dict)  # an interaction's kind as typed, checked
    read: dict[str, int] = field(default_factory=dict)  # records read so far, by kind
    screening: Screening = field(default_factory=Screening)  # the guard on a page at once

    def __post_init__(self) -> None:
        self.reader = SessionWriter(self.session)
        self.bulk = Bulk(self.session)

    def tell(self, kind: str, n: int) -> None:
        """Count ``n`` more records of ``kind`` read, and say so every page."""
        done = self.read[kind] = self.read.get(kind, 0) + n
        if self.progress is not None and done // PAGE != (done - n) // PAGE:
            self.progress(kind, done)

    def _contacts(self) -> phi.Contacts:
        if self.contacts is None:  # the names as the driver gives them: no dict a row
            names = self.session.connection().exec_driver_sql("SELECT name FROM contact")
            self.contacts = phi.Contacts(str(name) for name in names.scalars())
        return self.contacts

    def ahead(self, values: Iterable[str | None]) -> Pending:
        """The guard on a page's short texts not read yet, sent to be read at once (on worker
        processes when there are many: :mod:`.screening`); :meth:`take` keeps the findings."""
        if self.copy:
            return self.screening.submit(())
        todo = [v for v in values if v and len(v) <= phi.CACHED_UP_TO and v not in self.seen]
        return self.screening.submit(todo)

    def take(self, pending: Pending) -> None:
        """The findings :meth:`ahead` sent for, kept for the records that hold the texts."""
        ruled = pending.get()
        if not ruled:
            return
        if len(self.seen) + len(ruled) > SEEN:
            self.seen.clear()
        contacts = self._contacts()
        for value, found in ruled.items():
            self.seen[value] = phi.findings(self.reader, value, contacts=contacts, ruled=found)

    def _findings(self, value: str) -> list[Finding]:
        """The guard on ``value``; the contacts' names, which the records' phase does not
        change, are read once for all of them, so what it says of a short text (a note or a
        title that many records share) holds for the whole phase and is kept."""
        found = self.seen.get(value)
        if found is None:
            found = phi.findings(self.reader, value, contacts=self._contacts())
            if len(value) <= phi.CACHED_UP_TO:
                if len(self.seen) >= SEEN:
                    self.seen.clear()
                self.seen[value] = found
        return found

    def screened(self, where: str, item: dict[str, Any], *values: str | None) -> bool:
        """The row's phi_allowed mark; InvalidInput (the row is left out) when its text looks
        like patient information and neither --allow-phi nor the export allows it."""
        marked = item.get("phi_allowed") is True
        if self.copy:
            return marked
        for value in values:
            if value and (found := self._findings(value)):
                break
        else:
            return marked
        if not (self.allow_phi or marked):
            raise InvalidInput(
                f"{where}: looks like patient information: {describe(found)}; left out (import "
                "with --allow-phi if it is not about a patient)"
            )
        return True

    def kind(self, value: object) -> str:
        """An interaction's kind, checked (the few kinds a network has, checked once each)."""
        typed = str(value or "meeting")
        checked = self.kinds.get(typed)
        if checked is None:
            checked = self.kinds[typed] = text.kind(typed)
        return checked

    def keep(self, row: Any, item: dict[str, Any], table: str) -> None:
        """Restoring, the new row keeps its exported id; one exported without (a hand-edited
        file) gets an id after the highest (:meth:`in_order` gives those last)."""
        if self.restore:
            exported = item.get("id")
            row.id = exported if an_id(exported) else self.bulk.fresh_id(table)

    def in_order(self, items: Iterable[Record]) -> Iterator[tuple[str, dict[str, Any]]]:
        """The records that are objects, as they come; restoring, those without an id are held
        and come last (the ids they get follow every exported one)."""
        later = []
        for where, item in dicts(items):
            if self.restore and not an_id(item.get("id")):
                later.append((where, item))
            else:
                yield where, item
        yield from later

    def reject(self, where: str, exc: MedcrmError) -> None:
        self.result.rejected.append(Rejection.from_error(where, exc))

    def contact_of(self, item: dict[str, Any], where: str) -> int:
        """The new id of the item's contact; InvalidInput when that contact was not imported."""
        new_id = self.contact_ids.get(item.get("contact_id"))
        if new_id is None:
            raise InvalidInput(f"{where}: its contact was not imported")
        return new_id


def import_rotations(job: RecordImport, items: Iterable[Record]) -> None:
    """The export's rotations; one with the same name as a rotation already here is that one."""
    session = job.session
    for where, r in job.in_order(items):
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
                job.keep(rotation, r, "rotation")
                session.add(rotation)
                session.flush()
                existing = rotation
                job.counts["rotations"] += 1
            assert existing.id is not None
            job.rotation_ids[r.get("id")] = existing.id
        except MedcrmError as exc:
            job.reject(where, exc)


def import_interactions(job: RecordImport, items: Iterable[Record]) -> None:
    """The export's interactions with their imported contacts; one already logged (same date,
    kind, note and contacts) is not logged again."""
    _each(job, items, "interaction", "interactions", _interaction, "note")


def _each(
    job: RecordImport,
    items: Iterable[Record],
    table: str,
    kind: str,
    one: Callable[[RecordImport, str, dict[str, Any], int | None], None],
    guarded: str,
) -> None:
    """``one`` for every record (:meth:`RecordImport.in_order`), a page at a time, told as
    ``kind``; the guard reads the page's ``guarded`` texts first, all at once. Restoring, a
    record keeps its id; one without (a hand-edited export) gets an id after theirs."""
    before: tuple[list[tuple[str, dict[str, Any]]], Pending] | None = None
    for page in chain(pages(job.in_order(items)), (None,)):  # None: after the last page
        if page is not None:  # its texts are read on the workers while the one before goes in
            sent = job.ahead(_text(item.get(guarded)) for _, item in page)
        if before is not None:
            done, pending = before
            job.take(pending)
            for where, item in done:
                if not job.restore:
                    one(job, where, item, None)
                else:
                    exported = item.get("id")
                    one(job, where, item, exported if an_id(exported) else job.bulk.fresh_id(table))
            job.tell(kind, len(done))
        before = None if page is None else (page, sent)
    job.bulk.flush()


def _text(value: Any) -> str | None:
    """A record's text as the guard will be asked about it, or None (no text, or one the
    record is refused for anyway)."""
    try:
        return text.note_text(value)
    except MedcrmError:
        return None


def _interaction(job: RecordImport, where: str, i: dict[str, Any], new_id: int | None) -> None:
    """One interaction: restoring (``new_id``), a row for the next page; else added unless
    already logged."""
    session = job.session
    try:
        imported = job.contact_ids.get
        people = [p for c in i.get("contacts") or [] if (p := imported(c)) is not None]
        if not people:
            raise InvalidInput(f"{where}: none of its contacts was imported")
        day = _need_date(i, "date", where)
        kind = job.kind(i.get("kind"))
        note = text.note_text(i.get("note"))
        rotation_id = job.rotation_ids.get(i.get("rotation_id"))
        if new_id is not None:
            put = job.bulk.put
            put("interaction", INTERACTION_ROW, (new_id, day.isoformat(), kind, note,
                rotation_id, job.screened(where, i, note)))  # fmt: skip
            for cid in dict.fromkeys(people):
                put("interaction_contact", LINK_ROW, (new_id, cid))
            job.counts["interactions"] += 1
        elif (same := _same_interaction(session, day, kind, note, people)) is None:
            interaction = Interaction(
                date=day, kind=kind, note=note, rotation_id=rotation_id,
                phi_allowed=job.screened(where, i, note),
            )  # fmt: skip
            session.add(interaction)
            session.flush()
            assert interaction.id is not None
            for cid in dict.fromkeys(people):
                session.add(InteractionContact(interaction_id=interaction.id, contact_id=cid))
            new_id = interaction.id
            job.counts["interactions"] += 1
        else:
            new_id = same
        job.interaction_ids[i.get("id")] = new_id
    except MedcrmError as exc:
        job.reject(where, exc)


def import_follow_ups(job: RecordImport, items: Iterable[Record]) -> None:
    """The export's follow-ups, linked to their imported contact, interaction, rotation and
    letter; one already here (same contact, title and due date) is skipped."""
    _each(job, items, "follow_up", "follow-ups", _follow_up, "title")


def _follow_up(job: RecordImport, where: str, f: dict[str, Any], new_id: int | None) -> None:
    """One follow-up: restoring (``new_id``), a row for the next page; else added unless there."""
    try:
        owner = job.contact_of(f, where)
        what = text.note_text(f.get("title"), "The follow-up title")
        if not what:
            raise InvalidInput(f"{where}: no title")
        due = _need_date(f, "due", where)
        if (
            new_id is None
            and job.session.exec(
                select(FollowUp.id).where(
                    FollowUp.contact_id == owner, FollowUp.title == what, FollowUp.due == due
                )
            ).first()
            is not None
        ):
            return
        every = f.get("every")
        purpose = f.get("purpose")
        row = (
            owner,
            what,
            due,
            _opt_date(f, "done", where),
            _opt_date(f, "created", where) or job.today,
            job.interaction_ids.get(f.get("interaction_id")),
            # One step, as 'follow-up --every' takes it (not an ideal..maximum pair).
            str(parse_duration(str(every))) if every else None,
            _opt_date(f, "scheduled", where),
            f.get("cancelled") is True,
            purpose if isinstance(purpose, str) else None,
            job.rotation_ids.get(f.get("rotation_id")),
            job.letter_ids.get(f.get("letter_id")),
            job.screened(where, f, what),
        )
        if new_id is None:
            fields: dict[str, Any] = dict(zip(FOLLOW_UP_ROW[1:], row, strict=True))
            job.session.add(FollowUp(**fields))
        else:
            job.bulk.put("follow_up", FOLLOW_UP_ROW, (new_id, *row))
        job.counts["follow_ups"] += 1
    except MedcrmError as exc:
        job.reject(where, exc)


def import_settings(job: RecordImport, doc: dict[str, Any]) -> None:
    """The export's settings, each checked; a setting already made here is kept as it is."""
    stored = doc.get("settings")
    for key, value in sorted(stored.items() if isinstance(stored, dict) else []):
        try:
            checked = settings.check(str(key), str(value))
        except MedcrmError as exc:
            job.reject(f"settings[{key!r}]", exc)
            continue
        if job.session.get(SettingRow, key) is None:
            job.session.add(SettingRow(key=str(key), value=checked))
            job.counts["settings"] += 1


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
