"""The letters in medcrm's JSON export, put back after the interactions and before the
follow-ups that point to them (``medcrm import json``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import select

from medcrm.pure import text, vocabulary
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.services.importing.json_stream import Record
from medcrm.services.importing.medcrm_json_records import RecordImport, _need_date, _opt_date
from medcrm.storage.models import Letter


def import_letters(job: RecordImport, items: Iterable[Record]) -> None:
    """The export's letters; one already here (same writer, target and day asked) is that one."""
    session = job.session
    for where, x in job.in_order(items):
        try:
            writer = job.contact_of(x, where)
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
                job.keep(letter, x, "letter")
                session.add(letter)
                session.flush()
                job.counts["letters"] += 1
            assert letter.id is not None
            job.letter_ids[x.get("id")] = letter.id
        except MedcrmError as exc:
            job.reject(where, exc)


def _waiver(value: object, where: str) -> bool | None:
    """A letter's waiver: true, false or null (not known); "yes"/"no" as typed by hand."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "true", "no", "false"):
        return value.strip().lower() in ("yes", "true")
    raise InvalidInput(f"{where}: waived {value!r} is not true, false or null")


def _letter_id(value: object, where: str) -> str | None:
    """The ERAS Letter ID: text (or a number typed without quotes)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidInput(f"{where}: letter_id {value!r} is not an ERAS Letter ID")
    return text.one_line(str(value), f"{where}: letter_id")


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
        kind=text.letter_kind(str(x.get("type") or x.get("kind") or "narrative")),
        waived=_waiver(x.get("waived", True), where),
        eras_id=_letter_id(x.get("letter_id"), where),
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
