"""LinkedIn's Connections.csv."""

from __future__ import annotations

from datetime import datetime

from medcrm.services.importing.address_book import cell, guess_role, non_empty
from medcrm.services.importing.common import Candidate, Rejection, read_csv


def parse_linkedin(data: bytes) -> tuple[list[Candidate], list[Rejection]]:
    """LinkedIn's Connections.csv: a "Notes:" preamble, then First Name, Last Name, [URL],
    Email Address, Company, Position, Connected On ("15 Mar 2024", the met date)."""
    headers = (("First Name", "Last Name"),)
    return read_csv(data, headers, "a LinkedIn Connections.csv export", _candidate)


def _candidate(where: str, record: dict[str, str]) -> Candidate | Rejection:
    name = " ".join(p for p in (cell(record, "First Name"), cell(record, "Last Name")) if p)
    position = cell(record, "Position")
    connected = cell(record, "Connected On")
    met_on = None
    if connected:
        for form in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%b %d, %Y"):
            try:
                met_on = datetime.strptime(connected, form).date()
                break
            except ValueError:
                continue
        if met_on is None:
            return Rejection(where, f"'Connected On' {connected!r} is not a date")
    return Candidate(
        where=where,
        name=name or None,
        role=guess_role(position),
        institution=cell(record, "Company"),
        email=cell(record, "Email Address", "E-mail Address"),
        met="LinkedIn",
        met_on=met_on,
        extra=non_empty(title=position, linkedin=cell(record, "URL")),
    )
