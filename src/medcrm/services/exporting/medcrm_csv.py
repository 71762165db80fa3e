"""medcrm's CSV export: contacts (or the season's programs), one row each, safe to open in a
spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from medcrm.pure.sanitize import FORMULA_STARTS as FORMULA_STARTS
from medcrm.pure.sanitize import neutralise as neutralise
from medcrm.pure.sanitize import strip_controls_in_file
from medcrm.storage import queries as views
from medcrm.storage.connection import Reader

CSV_COLUMNS = (
    "name", "role", "institution", "specialty", "email", "phone", "tags", "met", "met_on",
    "notes", "every", "level", "mentor", "added", "last_contact", "uid",
)  # fmt: skip


def to_csv(reader: Reader) -> str:
    """Contacts, one row each (medcrm's CSV; ``import csv`` reads it back)."""
    return "".join(csv_chunks(reader))


def csv_chunks(reader: Reader) -> Iterator[str]:
    """:func:`to_csv` a page of contacts at a time: memory flat in the number of contacts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for n, c in enumerate(views.every_contact(reader), 1):
        if n % 500 == 0:
            yield strip_controls_in_file(out.getvalue())
            out.seek(0)
            out.truncate()
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
    yield strip_controls_in_file(out.getvalue())


PROGRAM_COLUMNS = (
    "id", "name", "stage", "specialty", "institution", "city", "url", "letters_required",
    "post_interview_contact", "interview", "virtual", "social", "respond_by", "signal", "fit",
    "location", "training", "people_rating", "rank", "people", "added", "note",
)  # fmt: skip


def programs_csv(reader: Reader) -> str:
    """The programs, one row each, by name (``export csv --programs``): for a spreadsheet of
    the season, not read back (``export json`` keeps everything)."""
    from medcrm.storage.queries.programs import list_programs

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PROGRAM_COLUMNS)
    for p in list_programs(reader):
        row = {
            "id": p.id, "name": p.name, "stage": p.stage, "specialty": p.specialty,
            "institution": p.institution, "city": p.city, "url": p.url,
            "letters_required": p.letters_required,
            "post_interview_contact": "yes" if p.post_interview_contact else "no",
            "interview": _day(p.interview_on), "virtual": "yes" if p.interview_virtual else "",
            "social": _day(p.social_on),
            "respond_by": p.respond_by.isoformat(timespec="minutes") if p.respond_by else None,
            "signal": p.signal, "fit": p.ratings.get("fit"),
            "location": p.ratings.get("location"), "training": p.ratings.get("training"),
            "people_rating": p.ratings.get("people"), "rank": p.rank_position,
            "people": p.people, "added": _day(p.added), "note": p.note,
        }  # fmt: skip
        writer.writerow(
            [neutralise("" if row[k] is None else str(row[k])) for k in PROGRAM_COLUMNS]
        )
    return strip_controls_in_file(out.getvalue())


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
