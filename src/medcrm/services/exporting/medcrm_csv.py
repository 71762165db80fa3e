"""medcrm's CSV export: contacts, one row each, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

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
