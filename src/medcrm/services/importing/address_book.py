"""What the readers of another program's contacts (Google Contacts, Outlook, LinkedIn, vCard)
share: a record's cell under any of its headers, a role guessed from a job title, and the
values kept in ``extra``."""

from __future__ import annotations

import re
from typing import Any

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


def cell(record: dict[str, str], *names: str) -> str | None:
    """The first non-empty cell of a CSV record under any of ``names`` (its headers, in any
    case), or None."""
    for name in names:
        value = record.get(name.lower())
        if value:
            return value
    return None


def non_empty(**values: Any) -> dict[str, Any]:
    """The values given that are not empty, in order (what a format puts in ``extra``)."""
    return {key: value for key, value in values.items() if value}
