"""Numbers that identify a patient: record and insurance numbers, SSNs, birth dates, dates of a
stay or a procedure, and ages over 89.

* A number counts by its label (MRN, CSN, FIN, member id, Medicare #...) or its shape (an SSN,
  with dashes or spaces), never when it is labelled as a confirmation, ticket, order, pager or
  phone number.
* A birth date counts in every spelling (``DOB19500304``, ``d.o.b.``, ``born 3/4/1950``); a
  birthday without a year is a colleague's (``priya's birthday is 3/4``).
* Any other date counts beside an event of a patient's stay (``admitted 11/14``, ``TAH on
  11/20``, ``left AMA on jan 9th``) when the sentence is about a patient, not beside the
  student's own calendar (``surgery rotation starts 1/6``).
* An age over 89 counts for one person (``a 94 y/o``, ``97F``, ``pt is 91``), not for a group
  (``patients aged 90 and older``) or a temperature (``temp 95F``).

Patterns run on the lower-case copy (:attr:`Doc.low`) except where case tells (``97F``).
"""

from __future__ import annotations

from collections.abc import Iterator

from medcrm.pure.phi.patterns import Lazy, Words
from medcrm.pure.phi.text import (
    CLINICAL,
    COLLEAGUE_NEAR,
    OWN,
    PATIENTISH,
    POPULATION,
    TEMPERATURE,
    Doc,
    Finding,
    ends_word,
    starts_word,
)

_ID_LABEL = Lazy(  # the nearest label: (?s:.*) runs to the last one
    r"(?s:.*)\b(?P<label>mrn|mr\s?#|m\.r\.n\.?|med(?:ical)?\s*rec(?:ord)?s?|record|chart|acct|account|csn|fin|"
    r"har|encounter|enc|visit|admission|patient\s+id|pt\s+id|member|subscriber|insurance|"
    r"policy|medicare|medicaid|mbi|hicn|ssn|ss\s?#|ss\s+no|social\s+security|social|"
    r"hospital\s+(?:number|no|#|id)|hosp\s+(?:no|#)|uhid|(?:ip|op|cr)\s+(?:no|number)|"
    r"aadhaa?r|nhs\s+(?:number|no)|chi\s+number|health\s+card|national\s+id|nric|"
    r"last\s+(?:4|four)\s+of\s+(?:her|his|the|pt'?s)?\s*(?:ssn|social)|id)(?!\w)\.?"
    r"(?P<gap>[^\n;!?\d]{0,32}?)$"
)
_ID_VALUE = Lazy(
    r"(?:[a-z]{0,3}-?\d[\d\s-]{3,14}\d|[a-z]{0,3}\d{4,}[a-z\d]*|\d[a-z\d]{3}-[a-z\d]{3}-[a-z\d]{4}|"
    r"\d[a-z][a-z\d]\d[a-z][a-z\d]\d[a-z]{2}\d{2})"  # the last: a Medicare MBI, 1EG4TE5MK72
    r"(?![\w/])"
)
_ID_OWNER = Lazy(
    r"\b(medicaid|medicare|insurance|member|subscriber|patient|pt|policy|mrn|chart|account|"
    r"aetna|cigna|humana|bcbs|anthem|tricare|molina|uhc|unitedhealthcare)\s*$"
)
_INSURERS = frozenset(["aetna", "cigna", "humana", "bcbs", "anthem", "tricare", "molina", "uhc",
                       "unitedhealthcare"])  # fmt: skip
# "mrn ending 4471", "chart # last four 0921": four digits are enough when said to be the end.
_ENDING = Lazy(r"\b(?:ending(?:\s+in)?|ends\s+in|last\s+(?:4|four)(?:\s+digits)?)\W*$")
_MASKED_SSN = ("xxx-xx-", "***-**-", "xxx xx ")
_WEAK_LABELS = {"id", "record", "visit", "admission", "social", "member", "chart", "account", "fin",
                "har", "enc", "policy"}  # fmt: skip
SSN = Lazy(r"\d{3}([\s-])\d{2}\1\d{4}(?![\w/-]|\.\d)")
_SSN_LABEL = Lazy(r"\b(?:ssn|social|ss)\b")
HARMLESS_NUMBER = Lazy(
    r"\b(?:conf(?:irmation)?|ticket|order|booking|reservation|tracking|ref(?:erence)?|invoice|"
    r"receipt|pager|page|phone|tel|fax|ext(?:ension)?|call|cell|text|zoom|meeting|webex|"
    r"teams|flight|seat|gate|room|rm|isbn|doi|pmid|grant|nct|irb|protocol|course|crn|section|"
    r"badge|locker|parking|permit|license|aamc|eras|nrmp|usmle|nbme|cohort|student|"
    r"registration|reg|confirmation|claim|serial|code|pin|passcode|password|venmo|zelle|"
    r"login|account\s+(?:for|on)\s+(?:my|the)|library|amazon|ups|fedex|usps|certificate|cert|"
    r"cme|certification|member\s+of|aoa|ama|acp|aafp|aap|financial|appeal|scholarship|loan)"
    r"\b[^.\n]{0,36}$"
)
_LAST_FOUR = Lazy(r"last\s+(?:4|four)\s+of\s+(?:her|his|the|pt'?s)?\s*$")
_A_DATE = Lazy(r"(?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01])[/-]\d{2,4}")
_LETTERS_BEFORE = Lazy(r"[a-z]{1,3}-?$")


def _value_start(low: str, start: int) -> int:
    """Where an identifier holding the digits at ``start`` begins: "A1234567" at the "A"."""
    lead = _LETTERS_BEFORE.search(low, max(0, start - 4), start)
    if lead and starts_word(low, lead.start()):
        return lead.start()
    return start


def identifiers(doc: Doc) -> Iterator[Finding]:
    """Record, account, insurance and Social Security numbers, by their label or shape."""
    low = doc.low
    taken = -1
    for start, end in doc.digit_runs:
        if start < taken or (
            not starts_word(low, start)
            and low[start - 1] not in "#-"
            and not (low[start - 1].isalpha())
        ):
            continue
        grouped = end + 1 < len(low) and (
            (low[end] in " -" and low[end + 1].isdigit()) or low[end].isalpha()
        )
        if end - start < 4 and not grouped:
            continue  # too short to be a record number or an SSN ("3/14", "rm 4")
        found = _labelled(doc, start) or _ssn(doc, start, end) or _glued(doc, start, end)
        if found is None and end - start == 4 and low[max(0, start - 7) : start] in _MASKED_SSN:
            at = start - 7  # "xxx-xx-4417": the last four of a Social Security number
            found = Finding("identifier", doc.text[at:end], "a Social Security number", at)
        if found is not None:
            taken = found.start + len(found.text)
            yield found


def _glued(doc: Doc, start: int, end: int) -> Finding | None:
    """A label typed against its number: "mrn4471902", "csn88213409"."""
    low = doc.low
    label = low[max(0, start - 3) : start]
    if label not in ("mrn", "csn", "ssn") or end - start < 5 or not starts_word(low, start - 3):
        return None
    return Finding("identifier", doc.text[start - 3 : end], _what(label), start - 3)


_LABEL_HINT = Lazy(
    r"mr|m\.r|rec|chart|acc|csn|fin|har|enc|visit|admi|id|member|subscriber|insurance|policy|medic|"
    r"mbi|hicn|ss|social|#|hosp|uhid|ip |op |cr |aadha|nhs|chi |health card|national|nric"
)


def _labelled(doc: Doc, start: int) -> Finding | None:
    text, low = doc.text, doc.low
    window = low[max(0, start - 52) : start]
    if not _LABEL_HINT.search(window):
        return None
    vstart = _value_start(low, start)
    value = _ID_VALUE.match(low, vstart)
    if value is None or sum(c.isdigit() for c in value.group()) < 4:
        return None
    label = _ID_LABEL.match(low, max(0, vstart - 48), vstart)
    if label is None:
        return None
    name = " ".join(label.group("label").rstrip(".").split())
    typed = text[label.start("label") : label.end("label")]
    owner = _ID_OWNER.search(low, max(0, label.start("label") - 24), label.start("label"))
    if name in ("id", "#", "number") and owner:  # "Medicaid ID 9384...": Medicaid's
        name = "insurance" if owner.group(1) in _INSURERS else owner.group(1)
    digits = sum(c.isdigit() for c in value.group())
    last_four = name.startswith("last") or (
        name in ("social", "ssn") and _LAST_FOUR.search(low, max(0, label.start() - 30),
                                                        label.start("label"))
    )  # fmt: skip
    last_four = last_four or bool(_ENDING.search(label.group("gap")))
    least = 4 if last_four else 6 if name in _WEAK_LABELS - {"chart"} else 5
    if digits < least or _A_DATE.fullmatch(value.group().strip()):
        return None
    weak = name in _WEAK_LABELS and not (typed.isupper() and name in ("fin", "har", "enc", "acct"))
    harmless = (weak or name in ("acct", "account")) and HARMLESS_NUMBER.search(
        low, max(0, label.start("label") - (16 if name == "chart" else 30)), vstart
    )
    if weak or harmless:  # "library fine acct 7720193": the library's
        if weak and harmless:
            return None
        around = set(doc.words(label.start("gap"), vstart))
        if not (
            doc.cue(CLINICAL, label.start("label"), value.end())
            or doc.cue(PATIENTISH, label.start("label"), value.end())
            or any(w in CLINICAL or w in PATIENTISH for w in around)
            or (weak and name in ("chart", "member"))
        ):
            return None
    at = label.start("label")
    return Finding("identifier", text[at : value.end()].strip(), _what(name), at)


def _what(label: str) -> str:
    """What a labelled number is, in words: "a medical record number"."""
    if label.startswith(("ss", "social", "last 4")):
        return "a Social Security number"
    if label.startswith(("mr", "m.r", "med", "record", "chart")):
        return "a medical record number"
    if label.startswith(("member", "subscriber", "insurance", "policy", "medic", "mbi", "hicn")):
        return "an insurance number"
    if label in ("id", "patient id", "pt id", "patient", "pt"):
        return "a patient's id number"
    return "an account or encounter number"


_NINE_DIGITS = Lazy(r"\d{9}")


def _ssn(doc: Doc, start: int, end: int) -> Finding | None:
    """A Social Security number by its shape (123-45-6789, 123 45 6789), or nine digits after
    "SSN"; not a confirmation, ticket or phone number of that shape."""
    low = doc.low
    if end - start == 3:
        m = SSN.match(low, start)
    elif end - start == 9 and ends_word(low, end):
        m = _NINE_DIGITS.match(low, start)
        if m and not _SSN_LABEL.search(low, max(0, start - 40), start):
            return None
    else:
        return None
    if m is None or (start and low[start - 1] in "/.#$-"):
        return None
    lead = low[max(0, start - 40) : start].replace(" no.", " no")  # "case no. 998-12-4410"
    if HARMLESS_NUMBER.search(lead) or lead.rstrip().endswith(("$", "#")):
        return None
    return Finding("identifier", doc.text[start : m.end()], "a Social Security number", start)


_OLD_WORDS = Words(
    ("ninety", "hundred"),
    r"(?:[\s-]+and)?(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|ten))?(?!\w)",
)
_UNIT_AFTER = Lazy(
    r"\s*(?:-|\s)?\s*(?:y[/-]?o\b|y\.o\.?|yo[mf]?\b|yrs?\.?\s+old|years?[\s-]old|yr[\s-]old|"
    r"years?\s+of\s+age|yrs?\b(?!\s+(?:of|in|ago|later|since))|years?(?=\))|(?:yr|year)s?\s+"
    r"young|a[ñn]os\b(?!\s+(?:de\s+)?(?:edad\s+)?(?:y|o)\s+m[aá]s)|"  # "de 96 años"
    r"y\b(?=\s*(?:lady|man|woman|gentleman|guy|male|female|pt|patient|old|o\b)))"
    r"(?!\s*s\b(?!/)|s\b)"  # not "90 year olds"; "91yo s/p TAVR" is one
)
_YEARS_THEN_COMMA = Lazy(r"\s*(?:-|\s)\s*years?(?=\s*[,;:])")  # "ninety-one years, retired"
_SEX_AFTER = Lazy(r"\s?(?:F|M|yoF|yoM|y/o\s?[FM])\b")
_SAID_BEFORE = Lazy(
    r"\b(?:pt|patient|she|he|she's|he's|shes|hes|who|grandma|grandpa|lady|gentleman|man|vet|"
    r"woman|mrs\.?\s+\w+|mr\.?\s+\w+|ms\.?\s+\w+|pt\s+(?:—|-|–|,)|patient\s+(?:—|-|–|,))"
    r"(?:\s+(?:today|now|here|currently|still|actually|really|already|(?:on|in)\s+(?:the\s+)?"
    r"[\w-]+))?(?:\s+(?:is|was|turned|turns|just\s+turned|is\s+now)|'s|’s|,|)"
    r"(?:\s+(?:like|about|maybe|probably|prob|almost|nearly))?\s+(?:a\s+)?$"
    r"|\b(?:pt|patient|lady|gentleman|man|woman|guy|grandma|grandpa)\s*\($"  # "pt (95)"
    r"|(?:^|[\"“'‘]\s*)(?:i'm|i’m|im|i\s+am)\s+$"  # a patient quoted: "i'm ninety-four"
    # "the woman on my nephrology elective is 92", "one of our enrollees is 103"
    # (a resident or the oldest aged 90 to 119 is one of a nursing home's, not a doctor)
    r"|\b(?:woman|man|lady|gentleman|enrollees?|participants?|subjects?|veteran|residents?|"
    r"oldest)\b[^.;!?\n]{0,40}?\s(?:is|was|turned|turns|(?:is\s+)?turning|at)\s+$"
    r"|\b(?:woman|man|lady|gentleman)\s+of\s+$"  # "a woman of ninety-six"
)
_NOT_AN_AGE_AFTER = Lazy(
    r"\s*(?:%|\+|percent|mg|kg|lbs?|mmhg|bpm|/|\.\d|and\s+(?:older|over|up|above)|or\s+"
    r"(?:older|over|above)|to\s+\d|-\s*\d|units|minutes|min|sec|seconds|degrees|°|f\b|c\b|"
    r"beats|over\s+\d|on\s+(?:the|room)|pounds|points|mins)"
)
_AGED_BEFORE = Lazy(r"\b(?:aged?|age:?)\s*$")
_GRANDPARENT = Lazy(r"grand(?:ma|pa)\b")
_PRONOUNS = frozenset(["he", "she", "his", "her", "him", "they", "them", "their", "he's", "she's"])
# One person's age told twice: "in her nineties — 95 to be exact", "nonagenarian (93)".
_OLD_ASIDE = Lazy(r"\b(?:90s|nineties|nonagenarian|centenarian)\W{1,6}$")
_NTH_BIRTHDAY = Lazy(r"(?:st|nd|rd|th)\s+(?:birthday|bday|b-day)\b")  # "her 100th birthday"
_WHOSE_BIRTHDAY = Lazy(r"\b(?:her|his|pt['’]s|patient['’]s|(?:mr|mrs|ms|miss)\.?\s+\w+['’]s)\s+$")
_GROUP_AFTER = Lazy(r"\s*(?:\+|and\s+(?:older|over|up|above)|or\s+(?:older|over|above)|"
                          r"to\s+\d|-\s*\d|s\b|plus|&|>)")  # fmt: skip
_GROUP_BEFORE = Lazy(
    r"(?:over|above|>|≥|>=|older\s+than|beyond|patients|pts|adults|people|those|cohort\s+of|"
    r"between|from|among|in|for)\s*$"
)
_DEGREES = Lazy(r"\s*(?:°|deg|degrees)")
# Another temperature in the sentence ("38C = 100.4F, 35C = 95F"): this one is one too.
_NOT_A_TEMPERATURE = Lazy(r"\bnot\s+(?:the|a|her|his)\s+temp")  # "98F — not the temp, her AGE"
_OTHER_TEMPERATURE = Lazy(r"\d{2,3}\.\d\s?[cf]\b|\b[34]\d(?:\.\d)?\s?c\b|=\s*\d{2,3}\s?f\b")


def _old(doc: Doc) -> Iterator[tuple[int, int]]:
    """Every 90 to 119, in digits or words."""
    low = doc.low
    for start, end in doc.digit_runs:
        if (
            end - start in (2, 3)
            and 90 <= int(low[start:end]) <= 119
            and (starts_word(low, start) or low[start - 1] in "(-")
        ):
            yield start, end
    for at, m in _OLD_WORDS.finditer(low, doc):
        yield at, m.end()


def _in_care(doc: Doc, at: int) -> bool:
    """Something of care in the sentence at ``at`` besides a grandparent, the family and
    pronouns: a clinical word or a patient's."""
    said = [
        w
        for w in doc.words(*doc.sentence(at))
        if not w.startswith(("grand", "family")) and w not in _PRONOUNS
    ]
    return CLINICAL.first_in(said) is not None or PATIENTISH.first_in(said) is not None


def _own_family(doc: Doc, at: int) -> bool:
    """The student's own family in the sentence at ``at`` ("my grandma's 95th birthday"), or
    a grandparent outside any care ("grandpa's 91st bday dinner")."""
    low = doc.low
    lo, hi = doc.sentence(at)
    if OWN.search(low, lo, hi):
        return True
    return bool(_GRANDPARENT.search(low, lo, at)) and not _in_care(doc, at)


def ages(doc: Doc) -> Iterator[Finding]:
    """An age over 89 of one person."""
    text, low = doc.text, doc.low
    for start, end in _old(doc):
        if _GROUP_AFTER.match(low, end) or (
            low[start - 1 : start] == "-" and low[start - 2 : start - 1].isdigit()
        ):
            continue
        lead_from = max(0, start - 30)
        unit = _UNIT_AFTER.match(low, end)
        if doc.acted(start, end, before=8, after=4):
            continue  # "SP encounter: actor playing a 92-yr-old"
        if unit and not _GROUP_BEFORE.search(low, lead_from, start):
            yield Finding("age", text[start : unit.end()].strip(), "an age over 89", start)
            continue
        years = _YEARS_THEN_COMMA.match(low, end)
        if (
            years
            and not _GROUP_BEFORE.search(low, lead_from, start)
            and doc.about_a_patient(start, end)
        ):
            yield Finding("age", text[start : years.end()], "an age over 89", start)
            continue
        sex = _SEX_AFTER.match(text, end)
        if sex and not (
            (
                doc.cue(TEMPERATURE, start, end, before=8, after=5)
                and not _NOT_A_TEMPERATURE.search(low, end, end + 24)
            )
            or _DEGREES.match(text, sex.end())
            or _OTHER_TEMPERATURE.search(low, *doc.sentence(start))
        ):
            yield Finding("age", text[start : sex.end()].strip(), "an age over 89", start)
            continue
        if _NOT_AN_AGE_AFTER.match(low, end):
            continue
        birthday = _NTH_BIRTHDAY.match(low, end)
        if (
            birthday
            and _WHOSE_BIRTHDAY.search(low, lead_from, start)
            and not _own_family(doc, start)
            and not COLLEAGUE_NEAR.search(low, *doc.sentence(start))
        ):
            yield Finding("age", text[start : birthday.end()], "an age over 89", start)
            continue
        aside = _OLD_ASIDE.search(low, lead_from, start)
        if aside and _own_family(doc, start):
            continue  # "my grandma is in her nineties, 95 to be exact"
        if aside and not doc.cue(POPULATION, start, end, before=8, after=4):
            yield Finding("age", text[aside.start() : end], "an age over 89", aside.start())
            continue
        said = _SAID_BEFORE.search(low, max(0, start - 60), start)
        if said and _own_family(doc, start):
            continue  # "call grandpa, he's 91 now", "my grandma (she's 97)": the student's own
        if said:
            yield Finding("age", text[said.start() : end], "an age over 89", said.start())
            continue
        aged = _AGED_BEFORE.search(low, lead_from, start)
        if (
            aged
            and not _GROUP_BEFORE.search(low, max(0, aged.start() - 25), aged.start())
            and not doc.cue(POPULATION, start, end, before=6, after=6)
        ):
            yield Finding("age", text[aged.start() : end], "an age over 89", aged.start())
