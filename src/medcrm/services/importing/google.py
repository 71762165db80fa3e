"""A Google Contacts CSV export (the current and the older headers)."""

from __future__ import annotations

from medcrm.services.importing.common import (
    Candidate,
    Rejection,
    _get,
    guess_role,
    non_empty,
    read_csv,
)

HEADERS = (("First Name", "Last Name"), ("Given Name", "Family Name"))


def parse_google(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """A Google Contacts CSV export (the current and the older "Outlook-like" headers)."""
    return read_csv(data, HEADERS, "a Google Contacts CSV export", _candidate)


def _candidate(where: str, record: dict[str, str]) -> Candidate:
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
    emails, phones = _values(record, "e-mail"), _values(record, "phone")
    return Candidate(
        where=where,
        name=name,
        role=guess_role(title),
        institution=_get(record, "Organization Name", "Organization 1 - Name"),
        specialty=_get(record, "Organization Department", "Organization 1 - Department"),
        email=emails[0]["value"] if emails else None,
        phone=phones[0]["value"] if phones else None,
        notes=_get(record, "Notes"),
        tags=tags,
        extra=non_empty(
            title=title,
            birthday=_get(record, "Birthday"),
            emails=emails if len(emails) > 1 else None,
            phones=phones if len(phones) > 1 else None,
        ),
    )


def _values(record: dict[str, str], kind: str) -> list[dict[str, str]]:
    """Every "E-mail N - Value" (or "Phone N - ...") with its label: Google joins several
    values of one label with " ::: " ("a@x.org ::: b@y.org")."""
    found: list[dict[str, str]] = []
    for n in range(1, 10):
        cell = record.get(f"{kind} {n} - value")
        if cell is None:
            break
        label = record.get(f"{kind} {n} - label") or record.get(f"{kind} {n} - type") or ""
        label = label.strip().lstrip("*").strip()
        for value in (v.strip() for v in cell.split(":::")):
            if value:
                found.append({"value": value, "label": label} if label else {"value": value})
    return found
