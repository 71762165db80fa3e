"""A Google Contacts CSV export (the current and the older headers)."""

from __future__ import annotations

from medcrm.services.importing.common import (
    Candidate,
    Rejection,
    _get,
    csv_records,
    guess_role,
    non_empty,
)


def parse_google(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """A Google Contacts CSV export (the current and the older "Outlook-like" headers)."""
    found: list[Candidate] = []
    rejected: list[Rejection] = []
    headers = (("First Name", "Last Name"), ("Given Name", "Family Name"))
    for where, record in csv_records(data, headers, "a Google Contacts CSV export", rejected):
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
                extra=non_empty(title=title, birthday=_get(record, "Birthday")),
            )
        )
    return found, rejected
