"""Where a patient can be reached or found: phone, email, street address, room and bed.

* A phone, email or address counts when its nearest owner word before it is a patient's
  (``pt's cell``, ``her daughter at``, ``lives at``, ``home visit at``), never a colleague's
  (``dr cho's pager``, ``the program office``), and not when it is a confirmation or a fax.
* A bed, bay, chair or stretcher with a number counts (``bed 12B``, ``trauma bay 2``), as does a
  unit and bed (``MICU 12``, ``8W-14``) or a person "in 5112"; a room counts next to a patient,
  not next to an office, a lecture, a meeting or a hotel.
"""

from __future__ import annotations

from collections.abc import Iterator

from medcrm.pure.phi import words
from medcrm.pure.phi.numbers import SSN
from medcrm.pure.phi.patterns import Lazy
from medcrm.pure.phi.text import (
    A_DOCTORS,
    CLINICAL,
    COLLEAGUE_OWNER,
    OWN,
    PATIENT_OWNER,
    PATIENTISH,
    Doc,
    Finding,
    Vocabulary,
    starts_word,
)

_PHONE = Lazy(
    r"(?:\+?\d{1,3}[\s.-]?)?(?:\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}|0\d{2,4}\s\d{3,4}\s\d{3,4}|"
    r"\(?\d{3}[-.]\d{4})(?![\w-]|\.\d)"
)
# Other countries' groupings ("+91 98450 22317", "07700 900461", "9823 116 540"): only after a
# phone's label, with 10 to 13 digits.
_WORLD_PHONE = Lazy(r"(?:\+\d{1,3}[\s.-]?)?\d{2,5}(?:[\s.-]?\d{2,6}){1,3}(?![\w-]|\.\d)")
_WORLD_PHONE_LABEL = Lazy(
    r"(?:phone|cell|mobile|tel|ph|contact|whatsapp|number|no)\b[^.\n\d]{0,24}$"
)
_PHONE_LABEL = Lazy(r"(?:phone|cell|number|#|at|mobile|tel|ph|contact)\b[^.\n\d]{0,12}$|#\s*$")
_HOUSE_NO = Lazy(r"\b(?:house|flat|h\.)\s*(?:no\.?|#|number)\s*$")
_PO_BOX = Lazy(r"p\.?\s?o\.?\s+box\s+\d+")
_EMAIL_AROUND = Lazy(r"[\w.+-]+$"), Lazy(r"@[\w-]+(?:\.[\w-]+)+")
_AFTER_A_STREET = Lazy(r"\.?\s*(?:[,;#)]|$|\n|apt|unit|ste|suite|in\b|out\b|near\b)")
_ADDRESS = Lazy(
    r"\d{1,5}\s+(?:[nsew]\.?\s+)?(?:(?!per\b|and\b|or\b|of\b|to\b)[a-z0-9]+\s+){1,3}"
    r"(?:street|avenue|ave|road|rd|lane|ln|drive|blvd|boulevard|court|terrace|ter|circle|cir|"
    r"pkwy|parkway|hwy|highway|trail|trl|close|crescent|cres|mews|grove|gardens|nagar|colony|"
    r"layout|marg|sector|chowk|(?P<short>st|dr|ct|pl|way|place)|(?=apt|unit|#))\b\.?"
    r"(?:,?\s*(?:apt|unit|#|ste|suite)\.?\s*\w+)?"
)
_PATIENT_PLACE = Lazy(
    r"\b(?:home\s+(?:visit|eval|evaluation)|house\s+call|lives|living|lived|resides|home\s+"
    r"address|moved\s+to|staying\s+at)\b"
)
_PRONOUNS = frozenset(("his", "her", "him", "their"))
# Whose a "granddaughter/POA 555-0127" is: family and those who speak for a patient.
_RELATIVES = frozenset(words.OWN_FAMILY) | {
    "granddaughter",
    "grandson",
    "spouse",
    "parent",
    "parents",
    "caregiver",
    "guardian",
    "poa",
    "hcp",
}
_A_DOCTORS = Lazy(A_DOCTORS)
_NOT_PERSONAL = Lazy(
    r"\b(?:conf(?:irmation)?|ticket|order|booking|reservation|tracking|fax|zoom|meeting\s+id|"
    r"webex|flight|hotel|badge|parking|pager|page)\b[^.\n]{0,16}$"
)


def _owner(doc: Doc, start: int) -> str | None:
    """Whose the phone, email or address at ``start`` is: "patient", "colleague" or None, by
    the nearest owner word before it in its sentence ("dr mensah's pt lives at": the pt)."""
    lo, _ = doc.sentence(start)
    pronoun = False
    for word in reversed(doc.words(lo, start)[-14:]):
        if "/" in word:  # "granddaughter/POA": a relative's; "office/home" is no owner
            if any(part in _RELATIVES for part in word.split("/")):
                return "patient"
            continue
        if word in _PRONOUNS:
            pronoun = True  # whose: the person named before it ("Dr. Thompson gave me his cell")
            continue
        if word in PATIENT_OWNER:
            return "patient"
        if word in ("my", "our", "i"):
            return "weak"  # "I wrote 220 Kingsley Ave for the home visit pt": see what follows
        if word in COLLEAGUE_OWNER:
            return "colleague"
    return "patient" if pronoun else None


def _personal(doc: Doc, start: int, end: int, *, address: bool = False) -> bool:
    """True when the phone, email or address at [start, end) is a patient's."""
    low = doc.low
    if _NOT_PERSONAL.search(low, max(0, start - 30), start):
        return False
    owner = _owner(doc, start)
    if address and _PATIENT_PLACE.search(low, doc.sentence(start)[0], start):
        owner = "patient"
    if owner in (None, "weak"):
        earlier = doc.words(max(0, start - 100), doc.sentence(start)[0])  # the sentence before
        if any(w in PATIENT_OWNER for w in earlier[-12:]) and owner is None:
            return True  # "never put the pt's email in a note. i almost did: x@y.com"
        after = doc.cue(PATIENT_OWNER, start, end, before=0, after=10)
        if after and (owner == "weak" or doc.cue(CLINICAL, start, end, before=0, after=12)):
            return True
        # An address belongs to a patient unless a colleague or a venue owns it.
        return address and owner is None and not doc.cue(_VENUES, start, end, before=10, after=6)
    return owner == "patient"


def _candidates(doc: Doc) -> Iterator[tuple[str, int, int]]:
    """Phones and addresses (from the digit runs) and emails (from each "@")."""
    text, low = doc.text, doc.low
    reach = -1
    size = len(low)
    for start, end in doc.digit_runs:
        if start < reach or (not starts_word(low, start) and low[start - 1] not in "(+"):
            continue
        follows = low[end] if end < size else ""
        house = _HOUSE_NO.search(low, max(0, start - 12), start) if start > 4 else None
        if house and doc.cue(PATIENTISH, house.start(), end, before=10, after=6):
            # "the patient gave his address as House No. 45": a patient's, said so
            reach = end
            yield "a patient's address", house.start(), end
            continue
        if end - start < 3 and not (follows == " " and end - start <= 5):
            continue  # neither a phone's first group nor a house number
        begin = start - 1 if start and low[start - 1] in "(+" else start
        phone = _PHONE.match(low, begin) if end - start >= 3 else None
        if (
            phone
            and not SSN.fullmatch(phone.group())
            and (
                sum(c.isdigit() for c in phone.group()) >= 10
                or _PHONE_LABEL.search(low, max(0, begin - 12), begin)
                or (end - start == 3 and _owned(doc, begin, phone.end()))
            )
        ):
            reach = phone.end()
            yield "a patient's phone number", begin, phone.end()
            continue
        grouped = end + 1 < size and follows in " .-" and low[end + 1].isdigit()
        world = _world_phone(low, begin) if grouped or end - start >= 10 else 0
        if world:
            reach = world
            yield "a patient's phone number", begin, world
            continue
        address = _ADDRESS.match(low, start) if follows == " " and end - start <= 5 else None
        if address and address.group("short") and not _AFTER_A_STREET.match(low[address.end() :]):
            street = text[start : address.start("short")].split()[-1:]  # "310 W Elm St tmrw"
            address = address if street and street[0][:1].isupper() else None
        if address and address.end() - start < 6:
            address = None
        if address:
            reach = address.end()
            yield "a patient's address", start, address.end()
    for box in _PO_BOX.finditer(low):
        yield "a patient's address", box.start(), box.end()
    at = text.find("@")
    while at > 0:
        local = _EMAIL_AROUND[0].search(text, max(0, at - 64), at)
        domain = _EMAIL_AROUND[1].match(text, at)
        if local and domain:
            yield "a patient's email address", local.start(), domain.end()
        at = text.find("@", at + 1)


def _owned(doc: Doc, start: int, end: int) -> bool:
    """A phone without a label whose owner says it is a patient's or their family's: "son
    555-0121", "wife reachable 555-0134", "call 555-0192 (pt's niece)"; not the student's own
    family's ("my wife 555-0134") nor a doctor's ("Dr. Lee's son 555-0121")."""
    lo, _ = doc.sentence(start)
    if OWN.search(doc.low, lo, start) or _A_DOCTORS.search(doc.low, lo, start):
        return False
    return _owner(doc, start) == "patient" or bool(
        doc.cue(PATIENT_OWNER, start, end, before=0, after=2)
    )


def _world_phone(low: str, begin: int) -> int:
    """Where a phone number in another country's grouping that starts at ``begin`` ends, or 0."""
    m = _WORLD_PHONE.match(low, begin)
    if m is None or not 10 <= sum(c.isdigit() for c in m.group()) <= 13:
        return 0
    return m.end() if _WORLD_PHONE_LABEL.search(low, max(0, begin - 36), begin) else 0


def contacts(doc: Doc) -> Iterator[Finding]:
    """A patient's phone number, email or street address."""
    for what, start, end in _candidates(doc):
        if _personal(doc, start, end, address=what.endswith("address") and "email" not in what):
            yield Finding("contact", doc.text[start:end].strip(), what, start)


_PLACE_BEFORE = Lazy(
    r"\b(?P<word>bed|bay|stretcher|hallway\s+bed|hall\s+bed|hallway|crib|isolette|incubator|warmer|"
    r"trolley|chair|resus|cama|"
    r"resus\s+bay|trauma\s+bay|fast\s+track|cubicle|curtain|slot|room|rm|triage|micu|sicu|icu|ccu|"
    r"cvicu|nicu|picu|pacu|ed|er|l&d|\d{1,2}\s?[nsew]|\d{1,2}\s?(?:west|east|north|south)|"
    r"(?<![\w-])\d{1,2}[a-z](?=-$))"
    r"\.?[\s-]?#?\s*[a-z]?$"
)
_PLACE_NUMBER = Lazy(r"\d{1,4}[a-z]?\b(?!\s*(?:%|(?:mg|hours|hrs|pm|am)\b))")
_PERSON_IN = Lazy(
    r"\b(?:pt|patient|lady|gentleman|gent|man|woman|guy|kid|kiddo|child|baby|girl|boy|grandma|"
    r"grandpa|vet|veteran|mom|dad|infant|toddler|teen|one)\s+(?:in|from)\s+(?:room\s+|rm\.?\s*|"
    r"(?:peds|psych|ortho|the\s+ed|ed|er|or|icu|micu|sicu|ccu|nicu|picu|bay|bed)\s+)?#?$"
)
_EVENTS = Vocabulary(
    [
        "comfort",
        "coded",
        "admit",
        "admitted",
        "admission",
        "new-admit",
        "intubated",
        "extubated",
        "died",
        "expired",
        "d/c",
        "discharged",
        "transferred",
        "septic",
        "crashing",
        "crashed",
        "rapid",
        "pna",
        "chf",
        "copd",
        "dka",
        "sepsis",
    ]
)
_VENUES = Vocabulary(words.VENUES)
_NOT_A_WARD = Lazy(
    r"\b(?:office|hours|lecture|conference|conf|meeting|class|classroom|seminar|call(?!\s*:)|study|"
    r"library|hall|bldg|building|suite|hotel|sim|simulation|auditorium|lounge|break|workroom|"
    r"team|residents|student|students|locker|mail|board|dean|admissions|lab|interview|zoom|"
    r"breakout|reading|wing|osce|exam\s+room|skills|precepting|teaching|dinner|lunch|"
    r"party|coffee|gym|dorm|museum|poster|abstract|booth)\b"
)
_BEDS = {"bed", "cama", "bay", "stretcher", "crib", "isolette", "incubator", "warmer", "trolley",
         "resus", "cubicle", "fast track", "triage"}  # fmt: skip
_HOSPITAL_UNIT = Lazy(
    r"\b(?:\d{1,2}\s?[nsew]|\d{1,2}\s?(?:west|east|north|south)|micu|sicu|icu|ccu|cvicu|"
    r"nicu|picu|ed|er|l&d|peds|psych|ortho|unit|ward|(?<!\dst\s)(?<!\dnd\s)(?<!\drd\s)(?<!\dth\s)floor|"
    r"step-?down|tele|telemetry|onc|"
    r"postpartum|antepartum|inpatient|mother-baby|nursery|iso|isolation|"
    r"oncology|med-?surg|burn|cardiac|neuro)\b[^.\n]{0,6}$"
)
_ON_A_UNIT = Lazy(  # "rm 412 on the onc floor", "room 22 on labor and delivery"
    r"\s*,\s*(?:micu|sicu|icu|ccu|cvicu|nicu|picu|pacu|l&d)\b|"  # "room 614, MICU"
    r"\s+(?:on|in)\s+(?:the\s+)?(?:\d{1,2}\s?[nsew]\b|\d{1,2}\s?(?:west|east|north|south)|"
    r"micu|sicu|icu|ccu|cvicu|nicu|picu|l&d|labor|peds|psych|ortho|onc|oncology|step-?down|"
    r"tele|telemetry|med-?surg|burn|cardiac|neuro|surgical|medical|medicine)\b"
)
_BEDSIDE = Vocabulary(words.BEDSIDE)
# "the kid in 5 days", "the woman in 2 seats over": no room.
_SPAN_AFTER = Lazy(r"\s*(?:mins?|minutes|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|"
                   r"seats?|rows?|chairs?|spots?|places?|of|more|out)\b")  # fmt: skip
_ED_CONTEXT = Lazy(r"\b(?:ed|er|ed\s+shift|trauma|fast\s+track|urgent\s+care|triage)\b")
_FURNITURE = {"slot", "chair", "curtain"}
_ROOMS = {"room", "rm"}


_PLACE_WORDS = frozenset(words.PLACE_WORDS)


def _might_be_a_place(window: str) -> bool:
    """A cheap look at the words before a number: could _PLACE_BEFORE match there?"""
    for word in window.replace("-", " ").split()[-2:]:
        w = word.strip(".#")
        if w in _PLACE_WORDS or (1 < len(w) <= 3 and w[:-1].isdigit() and w[-1].isalpha()):
            return True  # a unit: "8W-14", "9C-04"
    return False


_SIM_AFTER = Lazy(r"\b(?:sim|simulation|call\s+room|skills|workroom|lounge|dorm)\b")


def _not_a_ward(doc: Doc, start: int, end: int) -> bool:
    """An office, sim lab or call room around a bed: "call room bed 2 is broken, use bed 1",
    "Bed 12 in the sim lab has the new mannequin"."""
    lo, hi = doc.sentence(start)
    return bool(
        _NOT_A_WARD.search(doc.low, max(lo, start - 20), start)
        or _SIM_AFTER.search(doc.low, max(lo, start - 40), start)
        or _SIM_AFTER.search(doc.low, end, min(hi, end + 30))
        or "mannequin" in doc.low[lo:hi]
    )


def places(doc: Doc) -> Iterator[Finding]:
    """A patient's bed, bay, room or unit and bed."""
    text, low = doc.text, doc.low
    for start, _ in doc.digit_runs:
        if start and low[start - 1].isdigit():
            continue
        number = _PLACE_NUMBER.match(low, start)
        if number is None:
            continue
        window = low[max(0, start - 24) : start]
        place = _PLACE_BEFORE.search(window) if _might_be_a_place(window) else None
        if place is None:
            person = _PERSON_IN.search(window) if (" in " in window or "from" in window) else None
            in_an_or = person is not None and " or " in person.group()  # "the guy in OR 6"
            if person and number.end() - start < 3 and not in_an_or:  # "the guy in 12": the ED
                lo, hi = doc.sentence(start)
                cared = (
                    not _SPAN_AFTER.match(low, number.end())
                    and not person.group().startswith("one")  # "one in 3 patients"
                    and doc.cue(_BEDSIDE, start, number.end(), before=0, after=8)
                )  # "the lady in 14 keeps pulling her IV out"; not "the kid in 5 days"
                person = person if _ED_CONTEXT.search(low, lo, hi) or cared else None
            if low[number.end() - 2 : number.end()] == "0s":
                continue  # "pt in 40s w withdrawal": an age
            if person and not _NOT_A_WARD.search(low, start, min(len(low), number.end() + 20)):
                at = start - len(window) + person.start()
                yield Finding("location", text[at : number.end()], "a patient's room", at)
            continue
        at = start - len(window) + place.start()
        word = " ".join(place.group("word").split())
        patient = doc.cue(PATIENTISH, at, number.end())
        if word in _ROOMS:
            lo, hi = doc.sentence(at)
            if _NOT_A_WARD.search(low, max(lo, at - 80), at) or _NOT_A_WARD.match(
                low[number.end() : min(hi, number.end() + 30)].strip()
            ):
                continue
            on_a_unit = _HOSPITAL_UNIT.search(low, max(0, at - 14), at) or _ON_A_UNIT.match(
                low, number.end()
            )
            if not (
                on_a_unit
                or doc.cue(PATIENTISH, at, number.end(), before=8, after=6)
                or doc.cue(_EVENTS, at, number.end(), before=0, after=2)  # "room 12 extubated"
            ):
                continue
        elif word == "bed" or word.endswith("bed"):
            if _not_a_ward(doc, at, number.end()):
                continue  # "call room B bed 2", "bed 1 in the sim lab"
        elif word in _BEDS or word.endswith(("bay", "track")):
            if not (patient or doc.cue(CLINICAL, at, number.end())):
                continue
            if _not_a_ward(doc, at, number.end()):
                continue  # "sim center bay 3"
        elif word in _FURNITURE:
            if not patient:
                continue
        else:  # a unit and a bed: "MICU 12", "8W-14", "12W-01 pancreatitis"
            if not (
                doc.cue(PATIENTISH, at, number.end(), before=6, after=6)
                or doc.cue(_EVENTS, at, number.end(), before=5, after=4)
                or (word[:1].isdigit() and doc.cue(CLINICAL, at, number.end(), before=0, after=3))
            ):
                continue
            if _NOT_A_WARD.search(low, max(0, at - 30), min(len(low), number.end() + 20)):
                continue
        what = "a patient's room" if word in _ROOMS else "a patient's bed"
        yield Finding("location", text[at : number.end()], what, at)
