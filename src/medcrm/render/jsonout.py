"""JSON for scripts: stable keys, dates as YYYY-MM-DD. Stdlib only (no Rich on this path)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from medcrm.pure.records import (
    Agenda,
    ContactDetail,
    ContactRecord,
    DeadlineRecord,
    FollowUpRecord,
    InteractionRecord,
    LetterRecord,
    ProgramDetail,
    ProgramRecord,
    Reconnect,
    RotationDetail,
    RotationRecord,
    Suggestion,
)

if TYPE_CHECKING:
    from medcrm.pure.results import (
        DayByDay,
        ImportResult,
        Report,
        Scan,
        ServerReport,
        Setting,
        Stats,
        VdirSync,
    )

# json.dumps escapes C0 controls itself; C1 controls and bidi overrides would pass through raw.
_UNSAFE = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def contact(c: ContactRecord) -> dict[str, Any]:
    """Every field of the record, dates as ISO text (so a new column shows up by itself)."""
    return {f.name: _value(getattr(c, f.name)) for f in fields(c)}


def _fields(record: object, keys: str, **more: object) -> dict[str, Any]:
    """``record``'s fields under ``keys`` (space-separated, in order; ``key=field`` writes a
    field under another key), dates as ISO text, lists and dicts copied; ``more`` gives the
    value of a key itself."""
    return {
        key: more[key] if key in more else _value(getattr(record, name))
        for key, name in _keys(keys)
    }


@cache
def _keys(keys: str) -> tuple[tuple[str, str], ...]:
    """``"id done=done_on"`` as ``(("id", "id"), ("done", "done_on"))``."""
    return tuple((k, name or k) for k, _, name in (key.partition("=") for key in keys.split()))


def _value(value: object) -> object:
    if isinstance(value, date):
        return _iso(value)
    if isinstance(value, list):
        return [_record(v) for v in value]
    if isinstance(value, dict):
        return dict(value)
    return value


def _record(value: object) -> object:
    """A record in a list written by its own function (``follow_up``, ``letter``...); any other
    value as it is."""
    write = _WRITERS.get(type(value))
    return value if write is None else write(value)


def _one_person(out: dict[str, Any], person: ContactRecord | None) -> dict[str, Any]:
    """``out``, and last the contact when the view is one person's (``due WHO``)."""
    if person is not None:
        out["contact"] = contact(person)
    return out


def follow_up(f: FollowUpRecord) -> dict[str, Any]:
    return _fields(
        f,
        "id contact_id contact title due done=done_on interaction_id every purpose "
        "rotation_id letter_id cancelled",
    )


def interaction(i: InteractionRecord) -> dict[str, Any]:
    names, ids = [c.name for c in i.contacts], [c.id for c in i.contacts]
    return _fields(
        i,
        "id date kind note contacts contact_ids rotation_id rotation",
        contacts=names,
        contact_ids=ids,
    )


def detail(d: ContactDetail) -> dict[str, Any]:
    out = contact(d.contact)
    out["interactions"] = [interaction(i) for i in d.interactions]
    out["follow_ups"] = [follow_up(f) for f in d.follow_ups]
    out["letters"] = [letter(x) for x in d.letters]
    out["rotations"] = [rotation(r) for r in d.rotations]
    out["programs"] = [{**program(p), "role": role} for p, role in d.programs]
    return out


def reconnect(r: Reconnect) -> dict[str, Any]:
    out = contact(r.contact)
    out["since"] = _iso(r.since)
    out["days_overdue"] = r.days_overdue
    return out


def program(p: ProgramRecord) -> dict[str, Any]:
    respond_by = None if p.respond_by is None else p.respond_by.isoformat(timespec="minutes")
    return _fields(
        p,
        "id name stage specialty institution city url note letters_required "
        "post_interview_contact added since=moved_on interview=interview_on "
        "virtual=interview_virtual social=social_on respond_by signal ratings "
        "rank=rank_position people",
        respond_by=respond_by,
    )


def program_detail(d: ProgramDetail) -> dict[str, Any]:
    out = program(d.program)
    out["people"] = [{"id": x.contact.id, "name": x.contact.name, "role": x.role} for x in d.people]
    out["stages"] = [{"stage": stage, "date": _iso(on)} for stage, on in d.stages]
    out["interactions"] = [interaction(i) for i in d.interactions]
    out["follow_ups"] = [follow_up(f) for f in d.follow_ups]
    out["deadlines"] = [deadline(x) for x in d.deadlines]
    out["letters"] = [letter(x) for x in d.letters]
    return out


def rotation(r: RotationRecord) -> dict[str, Any]:
    return _fields(r, "id name start=starts_on end=ends_on service site interactions people")


def rotation_detail(d: RotationDetail) -> dict[str, Any]:
    out = rotation(d.rotation)
    out["met"] = [
        {
            "id": p.contact.id,
            "name": p.contact.name,
            "role": p.role,
            "interactions": p.interactions,
            "first": _iso(p.first),
            "last": _iso(p.last),
        }
        for p in d.people
    ]
    out["interactions_logged"] = [interaction(i) for i in d.interactions]
    out["follow_ups"] = [follow_up(f) for f in d.follow_ups]
    return out


def letter(x: LetterRecord) -> dict[str, Any]:
    return _fields(
        x,
        "id contact_id contact for=target type=kind kind waived letter_id=eras_id "
        "due status asked=asked_on agreed=agreed_on materials_sent=materials_sent_on "
        "submitted=submitted_on thanked=thanked_on declined=declined_on note",
    )


def suggestion(s: Suggestion) -> dict[str, Any]:
    out = contact(s.contact)
    out.update(
        score=s.score,
        reason=s.reason,
        interactions=s.interactions,
        rotation_days=s.rotation_days,
        last_seen=_iso(s.last),
    )
    return out


def deadline(x: DeadlineRecord) -> dict[str, Any]:
    return _fields(x, "id title due program_id program done=done_on")


def _mentor_item(item: FollowUpRecord | Reconnect) -> dict[str, Any]:
    if isinstance(item, Reconnect):
        return {"type": "reconnect-soon" if item.soon else "reconnect", **reconnect(item)}
    return {"type": "follow-up", **follow_up(item)}


def agenda(a: Agenda) -> dict[str, Any]:
    before_you_go = [
        _fields(b, "rotation follow_ups", rotation=rotation(b.rotation)) for b in a.before_you_go
    ]
    out = _fields(
        a,
        "date=today days mentors overdue today=due_today upcoming before_you_go letters "
        "reconnect reconnect_soon counts invitations deadlines",
        mentors=[_mentor_item(m) for m in a.mentors],
        before_you_go=before_you_go,
    )
    return _one_person(out, a.person)


def day_by_day(d: DayByDay) -> dict[str, Any]:
    schedule = [
        _fields(
            day,
            "date=day follow_ups letter_deadlines=letters rotation_starts=starts "
            "rotation_ends=ends interviews socials deadlines",
        )
        for day in d.schedule
    ]
    out = _fields(
        d,
        "date=today days overdue letter_deadlines_passed=missed_letters "
        "deadlines_passed=missed_deadlines schedule",
        schedule=schedule,
    )
    return _one_person(out, d.person)


def stats(s: Stats) -> dict[str, Any]:
    return {
        "date": _iso(s.today),
        "contacts": s.contacts,
        "interactions": s.interactions,
        "open_follow_ups": s.open_follow_ups,
        "mentors": s.mentors,
        "by_role": dict(s.by_role),
        "by_specialty": dict(s.by_specialty),
        "interactions_per_month": dict(s.per_month),
        "drifting": [reconnect(r) for r in s.drifting],
        "most_contacted": [
            {"id": ref.id, "name": ref.name, "interactions": n, "last": _iso(last)}
            for ref, n, last in s.most_contacted
        ],
        "letters": dict(s.letters),
    }


def import_result(r: ImportResult) -> dict[str, Any]:
    rejected = [{"where": x.where, "reason": x.reason} for x in r.rejected]
    return _fields(r, "dry_run created merged skipped rejected other", rejected=rejected)


def settings(rows: list[Setting]) -> dict[str, Any]:
    return {s.key: s.value for s in rows}


def doctor(r: Report) -> dict[str, Any]:
    newest = None if r.newest_backup is None else str(r.newest_backup)
    return _fields(
        r,
        "path from=source exists size schema=revision contacts sqlite=sqlite_version "
        "journal_mode integrity foreign_keys file_mode folder_mode backups "
        "newest_backup newest_backup_age_days=backup_age_days synced_folder=sync "
        "foreign missing problems",
        path=str(r.path),
        newest_backup=newest,
    )


def phi_scan(s: Scan) -> dict[str, Any]:
    return _fields(s, "scanned flagged allowed clean")


def server_doctor(r: ServerReport) -> dict[str, Any]:
    return _fields(
        r, "url from=source reachable server=server_version schema=revision contacts problems"
    )


def dumps(data: object) -> str:
    """Pretty JSON with any character that could steer a terminal escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def vdir_sync(r: VdirSync) -> dict[str, Any]:
    return _fields(
        r,
        "folder dry_run added updated written conflicts deleted removed tagged rejected",
        folder=str(r.folder),
    )


# The records a result's lists hold, each written by its own function (see _record).
_WRITERS: dict[type, Callable[[Any], dict[str, Any]]] = {
    FollowUpRecord: follow_up,
    LetterRecord: letter,
    RotationRecord: rotation,
    ProgramRecord: program,
    DeadlineRecord: deadline,
    Reconnect: reconnect,
}
