"""A Google Contacts CSV export (the current and the older headers)."""

from __future__ import annotations

from medcrm.services.importing.address_book import cell, guess_role, non_empty
from medcrm.services.importing.common import Candidate, Rejection, read_csv

HEADERS = (("First Name", "Last Name"), ("Given Name", "Family Name"))


def parse_google(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """A Google Contacts CSV export (the current and the older "Outlook-like" headers)."""
    return read_csv(data, HEADERS, "a Google Contacts CSV export", _candidate)


def _candidate(where: str, record: dict[str, str]) -> Candidate:
    parts = (
        cell(record, "Name Prefix"),
        cell(record, "First Name", "Given Name"),
        cell(record, "Middle Name", "Additional Name"),
        cell(record, "Last Name", "Family Name"),
        cell(record, "Name Suffix"),
    )
    name = " ".join(p for p in parts if p) or cell(record, "Name", "File As", "Nickname")
    title = cell(record, "Organization Title", "Organization 1 - Title")
    labels = cell(record, "Labels", "Group Membership") or ""
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
        institution=cell(record, "Organization Name", "Organization 1 - Name"),
        specialty=cell(record, "Organization Department", "Organization 1 - Department"),
        email=emails[0]["value"] if emails else None,
        phone=phones[0]["value"] if phones else None,
        notes=cell(record, "Notes"),
        tags=tags,
        extra=non_empty(
            title=title,
            birthday=cell(record, "Birthday"),
            emails=emails if len(emails) > 1 else None,
            phones=phones if len(phones) > 1 else None,
        ),
    )


def _values(record: dict[str, str], kind: str) -> list[dict[str, str]]:
    """Every "E-mail N - Value" (or "Phone N - ...") with its label: Google joins several
    values of one label with " ::: " ("a@x.org ::: b@y.org")."""
    found: list[dict[str, str]] = []
    for n in range(1, 10):
        joined = record.get(f"{kind} {n} - value")
        if joined is None:
            break
        label = record.get(f"{kind} {n} - label") or record.get(f"{kind} {n} - type") or ""
        label = label.strip().lstrip("*").strip()
        for value in (v.strip() for v in joined.split(":::")):
            if value:
                found.append({"value": value, "label": label} if label else {"value": value})
    return found
