"""Sign-out lists: items each headed by a name or initials and each about care.

"VC (chest tube, -20 suction), JH (SDH, neuro checks)", "JP - watch UOP, FK - hold heparin",
"— DS Hgb recheck — ML advance diet", "Nnamdi (AKI, trend Cr), Guadalupe (CAP, wean O2)",
"Oluwaseun, pancreatitis, NPO; Jun, new afib", "kowalski -> AM CBC, tanaka -> hold metop".
One such item alone is left to the other rules; two or more, with different heads, make a list
of patients. A head is initials (two or three capitals that are no abbreviation) or a name (a
first name, or any word but a common or clinical one before an arrow), tied to its item by a
bracket, a dash, an arrow or a colon ("Priya takes renal" is a study group's plan, no list);
a name may also stand alone before a comma or a semicolon when the next items are about care.
"""

from __future__ import annotations

from collections.abc import Iterator

from medcrm.pure.phi import text as phi_text
from medcrm.pure.phi.patterns import Lazy
from medcrm.pure.phi.text import ABBREVIATIONS, CLINICAL, NEVER_NAMES, WORD, Doc, Finding, norm

# Items end at a semicolon, a bar, a bullet, a line's end, an em or en dash, a label's colon
# ("sign out: JP - ..."), or a comma that is not inside brackets.
_SEPARATOR = Lazy(r"[;|•\n—–]|:\s|,(?![^()\n]{0,60}\))")
_HEAD = Lazy(
    r"[\s\"'‘“*>\d.)-]*(?P<head>[^\W\d_](?:[^\W\d_'’-]*[^\W\d_])?)(?P<tie>\s*"
    r"(?:\(|->|→|=>|:|\s-\s?|\s–\s?)|\s+(?=\S)|\s*$)"
)
_ARROWS = ("->", "→", "=>")
_LONGEST = 160  # an item longer than this is prose, not a list's line
# A list of colleagues, classmates or study topics, not patients: its line says so ("Journal
# club assignments:", "Who to thank:", "Residents this block:", "Anki plan:").
_NOT_PATIENTS = frozenset(
    ["journal", "club", "assignment", "assignments", "anki", "plan", "research", "block",
     "study", "group", "thank", "thanks", "residents", "classmates", "presentation", "topics",
     "topic", "lecture", "lectures", "teaching", "deck", "qbank", "uworld", "project",
     "projects", "paper", "papers", "shelf", "exam", "poster", "abstract", "interns", "fellows",
     "attendings", "faculty", "mentors", "authors", "speakers", "panel", "committee", "who"]
)  # fmt: skip
_COLLEAGUES = frozenset(
    ["resident", "attending", "intern", "fellow", "student", "classmate", "mentor", "preceptor",
     "coordinator", "ms1", "ms2", "ms3", "ms4", "m1", "m2", "m3", "m4", "sub-i", "chief"]
)  # fmt: skip
_MOST = 50
# Only a note's first 20,000 characters are read as lists (about 5 ms): a census pasted deeper
# into a long note is left to the other rules.
_READ = 20_000
# Capitals that are a word, a time or a role, not initials.
_NOT_INITIALS = frozenset(
    ["OK", "AM", "PM", "MD", "DO", "RN", "NP", "PA", "PT", "OT", "ST", "SW", "CM", "TBD", "FYI",
     "ASAP", "NPO", "PRN", "DNR", "DNI", "ICU", "ED", "OR", "ER", "IR", "GI", "ID", "IM", "EM",
     "PGY", "MS", "MR", "DR", "US", "UK", "NO", "YES", "IV", "PO", "IM", "AND", "THE", "FOR",
     "TO", "IN", "ON", "AT", "BY", "OF", "AN", "IT", "IS", "BE", "MY", "ME", "WE", "HE", "UP"]
)  # fmt: skip


def signout_lists(doc: Doc) -> Iterator[Finding]:
    """Two or more items of a list headed by names or initials, each about care."""
    text = doc.text
    if not any(w.strip(phi_text.PUNCTUATION) in CLINICAL for w in doc.word_set):
        return  # no word of care in the whole note
    heads: list[tuple[str, int, int, str]] = []  # kind, start, end, the care word
    lo = 0
    size = min(len(text), _READ)
    for sep in (*_SEPARATOR.finditer(text, 0, size), None):
        hi = size if sep is None else sep.start()
        item = _item(doc, lo, hi)
        if item is not None:
            heads.append(item)
            if len(heads) > _MOST:
                break  # a pasted census of hundreds: the note is stopped all the same
        lo = sep.end() if sep is not None else hi
    heads = [h for h in heads if not _about_work(doc, h[1])]
    for kind in ("initials", "name"):
        mine = [h for h in heads if h[0] == kind]
        if len({text[s:e].lower() for _, s, e, _ in mine}) < 2:
            continue
        for _, start, end, care in mine[:_MOST]:
            shown = text[start:end]
            why = (
                f"{'initials' if kind == 'initials' else 'a name'} heading a sign-out list's "
                f"item about '{care}'"
            )
            yield Finding(kind, shown, why, start, shown if kind == "name" else None)


def _item(doc: Doc, lo: int, hi: int) -> tuple[str, int, int, str] | None:
    """The kind, place and care word of the item in [lo, hi) if a name or initials head it."""
    text = doc.text
    if hi - lo > _LONGEST or hi - lo < 4:
        return None
    m = _HEAD.match(text, lo, hi)
    if m is None:
        return None
    head, tie = m.group("head"), m.group("tie").strip()
    kind = _kind(head, tie, text, m.end(), hi)
    if kind is None:
        return None
    end = hi
    if m.end() >= hi:  # "Oluwaseun, pancreatitis, NPO; Jun, ...": care is the next item
        after = _SEPARATOR.search(text, hi + 1, hi + _LONGEST)
        end = after.start() if after else min(len(text), hi + _LONGEST)
    body = [norm(w) for w in WORD.findall(doc.low, m.end(), end)]
    if any(w in phi_text.NETWORKING or w in _COLLEAGUES or w.startswith("pgy") for w in body):
        return None  # "Aisha (PGY2, loves echo)": a colleague's item
    care = next((w for w in body if w in CLINICAL), None)
    if care is None:
        return None
    return kind, m.start("head"), m.end("head"), care


def _kind(head: str, tie: str, text: str, at: int, hi: int) -> str | None:
    """The kind of an item's head ("initials", "name" or None), by its tie to the rest."""
    if head.isupper() and 2 <= len(head) <= 3:
        if head in _NOT_INITIALS or head in ABBREVIATIONS:
            return None
        return "initials"
    low = head.lower()
    if len(head) < 3 or low in NEVER_NAMES or low in CLINICAL or head.upper() in ABBREVIATIONS:
        return None
    if tie in _ARROWS:
        return "name"  # "kowalski -> AM CBC"
    if low not in phi_text.first_names() and low.split("-", 1)[0] not in phi_text.first_names():
        return None  # "Mary-Kate" by her first part
    if tie or at >= hi:  # "Nnamdi (AKI", "Jun - new afib", "Oluwaseun," (the item ends there)
        return "name"
    return None


def _about_work(doc: Doc, at: int) -> bool:
    """Whether the line of the item at ``at`` speaks of work or study (see _NOT_PATIENTS)."""
    low = doc.low
    lo = low.rfind("\n", 0, at) + 1
    hi = low.find("\n", at)
    line = low[lo : hi if hi >= 0 else len(low)]
    return any(norm(w) in _NOT_PATIENTS for w in WORD.findall(line))
