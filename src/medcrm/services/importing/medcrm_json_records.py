"""The records besides contacts in medcrm's JSON export, put back one kind at a time:
rotations, interactions, letters, follow-ups and settings (``medcrm import json``).

Each kind is read after the ones it points to, so its links (a follow-up's interaction, a
letter's contact) are renumbered to the ids those rows got in this database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from medcrm.pure import text, vocabulary
from medcrm.pure.dates import parse_duration
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.pure.phi import describe
from medcrm.services import phi, settings
from medcrm.services.importing.common import ImportResult, Rejection, _date_or_none
from medcrm.services.rotations import checked_rotation
from medcrm.storage.db import SessionWriter
from medcrm.storage.models import (
    FollowUp,
    Interaction,
    InteractionContact,
    Letter,
    Program,
    ProgramContact,
    ProgramLetter,
    ProgramStage,
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


def _no_counts() -> dict[str, int]:
    return {"rotations": 0, "interactions": 0, "letters": 0, "follow_ups": 0, "settings": 0,
            "programs": 0}  # fmt: skip


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
    contact_ids: dict[int, int]
    reader: SessionWriter = field(init=False)
    counts: dict[str, int] = field(default_factory=_no_counts)
    rotation_ids: dict[int, int] = field(default_factory=dict)
    interaction_ids: dict[int, int] = field(default_factory=dict)
    letter_ids: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reader = SessionWriter(self.session)

    def screened(self, where: str, item: dict[str, Any], *values: str | None) -> bool:
        """The row's phi_allowed mark; InvalidInput (the row is left out) when its text looks
        like patient information and neither --allow-phi nor the export allows it."""
        marked = item.get("phi_allowed") is True
        if self.copy:
            return marked
        found = next((f for v in values if (f := phi.findings(self.reader, v))), [])
        if found and not (self.allow_phi or marked):
            raise InvalidInput(
                f"{where}: looks like patient information: {describe(found)}; left out (import "
                "with --allow-phi if it is not about a patient)"
            )
        return bool(found) or marked

    def keep(self, row: Any, item: dict[str, Any]) -> None:
        """Give the new row its exported id when restoring."""
        if self.restore and isinstance(item.get("id"), int):
            row.id = item["id"]

    def reject(self, where: str, exc: MedcrmError) -> None:
        self.result.rejected.append(Rejection.from_error(where, exc))


def import_rotations(job: RecordImport, doc: dict[str, Any]) -> None:
    """The export's rotations; one with the same name as a rotation already here is that one."""
    session = job.session
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
                job.keep(rotation, r)
                session.add(rotation)
                session.flush()
                existing = rotation
                job.counts["rotations"] += 1
            assert existing.id is not None
            job.rotation_ids[r.get("id", -1)] = existing.id
        except MedcrmError as exc:
            job.reject(where, exc)


def import_interactions(job: RecordImport, doc: dict[str, Any]) -> None:
    """The export's interactions with their imported contacts; one already logged (same date,
    kind, note and contacts) is not logged again."""
    session = job.session
    for where, i in _items(doc, "interactions"):
        try:
            people = [job.contact_ids[c] for c in i.get("contacts") or [] if c in job.contact_ids]
            if not people:
                raise InvalidInput(f"{where}: none of its contacts was imported")
            day = _need_date(i, "date", where)
            kind = text.kind(str(i.get("kind") or "meeting"))
            note = text.note_text(i.get("note"))
            same = None if job.restore else _same_interaction(session, day, kind, note, people)
            if same is None:
                interaction = Interaction(
                    date=day,
                    kind=kind,
                    note=note,
                    rotation_id=job.rotation_ids.get(i.get("rotation_id", -1)),
                    phi_allowed=job.screened(where, i, note),
                )
                job.keep(interaction, i)
                session.add(interaction)
                session.flush()
                assert interaction.id is not None
                for cid in dict.fromkeys(people):
                    session.add(InteractionContact(interaction_id=interaction.id, contact_id=cid))
                same = interaction.id
                job.counts["interactions"] += 1
            job.interaction_ids[i.get("id", -1)] = same
        except MedcrmError as exc:
            job.reject(where, exc)


def import_letters(job: RecordImport, doc: dict[str, Any]) -> None:
    """The export's letters; one already here (same writer, target and day asked) is that one."""
    session = job.session
    for where, x in _items(doc, "letters"):
        try:
            writer = job.contact_ids.get(x.get("contact_id", -1))
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
                letter = _new_letter(x, where, writer, target, asked)
                letter.phi_allowed = job.screened(where, x, letter.target, letter.note)
                job.keep(letter, x)
                session.add(letter)
                session.flush()
                job.counts["letters"] += 1
            assert letter.id is not None
            job.letter_ids[x.get("id", -1)] = letter.id
        except MedcrmError as exc:
            job.reject(where, exc)


def _new_letter(
    x: dict[str, Any], where: str, writer: int, target: str | None, asked: date
) -> Letter:
    """An exported letter as a new row (not yet added), its status and dates checked."""
    status = str(x.get("status") or "asked")
    if status not in (*vocabulary.LETTER_STATUSES, "declined"):
        raise InvalidInput(f"{where}: unknown status {status!r}")
    return Letter(
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


def import_follow_ups(job: RecordImport, doc: dict[str, Any]) -> None:
    """The export's follow-ups, linked to their imported contact, interaction, rotation and
    letter; one already here (same contact, title and due date) is skipped."""
    session = job.session
    for where, f in _items(doc, "follow_ups"):
        try:
            owner = job.contact_ids.get(f.get("contact_id", -1))
            if owner is None:
                raise InvalidInput(f"{where}: its contact was not imported")
            what = text.note_text(f.get("title"), "The follow-up title")
            if not what:
                raise InvalidInput(f"{where}: no title")
            due = _need_date(f, "due", where)
            created = _opt_date(f, "created", where) or job.today
            duplicate = None if job.restore else session.exec(
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
                interaction_id=job.interaction_ids.get(f.get("interaction_id", -1)),
                # One step, as 'follow-up --every' takes it (not an ideal..maximum pair).
                every=str(parse_duration(str(every))) if every else None,
                scheduled=_opt_date(f, "scheduled", where),
                cancelled=f.get("cancelled") is True,
                purpose=f.get("purpose") if isinstance(f.get("purpose"), str) else None,
                rotation_id=job.rotation_ids.get(f.get("rotation_id", -1)),
                letter_id=job.letter_ids.get(f.get("letter_id", -1)),
                phi_allowed=job.screened(where, f, what),
            )
            job.keep(follow_up, f)
            session.add(follow_up)
            job.counts["follow_ups"] += 1
        except MedcrmError as exc:
            job.reject(where, exc)


def _clock(value: object, where: str) -> str | None:
    """A stored deadline ("2026-12-04T17:00"), checked."""
    if value is None:
        return None
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(value)).isoformat(timespec="minutes")
    except ValueError:
        raise InvalidInput(f"{where}: respond_by {value!r} is not a date and time") from None


def _ratings(value: object, where: str) -> dict[str, int]:
    """A program's ratings as its columns (rate_fit...), each 1 to 5."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for name, score in value.items():
        if name not in ("fit", "location", "training", "people"):
            continue
        if isinstance(score, bool) or not (isinstance(score, int) and 1 <= score <= 5):
            raise InvalidInput(f"{where}: rating {name} {score!r} is not 1 to 5")
        out[f"rate_{name}"] = score
    return out


def _listed(item: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = item.get(key) or []
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise InvalidInput(f"{where}: {key} is not a list of records")
    return value


def _program_extras(p: dict[str, Any], where: str) -> dict[str, Any]:
    """A program's signal and place on the rank list, checked."""
    signal, rank = p.get("signal"), p.get("rank")
    if signal not in (None, "standard", "gold"):
        raise InvalidInput(f"{where}: signal {signal!r} is not standard or gold")
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int)
                             or not 1 <= rank <= 10_000):  # fmt: skip
        raise InvalidInput(f"{where}: rank {rank!r} is not a place on a rank list")
    return {"signal": signal, "rank_position": rank}


def import_programs(job: RecordImport, doc: dict[str, Any]) -> None:
    """The export's programs, their moves and their people; one with the same name as a
    program already here is that one (its people are added to it)."""
    from medcrm.services.programs import ProgramFields, checked_columns, role_of, stage_of

    session = job.session
    for where, p in _items(doc, "programs"):
        try:
            given = {k: p.get(k) for k in ("name", "specialty", "institution", "city", "url",
                                          "note", "letters_required")}  # fmt: skip
            values = checked_columns(ProgramFields(**given)) | _ratings(p.get("ratings"), where)
            marked = job.screened(where, p, p.get("note"), p.get("institution"))
            moves = [(stage_of(str(m.get("stage"))), _need_date(m, "date", where))
                     for m in _listed(p, "stages", where)]  # fmt: skip
            people = [(job.contact_ids.get(x.get("contact_id", -1)), role_of(str(x.get("role"))))
                      for x in _listed(p, "people", where)]  # fmt: skip
            extra = _program_extras(p, where)
            program = session.exec(
                select(Program).where(Program.name_key == values["name_key"])
            ).first()
            if program is None:
                program = Program(
                    **values,  # type: ignore[arg-type]  # checked_columns: the model's columns
                    stage=stage_of(str(p.get("stage") or "interested")),
                    post_interview_contact=p.get("post_interview_contact") is not False,
                    added=_opt_date(p, "added", where) or job.today,
                    interview_on=_opt_date(p, "interview", where),
                    interview_virtual=p.get("virtual") is True,
                    social_on=_opt_date(p, "social", where),
                    respond_by=_clock(p.get("respond_by"), where),
                    **extra,
                    phi_allowed=marked,
                )
                job.keep(program, p)
                session.add(program)
                session.flush()
                assert program.id is not None
                session.add_all(ProgramStage(program_id=program.id, stage=stage, moved_on=on)
                                for stage, on in moves)  # fmt: skip
                job.counts["programs"] += 1
            assert program.id is not None
            for cid, role in people:
                if cid is not None and session.get(ProgramContact, (program.id, cid)) is None:
                    session.add(ProgramContact(program_id=program.id, contact_id=cid, role=role))
            for lid in (
                job.letter_ids.get(x) for x in p.get("letters") or [] if isinstance(x, int)
            ):
                if lid is not None and session.get(ProgramLetter, (program.id, lid)) is None:
                    session.add(ProgramLetter(program_id=program.id, letter_id=lid))
            session.flush()
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
