"""Bare names in lower-case notes: "f/u labs for marisol fuentes, her K was 6.1" (a known
first name, a word that could be a family name, care in the next words, no talk of work)."""

from __future__ import annotations

from collections.abc import Iterator

from medcrm.pure.phi import words
from medcrm.pure.phi.names import COLLEAGUE_TITLE, colleague_before, colleague_follows
from medcrm.pure.phi.patterns import Lazy
from medcrm.pure.phi.text import (
    CLINICAL,
    NETWORKING,
    NEVER_NAMES,
    PUNCTUATION,
    Doc,
    Finding,
    first_names,
    norm,
    starts_word,
    where,
)

_CREDENTIALS = frozenset(
    [
        "pa-c",
        "pa",
        "md",
        "do",
        "rn",
        "np",
        "phd",
        "dnp",
        "crna",
        "pharmd",
        "mph",
        "msn",
        "bsn",
        "lpn",
        "cna",
    ]
)
_OPENERS = "'‘"  # a quoted line of a list; a double quote is more often a title's
_HYPHENATED = Lazy(r"[^\W\d_]{2,}-[^\W\d_]{2,}")  # a whole word of the text
_NAME_WORD = Lazy(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Given names that are everyday words too ("per sofia", "mat leave", "low acuity").
_WORD_NAMES = frozenset(
    [
        "per",
        "will",
        "mark",
        "may",
        "june",
        "april",
        "august",
        "bill",
        "pat",
        "sue",
        "rich",
        "grant",
        "hope",
        "faith",
        "joy",
        "rose",
        "iris",
        "ivy",
        "sky",
        "mat",
        "sugar",
        "mini",
        "low",
        "harvey",
        "park",
        "dean",
        "art",
        "guy",
        "ray",
        "max",
        "sunny",
        "summer",
        "autumn",
        "winter",
        "gay",
        "major",
        "miles",
        "rod",
        "pen",
        "page",
        "lane",
        "bay",
        "ward",
        "hall",
        "doc",
        "nick",
        "chase",
        "cash",
        "mag",
        "beta",
        "anki",
        "anes",
        "wind",
        "oral",
        "abdo",
        "senior",
        "junior",
        "sho",
        "vit",
        "wonder",
        "job",
        "memo",
    ]
)
# Second words that make the pair a place: "Miller Hall", "Grace Kim Pavilion".
_PLACE_WORDS = frozenset(
    [
        "hall",
        "center",
        "centre",
        "building",
        "library",
        "lab",
        "clinic",
        "house",
        "street",
        "st",
        "ave",
        "avenue",
        "road",
        "park",
        "tower",
        "wing",
        "pavilion",
        "auditorium",
        "institute",
        "school",
        "college",
        "workroom",
        "room",
        "lounge",
        "office",
        "suite",
        "museum",
        "lobby",
        "cafeteria",
    ]
)
# Particles of family names: "de la Cruz", "van der Berg", "bin Said".
_PARTICLES = frozenset(
    ["de", "la", "del", "della", "van", "der", "den", "von", "da", "di", "dos", "das", "du", "le",
     "bin", "ibn", "al", "el", "ter", "ten"]
)  # fmt: skip
_TITLE_TWO_BACK = Lazy(r"\b(?:dr|doctor|nurse|prof|professor|pt|ot|rn|np|pa)\.?\s+[^\W\d_]+\s+$")
_ROLE_AFTER = Lazy(
    r"\s+(?:fellow|resident|intern|attending|chief|pgy-?\d|nurse|np|pa|rn|pharmacist|"
    r"coordinator|tech|scribe|student|ms[1-4]|m[1-4])\b"
)
_VERBS = frozenset(words.VERBS_AFTER_NAMES)
_LOOSE_SKIP = NEVER_NAMES | _WORD_NAMES
# A word right after the pair that shows its second word is a verb: "jill showed me".
_VERB_OBJECT = Lazy(r"\s+(?:me|us|him|them|the|a|an|as|how|that|about|through|what|why|it)\b")


def loose_names(doc: Doc) -> Iterator[Finding]:
    """ "f/u labs for marisol fuentes, her K was 6.1": a known first name and a last name, in
    the same case, with a patient's care in the next words and no talk of work around them
    (a colleague's name with "research" or "poster" nearby is a colleague).

    Fast on long notes: the text is split once (in C), the pairs whose first word is a first
    name are picked from the words, and only those are found in the text and read."""
    low, text = doc.low, doc.text
    words = doc.words_split
    names = first_names()
    distinct = doc.word_set
    present = names.intersection(distinct) - _LOOSE_SKIP  # a set operation, in C
    # Hyphenated given names ("jean-baptiste", "ji-woo"): their first part is a known one.
    present |= {
        w for w in distinct if "-" in w and _HYPHENATED.fullmatch(w) and w.split("-", 1)[0] in names
    }
    # A name opening a quotation: "handoff: 'ricky salvatore 54M ..."
    present |= {w for w in distinct if w[:1] in _OPENERS and w[1:] in names}
    cursor = 0
    present = frozenset(w for w in present if len(w) > 2)
    verdicts: dict[str, bool] = {}  # each word once: could it be a family name?
    clinical = _Clinical()
    for i in where(words[:-1], present):
        given, following = words[i], words[i + 1]
        family = _NAME_WORD.match(following)
        particle = family is not None and family.group() in _PARTICLES and i + 2 < len(words)
        if particle:  # "Lucía de la Cruz": the family name is after the particles
            family = _NAME_WORD.match(_after_particles(words, i + 1))
        if family is None:
            continue
        could = verdicts.get(family.group())
        if could is None:
            could = verdicts[family.group()] = _could_be_a_family_name(norm(family.group()))
        if not could:
            continue
        if not any(map(clinical, words[max(0, i - 6) : i + 12])):
            continue  # no care anywhere near: the sentence's words need not be read
        at = low.find(f"{given} {following if particle else family.group()}", cursor)
        if at < 0:
            continue  # the two words are apart (a line break, two spaces): no name
        if given[:1] in _OPENERS:
            if ":" not in low[max(0, at - 3) : at]:
                continue  # a quoted title ("'Atul Gawande - Being Mortal'"), not a list's line
            at, given = at + 1, given[1:]
        cursor = at + len(given)
        if not particle and text[at].isupper() != text[at + len(given) + 1].isupper():
            continue  # "June exam", "Will Check": one capitalised, one not
        after = at + len(given) + 1
        if text[at:after].isupper() and not text[after : after + len(family.group())].isupper():
            continue  # "SHO Tom": an acronym, not a given name (a note in capitals has both)
        if starts_word(low, at):
            found = _loose_name(doc, at, at + len(given))
            if found is not None:
                yield found


class _Clinical(dict[str, bool]):
    """Is a word of the note (as split, punctuation and all) a clinical word? Each word is
    looked up once: a note's candidates read the same words around them again and again."""

    def __call__(self, word: str) -> bool:
        known = self.get(word)
        if known is None:
            known = self[word] = word.strip(PUNCTUATION) in CLINICAL
        return known


def _could_be_a_family_name(family: str) -> bool:
    """Not a common word, a clinical or work word, a place or a verb ("showed", "taking")."""
    return not (
        len(family) < 3
        or family in NEVER_NAMES
        or family in CLINICAL
        or family in NETWORKING
        or family in _PLACE_WORDS
        or family in _VERBS
        or family in _WORD_NAMES
        or (family.endswith(("ed", "ing", "'d", "’d")) and "-" not in family)  # not "al-sayed"
        or family in _CREDENTIALS
    )


def _after_particles(words: list[str], i: int) -> str:
    """The first word from ``i`` on that is not a particle of a family name."""
    while i < len(words) - 1 and words[i] in _PARTICLES:
        i += 1
    return words[i]


def _loose_name(doc: Doc, start: int, given_end: int) -> Finding | None:
    text, low = doc.text, doc.low
    m = _NAME_WORD.match(low, given_end + 1)
    particle = False
    while m is not None and m.group() in _PARTICLES and low[m.end() : m.end() + 1] == " ":
        m, particle = _NAME_WORD.match(low, m.end() + 1), True
    if m is None:
        return None
    family = norm(m.group())
    if _VERB_OBJECT.match(low, m.end()):
        return None  # "carlos explained the induction", "jill showed me WBAT"
    if not particle and text[start].isupper() != text[m.start()].isupper():
        return None  # "June exam", "Will Check": one capitalised, one not
    end = m.start() + len(family)
    if COLLEAGUE_TITLE.search(text, max(0, start - 30), start):
        return None
    cue = doc.cue(CLINICAL, start, end, before=4, after=8)
    if cue is None or doc.cue(NETWORKING, start, end, before=3, after=3):
        return None
    if colleague_follows(doc, end) or colleague_before(doc, start):
        return None
    if _TITLE_TWO_BACK.search(low, max(0, start - 30), start) or _ROLE_AFTER.match(low, end):
        return None  # "dr wei zhang cards fellow": a colleague's full name, then a role
    if doc.acted(start, end, before=12, after=12):
        return None  # "our SP plays ...": an actor
    return Finding("name", text[start:end], f"a patient's name near '{cue}'", start,
                   text[start:end])  # fmt: skip
