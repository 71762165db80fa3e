"""Names as a patient list writes them, family name first: "Gutierrez, Maria — 2nd toe amp —
POD1", "HARRIS, W | ph 555-0163 | d/c tmrw", "consult list: Hernandez, Rosa / Tran, Minh — all
stroke". A census or sign-out line pasted into a note is the shape: the name stands between
separators (the start of a line, a bar, a slash, a dash, a colon, a list number) and the line
speaks of care. Authors of a paper and a conference's speakers are written the same way, so a
line with a word of work in it ("abstract", "poster", "panel") is no list of patients.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from medcrm.pure.phi.names import colleague_before, colleague_follows
from medcrm.pure.phi.patterns import Lazy
from medcrm.pure.phi.text import (
    CLINICAL,
    NETWORKING,
    NEVER_NAMES,
    PUNCTUATION,
    WORD,
    Doc,
    Finding,
    first_names,
    norm,
)

_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # "Núñez", "Ángela"
_WORD = rf"(?:Mc|Mac|O['’])?[{_UPPER}][{_LOWER}]+"  # "McDonald", "O'Brien"
# Found by the comma and the given name after it ("Rosa", "MARIA", or the "W" of "HARRIS, W"),
# which must end at a separator, a comma or an age; then the family name is looked for just
# before the comma.
_GIVEN = Lazy(
    rf",[ \t]?(?P<first>{_WORD}(?:-[{_UPPER}][{_LOWER}]+)?|[{_UPPER}]+)\.?"
    r"(?=[ \t]*(?:[|/;:,•\n(\d]|[-–—][ \t]|$)|\t)"
)
_FAMILY = Lazy(
    r"(?:^|[|/;:•*\n(\t]|[-–—][ \t]|\d[.)][ \t])[ \t]*"
    rf"(?P<last>{_WORD}(?:[-'’][{_UPPER}][{_LOWER}]+)?|[{_UPPER}][{_UPPER}'’-]+[{_UPPER}])$"
)
# Words of a line that lists colleagues: a paper's authors, a panel, a conference's speakers.
_WORK = frozenset(
    ["author", "authors", "coauthors", "co-authors", "panel", "panelists", "speaker", "speakers",
     "moderator", "moderators", "presenters", "preceptor", "preceptors", "faculty", "mentor",
     "mentors", "committee", "lecture", "lecturers", "et", "al", "abstract", "poster", "journal",
     "citation", "references", "interviewer", "interviewers", "attendings", "residents",
     "fellows"]
)  # fmt: skip
_MOST = 50  # names told of one note; the rest cost time and change nothing
# Places whose second part is a first name: "Savannah, Georgia", "Richmond, Virginia".
_PLACES = frozenset(
    ["georgia", "virginia", "carolina", "dakota", "florida", "indiana", "montana", "nevada",
     "india", "jordan", "israel", "kenya", "victoria", "columbia", "chad", "maryland"]
)  # fmt: skip


def listed_names(doc: Doc) -> Iterator[Finding]:
    """A "Family, Given" name between separators, on a line that speaks of care."""
    text = doc.text
    if "," not in text:
        return
    names = first_names()
    marks: _Marks | None = None  # made for the first candidate only
    found = 0
    for m in _GIVEN.finditer(text):
        at = m.start()
        head = _FAMILY.search(text, max(0, at - 32), at)
        if head is None:
            continue
        last, first = head.group("last"), m.group("first")
        if len(first) == 1 and not last.isupper():
            continue  # "Smith, A" is too little to go on; "HARRIS, W" is a census's way
        given = first.lower()
        if len(first) > 1 and (given not in names or given in _PLACES):
            continue  # "Austin, Texas", "Savannah, Georgia"
        if last.lower() in NEVER_NAMES or last.lower() in CLINICAL:
            continue
        start, end = head.start("last"), m.end("first")
        if marks is None:
            if not any(w.strip(PUNCTUATION) in CLINICAL for w in doc.word_set):
                return  # no word of care in the whole note
            marks = _Marks(doc)
        cue = marks.care_in(*_segment(doc, start))
        if cue is None:
            continue  # no care near it on its line, or a line about work
        if colleague_before(doc, start) or colleague_follows(doc, end):
            continue
        if doc.acted(start, end, before=8, after=14):
            continue
        shown = text[start:end]
        found += 1
        if found > _MOST:
            return  # a pasted census of hundreds: the note is stopped all the same
        yield Finding("name", shown, f"a name as a patient list writes it, near '{cue}'", start,
                      f"{first.title()} {last.title()}")  # fmt: skip


def _segment(doc: Doc, pos: int) -> tuple[int, int]:
    """The part of the line at ``pos`` that is also its sentence (at most 400 characters each
    way: :meth:`Doc.sentence`)."""
    text = doc.text
    lo, hi = doc.sentence(pos)
    end = text.find("\n", pos, hi)
    return max(lo, text.rfind("\n", lo, pos) + 1), hi if end < 0 else end


class _Marks:
    """Where the note's words of care and of work are, read once, so that a note full of
    candidates costs a binary search each, not a reading of the words around each."""

    def __init__(self, doc: Doc) -> None:
        self.care: list[int] = []
        self.words: list[str] = []
        self.work: list[int] = []
        for m in WORD.finditer(doc.low):
            word = norm(m.group())
            if word in _WORK or word in NETWORKING:
                self.work.append(m.start())
            elif word in CLINICAL:
                self.care.append(m.start())
                self.words.append(word)

    def care_in(self, lo: int, hi: int) -> str | None:
        """The first word of care in [lo, hi), if no word of work is there."""
        n = bisect_left(self.work, lo)
        if n < len(self.work) and self.work[n] < hi:
            return None
        n = bisect_left(self.care, lo)
        return self.words[n] if n < len(self.care) and self.care[n] < hi else None
