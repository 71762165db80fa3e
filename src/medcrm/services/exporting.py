"""Taking everything out: JSON (lossless, versioned), CSV, vCard and iCalendar.

Exports are deterministic (rows by id, keys in a fixed order, no timestamp), so the same data
always gives the same bytes: ``export json``, ``import json`` into an empty database, and
``export json`` again gives an identical file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date
from typing import Any

from medcrm.pure.sanitize import strip_controls_in_file
from medcrm.storage import queries as views
from medcrm.storage import revisions
from medcrm.storage.connection import Reader

FORMAT_VERSION = 1

CSV_COLUMNS = (
    "name", "role", "institution", "specialty", "email", "phone", "tags", "met", "met_on",
    "notes", "every", "level", "mentor", "added", "last_contact", "uid",
)  # fmt: skip


def _iso(value: object) -> str | None:
    if value is None or isinstance(value, str):  # SQLite keeps dates as ISO text already
        return value
    return views.to_date(value).isoformat()


def everything(reader: Reader) -> dict[str, Any]:
    """The whole database as medcrm's JSON export (format version 1)."""
    tags = views.tags_by_contact(reader, None)
    contacts = [
        {
            "id": int(r["id"]),
            "uid": r["uid"],
            "name": r["name"],
            "role": r["role"],
            "institution": r["institution"],
            "specialty": r["specialty"],
            "email": r["email"],
            "phone": r["phone"],
            "tags": tags.get(int(r["id"]), []),
            "met": r["met"],
            "met_on": _iso(r["met_on"]),
            "notes": r["notes"],
            "every": r["every"],
            "level": r["level"],
            "mentor": bool(r["mentor"]),
            "added": _iso(r["added"]),
            "extra": views.extra_dict(r["extra"]),
            "phi_allowed": bool(r["phi_allowed"]),
        }
        for r in reader.rows(
            "SELECT id, uid, name, role, institution, specialty, email, phone, met, met_on, "
            "notes, every, level, mentor, added, extra, phi_allowed FROM contact ORDER BY id"
        )
    ]
    people: dict[int, list[int]] = {}
    for r in reader.rows(
        "SELECT interaction_id, contact_id FROM interaction_contact "
        "ORDER BY interaction_id, contact_id"
    ):
        people.setdefault(int(r["interaction_id"]), []).append(int(r["contact_id"]))
    interactions = [
        {
            "id": int(r["id"]),
            "date": _iso(r["date"]),
            "kind": r["kind"],
            "note": r["note"],
            "contacts": people.get(int(r["id"]), []),
            "rotation_id": r["rotation_id"],
            "phi_allowed": bool(r["phi_allowed"]),
        }
        for r in reader.rows(
            "SELECT id, date, kind, note, rotation_id, phi_allowed FROM interaction ORDER BY id"
        )
    ]
    rotations = [
        {
            "id": int(r["id"]),
            "name": r["name"],
            "start": _iso(r["starts_on"]),
            "end": _iso(r["ends_on"]),
            "service": r["service"],
            "site": r["site"],
        }
        for r in reader.rows(
            "SELECT id, name, starts_on, ends_on, service, site FROM rotation ORDER BY id"
        )
    ]
    letters = [
        {
            "id": int(r["id"]),
            "contact_id": int(r["contact_id"]),
            "for": r["target"],
            "kind": r["kind"],
            "waived": bool(r["waived"]),
            "due": _iso(r["due"]),
            "status": r["status"],
            "asked": _iso(r["asked_on"]),
            "agreed": _iso(r["agreed_on"]),
            "materials_sent": _iso(r["materials_sent_on"]),
            "submitted": _iso(r["submitted_on"]),
            "thanked": _iso(r["thanked_on"]),
            "declined": _iso(r["declined_on"]),
            "note": r["note"],
            "phi_allowed": bool(r["phi_allowed"]),
        }
        for r in reader.rows(
            "SELECT id, contact_id, target, kind, waived, due, status, asked_on, agreed_on, "
            "materials_sent_on, submitted_on, thanked_on, declined_on, note, phi_allowed "
            "FROM letter ORDER BY id"
        )
    ]
    follow_ups = [
        {
            "id": int(r["id"]),
            "contact_id": int(r["contact_id"]),
            "title": r["title"],
            "due": _iso(r["due"]),
            "done": _iso(r["done_on"]),
            "created": _iso(r["created"]),
            "interaction_id": r["interaction_id"],
            "every": r["every"],
            "scheduled": _iso(r["scheduled"]),
            "cancelled": bool(r["cancelled"]),
            "purpose": r["purpose"],
            "rotation_id": r["rotation_id"],
            "letter_id": r["letter_id"],
            "phi_allowed": bool(r["phi_allowed"]),
        }
        for r in reader.rows(
            "SELECT id, contact_id, title, due, done_on, created, interaction_id, every, "
            "scheduled, cancelled, purpose, rotation_id, letter_id, phi_allowed FROM follow_up "
            "ORDER BY id"
        )
    ]
    settings = {
        str(r["key"]): str(r["value"])
        for r in reader.rows("SELECT key, value FROM setting ORDER BY key")
    }
    return {
        "medcrm": "export",
        "version": FORMAT_VERSION,
        "schema": revisions.HEAD,
        "contacts": contacts,
        "rotations": rotations,
        "interactions": interactions,
        "letters": letters,
        "follow_ups": follow_ups,
        "settings": settings,
    }


def to_json(reader: Reader) -> str:
    """The export as text: one record per line inside each list.

    Readable and easy to diff (a changed contact is a changed line), and fast: each record
    goes through json's C encoder, which ``indent=`` would switch off (10,000 contacts in well
    under a second instead of several).
    """
    data = everything(reader)
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            body = ",\n".join("    " + _dumps(item) for item in value)
            parts.append(f"  {_dumps(key)}: [\n{body}\n  ]" if value else f"  {_dumps(key)}: []")
        elif isinstance(value, dict) and value:
            body = ",\n".join(f"    {_dumps(k)}: {_dumps(v)}" for k, v in value.items())
            parts.append(f"  {_dumps(key)}: {{\n{body}\n  }}")
        else:
            parts.append(f"  {_dumps(key)}: {_dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- CSV ---------------------------------------------------------------------------------

# What a spreadsheet runs as a formula; the CSV import undoes the quote it gets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: ``=1+1`` becomes ``'=1+1``.

    medcrm's CSV import removes the quote again, so ``+1 555-0100`` round-trips.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(reader: Reader) -> str:
    """Contacts, one row each (medcrm's CSV; ``import csv`` reads it back)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in views.list_contacts(reader).rows:
        row = {
            "name": c.name,
            "role": c.role,
            "institution": c.institution,
            "specialty": c.specialty,
            "email": c.email,
            "phone": c.phone,
            "tags": ", ".join(c.tags),
            "met": c.met,
            "met_on": c.met_on.isoformat() if c.met_on else None,
            "notes": c.notes,
            "every": c.every,
            "level": c.level,
            "mentor": "yes" if c.mentor else "",
            "added": c.added.isoformat(),
            "last_contact": c.last_contact.isoformat() if c.last_contact else None,
            "uid": c.uid,
        }
        writer.writerow([neutralise(str(row[k] or "")) for k in CSV_COLUMNS])
    return strip_controls_in_file(out.getvalue())


# --- vCard -------------------------------------------------------------------------------


def vcards(reader: Reader) -> list[tuple[str, str]]:
    """Every contact as a vCard 3.0: (uid, text). medcrm's own fields are X-MEDCRM-*; what an
    imported card had that medcrm has no field for is given back as it came."""
    import vobject

    cards: list[tuple[str, str]] = []
    for c in views.list_contacts(reader).rows:
        card = vobject.vCard()
        card.add("version").value = "3.0"
        card.add("uid").value = c.uid
        card.add("fn").value = c.name
        words = c.name.split()
        prefix = words.pop(0) if len(words) > 1 and words[0].lower() in _PREFIXES else ""
        card.add("n").value = vobject.vcard.Name(
            family=words[-1] if len(words) > 1 else " ".join(words),
            given=" ".join(words[:-1]) if len(words) > 1 else "",
            prefix=prefix,
        )
        _channels(card, "email", c.email, c.extra.get("emails"))
        _channels(card, "tel", c.phone, c.extra.get("phones"))
        if c.institution:
            card.add("org").value = [c.institution]
        title = c.extra.get("title")
        if isinstance(title, str) and title:
            card.add("title").value = title
        for key in ("linkedin", "url"):
            link = c.extra.get(key)
            if isinstance(link, str) and link:
                card.add("url").value = link
        if c.notes:
            card.add("note").value = c.notes
        if c.tags:
            card.add("categories").value = list(c.tags)
        mine = {
            "X-MEDCRM-ROLE": c.role,
            "X-MEDCRM-SPECIALTY": c.specialty,
            "X-MEDCRM-MET": c.met,
            "X-MEDCRM-MET-ON": c.met_on.isoformat() if c.met_on else None,
            "X-MEDCRM-EVERY": c.every,
            "X-MEDCRM-LEVEL": c.level,
            "X-MEDCRM-MENTOR": "yes" if c.mentor else None,
            "X-MEDCRM-ADDED": c.added.isoformat(),
        }
        for prop, value in mine.items():
            if value:
                card.add(prop.lower()).value = value
        kept = c.extra.get("vcard")
        for line in kept if isinstance(kept, list) else []:
            try:
                card.add(vobject.base.textLineToContentLine(str(line)))
            except Exception:  # a kept line vobject cannot read any more: leave it out
                continue
        cards.append((c.uid, strip_controls_in_file(card.serialize())))
    return cards


_LABEL = re.compile(r"[^\w \-]+")


def _channels(card: Any, prop: str, primary: str | None, every: object) -> None:
    """EMAIL or TEL lines: every one an import kept (with its label as TYPE), the primary one
    marked ``pref``; just the primary when there is no list."""
    listed = [e for e in every if isinstance(e, dict)] if isinstance(every, list) else []
    values = [str(e.get("value") or "") for e in listed]
    if primary and primary not in values:
        listed.insert(0, {"value": primary})
    for entry in listed:
        value = str(entry.get("value") or "").strip()
        if not value:
            continue
        line = card.add(prop)
        line.value = value
        types = [t for t in _LABEL.sub("", str(entry.get("label") or "")).split(", ") if t]
        if value == primary and len(listed) > 1:
            types.append("pref")
        if types:
            line.type_param = types if len(types) > 1 else types[0]


# --- iCalendar ----------------------------------------------------------------------------

_PREFIXES = ("dr", "dr.", "prof", "prof.", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "mx", "mx.")


def to_ics(reader: Reader, *, today: date) -> str:
    """Open follow-ups and letter deadlines as iCalendar to-dos (VTODO) with due dates and,
    for repeating follow-ups, recurrence rules, so a calendar or task app shows them."""
    from datetime import datetime

    from icalendar import Calendar, Todo, vRecur

    from medcrm.pure.dates import parse_duration

    cal = Calendar()
    cal.add("prodid", "-//medcrm//follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "medcrm follow-ups")
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    for f in views.list_follow_ups(reader):
        todo = Todo()
        todo.add("uid", f"follow-up-{f.id}@medcrm")
        todo.add("dtstamp", stamp)
        todo.add("summary", f"{f.title} ({f.contact})")
        todo.add("due", f.due)
        todo.add("status", "NEEDS-ACTION")
        if f.purpose:
            todo.add("categories", [f.purpose])
        if f.every:
            step = parse_duration(f.every)
            todo.add("rrule", vRecur(freq=step.frequency, interval=step.count))
        cal.add_component(todo)
    for x in views.list_letters(reader, open_only=True):
        todo = Todo()
        todo.add("uid", f"letter-{x.id}@medcrm")
        todo.add("dtstamp", stamp)
        todo.add("summary", f"Letter deadline: {x.contact} for {x.target} ({x.status})")
        todo.add("due", x.due)
        todo.add("status", "NEEDS-ACTION")
        todo.add("categories", ["letter"])
        cal.add_component(todo)
    return strip_controls_in_file(str(cal.to_ical().decode("utf-8")))
