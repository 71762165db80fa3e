"""``medcrm import FILE`` without a format: which export a file is, from its name and its
first lines."""

from __future__ import annotations

import csv
import io

from medcrm.pure.errors import InvalidInput
from medcrm.services.importing.common import decode

LABELS = {
    "linkedin": "a LinkedIn Connections.csv",
    "google": "a Google Contacts CSV",
    "vcard": "vCards",
    "csv": "a medcrm CSV export",
    "outlook": "an Outlook contacts CSV",
    "json": "a medcrm JSON export",
}
_HOW = (
    "name the format: medcrm import linkedin|google|outlook|vcard|csv|json FILE (see medcrm "
    "import --help)."
)


def detect(data: bytes, name: str) -> str:
    """The format of an export, one of :data:`LABELS`: a vCard or JSON by its first
    character (or its name's extension), a CSV by its header row."""
    head = decode(data[:65536]).lstrip("\ufeff \t\r\n")
    lower_name = name.lower()
    if head.upper().startswith("BEGIN:VCARD") or lower_name.endswith((".vcf", ".vcard")):
        return "vcard"
    if head.startswith("{") or lower_name.endswith(".json"):
        return "json"
    if not head:
        raise InvalidInput(f"{name} is empty; there is nothing to import.")
    fmt = _csv_format(head)
    if fmt is not None:
        return fmt
    raise InvalidInput(
        f"Can't tell what kind of export {name} is (not a vCard, JSON, or a CSV with a known "
        f"header row); {_HOW}"
    )


# Outlook's name columns in German, French and Spanish (English ones are told by e-mail columns).
_TRANSLATED = ({"vorname", "nachname"}, {"prénom", "nom"}, {"nombre", "apellidos"})


def _csv_format(head: str) -> str | None:
    """The CSV format whose header row appears in the first 50 lines, if any."""
    for line in head.splitlines()[:50]:
        low = line.lower()
        if any(w in low for w in ("vorname", "prénom", "nombre")):
            cells = _cells(line)
            if any(pair <= cells for pair in _TRANSLATED):
                return "outlook"
        if "name" not in low:
            continue
        dialect = max((",", ";", "\t"), key=line.count)
        cells = {c.strip().lower() for c in next(csv.reader(io.StringIO(line), delimiter=dialect))}
        if "connected on" in cells or {"first name", "last name", "company", "position"} <= cells:
            return "linkedin"
        if "e-mail 1 - value" in cells or {"given name", "family name"} <= cells:
            return "google"
        if {"name", "role", "email"} <= cells:
            return "csv"
        if "e-mail address" in cells or "business phone" in cells:
            return "outlook"
        if {"first name", "last name"} <= cells:
            return "google"
    return None


def _cells(line: str) -> set[str]:
    dialect = max((",", ";", "\t"), key=line.count)
    return {c.strip().lower() for c in next(csv.reader(io.StringIO(line), delimiter=dialect))}
