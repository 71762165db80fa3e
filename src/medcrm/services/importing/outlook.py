"""Outlook's contacts export (File > Open & Export > Import/Export > Export to a file > Comma
Separated Values), whose column headers are translated into the language of Outlook: English,
German, French and Spanish here. Outlook for Windows writes the Windows code page (1252) unless
told otherwise; newer builds write UTF-8 with a BOM: both are read."""

from __future__ import annotations

from medcrm.services.importing.address_book import cell, guess_role, non_empty
from medcrm.services.importing.common import Candidate, Rejection, read_csv

# Each field's header in English, German, French and Spanish (as Outlook writes them).
COLUMNS: dict[str, tuple[str, ...]] = {
    "first": ("First Name", "Vorname", "Prénom", "Nombre"),
    "middle": ("Middle Name", "Weitere Vornamen", "Deuxième prénom", "Segundo nombre"),
    "last": ("Last Name", "Nachname", "Nom", "Apellidos"),
    "prefix": ("Title", "Anrede", "Titre", "Tratamiento"),
    "suffix": ("Suffix", "Namenszusatz", "Suffixe", "Sufijo"),
    "company": ("Company", "Firma", "Société", "Organización", "Compañía"),
    "department": ("Department", "Abteilung", "Service", "Departamento"),
    "job": ("Job Title", "Position", "Fonction", "Puesto"),
    "notes": ("Notes", "Notizen", "Notes", "Notas"),
    "categories": ("Categories", "Kategorien", "Catégories", "Categorías"),
    "birthday": ("Birthday", "Geburtstag", "Anniversaire", "Cumpleaños"),
}
EMAILS = (
    ("E-mail Address", "E-Mail-Adresse", "Adresse de messagerie",
     "Dirección de correo electrónico"),
    ("E-mail 2 Address", "E-Mail 2: Adresse", "Adresse de messagerie 2",
     "Dirección de correo electrónico 2"),
    ("E-mail 3 Address", "E-Mail 3: Adresse", "Adresse de messagerie 3",
     "Dirección de correo electrónico 3"),
)  # fmt: skip
PHONES = (
    ("mobile", ("Mobile Phone", "Mobiltelefon", "Tél. mobile", "Teléfono móvil")),
    ("work", ("Business Phone", "Telefon geschäftlich", "Téléphone (bureau)",
              "Teléfono del trabajo")),
    ("home", ("Home Phone", "Telefon privat", "Téléphone (domicile)", "Particular")),
)  # fmt: skip
HEADERS = tuple((first, last) for first, last in zip(COLUMNS["first"], COLUMNS["last"],
                                                       strict=True))  # fmt: skip


def parse_outlook(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """An Outlook CSV export in any of its four languages, UTF-8 or Windows-1252."""
    return read_csv(_windows_or_utf8(data), HEADERS, "an Outlook CSV export", _candidate)


def _candidate(where: str, record: dict[str, str]) -> Candidate:
    def field(key: str) -> str | None:
        return cell(record, *COLUMNS[key])

    parts = [field(k) for k in ("prefix", "first", "middle", "last", "suffix")]
    name = " ".join(p for p in parts if p) or None
    emails = [{"value": e, "label": f"email {n}"} for n, names in enumerate(EMAILS, 1)
              if (e := cell(record, *names))]  # fmt: skip
    phones = [{"value": p, "label": label} for label, names in PHONES
              if (p := cell(record, *names))]  # fmt: skip
    categories = field("categories") or ""
    return Candidate(
        where=where, name=name, role=guess_role(field("job")),
        institution=field("company"), specialty=field("department"),
        email=emails[0]["value"] if emails else None,
        phone=phones[0]["value"] if phones else None,
        notes=field("notes"),
        tags=[t.strip() for t in categories.replace(",", ";").split(";") if t.strip()],
        extra=non_empty(title=field("job"), birthday=_birthday(field("birthday")),
                        emails=emails if len(emails) > 1 else None,
                        phones=phones if len(phones) > 1 else None),
    )  # fmt: skip


def _birthday(value: str | None) -> str | None:
    """Outlook writes "0/0/00" for no birthday."""
    return None if not value or value.strip() in ("0/0/00", "0.0.00", "00/00/0000") else value


def _windows_or_utf8(data: bytes) -> bytes:
    """The file as UTF-8: itself when it is, else read as Windows-1252 (Outlook's default)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")
    return data
