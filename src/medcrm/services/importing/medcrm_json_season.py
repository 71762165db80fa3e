"""The application season's records in medcrm's JSON export, put back after the rest: the
programs with their moves, people, letters and ratings, then the season's deadlines."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import select

from medcrm.pure import text
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.services.importing.json_stream import Record
from medcrm.services.importing.medcrm_json_records import (
    RecordImport,
    _need_date,
    _opt_date,
)
from medcrm.storage.models import Deadline, Program, ProgramContact, ProgramLetter, ProgramStage


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


def import_programs(job: RecordImport, items: Iterable[Record]) -> None:
    """The export's programs, their moves and their people; one with the same name as a
    program already here is that one (its people are added to it)."""
    from medcrm.services.programs import ProgramFields, checked_columns, role_of, stage_of

    session = job.session
    for where, p in job.in_order(items):
        try:
            given = {k: p.get(k) for k in ("name", "specialty", "institution", "city", "url",
                                          "note", "letters_required")}  # fmt: skip
            values = checked_columns(ProgramFields(**given)) | _ratings(p.get("ratings"), where)
            marked = job.screened(where, p, p.get("note"), p.get("institution"))
            moves = [(stage_of(str(m.get("stage"))), _need_date(m, "date", where))
                     for m in _listed(p, "stages", where)]  # fmt: skip
            people = [(job.contact_ids.get(x.get("contact_id")), role_of(str(x.get("role"))))
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
                job.keep(program, p, "program")
                session.add(program)
                session.flush()
                assert program.id is not None
                session.add_all(ProgramStage(program_id=program.id, stage=stage, moved_on=on)
                                for stage, on in moves)  # fmt: skip
                job.counts["programs"] += 1
            assert program.id is not None
            if isinstance(p.get("id"), int):
                job.program_ids[p["id"]] = program.id
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


def import_deadlines(job: RecordImport, items: Iterable[Record]) -> None:
    """The export's deadlines (a program's with that program's new id); one with the same
    title, day and program as one here is that one."""
    for where, d in job.in_order(items):
        try:
            if not isinstance(d.get("title"), str):
                raise InvalidInput(f"{where}: title is not text")
            title = text.one_line(d["title"], f"{where}: title", required=True)
            due = _need_date(d, "due", where)
            exported = d.get("program_id")
            if exported is not None and (
                isinstance(exported, bool) or not isinstance(exported, int)
            ):
                raise InvalidInput(f"{where}: program_id {exported!r} is not a program's id")
            program = None if exported is None else job.program_ids.get(exported)
            if exported is not None and program is None:
                raise InvalidInput(f"{where}: program_id {exported!r} is not in the export")
            same = job.session.exec(
                select(Deadline).where(
                    Deadline.title == title, Deadline.due == due, Deadline.program_id == program
                )
            ).first()
            if same is not None:
                continue
            row = Deadline(title=title or "", due=due, program_id=program,
                           done_on=_opt_date(d, "done", where),
                           created=_opt_date(d, "created", where) or job.today,
                           phi_allowed=job.screened(where, d, title))  # fmt: skip
            job.keep(row, d, "deadline")
            job.session.add(row)
            job.session.flush()
            job.counts["deadlines"] += 1
        except MedcrmError as exc:
            job.reject(where, exc)
