"""JSON for scripts: stable keys, dates as YYYY-MM-DD. Stdlib only (no Rich on this path)."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import date
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
    return {
        f.name: _iso(v) if isinstance(v := getattr(c, f.name), date) else _copy(v)
        for f in fields(c)
    }


def _copy(value: object) -> object:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def follow_up(f: FollowUpRecord) -> dict[str, Any]:
    return {
        "id": f.id,
        "contact_id": f.contact_id,
        "contact": f.contact,
        "title": f.title,
        "due": _iso(f.due),
        "done": _iso(f.done_on),
        "interaction_id": f.interaction_id,
        "every": f.every,
        "purpose": f.purpose,
        "rotation_id": f.rotation_id,
        "letter_id": f.letter_id,
        "cancelled": f.cancelled,
    }


def interaction(i: InteractionRecord) -> dict[str, Any]:
    return {
        "id": i.id,
        "date": _iso(i.date),
        "kind": i.kind,
        "note": i.note,
        "contacts": [c.name for c in i.contacts],
        "contact_ids": [c.id for c in i.contacts],
        "rotation_id": i.rotation_id,
        "rotation": i.rotation,
    }


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
    return {
        "id": p.id,
        "name": p.name,
        "stage": p.stage,
        "specialty": p.specialty,
        "institution": p.institution,
        "city": p.city,
        "url": p.url,
        "note": p.note,
        "letters_required": p.letters_required,
        "post_interview_contact": p.post_interview_contact,
        "added": _iso(p.added),
        "since": _iso(p.moved_on),
        "interview": _iso(p.interview_on),
        "virtual": p.interview_virtual,
        "social": _iso(p.social_on),
        "respond_by": None if p.respond_by is None else p.respond_by.isoformat(timespec="minutes"),
        "signal": p.signal,
        "ratings": dict(p.ratings),
        "rank": p.rank_position,
        "people": p.people,
    }


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
    return {
        "id": r.id,
        "name": r.name,
        "start": _iso(r.starts_on),
        "end": _iso(r.ends_on),
        "service": r.service,
        "site": r.site,
        "interactions": r.interactions,
        "people": r.people,
    }


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
    return {
        "id": x.id,
        "contact_id": x.contact_id,
        "contact": x.contact,
        "for": x.target,
        "type": x.kind,
        "kind": x.kind,
        "waived": x.waived,
        "letter_id": x.eras_id,
        "due": _iso(x.due),
        "status": x.status,
        "asked": _iso(x.asked_on),
        "agreed": _iso(x.agreed_on),
        "materials_sent": _iso(x.materials_sent_on),
        "submitted": _iso(x.submitted_on),
        "thanked": _iso(x.thanked_on),
        "declined": _iso(x.declined_on),
        "note": x.note,
    }


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
    return {
        "id": x.id,
        "title": x.title,
        "due": _iso(x.due),
        "program_id": x.program_id,
        "program": x.program,
        "done": _iso(x.done_on),
    }


def _mentor_item(item: FollowUpRecord | Reconnect) -> dict[str, Any]:
    if isinstance(item, Reconnect):
        return {"type": "reconnect-soon" if item.soon else "reconnect", **reconnect(item)}
    return {"type": "follow-up", **follow_up(item)}


def agenda(a: Agenda) -> dict[str, Any]:
    return {
        "date": _iso(a.today),
        "days": a.days,
        "mentors": [_mentor_item(m) for m in a.mentors],
        "overdue": [follow_up(f) for f in a.overdue],
        "today": [follow_up(f) for f in a.due_today],
        "upcoming": [follow_up(f) for f in a.upcoming],
        "before_you_go": [
            {"rotation": rotation(b.rotation), "follow_ups": [follow_up(f) for f in b.follow_ups]}
            for b in a.before_you_go
        ],
        "letters": [letter(x) for x in a.letters],
        "reconnect": [reconnect(r) for r in a.reconnect],
        "reconnect_soon": [reconnect(r) for r in a.reconnect_soon],
        "counts": dict(a.counts),
        "invitations": [program(p) for p in a.invitations],
        "deadlines": [deadline(x) for x in a.deadlines],
        **({} if a.person is None else {"contact": contact(a.person)}),
    }


def day_by_day(d: DayByDay) -> dict[str, Any]:
    return {
        "date": _iso(d.today),
        "days": d.days,
        "overdue": [follow_up(f) for f in d.overdue],
        "letter_deadlines_passed": [letter(x) for x in d.missed_letters],
        "deadlines_passed": [deadline(x) for x in d.missed_deadlines],
        "schedule": [
            {
                "date": _iso(day.day),
                "follow_ups": [follow_up(f) for f in day.follow_ups],
                "letter_deadlines": [letter(x) for x in day.letters],
                "rotation_starts": [rotation(r) for r in day.starts],
                "rotation_ends": [rotation(r) for r in day.ends],
                "interviews": [program(p) for p in day.interviews],
                "socials": [program(p) for p in day.socials],
                "deadlines": [deadline(x) for x in day.deadlines],
            }
            for day in d.schedule
        ],
        **({} if d.person is None else {"contact": contact(d.person)}),
    }


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
    return {
        "dry_run": r.dry_run,
        "created": r.created,
        "merged": r.merged,
        "skipped": r.skipped,
        "rejected": [{"where": x.where, "reason": x.reason} for x in r.rejected],
        "other": r.other,
    }


def settings(rows: list[Setting]) -> dict[str, Any]:
    return {s.key: s.value for s in rows}


def doctor(r: Report) -> dict[str, Any]:
    return {
        "path": str(r.path),
        "from": r.source,
        "exists": r.exists,
        "size": r.size,
        "schema": r.revision,
        "contacts": r.contacts,
        "sqlite": r.sqlite_version,
        "journal_mode": r.journal_mode,
        "integrity": r.integrity,
        "foreign_keys": r.foreign_keys,
        "file_mode": r.file_mode,
        "folder_mode": r.folder_mode,
        "backups": r.backups,
        "newest_backup": None if r.newest_backup is None else str(r.newest_backup),
        "newest_backup_age_days": r.backup_age_days,
        "synced_folder": r.sync,
        "foreign": r.foreign,
        "missing": r.missing,
        "problems": r.problems,
    }


def phi_scan(s: Scan) -> dict[str, Any]:
    return {"scanned": s.scanned, "flagged": s.flagged, "allowed": s.allowed, "clean": s.clean}


def server_doctor(r: ServerReport) -> dict[str, Any]:
    return {
        "url": r.url,
        "from": r.source,
        "reachable": r.reachable,
        "server": r.server_version,
        "schema": r.revision,
        "contacts": r.contacts,
        "problems": r.problems,
    }


def dumps(data: object) -> str:
    """Pretty JSON with any character that could steer a terminal escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def vdir_sync(r: VdirSync) -> dict[str, Any]:
    return {
        "folder": str(r.folder), "dry_run": r.dry_run, "added": r.added, "updated": r.updated,
        "written": r.written, "conflicts": r.conflicts, "deleted": r.deleted,
        "removed": r.removed, "tagged": r.tagged, "rejected": r.rejected,
    }  # fmt: skip
