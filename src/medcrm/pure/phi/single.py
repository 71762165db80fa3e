"""A patient called by one first name: "Zara, the 5 year old with nephrotic syndrome", "Tendai
came back with the same chest pain". A first name alone is everywhere in a student's notes (the
residents, the classmates), so only two shapes count: a first name with a child's or a
patient's age right after it, and a capitalised name that comes back *with* something of care.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from medcrm.pure.phi.names import colleague_before, colleague_follows
from medcrm.pure.phi.patterns import Lazy
from medcrm.pure.phi.text import (
    CLINICAL,
    COLLEAGUE,
    NETWORKING,
    NEVER_NAMES,
    OWN,
    Doc,
    Finding,
    first_names,
)

_NAME = r"(?P<name>[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)"
# Each shape is found by its end, which starts with a fixed character or word (fast in CPython's
# re), then the name is looked for just before it.
_AGED = (
    Lazy(r"old\b"),
    Lazy(rf"\b{_NAME},?\s+(?:the\s+|a\s+|an\s+|our\s+)?\d{{1,2}}[\s-]?"
         r"(?:year|yr|month|mo|week|wk)s?[\s-]$"),
)  # fmt: skip
# A known first name, in any case, with a child's or an infant's age in brackets or after a
# comma: "Zara (5yo)", "ryan (6yo)", "jacob (29wker)", "juniper (10, needle phobia)", "bella, 8mo".
_AGED_SHORT = (
    Lazy(r"(?:\(\s*\d{1,2}\s*(?:(?:yo|y/o|mo|m/o|yr|wks?|wker|weeker)\b|,)|"
         r",\s+(?:the\s+|a\s+)?\d{1,2}\s*(?:yo|y/o|mo|m/o|wks?|wker|weeker)\b)"),
    Lazy(r"\b(?P<name>[A-Za-z][a-z]+(?:-[A-Za-z][a-z]+)?)\s*$"),
)  # fmt: skip
_BACK_WITH = (
    Lazy(r"back\s+(?:to\s+(?:the\s+)?(?:ed|er|ED|ER|A&E|hospital|ward|clinic|ICU|icu)\s+)?with\b"),
    Lazy(rf"\b{_NAME}\s+(?:came|comes|come|bounced)\s+$"),
)


def _shapes(text: str) -> Iterator[tuple[re.Match[str], int, bool]]:
    """(the name's match, where the shape ends, whether it is "came back with" rather than an
    age, after which the name must be a known first name)."""
    for (end_rx, name_rx), back in (
        (_AGED, False),
        (_AGED_SHORT, False),
        (_BACK_WITH, True),
    ):
        for tail in end_rx.finditer(text):
            m = name_rx.search(text, max(0, tail.start() - 48), tail.start())
            if m is not None:
                yield m, tail.end(), back


def one_name(doc: Doc) -> Iterator[Finding]:
    """One first name with an age after it, or coming back with something of care."""
    names = first_names()
    for m, end, back in _shapes(doc.text):
        name = m.group("name")
        low = name.lower()
        if not back and low not in names and low.split("-", 1)[0] not in names:
            continue  # an age after a capitalised word: "Peds, the 3 year old" is no one
        if low in NEVER_NAMES or low in COLLEAGUE:
            continue
        if low in CLINICAL or colleague_before(doc, m.start("name")):
            continue
        if colleague_follows(doc, m.end("name")):
            continue
        # Care right after: "with the same chest pain", "(4yo) with croup"; not "came back with
        # the answer", "the 4 year old golden retriever".
        cue = doc.cue(CLINICAL, m.start("name"), end, before=0, after=3 if back else 12)
        if cue is None or doc.cue(NETWORKING, m.start("name"), end, before=6, after=12):
            continue  # "Maya, the 3 year old daughter of my mentor"
        if OWN.search(doc.low, *doc.sentence(m.start("name"))):
            continue  # "Noah, 3 years old, my nephew": the student's own family
        yield Finding("name", name, f"a patient's name near '{cue}'", m.start("name"), name)
