"""Dates that identify a patient: a birth date in every spelling (``DOB19500304``, ``d.o.b.``,
``born 3/4/1950``; a birthday without a year is a colleague's), and any date beside an event of a
patient's stay or care (``admitted 11/14``, ``TAH on 11/20``) when the sentence is about a
patient, not beside the student's own calendar (``surgery rotation starts 1/6``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from medcrm.pure.phi import words
from medcrm.pure.phi.patterns import Lazy, Words
from medcrm.pure.phi.text import (
    A_DOCTORS,
    CLINICAL,
    COLLEAGUE_NEAR,
    PATIENTISH,
    SCHEDULE,
    WORD,
    Doc,
    Finding,
    Vocabulary,
)

_MONTH = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sept?iembre|octubre|noviembre|"
    r"diciembre|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_NUMERIC_DATE = Lazy(r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?(?![\w/]|\.\d|:\d|%)")
_MONTH_YEAR = Lazy(r"(?:0?[1-9]|1[0-2])[/.-](?:18|19|20)\d\d(?!\d)")  # "dob 03/1962"
_ISO_DATE = Lazy(r"\d{4}([-.])\d{2}\1\d{2}(?![\w/])")
_DAY_MONTH = Lazy(  # "5 dec", "8-Dec-1986", "3rd of march, 2024"
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+|-)(?:(?:of|de)\s+)?{_MONTH}(?:,?\s+\d{{2,4}}|-\d{{2,4}})?\b"
)
_MONTH_DAY = Lazy(rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{2,4}})?(?![\w/])")
_MONTH_NAMES = (
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december",
)  # fmt: skip


# One pattern per first letter (see bare._CARE_BEFORE): "m(?:ar|arch|ay)\b".
_MONTH_WORDS = Words(_MONTH_NAMES, r"\.?\s+\d")  # "jan 5", "march 3rd": a month and a day
_SHORT_DOB = Lazy(r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d\d(?!\d)")  # mmddyy
_DOB_RIGHT_BEFORE = Lazy(r"\b(?:dob|d\.o\.b\.?|birth|born)[\s:#-]*$")
_COMPACT_DOB = Lazy(  # 19500304, or 03041950 as in "DOB-05111977"
    r"(?:(?:18|19|20)\d{6}|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:19|20)\d\d)(?!\d)"
)
_DOB_LABEL = Lazy(  # the nearest label, as for _ID_LABEL
    r"(?s:.*)\b(?P<label>d[./-]?\s?o[./-]?\s?b\.?|date[\s-]+of[\s-]+birth|birth[\s-]?date|b-?day|birthday|born|"
    r"fecha\s+de\s+nacimiento|f\.?\s?nac\.?|nacid[oa]|nac[ií](?=\s+(?:el|en)\b)|"
    r"(?<![.\w])b\.|(?:wrist|arm|id)[\s-]?band)"
    r"(?P<gap>[^\n.;!?\d]{0,40}?)$"
)
_DOB_WORDS = (
    "nac", "dob", "d-o-b", "d.o.b", "d/o/b", "d o b", "birth", "bday", "b-day", "born", "b.",
    "band",
)  # fmt: skip
_STAY = Vocabulary(words.STAY_EVENTS)
_STRONG_STAY = frozenset(words.STAY_EVENTS_STRONG)
# The last word of each event ("ama" of "left-ama"), and each hyphenated one whole
# ("c-section", one word to the tokenizer).
_STAY_LAST_WORDS = frozenset(e.rsplit("-", 1)[-1] for e in words.STAY_EVENTS) | frozenset(
    words.STAY_EVENTS
)
_NOT_A_STAY = Lazy(
    r"discharged\s+from\s+(?:\w+\s+)?(?:call|shift)\b|discharged\s+from\s+(?:jury|the\s+army|the\s+military|military|service|duty|my|our)|"
    r"admitted\s+(?:to|into)\s+(?:the\s+|an?\s+)?(?:\w+\s+){0,3}(?:program|programme|society|"
    r"school|honou?r|aoa|gold|mph|phd|mba|class|college|residency|fellowship|track|course|"
    r"pathway|lab|cohort|scholars?|academy|university)"
)
# Whose birth date: the student's own or a colleague's ("Dr. Mbeki's DOB is 4/1") is no patient's.
_OWN_OR_COLLEAGUES = Lazy(rf"(?:{A_DOCTORS}|\b(?:my|our|your)|\bi\s+was)\s+$")
# The family of the student or of a colleague: "Dr. Lee's dad passed 3/2", "my mom's surgery".
_FAMILY_OF = Lazy(
    rf"(?:{A_DOCTORS}|\b(?:my|our|your))\s+(?:\w+\s+)?(?:{'|'.join(words.OWN_FAMILY)})\b"
    r"|(?<!['’]s\s)\b(?:mom|dad|grandma|grandpa)['’]s\b"
)  # and "dad's knee replacement is 4/2" (not "the pt's mom's")
_HOLIDAY = Lazy(
    r"\b(?:christmas|xmas|new\s+year['’]?s|valentine['’]?s|halloween|independence\s+day|"
    r"(?:fourth|4th)\s+of\s+july)\b"
)  # "born on christmas day 1946": a day and a year
_NOT_ONE_BIRTH = Lazy(r"\b(?:before|after|between|since|from|in\s+the)\b")
_HAS_YEAR = Lazy(r"\d{4}|\d[/.-]\d{1,2}[/.-]\d")
_YEAR = Lazy(r"(?:18|19|20)\d\d(?!\d)")
_PATIENTS = frozenset(("pt's", "pt’s", "patient's", "patient’s", "pts"))
_NEWBORNS = frozenset(("baby", "infant", "twins", "twin", "triplets"))
# A patient in so many words (not a pronoun or a family word), or described ("the 58yo").
_A_PATIENT = Lazy(
    r"\b(?:pts?|patients?|lady|gentleman|man|woman|guy|kid|baby|infant|vet|veteran)\b|"
    r"\b\d{1,3}\s?(?:yo|y/o|[mf])\b"
)
_WHOSE_BABY = Lazy(  # "my sister's baby", "Dr. Kim's baby", "our twins"; not "the pt's baby"
    r"(?:(?<!\bpt)(?<!patient)['’]s|\b(?:my|our|your))\s+(?:new\s+)?(?:baby|infant|twins?|"
    r"triplets)\s*$"
)
_SCORE = Lazy(r"\d{1,2}[.-]\d{1,2}")


def _all_dates(doc: Doc) -> list[tuple[int, int]]:
    """Every date written in numbers or with a month's name, in order."""
    low = doc.low
    size = len(low)
    found: list[tuple[int, int]] = []
    for start, end in doc.digit_runs:
        before = low[start - 1] if start else " "
        if (
            before.isdigit()
            or before in "/.$#"
            or (before == "-" and start > 1 and low[start - 2].isdigit())
        ):
            continue
        if before.isalpha() and not low.endswith(("dob", "birth", "born"), 0, start):
            continue
        follows = low[end] if end < size else " "
        run = end - start
        if run == 4:
            shapes: tuple[Lazy, ...] = (_ISO_DATE, _YEAR)
        elif run == 8:
            shapes = (_COMPACT_DOB,)
        elif run == 6 and _DOB_RIGHT_BEFORE.search(low, max(0, start - 12), start):
            shapes = (_SHORT_DOB,)  # "dob 021553"
        elif run <= 2 and follows in "/.-":
            shapes = (_NUMERIC_DATE, _DAY_MONTH)
            if _DOB_RIGHT_BEFORE.search(low, max(0, start - 12), start):
                shapes += (_MONTH_YEAR,)  # a month and year of birth tell as much
        elif run <= 2 and follows in " snrt":
            shapes = (_DAY_MONTH,)
        else:
            continue
        for rx in shapes:
            m = rx.match(low, start)
            if m and not (rx is _NUMERIC_DATE and _SCORE.fullmatch(m.group())):
                found.append(m.span())
                break
    for at, _ in _MONTH_WORDS.finditer(low, doc):
        date = _MONTH_DAY.match(low, at)
        if date:
            found.append(date.span())
    return sorted(found)


def dates(doc: Doc) -> Iterator[Finding]:
    """Birth dates, and dates beside an event of a patient's stay."""
    text, low = doc.text, doc.low
    for start, end in _all_dates(doc):
        window = low[max(0, start - 56) : start]
        label = None
        if ("b" in window or "nac" in window) and any(k in window for k in _DOB_WORDS):
            label = _DOB_LABEL.match(low, max(0, start - 56), start)
        if (
            label
            and _birth_date(doc, label, start, end)
            and not _OWN_OR_COLLEAGUES.search(
                low, max(0, label.start("label") - 30), label.start("label")
            )
        ):
            at = label.start("label")
            yield Finding("dob", text[at:end].strip(), "a date of birth", at)
            continue
        if _YEAR.fullmatch(low, start, end):
            continue
        lo, hi = doc.sentence(start)
        lo = max(lo, start - 60)
        tail = low[end : min(hi, end + 40)]
        event, distance = _event(WORD.findall(low, lo, start), WORD.findall(tail)[:2])
        if event is None or _NOT_A_STAY.search(low, lo, min(hi, end + 40)):
            continue
        if _family_stay(low, lo, start):
            continue  # no patient's stay: a colleague's or the student's family
        if event == "passed" and not _A_PATIENT.search(low, *doc.sentence(start)):
            continue  # "grandpa passed 3/2", "she passed 3/2, our coordinator": no patient
        strong = (event in _STRONG_STAY or event.endswith(_PROCEDURES)) and distance <= 4
        planned = doc.cue(SCHEDULE, start, end, before=6, after=4)
        if planned and not (strong and distance <= 4 and doc.about_a_patient(start, end)):
            continue  # "the lady w/ the hip fx is scheduled for ORIF 3/21" still counts
        if not strong and not doc.about_a_patient(start, end):
            continue
        yield Finding("date", text[start:end], f"a patient's {_said(event)}", start)


def _family_stay(low: str, lo: int, start: int) -> bool:
    """A colleague's or the student's family just before the date, with no patient word
    between ("Dr. Lee's dad passed 3/2"; not "pt admitted 3/4, my mom called")."""
    found = list(_FAMILY_OF.finditer(low, max(lo, start - 48), start))
    return bool(found) and not _A_PATIENT.search(low, found[-1].end(), start)


# Operations by their endings: "vitrectomy", "craniotomy", "angioplasty", "colostomy".
_PROCEDURES = ("ectomy", "otomy", "ostomy", "plasty", "oscopy", "pexy")
_SPELLED = {"dos": "date of service", "dod": "date of death", "doa": "date of admission",
            "tod": "time of death", "passed": "date of death"}  # fmt: skip


def _said(event: str) -> str:
    """How a finding names the event of a stay: "admission date", "date of death", "surgery"."""
    if event.endswith("-or"):
        return "surgery date"  # "went to the OR on 9/3"
    shown = _SPELLED.get(event, event.replace("-", " "))
    return shown if "date" in shown.split() or "time" in shown.split() else f"{shown} date"


def _event(before: list[str], after: list[str]) -> tuple[str | None, int]:
    """The event of a stay nearest a date (from the words before it, else the two after) and
    how many words away it is."""
    for distance, n in enumerate(range(len(before) - 1, -1, -1), start=1):
        if before[n] not in _STAY_LAST_WORDS and not before[n].endswith(_PROCEDURES):
            continue  # no event ends with this word
        for phrase in (
            "-".join(before[max(0, n - 3) : n + 1]),
            "-".join(before[max(0, n - 2) : n + 1]),
            "-".join(before[max(0, n - 1) : n + 1]),
            before[n],
        ):
            if phrase in _STAY or phrase.endswith(_PROCEDURES):
                return phrase, distance
    for n in range(len(after)):
        for phrase in ("-".join(after[: n + 1]), after[n]):
            if phrase in _STAY:
                return phrase, 0
    return None, 0


def _holiday_birth(doc: Doc, label: re.Match[str]) -> bool:
    """A holiday and a year after "born", of a patient ("the VA vet born on christmas day
    1946"), not of a doctor or the dean ("Dr. Shah was born on Christmas Day 1975")."""
    if not _HOLIDAY.search(label.group("gap")):
        return False
    lo, hi = doc.sentence(label.start("label"))
    return doc.about_a_patient(label.start("label"), label.end()) and not COLLEAGUE_NEAR.search(
        doc.low, lo, hi
    )


_RECORDS = frozenset(["chart", "wristband", "sticker", "facesheet", "epic"])  # "bday on chart: ..."
_BAND_SAYS = frozenset(["says", "said", "reads", "read", "shows", "showed", "has", "had", "dob"])


def _birth_date(doc: Doc, label: re.Match[str], start: int, end: int) -> bool:
    name = label.group("label").replace(" ", "")
    date = doc.low[start:end]
    has_year = bool(_HAS_YEAR.search(date))
    if name in ("birthday", "bday", "b-day"):
        gap = {w.strip(":,-") for w in label.group("gap").split()}
        patient = (PATIENTISH.exact | _RECORDS) & gap or doc.cue(
            PATIENTISH, label.start("label"), end, before=6, after=8
        )
        lead = doc.low[max(0, label.start("label") - 12) : label.start("label")]
        if not has_year:  # "priya's birthday is 3/4": a colleague's; "pt's birthday is 3/8"
            return lead.split()[-1:] != [] and lead.split()[-1] in _PATIENTS
        owned = lead.rstrip().endswith(("'s", "’s", "my", "our", "your"))
        care = not owned and doc.cue(CLINICAL, label.start("label"), end, before=0, after=10)
        return bool(patient or care)  # "bday 12/25/49, will be seen by geri f/u"
    if name.endswith("band"):  # "wristband says 10/10/1949": a patient's, with its year
        before = doc.low[max(0, label.start("label") - 20) : label.start("label")].split()
        said = set(label.group("gap").replace(":", " ").split())
        return (
            has_year
            and said <= _BAND_SAYS  # "says", "reads:": the band's own words, not a deadline
            and not set(before[-2:]) & {"my", "our", "your", "concert", "festival"}
        )
    if name in ("born", "b."):
        if name == "b." and label.group("gap").strip():
            return False
        if _NOT_ONE_BIRTH.search(label.group("gap")):
            return False  # "patients born before 1930 were excluded": a cohort
        if _YEAR.fullmatch(date):  # a year alone tells an age only when over 89; a holiday
            return int(date) <= 1936 or _holiday_birth(doc, label)
        newborn = doc.low[max(0, label.start("label") - 8) : label.start("label")]
        newborn_words = newborn.split()[-1:]
        return has_year or (  # "baby born 11/02 at 0347"; not "my sister's baby born 3/14"
            newborn_words != []
            and newborn_words[0] in _NEWBORNS
            and not _WHOSE_BABY.search(doc.low, max(0, label.start("label") - 40),
                                       label.start("label"))
        )  # fmt: skip
    return True
