"""The patient-information guard.

A personal CRM is no place for protected health information. Notes and titles are checked for
the HIPAA Safe Harbor identifiers a student is most likely to type by habit: medical record
numbers, dates of birth, ages over 89, room and bed numbers, Social Security numbers, and
"patient"/"pt" followed by a name or initials. A match stops the command with an explanation,
unless the user says it is not patient information (``--allow-phi``).

The checks favour precision over recall, because a guard that cries wolf gets switched off:

* a date alone is not a birth date, "room" alone is not a room number, and a room number
  counts only next to patient words ("Grand rounds in Room 101" is fine, "admitted to room
  12" is not); a bed number always counts;
* after "patient"/"pt", capitalised words that are programme or service names ("Patient
  Safety", "Pt Ed", "Patient Navigator") and medical abbreviations ("patient CT scans",
  "patient ICU transfers") are not names;
* a 3-2-4 number after "pager", "phone" or "ext" is not a Social Security number.

Known limit: a name typed in lower case after "pt" ("pt john smith") cannot be told from
ordinary words without a dictionary of names, so it is not caught ("patient named john" is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medcrm.errors import InvalidInput

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
)
_OLD = r"(?:9\d|1[0-4]\d)"  # 90 to 149

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a medical record number",
        re.compile(
            r"\b(?:MRN|MR\s?#|med(?:ical)?\s+rec(?:ord)?\s*(?:number|no\.?|num\.?|#))"
            r"\s*[:#]?\s*\d[\d\s-]{3,}\d",
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
            rf"\b(?:{_OLD}\s*(?:-|\s)?\s*(?:y/?o|yrs?\.?\s+old|years?[\s-]old|y\.o\.)"
            rf"|aged?\s*[:=]?\s*{_OLD}\b)",
            re.IGNORECASE,
        ),
    ),
    ("an age over 89", re.compile(rf"\b{_OLD}\s?(?:F|M|yoF|yoM)\b")),  # "92F with CHF"
    ("a bed number", re.compile(r"\bbed\s*#?\s*\d+[A-Za-z]?\b", re.IGNORECASE)),
    (
        "a Social Security number",
        re.compile(
            r"\b(?:SSN|social\s+security(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*"
            r"\d{3}[\s-]?\d{2}[\s-]?\d{4}\b",
            re.IGNORECASE,
        ),
    ),
)

_ROOM = re.compile(r"\b(?:room|rm\.?)\s*#?\s*\d+[A-Za-z]?\b", re.IGNORECASE)
_PATIENT_CONTEXT = re.compile(
    r"\b(?:pt|pts|patient|patients|admit(?:ted)?|discharg\w*|bedside|census|consult(?:ed)?|"
    r"icu|ward|floor|unit|nursing)\b",
    re.IGNORECASE,
)
_SSN_SHAPE = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_NOT_SSN = re.compile(r"(?:pager|phone|tel|fax|ext|extension|call|cell|beeper)\W*$", re.IGNORECASE)

# After "patient"/"pt": words that are not a name.
_NOT_NAMES = {
    "access", "advisory", "advocacy", "advocate", "care", "case", "cases", "centered",
    "centred", "communication", "council", "ed", "education", "engagement", "experience",
    "family", "flow", "handoff", "handoffs", "information", "interview", "list", "navigation",
    "navigator", "notes", "outcomes", "panel", "population", "portal", "presentation",
    "presentations", "privacy", "quality", "registration", "relations", "representative",
    "rounds", "safety", "satisfaction", "services", "simulation", "transport", "volunteer",
    "volunteers",
}  # fmt: skip
# Abbreviations that follow "patient" in ordinary notes ("patient CT scans").
_ABBREVIATIONS = {
    "abg", "bmp", "cbc", "cmp", "ct", "cxr", "ecg", "ed", "eeg", "ekg", "emr", "er", "gi",
    "hpi", "icu", "iv", "mri", "or", "ot", "pcp", "pe", "pet", "pt", "ros", "soap", "us",
}  # fmt: skip
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(frozen=True)
class Finding:
    what: str  # e.g. "a room or bed number"
    text: str  # the words that matched


def _patient_names(text: str) -> list[Finding]:
    """'pt John Smith', 'patient Mrs. Lopez', 'pt J.S.', 'pt: JS', 'patient named john'."""
    found = []
    for m in re.finditer(r"\b(patient|pt)\b\.?:?\s+((?:named|called)\s+)?", text, re.IGNORECASE):
        rest = text[m.end() :]
        word = _WORD.match(rest)
        if word is None:
            continue
        token = word.group()
        bare = token.rstrip(".").lower()
        hit = None
        if m.group(2):  # "patient named john": a name whatever its case
            hit = token
        elif bare in _TITLES and re.match(r"[^\W\d_]+\.?\s+[^\W\d_]", rest):
            hit = rest[: re.match(r"[^\W\d_]+\.?\s+[^\W\d_]+", rest).end()]  # type: ignore[union-attr]
        elif re.fullmatch(r"(?:[A-Z]\.\s?){2,3}", token + (" " if token.endswith(".") else "")):
            hit = token  # initials with dots: J.S.
        elif re.fullmatch(r"[A-Z]{2,3}", token):
            if bare not in _ABBREVIATIONS:
                hit = token  # initials: JS
        elif token[0].isupper() and any(c.islower() for c in token[1:]) and bare not in _NOT_NAMES:
            hit = token  # a capitalised name, any alphabet: José, O'Brien, Nguyễn
        if hit:
            found.append(Finding("a patient's name or initials", f"{m.group().strip()} {hit}"))
    return found


def find_phi(text: str | None) -> list[Finding]:
    """Every likely patient identifier in ``text``."""
    if not text:
        return []
    found = [Finding(what, m.group().strip()) for what, rx in PATTERNS for m in rx.finditer(text)]
    if _PATIENT_CONTEXT.search(text):
        found += [Finding("a room number", m.group().strip()) for m in _ROOM.finditer(text)]
    for m in _SSN_SHAPE.finditer(text):
        if not _NOT_SSN.search(text[max(0, m.start() - 20) : m.start()]) and not any(
            f.what == "a Social Security number" for f in found
        ):
            found.append(Finding("a Social Security number", m.group()))
    return found + _patient_names(text)


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
