"""Names as a patient list writes them, family name first: "Gutierrez, Maria — 2nd toe amp —
POD1", "HARRIS, W | ph 555-0163 | d/c tmrw", "consult list: Hernandez, Rosa / Tran, Minh — all
stroke". A census or sign-out line pasted into a note is the shape: the name stands between
separators (the start of a line, a bar, a slash, a dash, a colon, a list number) and the line
speaks of care. Authors of a paper and a conference's speakers are written the same way, so a
line with a word of work in it ("abstract", "poster", "panel") is no list of patients.
"""

from __future__ import annotations

from collections.abc import Iterator

from medcrm.pure.phi.names import colleague_before, colleague_follows
from medcrm.pure.phi.patterns import Lazy
from medcrm.pure.phi.text import CLINICAL, NETWORKING, NEVER_NAMES, Doc, Finding, first_names

# Found by the comma and the given name after it ("Rosa", or the "W" of "HARRIS, W"), which must
# end at a separator; then the family name is looked for just before the comma.
_GIVEN = Lazy(
    r",[ \t]?(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z])\.?(?=[ \t]*(?:[|/;•\n]|[-–—][ \t]|\(|$))"
)
_FAMILY = Lazy(
    r"(?:^|[|/;:•\n(]|[-–—][ \t]|\d[.)][ \t])[ \t]*"
    r"(?P<last>[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?|[A-Z][A-Z'’-]+[A-Z])$"
)


def listed_names(doc: Doc) -> Iterator[Finding]:
    """A "Family, Given" name between separators, on a line that speaks of care."""
    text = doc.text
    if "," not in text:
        return
    names = first_names()
    for m in _GIVEN.finditer(text):
        at = m.start()
        head = _FAMILY.search(text, max(0, at - 32), at)
        if head is None:
            continue
        last, first = head.group("last"), m.group("first")
        if len(first) == 1 and not last.isupper():
            continue  # "Smith, A" is too little to go on; "HARRIS, W" is a census's way
        if len(first) > 1 and first.lower() not in names:
            continue  # "Austin, Texas", "Boston, Mass"
        if last.lower() in NEVER_NAMES or last.lower() in CLINICAL:
            continue
        start, end = head.start("last"), m.end("first")
        if colleague_before(doc, start) or colleague_follows(doc, end):
            continue
        line = doc.words(*_line(text, start))[:40]
        cue = CLINICAL.first_in(line)
        if cue is None or NETWORKING.first_in(line) or doc.acted(start, end, before=8, after=14):
            continue
        shown = text[start:end]
        yield Finding("name", shown, f"a name as a patient list writes it, near '{cue}'", start,
                      f"{first} {last.title()}")  # fmt: skip


def _line(text: str, pos: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    return lo, hi if hi >= 0 else len(text)
