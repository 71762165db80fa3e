"""Bare names of patients: a first and a last name with no title, right beside care happening
to that person ("saw devon miller in clinic", "little emma johnson (4yo)", "devon miller
coded", "present dmitri volkov at M&M").
"""

from __future__ import annotations

from collections.abc import Iterator

from medcrm.pure.phi.names import COLLEAGUE_TITLE, NAME_W, capitalised, colleague_follows
from medcrm.pure.phi.patterns import Gated, Lazy, Words
from medcrm.pure.phi.text import CLINICAL, NEVER_NAMES, Doc, Finding, first_names

# Care happening to a bare "devon miller", just before or just after the name.
_PATIENT_ONLY = frozenset(
    ["rounded on", "round on", "admitted", "admitting", "discharged", "discharging", "consented",
     "intubated", "covered for", "covering for", "lp on", "bx on", "biopsy on",
     "paracentesis on", "h&p for", "h&p on", "exam on", "clerked", "clerking"]
)  # fmt: skip
_CARE_BEFORE = Words(  # "saw devon miller", "little emma johnson"
    ("saw", "seeing", "see", "rounded on", "round on", "admitted", "admitting", "admit",
     "clerked", "clerking", "family of", "relatives of",
     "discharged", "discharging", "consented", "examined", "intubated", "coded", "transferred",
     "pronounced", "delivered", "treated", "following", "followed", "visited", "checked on",
     "sat with", "little", "baby", "kid", "toddler", "boy", "girl", "guy", "lady", "named",
     "exam on", "h&p on", "note on", "consult on", "family mtg for", "family meeting for",
     "i got", "picked up", "presented", "present", "presenting", "covered for", "covering for",
     "lp on", "line on", "bx on", "biopsy on", "paracentesis on", "h&p for", "placement on",
     "scrubbed on", "scrubbed in on", "assisted on", "enrolled", "follow", "pre-op", "preop",
     "post-op", "postop", "op note for"),
    rf"\s+\(?(?P<first>{NAME_W})\s+(?P<last>{NAME_W})(?!['’]?\w)",
)  # fmt: skip
_POSSESSED_CARE = (
    r"s\s+(?:chemo|wound|labs|biopsy|surgery|family|diagnosis|dx|mri|scan|discharge|meds|port|"
    r"picc|foley|drain|sodium|potassium|tumor|cancer|a1c|prognosis|case|echo|i&d|avr|cabg|"
    r"appy|chole|ng|bx|culture|dialysis|bili|sats)\b"
)
_AGE_AFTER = (  # "little Mateo Arellano (4yo", "devon miller, 34M"
    Gated("(", r"\((?=\d)"),
    Gated(",", r",\s*(?:a\s+)?\d{1,3}\s*(?:yo|y/o|[mf]\b)"),
    Gated(",", r",\s*\d{1,3},\s+(?=[a-z])"),  # "liam o'shea, 19, first-break psychosis"
)
_CARE_AFTER = (
    *_AGE_AFTER,
    Gated("'s", "'" + _POSSESSED_CARE),
    Gated("’s", "’" + _POSSESSED_CARE),
)
_PRESENTED_AT = Lazy(
    r"(?:at|on|for)\s+(?:the\s+)?(?:morning\s+report|m&m|rounds|grand\s+rounds|tumor\s+board|"
    r"case\s+conference|board\s+round)"
)
_YO = Lazy(r"y(?:o|/o)\b")
_AGE_BEFORE_YO = Lazy(r" \d{1,3}\s*$")
_CARE_VERBS = Words(  # "devon miller coded"
    ("coded", "died", "passed away", "was admitted", "was discharged", "was intubated",
     "was transferred", "was readmitted", "got admitted", "got discharged", "got intubated",
     "got d/c'd", "got extubated", "is admitted", "is discharged", "is being admitted",
     "is being discharged", "is npo", "is septic", "is intubated", "is dying", "s/p",
     "is asking for pain", "asking for pain", "is requesting", "wants to leave", "pulled out his",
     "pulled out her", "pulled out their", "bounced back", "is refusing"),
)  # fmt: skip
# After these, two capitalised words are a name even when the first is no known first name.
_ONLY_A_PATIENT_DOES = ("is asking for pain", "asking for pain", "pulled out", "bounced back",
                        "is npo", "is septic", "is intubated", "was intubated",
                        "got intubated")  # fmt: skip
_TWO_BACK = Lazy(rf"(?:^|[^\w.'’-])(?P<first>{NAME_W})\s+(?P<last>{NAME_W})\s*$")


def _bare_candidates(doc: Doc) -> Iterator[tuple[int, int, int, bool]]:
    """(start of the first name, end of the last name, end of the first name, whether an age
    follows) of each two words that care happens to."""
    text, low = doc.text, doc.low
    for at, m in _CARE_BEFORE.finditer(low, doc):
        after = m.end("last")
        while after < len(low) and low[after] == " ":
            after += 1
        aged = any(a.match(low, after) for a in _AGE_AFTER)
        # After a verb only a patient takes, two capitalised words are a name even when the
        # first is no known first name ("the LP on Fenwick Oduya").
        strong = low[at : m.start()].strip() in _PATIENT_ONLY and text[m.start("first")].isupper()
        # "present marisol ortega at morning report": only a patient is presented there.
        strong = strong or bool(
            low[at : m.start()].strip().startswith("present") and _PRESENTED_AT.match(low, after)
        )
        yield m.start("first"), m.end("last"), m.end("first"), aged or strong
    places = [(m.start(), rx in _AGE_AFTER) for rx in _CARE_AFTER for m in rx.finditer(low)]
    for yo in _YO.finditer(low):  # " 34yo": found by its "yo" (a fixed letter first: fast)
        age = _AGE_BEFORE_YO.search(low, max(0, yo.start() - 40), yo.start())
        if age is not None:
            places.append((age.start(), False))
    places += [
        (at, low.startswith(_ONLY_A_PATIENT_DOES, at)) for at, _ in _CARE_VERBS.finditer(low, doc)
    ]
    for at, aged in places:
        back = _TWO_BACK.search(text, max(0, at - 40), at)
        if back:
            yield back.start("first"), back.end("last"), back.end("first"), aged


def bare_names(doc: Doc) -> Iterator[Finding]:
    """A first and last name with no title, in a patient's care."""
    text = doc.text
    names = first_names()
    for start, end, first_end, aged in _bare_candidates(doc):
        first, last = text[start:first_end], text[first_end:end].strip()
        low_first, low_last = first.lower(), last.lower()
        if len(low_first) < 3 or first.isupper() or last.isupper():
            continue
        known = low_first in names or low_first.split("-", 1)[0] in names  # "Seo-yeon"
        if not known and not (aged and capitalised(first) and capitalised(last)):
            continue  # "little Aarav Menon (6yo)": a name by its capitals and the age after it
        if {low_first, low_last} & NEVER_NAMES or low_last in CLINICAL:
            continue
        if COLLEAGUE_TITLE.search(text, max(0, start - 30), start) or colleague_follows(doc, end):
            continue
        cue = doc.cue(CLINICAL, start, end, before=10, after=14)
        if cue is None and not aged:  # "little Mateo Arellano (4yo, ...)" needs no more
            continue
        why = f"a patient's name near '{cue}'" if cue else "a patient's name and age"
        yield Finding("name", text[start:end], why, start, f"{first} {last}")
