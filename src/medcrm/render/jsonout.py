"""JSON for scripts: stable keys, dates as YYYY-MM-DD. Stdlib only (no Rich on this path)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from medcrm.records import (
    Agenda,
    ContactDetail,
    ContactRecord,
    FollowUpRecord,
    InteractionRecord,
    Reconnect,
)

# json.dumps escapes C0 controls itself; C1 controls and bidi overrides would pass through raw.
_UNSAFE = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def contact(c: ContactRecord) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "role": c.role,
        "institution": c.institution,
        "specialty": c.specialty,
        "email": c.email,
        "phone": c.phone,
        "tags": list(c.tags),
        "met": c.met,
        "notes": c.notes,
        "every": c.every,
        "last_contact": _iso(c.last_contact),
        "added": _iso(c.added),
        "reconnect_on": _iso(c.reconnect_on),
        "open_follow_ups": c.open_follow_ups,
        "next_due": _iso(c.next_due),
    }


def follow_up(f: FollowUpRecord) -> dict[str, Any]:
    return {
        "id": f.id,
        "contact_id": f.contact_id,
        "contact": f.contact,
        "title": f.title,
        "due": _iso(f.due),
        "done": _iso(f.done_on),
        "interaction_id": f.interaction_id,
    }


def interaction(i: InteractionRecord) -> dict[str, Any]:
    return {
        "id": i.id,
        "date": _iso(i.date),
        "kind": i.kind,
        "note": i.note,
        "contacts": [c.name for c in i.contacts],
        "contact_ids": [c.id for c in i.contacts],
    }


def detail(d: ContactDetail) -> dict[str, Any]:
    out = contact(d.contact)
    out["interactions"] = [interaction(i) for i in d.interactions]
    out["follow_ups"] = [follow_up(f) for f in d.follow_ups]
    return out


def reconnect(r: Reconnect) -> dict[str, Any]:
    out = contact(r.contact)
    out["since"] = _iso(r.since)
    out["days_overdue"] = r.days_overdue
    return out


def agenda(a: Agenda) -> dict[str, Any]:
    return {
        "date": _iso(a.today),
        "days": a.days,
        "overdue": [follow_up(f) for f in a.overdue],
        "today": [follow_up(f) for f in a.due_today],
        "upcoming": [follow_up(f) for f in a.upcoming],
        "reconnect": [reconnect(r) for r in a.reconnect],
        "counts": dict(a.counts),
    }


def dumps(data: object) -> str:
    """Pretty JSON with any character that could steer a terminal escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
