"""Initials of patients: with dots near care ("T.O. the 3yo"), or in a patient's place: after
"pt", with an age and sex ("MW, 67F"), a possessive ("KL's sodium"), a bed ("JD in bed 4"), or
three or more in a list ("JR, AP, KO need AM labs"); never a degree or a common abbreviation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from medcrm.pure.phi.names import COLLEAGUE_TITLE
from medcrm.pure.phi.patterns import Lazy, Words
from medcrm.pure.phi.text import (
    ABBREVIATIONS,
    CLINICAL,
    DOTTED,
    STOPWORDS,
    Doc,
    Finding,
    ends_word,
    starts_word,
)

# Dotted initials are found by their dots ('.D.' of "J.D.", '.D. K.' of "J. D. K."), capitals
# as two or three together ("JD", "KMB"); the words around them then say whether a patient is meant.
_DOTTED_INITIALS = Lazy(r"\.\s?[A-Za-z]\.(?:\s?[A-Za-z]\.)?")
_CAPS = Lazy(r"[A-Z][A-Z][A-Z]?")
# Words right before a patient's initials: "saw JD", "rounded on K.M.", "bed 4 is TR".
_BEFORE_INITIALS = Lazy(
    r"\b(?:"
    + "|".join(
        (
            r"pt|patient|saw|seeing|see|seen|rounded\s+on|rounding\s+on|round\s+on|admitted",
            r"discharged|consented|examined|presented|presenting|pre-?rounded\s+on|following",
            r"follow|visited|check(?:ed)?\s+on|intubated|coded|delivered|little|baby|kid|mr|mrs",
            r"ms|my\s+guy|my\s+lady|bed\s+\d+\w?\s+is|room\s+\d+\w?\s+is|(?:his|her)\s+name\s+is",
            r"took|on|consult(?:ed)?\s+(?:for|on)|for\s+pt|sent|summary\s+for|are|and|initials",
        )
    )
    + r")\.?:?\s+$"
)
_AFTER_INITIALS = Lazy(
    r"(?:(?:'s|’s)\s+\w+|(?:,|\s*[-–])?\s*\(?\d{1,3}\s*(?:yo|y/o|y\.o\.|[mf]\b|yo[mf]|mos?\b|"
    r"m/o|wks?\b|-?(?:month|day|week|year)s?[\s-]old)|\s+[-–]\s+(?:pod\s?\d|s/p|hd\s?\d)|"
    r"\s+home\b|\s+\([a-z/]{2,}\)|\s+(?:asking\s+for|c/o|complain(?:s|ing|ed))\b|"
    r"\s+(?:s/p|spiked|desatted|desat'd|seized|vomited|fell|pulled\s+(?:her|his))\b|"
    r"\s+in\s+(?:the\s+)?(?:[a-z-]+\s+)?(?:unit|ward|pod|chair|bay|bed|room)\b|"
    r"\s+[-–]\s+(?:f/u|awaiting|likely|needs|pending|npo|dc|d/c|new|started|post-?op)\b|"
    r"\s*\([^()]{0,30}\b(?:pod\s?\d|s/p|bed\s?\d|\d{1,3}\s?(?:yo|y/o|[mf]\b))|"
    r"\s+(?:is\s+|was\s+)?(?:crashing|crashed|crumping|crumped|decompensat(?:ing|ed)|seizing|"
    r"bleeding|brady(?:ing|ed)|desatting|coding)\b|"
    r"\s*\([^()]{0,20}\b(?:pt|patient)\)|\s*,?\s*(?:a|the)\s+"
    r"\d{1,3}\s*(?:yo|y/o|-?year)|\s+in\s+(?:the\s+)?(?:bed|room|rm|bay|icu|micu|sicu|ccu|"
    r"nicu|picu|ed|er|\d)|\s+(?:coded|died|passed|was\s+(?:admitted|discharged|intubated|"
    r"transferred|extubated)|is\s+(?:being\s+)?(?:admitted|discharged|npo|septic|intubated)|"
    r"got\s+(?:admitted|discharged|intubated|extubated)|came\s+(?:in|back)|presented|was\s+seen|"
    r"keeps|needs|refused|refuses|left\s+ama|went\s+home)|\s*\((?:the|a|an|our|my)\s|"
    r"\s+(?:w/|with)\s+(?:a|an|the|new|his|her|acute|chronic|bad|severe)?\s*\w+|"
    r"\s+is\s+doing\s+post-?op)"  # "how MJ is doing post-op"
)
_STRONG_AFTER = Lazy(
    r"(?:'s|’s)\s+(?:family|wife|husband|daughter|son|mom|dad|bp|hr|k\+?|na|sodium|potassium|"
    r"labs?|a1c|inr|cr|creat|hgb|glucose|sugars?|sats?|o2|temp|weight|wound|incision|biopsy|"
    r"scan|ct|mri|meds|vitals|pain|h&p|dispo)\b|(?:,|\s-)?\s*\(?\d{1,3}\s*"
    r"(?:yo|y/o|[mf]\b)|\s*\((?:the|a|an)\s"
)
_AFTER_PATIENT_WORD = Lazy(r"\b(?:pts?|patients?)\.?:?\s+[(\"“']?$")
# Lower-case initials right after a patient word, near care: "our mutual pt jw, still waiting on
# her liver biopsy", "pts ak and bl".
_LOWER_AFTER_PATIENT = Words(
    ("pt", "pts", "patient", "patients"), r"\.?:?\s+\(?(?P<i>[a-z]{2})(?:['’]s)?(?![\w'’/.-])"
)
# What a sign-out line says of one patient's course.
_SIGNOUT_COURSE = Lazy(
    r"\b(?:pod\s?\d+|hd\s?\d+|s/p|d/?c|f/u|awaiting|pending|tmrw|tomorrow|am\s+labs|npo|bed|rm|"
    r"likely|dispo|\d{1,3}\s?(?:yo|y/o|[mf]))\b"
)
_ODD_TAIL = Lazy(r"(?:['’][A-Z]{1,2}|-[A-Z])(?![\w'’-])")
_SHOUTING = Lazy(r"[A-Z]{4,}\W+$")
# Three or more initials in a list: "JR, AP, KO, TM all need AM labs" (read from the first).
_INITIALS_LIST = Lazy(r"[A-Z]{2,3}(?:(?:,\s*|,?\s+and\s+|\s*/\s*)[A-Z]{2,3}){2,}\b")
_LIST_NEXT = Lazy(r",|,?\s+and\s|\s*/")
# Lower-case initials with an age or after "pt": "the LP on kd (19yo w/ ...)", "pt jd".
# Found by the age after them, then the two letters before are read.
# One scan in C each (a pattern that starts with one fixed character is found far faster by
# CPython's re than one that starts with a choice of two): commas abound.
_AGE_AFTER_INITIALS = (
    Lazy(r"\(\s*\d{1,3}\s*(?:yo|y/o|[mf]\b)"),
    Lazy(r",\s*\d{1,3}\s*(?:yo|y/o|[mf]\b)"),
)
_TWO_LETTERS_BEFORE = Lazy(r"(?<![\w.'’-])(?P<i>[a-z]{2})\s*$")
# Two-letter words and abbreviations that are no one's initials.
_COMMON_TWO = frozenset({
    "am", "an", "as", "at", "be", "by", "do", "go", "he", "hi", "if", "in", "is", "it", "me", "my",
    "no", "of", "oh", "ok", "on", "or", "so", "to", "up", "us", "we", "ya", "yo", "ex", "ur", "im",
    "iv", "po", "pr", "er", "ed", "pt", "ot", "st", "dr", "mr", "ms",
})  # fmt: skip
ABBREVIATIONS_LOW = frozenset(a.lower() for a in ABBREVIATIONS)
_PLAIN_WORDS = frozenset({"am", "pm", "eg", "ie", "vs", "aka", "etc", "bc", "us", "uk"})


_TWO_OR_THREE_CAPITALS = Lazy(r"[A-Z]{2,3}")


def _initials_list(doc: Doc, start: int) -> Finding | None:
    text = doc.text
    m = _INITIALS_LIST.match(text, start)
    if m is None or not starts_word(text, start):
        return None
    tokens = _TWO_OR_THREE_CAPITALS.findall(m.group())
    unknown = [t for t in tokens if t not in ABBREVIATIONS]
    cue = doc.cue(CLINICAL, m.start(), m.end(), before=10, after=10)
    if len(unknown) * 2 < len(tokens) or not cue:
        return None
    return Finding("initials", m.group(), f"patients' initials near '{cue}'", m.start())


def _signed_out(text: str, low: str, start: int, end: int) -> bool:
    """Initials that start a line of a sign-out list, before a colon, with a patient's course
    on the line: "- AO: POD2 crani", "- FB: stroke w/u, MRI pending" (not a teaching list's
    "- HRS: albumin and octreotide")."""
    if text[end : end + 1] != ":":
        return False
    lead = text[text.rfind("\n", 0, start) + 1 : start].strip()
    if not (lead in ("", "-", "*", "•", "·") or (lead[:-1].isdigit() and lead[-1:] in ".)")):
        return False
    line_end = text.find("\n", end)
    return bool(_SIGNOUT_COURSE.search(low, end, line_end if line_end >= 0 else len(low)))


# Initials that head a note, a line, a sentence or what follows a colon, then a separator: the
# way a list or a quick note names the patient it is about ("K.L. — HFrEF", "trauma: RJ,
# pedestrian struck", "Pulm clinic. LH. sarcoid."). Care must follow in the next few words.
_HEAD_BEFORE = Lazy(r"(?:^|[\n:;.!?(\"“'‘•*]|\s[-–—]|^\s*\d+[.)])\s*$")
_HEAD_AFTER = Lazy(r"(?:,|\.|\s*[-–—]|\s+(?=[a-z0-9]))\s")


def _headed(doc: Doc, start: int, end: int) -> str | None:
    """The word of care after initials that head a clause (see _HEAD_BEFORE), if any."""
    if not _HEAD_BEFORE.search(doc.text, max(0, start - 6), start):
        return None
    if not _HEAD_AFTER.match(doc.text, end):
        return None
    return doc.cue(CLINICAL, start, end, before=0, after=5)


def _dotted(text: str) -> Iterator[re.Match[str]]:
    """Each run of dotted letters, from the dot before its second letter; after the dot of a
    word ("pt. T.N.") the initials are looked for again from the dot after the first letter."""
    for dots in _DOTTED_INITIALS.finditer(text):
        yield dots
        if dots.start() > 1 and text[dots.start() - 2 : dots.start()].isalpha():
            again = _DOTTED_INITIALS.match(text, text.find(".", dots.start() + 1))
            if again is not None:
                yield again


def initials(doc: Doc) -> Iterator[Finding]:
    text, low = doc.text, doc.low
    for dots in _dotted(text):
        start, end = dots.start() - 1, dots.end()  # from the letter before the first dot
        if start < 0 or not text[start].isalpha() or not starts_word(text, start):
            continue
        if (start > 0 and text[start - 1] == ".") or not ends_word(text, end):
            continue
        token = text[start:end].strip()
        letters = token.replace(".", "").replace(" ", "")
        placed = (
            _BEFORE_INITIALS.search(low, max(0, start - 25), start)
            or _AFTER_INITIALS.match(low, end)
            or (letters.isupper() and _headed(doc, start, end))
        )
        if letters.lower() in _PLAIN_WORDS and not placed:
            continue
        if (letters.lower() in DOTTED or letters.islower()) and not placed:
            continue
        cue = doc.cue(CLINICAL, start, end, before=20, after=24)
        if cue or placed:
            why = f"a patient's initials near '{cue}'" if cue else "a patient's initials"
            yield Finding("initials", token, why, start)
    reach = -1
    size = len(text)
    for m in _CAPS.finditer(text):
        if not starts_word(text, m.start()) or (m.end() < size and text[m.end()].isalnum()):
            continue  # part of a longer word ("JSON", "iOS"): every way in needs a whole one
        token = m.group()
        if m.start() >= reach and _LIST_NEXT.match(text, m.end()):
            listed = _initials_list(doc, m.start())
            if listed is not None:
                reach = listed.start + len(listed.text)
                yield listed
                continue
        abbreviation = token in ABBREVIATIONS
        if (
            abbreviation
            and not _STRONG_AFTER.match(low, m.end())
            and text[m.end() : m.end() + 1] not in "'’"
        ):
            continue  # an abbreviation counts only in a person's place: "AR's family", "pt AK's"
        odd = _ODD_TAIL.match(text, m.end()) if starts_word(text, m.start()) else None
        if odd is not None:  # "NO'C", "TH-R": a family name with an apostrophe or a hyphen
            token, odd_end = text[m.start() : odd.end()], odd.end()
        elif not starts_word(text, m.start()) or not ends_word(text, m.end()):
            continue
        else:
            odd_end = m.end()
        if token.lower() in STOPWORDS or _SHOUTING.search(text, max(0, m.start() - 12), m.start()):
            continue  # "ADMITTED TO AOA": a word in capitals
        if (not odd and m.end() < len(text) and text[m.end()] in "/&-") or text[
            m.start() - 1 : m.start()
        ] in (
            "/", "&", "-", ".",
        ):  # fmt: skip
            continue
        before_start = max(0, m.start() - 25)
        after_patient = _AFTER_PATIENT_WORD.search(low, before_start, m.start())
        if token in ABBREVIATIONS and not (
            _STRONG_AFTER.match(low, m.end())
            or (after_patient and text[m.end() : m.end() + 1] in "'’")
        ):
            continue  # an abbreviation counts only in a person's place: "AR's family", "pt AK's"
        if not (
            after_patient
            or _headed(doc, m.start(), odd_end)
            or _signed_out(text, low, m.start(), m.end())
            or _BEFORE_INITIALS.search(low, before_start, m.start())
            or _AFTER_INITIALS.match(low, odd_end)
        ):
            continue
        if COLLEAGUE_TITLE.search(text, before_start, m.start()):
            continue
        cue = doc.cue(CLINICAL, m.start(), odd_end, before=10, after=14)
        if cue is None and not after_patient:
            continue
        why = f"a patient's initials near '{cue}'" if cue else "a patient's initials"
        yield Finding("initials", token, why, m.start())
    for _, m in _LOWER_AFTER_PATIENT.finditer(text, doc):
        two = m.group("i")
        if two in _COMMON_TWO or two in STOPWORDS or two in ABBREVIATIONS_LOW:
            continue
        cue = doc.cue(CLINICAL, m.start("i"), m.end("i"), before=6, after=12)
        if cue:
            yield Finding("initials", two, f"a patient's initials near '{cue}'", m.start("i"))
    for age in (m for rx in _AGE_AFTER_INITIALS for m in rx.finditer(low)):
        at = age.start()
        two = _TWO_LETTERS_BEFORE.search(low, max(0, at - 6), at)
        if two and two.group("i") not in _COMMON_TWO and text[two.start() : two.end()].islower():
            yield Finding("initials", text[two.start() : age.end()],
                          "a patient's initials and age", two.start())  # fmt: skip
