"""The patient-information guard.

A personal CRM is no place for protected health information. Notes and titles are checked for
the HIPAA Safe Harbor identifiers a student is most likely to type by habit: medical record
numbers, dates of birth, ages over 89, room and bed numbers, Social Security numbers, and
"patient"/"pt" followed by a name or initials. A match stops the command with an explanation,
unless the user says it is not patient information (``--allow-phi``).

The patterns favour precision: "Discussed cardiology research on 2026-11-03, room for a poster"
is ordinary (a date alone is not a birth date, "room" alone is not a room number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medcrm.errors import InvalidInput

_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Za-z]{3,9}\.? \d{1,2},? \d{4})"
# Capitalised words that follow "patient" without being anyone's name.
_NOT_NAMES = (
    "Access|Advocacy|Advocate|Care|Case|Cases|Centered|Centred|Communication|Education|"
    "Experience|Flow|Handoff|Handoffs|Information|Interview|List|Notes|Outcomes|Panel|"
    "Population|Portal|Presentation|Presentations|Privacy|Quality|Rounds|Safety|"
    "Satisfaction|Services|Simulation|Volunteer|Volunteers"
)

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a medical record number",
        re.compile(
            r"\b(?:MRN|MR#|med(?:ical)?\s+rec(?:ord)?s?(?:\s+(?:number|no\.?|num|#))?)"
            r"\s*[:#]?\s*\d{4,}",
            re.IGNORECASE,
        ),
    ),
    (
        "a date of birth",
        re.compile(
            rf"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:\-]?\s*{_DATE}",
            re.IGNORECASE,
        ),
    ),
    (
        "an age over 89",
        re.compile(
            r"\b(?:(?:9\d|1[0-4]\d)\s*(?:-|\s)?\s*(?:y/?o|yrs?\.?\s+old|years?[\s-]old|y\.o\.)"
            r"|aged?\s+(?:9\d|1[0-4]\d)\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "a room or bed number",
        re.compile(r"\b(?:room|rm\.?|bed)\s*#?\s*\d+[A-Za-z]?\b", re.IGNORECASE),
    ),
    ("a Social Security number", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    (
        "a patient's name or initials",
        re.compile(
            r"\b(?:[Pp]atient|[Pp]t\.?)\s+(?:named\s+|called\s+)?"
            r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z]"
            rf"|(?!(?:{_NOT_NAMES})\b)[A-Z][a-z]+\b(?!\s+(?:{_NOT_NAMES})\b)"
            r"|[A-Z]\.\s?[A-Z]\.|[A-Z]{2,3}\b)"
        ),
    ),
)


@dataclass(frozen=True)
class Finding:
    what: str  # e.g. "a room or bed number"
    text: str  # the words that matched


def find_phi(text: str | None) -> list[Finding]:
    """Every likely patient identifier in ``text``."""
    if not text:
        return []
    return [Finding(what, m.group().strip()) for what, rx in PATTERNS for m in rx.finditer(text)]


def check(fields: dict[str, str | None], *, allow: bool) -> None:
    """Refuse (store nothing) when any field looks like it holds patient information."""
    if allow:
        return
    for label, value in fields.items():
        found = find_phi(value)
        if found:
            parts = "; ".join(f"{f.what} ('{f.text}')" for f in found[:3])
            raise InvalidInput(
                f"{label} looks like it contains patient information: {parts}. medcrm is for "
                "your professional network, so nothing was saved; leave patient details out, "
                "or add --allow-phi if this is not about a patient."
            )
