"""Bringing contacts in: LinkedIn, Google Contacts, vCard, medcrm's CSV and JSON.

Every format is read into :class:`Candidate` rows, each knowing where it came from ("line 7",
"card 3"). :func:`apply` then puts them into the database with one rule for all formats:

* a candidate matches an existing contact by uid, else by email, else by name key;
* a match is **merged**: empty fields are filled and tags added; nothing you have is
  overwritten; a match that adds nothing is **skipped**;
* anything else is **created**;
* a row that cannot be used is **rejected**, with its place in the file and the reason.

The caller runs it inside one transaction (all or nothing); a dry run is the same work rolled
back, so its summary is exactly what a real import would do.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import insert
from sqlmodel import Session, col, select

from medcrm.pure import text, vocabulary
from medcrm.pure.errors import InvalidInput, MedcrmError
from medcrm.pure.phi import Finding, describe
from medcrm.pure.sanitize import strip_controls
from medcrm.services import phi
from medcrm.services.contacts import (
    GUARDED,
    UNSET,
    ContactFields,
    ContactRow,
    apply_fields,
    derive,
    refresh_contacts,
)
from medcrm.services.exporting import FORMULA_STARTS
from medcrm.storage import queries as views
from medcrm.storage.db import SessionWriter
from medcrm.storage.models import Contact, ContactTag, Tag

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class Candidate:
    """One contact as a file describes it, before it meets the database."""

    where: str
    name: str | None
    role: str | None = None
    institution: str | None = None
    specialty: str | None = None
    email: str | None = None
    phone: str | None = None
    met: str | None = None
    met_on: date | None = None
    notes: str | None = None
    every: str | None = None
    level: str | None = None
    mentor: bool = False
    added: date | None = None
    uid: str | None = None
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    id: int | None = None  # kept when restoring into an empty database
    phi_allowed: bool = False  # a medcrm export's mark: saved with --allow-phi


@dataclass
class Rejection:
    where: str
    reason: str

    @classmethod
    def from_error(cls, where: str, exc: MedcrmError) -> Rejection:
        """A row refused by a check: its message without the check's own "where: " part."""
        return cls(where, exc.message.split(": ", 1)[-1])


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    # what a medcrm JSON import brought besides contacts: {"interactions": 12, ...}
    other: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # candidate.where -> contact id


# --- reading files -------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM). Bytes that are not UTF-8 become lone surrogates, so the
    rows holding them can be rejected one by one while the rest of the file still imports."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"The file is {len(data):,} bytes; medcrm imports files up to 50 MB.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput("The file has NUL bytes: it is not a text file. Export it as CSV.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig", errors="surrogateescape")


def _bad_text(*values: object) -> bool:
    return any(isinstance(v, str) and any("\udc80" <= ch <= "\udcff" for ch in v) for v in values)


NOT_UTF8 = "not valid UTF-8 text (save the file as UTF-8 and import it again)"

_ROLE_WORDS = (
    ("resident", ("resident", "pgy", "intern", "house officer")),
    ("fellow", ("fellow",)),
    ("attending", ("attending", "hospitalist", "physician", "surgeon", "consultant")),
    ("faculty", ("professor", "faculty", "lecturer", "instructor", "dean", "clerkship director")),
    ("nurse", ("nurse", "rn", "np", "cnm", "crna")),
    ("peer", ("student", "ms1", "ms2", "ms3", "ms4", "medical student")),
    ("staff", ("coordinator", "manager", "administrator", "assistant", "librarian", "scribe")),
)


def guess_role(title: str | None) -> str | None:
    """A role from a job title ("PGY-2 Internal Medicine Resident" is a resident)."""
    if not title:
        return None
    words = set(re.findall(r"[a-z0-9]+", title.lower().replace("-", "")))
    folded = " ".join(re.findall(r"[a-z0-9]+", title.lower()))
    for role, hints in _ROLE_WORDS:
        for hint in hints:
            if (" " in hint and hint in folded) or hint in words:
                return role
    return "other"


def _delimiter(textdata: str) -> str:
    """Comma, semicolon (a spreadsheet in a comma-decimal locale) or tab: the one the header
    row (the first line naming a "name" column) uses most."""
    for line in textdata.splitlines()[:50]:
        if "name" in line.lower():
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _csv_rows(textdata: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(textdata, newline=""), delimiter=_delimiter(textdata)))
    except csv.Error as exc:
        raise InvalidInput(f"The file is not readable CSV: {exc}.") from exc


def _header_index(rows: list[list[str]], required: tuple[str, ...], what: str) -> int:
    """Where the header row is: the first row holding all the ``required`` columns."""
    for n, row in enumerate(rows[:50]):
        cells = {c.strip().lower() for c in row}
        if all(r.lower() in cells for r in required):
            return n
    raise InvalidInput(
        f"This does not look like {what}: no header row with "
        f"{', '.join(repr(r) for r in required)} was found."
    )


def _records(rows: list[list[str]], header_at: int) -> list[tuple[int, dict[str, str]]]:
    header = [h.strip().lower() for h in rows[header_at]]
    out = []
    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        out.append((n, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}))
    return out


def _get(record: dict[str, str], *names: str) -> str | None:
    for name in names:
        value = record.get(name.lower())
        if value:
            return value
    return None


def parse_linkedin(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """LinkedIn's Connections.csv: a "Notes:" preamble, then First Name, Last Name, [URL],
    Email Address, Company, Position, Connected On ("15 Mar 2024", the met date)."""
    rows = _csv_rows(decode(data))
    at = _header_index(rows, ("First Name", "Last Name"), "a LinkedIn Connections.csv export")
    found, rejected = [], []
    for line, record in _records(rows, at):
        where = f"line {line}"
        if _bad_text(*record.values()):
            rejected.append(Rejection(where, NOT_UTF8))
            continue
        name = " ".join(p for p in (_get(record, "First Name"), _get(record, "Last Name")) if p)
        position = _get(record, "Position")
        connected = _get(record, "Connected On")
        met_on = None
        if connected:
            for form in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%b %d, %Y"):
                try:
                    met_on = datetime.strptime(connected, form).date()
                    break
                except ValueError:
                    continue
            if met_on is None:
                rejected.append(Rejection(where, f"'Connected On' {connected!r} is not a date"))
                continue
        extra: dict[str, Any] = {}
        if position:
            extra["title"] = position
        if url := _get(record, "URL"):
            extra["linkedin"] = url
        found.append(
            Candidate(
                where=where,
                name=name or None,
                role=guess_role(position),
                institution=_get(record, "Company"),
                email=_get(record, "Email Address", "E-mail Address"),
                met="LinkedIn",
                met_on=met_on,
                extra=extra,
            )
        )
    return found, rejected


def parse_google(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """A Google Contacts CSV export (the current and the older "Outlook-like" headers)."""
    rows = _csv_rows(decode(data))
    try:
        at = _header_index(rows, ("First Name", "Last Name"), "a Google Contacts CSV export")
    except InvalidInput:
        at = _header_index(rows, ("Given Name", "Family Name"), "a Google Contacts CSV export")
    found, rejected = [], []
    for line, record in _records(rows, at):
        where = f"line {line}"
        if _bad_text(*record.values()):
            rejected.append(Rejection(where, NOT_UTF8))
            continue
        parts = (
            _get(record, "Name Prefix"),
            _get(record, "First Name", "Given Name"),
            _get(record, "Middle Name", "Additional Name"),
            _get(record, "Last Name", "Family Name"),
            _get(record, "Name Suffix"),
        )
        name = " ".join(p for p in parts if p) or _get(record, "Name", "File As", "Nickname")
        title = _get(record, "Organization Title", "Organization 1 - Title")
        labels = _get(record, "Labels", "Group Membership") or ""
        tags = [
            label.strip().lstrip("*").strip()
            for label in labels.split(":::")
            if label.strip() and label.strip().lower() not in ("* mycontacts", "* starred")
        ]
        extra: dict[str, Any] = {}
        if title:
            extra["title"] = title
        if birthday := _get(record, "Birthday"):
            extra["birthday"] = birthday
        found.append(
            Candidate(
                where=where,
                name=name,
                role=guess_role(title),
                institution=_get(record, "Organization Name", "Organization 1 - Name"),
                specialty=_get(record, "Organization Department", "Organization 1 - Department"),
                email=_get(record, "E-mail 1 - Value"),
                phone=_get(record, "Phone 1 - Value"),
                notes=_get(record, "Notes"),
                tags=tags,
                extra=extra,
            )
        )
    return found, rejected


def unneutralise(value: str) -> str:
    """Undo the export's protection against spreadsheet formulas (``'+1 555`` is ``+1 555``)."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value


def _date_or_none(value: str | None, where: str, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{where}: {what} {value!r} is not a YYYY-MM-DD date") from exc


def parse_csv(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """medcrm's own CSV export (``medcrm export csv``)."""
    rows = _csv_rows(decode(data))
    at = _header_index(rows, ("name", "role", "email"), "a medcrm CSV export")
    found, rejected = [], []
    for line, raw in _records(rows, at):
        where = f"line {line}"
        record = {k: unneutralise(v) for k, v in raw.items()}
        if _bad_text(*record.values()):
            rejected.append(Rejection(where, NOT_UTF8))
            continue
        try:
            found.append(
                Candidate(
                    where=where,
                    name=record.get("name") or None,
                    role=record.get("role") or None,
                    institution=record.get("institution") or None,
                    specialty=record.get("specialty") or None,
                    email=record.get("email") or None,
                    phone=record.get("phone") or None,
                    met=record.get("met") or None,
                    met_on=_date_or_none(record.get("met_on"), where, "met_on"),
                    notes=record.get("notes") or None,
                    every=record.get("every") or None,
                    level=record.get("level") or None,
                    mentor=(record.get("mentor") or "").lower() in ("yes", "true", "1"),
                    added=_date_or_none(record.get("added"), where, "added"),
                    uid=record.get("uid") or None,
                    tags=[t.strip() for t in (record.get("tags") or "").split(",") if t.strip()],
                )
            )
        except InvalidInput as exc:
            rejected.append(Rejection.from_error(where, exc))
    return found, rejected


# --- vCard -------------------------------------------------------------------------------

VCARD_KNOWN = {
    "BEGIN", "END", "VERSION", "FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "CATEGORIES",
    "UID", "URL", "PRODID", "REV",
}  # fmt: skip
MEDCRM_PROPS = {
    "X-MEDCRM-ROLE": "role", "X-MEDCRM-SPECIALTY": "specialty", "X-MEDCRM-MET": "met",
    "X-MEDCRM-MET-ON": "met_on", "X-MEDCRM-EVERY": "every", "X-MEDCRM-LEVEL": "level",
    "X-MEDCRM-MENTOR": "mentor", "X-MEDCRM-ADDED": "added",
}  # fmt: skip


def _unfold(textdata: str) -> list[str]:
    """The logical lines: folded ones (a leading space) joined, and so are vCard 2.1's
    quoted-printable soft line breaks (a line ending in "=")."""
    lines: list[str] = []
    soft = False
    for raw in textdata.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if soft and lines:
            lines[-1] = lines[-1][:-1] + raw
        elif raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
        last = lines[-1] if lines else ""
        soft = last.endswith("=") and "QUOTED-PRINTABLE" in last.split(":", 1)[0].upper()
    return lines


@dataclass
class _Property:
    group: str  # "item2" in "item2.EMAIL"
    name: str
    params: dict[str, str]
    value: str  # decoded: quoted-printable and base64 undone, charset applied


def _property(line: str) -> _Property | None:
    """One content line, its encodings undone (QUOTED-PRINTABLE, B/BASE64, CHARSET)."""
    import base64
    import binascii
    import quopri

    head, sep, raw = line.partition(":")
    if not sep:
        return None
    parts = head.split(";")
    group, _, name = parts[0].rpartition(".")
    params: dict[str, str] = {}
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        if eq:
            params[key.upper()] = (params.get(key.upper(), "") + "," + val).strip(",")
        else:  # vCard 2.1: TEL;WORK;VOICE and ENCODING by itself
            upper = key.upper()
            if upper in ("QUOTED-PRINTABLE", "BASE64", "B"):
                params["ENCODING"] = upper
            else:
                params["TYPE"] = (params.get("TYPE", "") + "," + key).strip(",")
    encoding = params.get("ENCODING", "").upper()
    charset = params.get("CHARSET", "utf-8")
    value = raw
    try:
        if encoding == "QUOTED-PRINTABLE":
            value = quopri.decodestring(raw.encode("utf-8", "surrogateescape")).decode(
                charset, "replace"
            )
        elif encoding in ("B", "BASE64"):
            value = base64.b64decode(raw.strip() + "=" * (-len(raw.strip()) % 4)).decode(
                charset, "replace"
            )
    except (binascii.Error, LookupError, ValueError):
        value = raw
    return _Property(group.upper(), name.upper(), params, value)


def _label(prop: _Property, labels: dict[str, str]) -> str | None:
    """What the user calls an email or phone: Apple's itemN.X-ABLabel, else its TYPE
    ("work", "cell"), without the technical types; None for none."""
    if prop.group and prop.group in labels:
        return labels[prop.group].strip("_$!<>") or None
    kinds = [
        t.strip().lower()
        for t in prop.params.get("TYPE", "").split(",")
        if t.strip() and t.strip().lower() not in ("internet", "pref", "voice", "x400")
    ]
    return ", ".join(kinds) or None


def _preferred(prop: _Property) -> bool:
    types = prop.params.get("TYPE", "").lower().split(",")
    return "pref" in types or prop.params.get("PREF", "") == "1"


def _channels(
    props: list[_Property], name: str, labels: dict[str, str]
) -> tuple[str | None, list[dict[str, str]]]:
    """The primary value of EMAIL or TEL (the preferred one, else the first) and all of them
    with their labels, in the card's order."""
    found = []
    primary = None
    for prop in props:
        if prop.name != name:
            continue
        value = prop.value.strip()
        if name == "TEL" and value.lower().startswith("tel:"):  # vCard 4.0 VALUE=uri
            value = value[4:]
        if name == "EMAIL" and value.lower().startswith("mailto:"):
            value = value[7:]
        if not value:
            continue
        entry = {"value": value}
        label = _label(prop, labels)
        if label:
            entry["label"] = label
        found.append(entry)
        if primary is None or _preferred(prop):
            primary = primary if primary is not None and not _preferred(prop) else value
    return primary, found


def split_cards(textdata: str) -> tuple[list[tuple[int, list[str]]], list[Rejection]]:
    """The cards of a file, each as its unfolded lines, numbered from 1; broken ones rejected."""
    cards: list[tuple[int, list[str]]] = []
    rejected: list[Rejection] = []
    current: list[str] | None = None
    number = 0
    for line in _unfold(textdata):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                rejected.append(
                    Rejection(f"card {number}", "truncated: no END:VCARD before the next card")
                )
            number += 1
            current = [line.strip()]
        elif upper == "END:VCARD":
            if current is None:
                rejected.append(Rejection(f"after card {number}", "END:VCARD without BEGIN:VCARD"))
                continue
            current.append(line.strip())
            cards.append((number, current))
            current = None
        elif current is not None and line.strip():
            current.append(line)
    if current is not None:
        rejected.append(Rejection(f"card {number}", "truncated: the file ends before END:VCARD"))
    if number == 0:
        raise InvalidInput("No vCard found: the file has no BEGIN:VCARD line.")
    return cards, rejected


def _unescape(value: str) -> str:
    """A vCard text value: ``\\,`` is a comma, ``\\;`` a semicolon, ``\\n`` a new line."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _prop_name(line: str) -> str:
    head = re.split(r"[;:]", line, maxsplit=1)[0]
    return head.split(".")[-1].upper()  # "item1.EMAIL" is EMAIL


def parse_vcard(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """vCard 2.1, 3.0 and 4.0, one card or many; unknown properties are kept for export.

    Every EMAIL and TEL is kept with its label (the preferred one, else the first, fills the
    contact's email or phone; all of them go in ``extra``), NOTE in any encoding is decoded,
    and vobject's own log lines (which quote the card) never reach the terminal.
    """
    import logging

    import vobject

    logging.getLogger("vobject").disabled = True  # it logs skipped lines, note text included
    cards, rejected = split_cards(decode(data))
    found = []
    for number, lines in cards:
        where = f"card {number}"
        if _bad_text(*lines):
            rejected.append(Rejection(where, NOT_UTF8))
            continue
        props = [p for p in map(_property, lines[1:-1]) if p is not None]
        labels = {p.group: p.value for p in props if p.name == "X-ABLABEL" and p.group}
        readable = [
            line for line in lines
            if _prop_name(line) not in ("EMAIL", "TEL", "NOTE", "PHOTO", "X-ABLABEL")
        ]  # fmt: skip
        try:
            card = vobject.readOne("\r\n".join(readable) + "\r\n", ignoreUnreadable=True)
        except Exception as exc:  # vobject raises assorted parse errors
            rejected.append(Rejection(where, f"not a readable vCard ({type(exc).__name__}: {exc})"))
            continue

        def value(prop: str, card: Any = card) -> str | None:
            child = getattr(card, prop, None)
            if child is None:
                return None
            v = child.value
            if isinstance(v, list):
                v = ", ".join(str(x) for x in v if x)
            return str(v).strip() or None

        name = value("fn")
        if not name and hasattr(card, "n"):
            n = card.n.value
            name = " ".join(
                p for p in (n.prefix, n.given, n.additional, n.family, n.suffix) if p
            ).strip()
        org = getattr(card, "org", None)
        institution = None
        if org is not None:
            parts = org.value if isinstance(org.value, list) else [org.value]
            institution = ", ".join(str(p) for p in parts if p) or None
        extra: dict[str, Any] = {}
        if title := value("title"):
            extra["title"] = title
        if url := value("url"):
            extra["linkedin" if "linkedin.com" in url.lower() else "url"] = url
        email, emails = _channels(props, "EMAIL", labels)
        phone, phones = _channels(props, "TEL", labels)
        if len(emails) > 1 or any("label" in e for e in emails):
            extra["emails"] = emails
        if len(phones) > 1 or any("label" in p for p in phones):
            extra["phones"] = phones
        notes = "\n".join(p.value.strip() for p in props if p.name == "NOTE" and p.value.strip())
        unknown = [
            strip_controls(line) for line in lines[1:-1]
            if _prop_name(line) not in VCARD_KNOWN and _prop_name(line) not in MEDCRM_PROPS
            and _prop_name(line) not in ("X-ABLABEL", "PHOTO")
        ]  # fmt: skip
        if unknown:
            extra["vcard"] = unknown
        mine = {}
        for line in lines[1:-1]:
            prop = _prop_name(line)
            if prop in MEDCRM_PROPS:
                raw = line.split(":", 1)[1].strip() if ":" in line else ""
                mine[MEDCRM_PROPS[prop]] = _unescape(raw)
        categories = getattr(card, "categories", None)
        tags = [
            str(t).strip()
            for t in (categories.value if categories is not None else [])
            if str(t).strip()
        ]
        try:
            found.append(
                Candidate(
                    where=where,
                    name=name or None,
                    role=mine.get("role") or guess_role(title),
                    institution=institution,
                    specialty=mine.get("specialty"),
                    email=email,
                    phone=phone,
                    met=mine.get("met"),
                    met_on=_date_or_none(mine.get("met_on"), where, "X-MEDCRM-MET-ON"),
                    notes=_unescape(notes) if notes else None,
                    every=mine.get("every"),
                    level=mine.get("level"),
                    mentor=mine.get("mentor", "").lower() in ("yes", "true", "1"),
                    added=_date_or_none(mine.get("added"), where, "X-MEDCRM-ADDED"),
                    uid=value("uid"),
                    tags=tags,
                    extra=extra,
                )
            )
        except InvalidInput as exc:
            rejected.append(Rejection.from_error(where, exc))
    return found, rejected


PARSERS = {
    "linkedin": parse_linkedin,
    "google": parse_google,
    "vcard": parse_vcard,
    "csv": parse_csv,
}


# --- putting candidates into the database ---------------------------------------------------


class _Index:
    """Contacts by uid, email and name key: existing ones by id, this import's drafts as such."""

    def __init__(self, session: Session) -> None:
        self.by_uid: dict[str, int | ContactRow] = {}
        self.by_email: dict[str, int | ContactRow] = {}
        self.by_key: dict[str, int | ContactRow] = {}
        for cid, uid, email, key in session.exec(
            select(Contact.id, Contact.uid, Contact.email, Contact.name_key)
        ):
            assert cid is not None
            self.add(cid, uid, email, key)

    def add(self, found: int | ContactRow, uid: str | None, email: str | None, key: str) -> None:
        if uid:
            self.by_uid.setdefault(uid, found)
        if email:
            self.by_email.setdefault(email.casefold(), found)
        self.by_key.setdefault(key, found)

    def find(self, uid: str | None, email: str | None, key: str) -> int | ContactRow | None:
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()]
        return self.by_key.get(key)


class _Tags:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids = {t.name: t.id for t in session.exec(select(Tag)) if t.id is not None}

    def id_of(self, name: str) -> int:
        if name not in self.ids:
            tag = Tag(name=name)
            self.session.add(tag)
            self.session.flush()
            assert tag.id is not None
            self.ids[name] = tag.id
        return self.ids[name]


def _clean(c: Candidate, today: date) -> tuple[ContactRow, list[str]]:
    """The candidate as a checked ContactRow and its tags, or InvalidInput: the same rules as
    ``add-contact``."""
    if not text.one_line(c.name, "The name"):
        raise InvalidInput("no name")
    name, key = text.checked_name(c.name)
    draft = ContactRow(
        name=name,
        name_key=key,
        uid=(text.one_line(c.uid, "The uid") if c.uid else None) or str(uuid4()),
        met_on=c.met_on,
        added=c.added or today,
        extra=json.dumps(c.extra, ensure_ascii=False, sort_keys=True) if c.extra else None,
        id=c.id,
    )
    apply_fields(  # add-contact's checks, field by field
        draft,
        ContactFields(
            role=c.role if c.role else UNSET,
            institution=c.institution,
            specialty=c.specialty,
            email=c.email,
            phone=c.phone or None,
            met=c.met,
            notes=c.notes,
            every=c.every or None,
            level=c.level or None,
            mentor=c.mentor,
        ),
    )
    tags = list(dict.fromkeys(text.tag(t) for t in c.tags))
    return draft, tags


MERGED_FIELDS = (
    "institution", "specialty", "email", "phone", "met", "met_on", "notes", "every", "level",
)  # fmt: skip


def _merge(
    existing: Contact | ContactRow, new: ContactRow, tags: list[str], have: set[str]
) -> list[str]:
    """Fill what is empty on ``existing`` from ``new``; return what changed."""
    changed = [f for f in MERGED_FIELDS if getattr(existing, f) in (None, "") and getattr(new, f)]
    for f in changed:
        setattr(existing, f, getattr(new, f))
    implied = vocabulary.implied_role(existing.role, existing.level) if "level" in changed else None
    if implied:  # as add-contact and edit do
        existing.role = implied
        changed.append("role")
    if new.mentor and not existing.mentor:
        existing.mentor = True
        changed.append("mentor")
    extra = views.extra_dict(existing.extra)
    added_extra = {k: v for k, v in views.extra_dict(new.extra).items() if k not in extra}
    if added_extra:
        extra.update(added_extra)
        existing.extra = json.dumps(extra, ensure_ascii=False, sort_keys=True)
        changed.append("extra")
    if set(tags) - have:
        changed.append("tags")
    if new.phi_allowed and set(changed) & set(GUARDED):
        existing.phi_allowed = True
    return changed


def _patient_information(reader: SessionWriter, draft: ContactRow) -> list[Finding]:
    """What the guard finds in a contact's guarded fields (its own name is no patient's)."""
    for field_name in GUARDED:
        found = phi.findings(reader, getattr(draft, field_name), also_known=[draft.name])
        if found:
            return found
    return []


def apply(
    session: Session,
    candidates: list[Candidate],
    *,
    today: date,
    allow_phi: bool = False,
    result: ImportResult | None = None,
    restore: bool = False,
    check_phi: bool = True,
) -> ImportResult:
    """Create, merge or skip each candidate (see the module docstring). The caller's
    transaction makes it all or nothing. ``restore`` (into an empty database) keeps ids and
    creates every candidate, as the export had them. A contact whose fields look like patient
    information is left out (listed as rejected) unless ``allow_phi`` or the file marks it as
    saved that way; ``check_phi=False`` copies every one as it is (``migrate-to``).

    New contacts are checked one by one but inserted together at the end (one INSERT with
    many rows), so 10,000 LinkedIn connections import in seconds.
    """
    result = result or ImportResult()
    reader = SessionWriter(session)
    index = _Index(session)
    tag_ids = _Tags(session)
    drafts: list[tuple[ContactRow, set[str], list[str]]] = []  # draft, its tags, its candidates
    merged_ids: list[int] = []
    have_tags: dict[int, set[str]] = {}
    for c in candidates:
        label = c.name or "(no name)"
        try:
            draft, tags = _clean(c, today)
        except MedcrmError as exc:
            result.rejected.append(Rejection(c.where, exc.message.rstrip(".")))
            continue
        found = _patient_information(reader, draft) if check_phi else []
        if found and not (allow_phi or c.phi_allowed):
            result.rejected.append(
                Rejection(
                    c.where,
                    f"looks like patient information: {describe(found)}; left out (import "
                    "with --allow-phi if it is not about a patient)",
                )
            )
            continue
        draft.phi_allowed = bool(found) or c.phi_allowed
        match = None if restore else index.find(c.uid, draft.email, draft.name_key)
        if match is None:
            index.add(draft, draft.uid, draft.email, draft.name_key)
            drafts.append((draft, set(tags), [c.where]))
            result.created.append(label)
            continue
        if isinstance(match, ContactRow):  # a second row for someone this file already brought
            entry = next(e for e in drafts if e[0] is match)
            changes = _merge(match, draft, tags, entry[1])
            entry[1].update(tags)
            entry[2].append(c.where)
            if changes:
                result.merged.append(f"{label} into {match.name}, also new ({', '.join(changes)})")
            else:
                result.skipped.append(f"{label} (twice in this file, nothing new)")
            continue
        existing = session.get(Contact, match)
        assert existing is not None and existing.id is not None
        result.ids[c.where] = existing.id
        if existing.id not in have_tags:
            have_tags[existing.id] = {
                t.name for t in session.exec(
                    select(Tag).join(ContactTag).where(ContactTag.contact_id == existing.id)
                )
            }  # fmt: skip
        changes = _merge(existing, draft, tags, have_tags[existing.id])
        if not changes:
            result.skipped.append(f"{label} (already there as #{existing.id}, nothing new)")
            continue
        for t in tags:
            if t not in have_tags[existing.id]:
                session.add(ContactTag(contact_id=existing.id, tag_id=tag_ids.id_of(t)))
                have_tags[existing.id].add(t)
        session.add(existing)
        merged_ids.append(existing.id)
        result.merged.append(f"{label} into #{existing.id} ({', '.join(changes)})")
    if drafts:
        for draft, tags_of, _ in drafts:
            derive(draft, tags=sorted(tags_of), last_contact=None)
        rows = [asdict(draft) for draft, _, _ in drafts]
        if not restore:
            for row in rows:
                del row["id"]
        else:  # every row keeps its id; one without (a hand-edited export) gets the next free
            spare = max((r["id"] for r in rows if r["id"] is not None), default=0) + 1
            for row in rows:
                if row["id"] is None:
                    row["id"], spare = spare, spare + 1
        new_ids = (
            session.execute(
                insert(Contact).returning(col(Contact.id), sort_by_parameter_order=True), rows
            )
            .scalars()
            .all()
        )
        links = []
        for (draft, tags_of, wheres), cid in zip(drafts, new_ids, strict=True):
            draft.id = cid
            for where in wheres:
                result.ids[where] = cid
            links += [{"contact_id": cid, "tag_id": tag_ids.id_of(t)} for t in sorted(tags_of)]
        if links:
            session.execute(insert(ContactTag), links)
    session.flush()
    refresh_contacts(SessionWriter(session), merged_ids)
    return result
