"""The patient-information guard: finds the HIPAA Safe Harbor identifiers a student is likely to
type by habit into a networking note, and says which words and why.

A note about a colleague is full of clinical words ("Dr. Hart showed me the biopsy technique"),
so clinical words alone prove nothing. The guard looks for the *identifiers*: a patient's name
or initials (:mod:`.names`), record numbers, birth dates, dates of a stay and ages over 89
(:mod:`.numbers`), a patient's phone, email, address, room or bed (:mod:`.places`). Where an
identifier's shape is shared with harmless text, the words around it decide: each module says
how. Names of the user's own contacts are colleagues, whatever surrounds them: the caller, who
can see the contacts, passes them to :func:`drop_colleagues`.

Everything here is pure: text in, findings out, no I/O. How well it does is measured by
``benchmarks/phi/evaluate.py`` on corpora written by people who never saw this code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from medcrm.pure.phi import (
    bare,
    initials,
    listed,
    loose,
    model,
    names,
    numbers,
    places,
    signout,
    single,
    spoken,
    stays,
)
from medcrm.pure.phi.patterns import Lazy
from medcrm.pure.phi.text import OWN, Doc, Finding, norm

__all__ = ["Finding", "by_rules", "describe", "drop_colleagues", "find_phi", "is_colleague"]

RULES = (
    names.titled_names,
    names.patient_names,
    bare.bare_names,
    loose.loose_names,
    names.named_people,
    names.first_name_possessives,
    single.one_name,
    listed.listed_names,
    signout.signout_lists,
    initials.initials,
    numbers.identifiers,
    stays.dates,
    numbers.ages,
    places.contacts,
    places.places,
)


def find_phi(text: str | None) -> list[Finding]:
    """Every likely patient identifier in ``text``, in the order they appear (overlapping
    findings once); for a short note the rules pass, the model's second opinion."""
    found = by_rules(text)
    if found or not text:
        return found
    return list(_second_opinion(text))


def _second_opinion(text: str) -> Iterable[Finding]:
    """The model's judgement of a short note, told by the words that weighed most; its name
    (for the contacts' check) is those of them written with a capital."""
    low = text.lower()
    if OWN.search(low) or _THEIR_FAMILY.search(low):
        return  # "Noah, 3 years old, my nephew": the words of a patient, the student's family
    judged = model.judged(text)
    if judged is None or names.names_a_colleague(Doc(text)):
        return  # "Mrs Ellery is the ward clerk, ask her for the discharge forms": staff
    chance, words = judged
    shown = ", ".join(f"'{w}'" for w in words)
    start, first = min(((low.find(w), w) for w in words if w in low), default=(0, ""))
    evidence = " ".join(words).split()
    said = (w.strip(".,;:!?()") for w in text.split())
    capitalised = [w for w in said if w[:1].isupper() and norm(w) in evidence]
    why = f"reads like a note about a patient ({chance:.0%}), by {shown}"
    yield Finding("model", text[start : start + len(first)], why, start,
                  " ".join(capitalised) or None)  # fmt: skip


def by_rules(text: str | None) -> list[Finding]:
    """What the rules alone find in ``text`` (see :func:`find_phi`)."""
    if not text:
        return []
    doc = Doc(text)
    found = [f for rule in RULES for f in rule(doc)]
    for spelled in spoken.spelled_out(doc):  # "call back at six one seven five five ..."
        found += _in_digits(text, *spelled)
    found.sort(key=lambda f: f.start)
    unique: list[Finding] = []
    reach = -1
    for f in found:
        if f.start >= reach:
            unique.append(f)
        reach = max(reach, f.start + len(f.text))
    return unique


def _in_digits(text: str, digits: str, origin: list[int]) -> Iterable[Finding]:
    """What the rules about numbers find in ``digits`` (the text with its spoken numbers in
    digits), told with the words as typed."""
    doc = Doc(digits)
    for rule in (numbers.identifiers, stays.dates, numbers.ages, places.contacts, places.places):
        for f in rule(doc):
            start = origin[f.start]
            last = origin[min(f.start + len(f.text), len(origin)) - 1]
            end = last + 1
            while end < len(text) and text[end].isalpha():
                end += 1  # to the end of the last word
            yield Finding(f.kind, text[start:end], f.why, start, f.name)


_HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "mister",
        "master",
        "dr",
        "doctor",
        "prof",
        "professor",
        "nurse",
        "pt",
        "patient",
        "md",
        "do",
        "phd",
        "rn",
        "np",
        "pa",
        "jr",
        "sr",
        "ii",
        "iii",
        "mph",
        "mba",
        "baby",
        "boy",
        "girl",
    ]
)


def name_tokens(name: str) -> frozenset[str]:
    """The words of a name as names are compared: folded, without titles and degrees."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("'", "").replace("’", "")
    return frozenset(w for w in _LETTERS.findall(plain) if w not in _HONORIFICS)


def is_colleague(name: str, contacts: Iterable[str]) -> bool:
    """True when every word of ``name`` (a found name, title dropped) is in one contact's name:
    "Mr. Fox" is Daniel Fox, "pt Jill" is Jill Martinez; "Sarah Goldberg" is nobody's."""
    wanted = name_tokens(name)
    return bool(wanted) and any(wanted <= name_tokens(c) for c in contacts)


# A colleague's family, where a note reads like one about a patient ("Dr. Lin's son").
_THEIR_FAMILY = Lazy(
    r"\b(?:son|daughter|kid|kids|baby|wife|husband|partner|mom|dad|mother|father)\s+of\s+"
    r"(?:my|our|the|dr)\b|\b(?:dr|prof|professor)\.?\s+[\w'’-]+['’]s\s+"
    r"(?:son|daughter|kid|kids|baby|wife|husband|partner|mom|dad|mother|father)\b"
)
_LETTERS = Lazy(r"[^\W\d_]+")
_LAY_TITLE = Lazy(r"(?:mr|mrs|ms|miss|mx)\b", re.IGNORECASE)
_DOCTOR = Lazy(r"(?:dr|doctor)\b\.?|.*,?\s(?:md|do)$", re.IGNORECASE)


def a_doctor(contact: str) -> bool:
    """A contact named as a doctor ("Dr. Nikhil Patel", "Ana Ruiz, MD"): no Mr./Mrs./Ms."""
    return bool(_DOCTOR.match(contact.strip()))


def drop_colleagues(findings: list[Finding], contacts: Iterable[str]) -> list[Finding]:
    """``findings`` without the names that belong to ``contacts`` (the user's own). A name
    written with Mr./Mrs./Ms. is not a contact who is a doctor ("Mrs. Patel's A1c" is not
    Dr. Nikhil Patel)."""
    known = list(contacts)
    lay = [c for c in known if not a_doctor(c)]
    return [
        f for f in findings
        if f.name is None
        or not is_colleague(f.name, lay if _LAY_TITLE.match(f.text) else known)
    ]  # fmt: skip


def describe(findings: list[Finding]) -> str:
    """One clause naming what was found and how to say it instead."""
    first = findings[0]
    more = f", and {len(findings) - 1} more" if len(findings) > 1 else ""
    return f"'{first.text}' ({first.why}{more}); {first.advice}"
