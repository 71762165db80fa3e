"""What the guard's rules share: a finding, word lists, and the text with its sentences.

Speed matters (the guard runs on every note, up to 100,000 characters, within 20 ms), so the
rules scan :attr:`Doc.low`, a lower-case copy of the same length, with patterns compiled without
``re.IGNORECASE`` (three to four times faster in CPython's ``re``), and look at the words around
a candidate only for the few candidates there are.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from itertools import compress, pairwise
from pathlib import Path

from medcrm.pure.phi import scan, words
from medcrm.pure.phi.patterns import Lazy, wanted_runs


@dataclass(frozen=True)
class Finding:
    kind: str  # a key of words.ADVICE: name, initials, identifier, dob, date, age...
    text: str  # the words that matched, as typed
    why: str  # what they look like, e.g. "a patient's name near 'wound'"
    start: int = 0
    name: str | None = None  # for a name: the person's name, to check against the contacts

    @property
    def advice(self) -> str:
        return words.ADVICE[self.kind]


REMEMBERED = 50_000  # words a vocabulary remembers the answer for


class Vocabulary:
    """A word list with ``prefix*`` entries; multi-word entries are written with hyphens."""

    def __init__(self, entries: Iterable[str]) -> None:
        listed = list(entries)
        self.exact = frozenset(e for e in listed if not e.endswith("*") and not e.startswith("*"))
        self.prefixes = tuple(e[:-1] for e in listed if e.endswith("*"))
        # ``*itis``: any word it ends (the names of diseases and procedures).
        self.suffixes = tuple(e[1:] for e in listed if e.startswith("*") and len(e) > 1)
        # Entries of two or three words ("family-meeting"), looked for among joined words.
        self.phrases = frozenset(e for e in self.exact if e.count("-") and " " not in e)
        # Each word looked up once (the prefixes and suffixes are a hundred comparisons), up to
        # REMEMBERED words: an import of many notes reads the same words again and again.
        self._known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = self._look_up(word)
            if len(self._known) < REMEMBERED:
                self._known[word] = known
        return known

    def _look_up(self, word: str) -> bool:
        return (
            word in self.exact
            or (bool(self.prefixes) and word.startswith(self.prefixes))
            or (bool(self.suffixes) and word.endswith(self.suffixes))
        )

    def first_in(self, found: list[str]) -> str | None:
        """The first of ``found`` in the list (the loop inlined: this is the hot path)."""
        exact, known = self.exact, self._known
        for word in found:
            if word in exact:
                return word
            is_in = known.get(word)
            if is_in is None:
                is_in = self.__contains__(word)
            if is_in:
                return word
        return None


# Units written as floor and wing ("7W", "4N", "8E") are places of care too.
_UNITS = [f"{floor}{wing}" for floor in range(1, 16) for wing in "nsew"]
CLINICAL = Vocabulary([*words.CLINICAL, *_UNITS])
POPULATION = Vocabulary(words.POPULATION)
COLLEAGUE = Vocabulary(words.COLLEAGUE_ROLES)
PATIENTISH = Vocabulary(words.PATIENT_MARKERS)
SCHEDULE = Vocabulary(words.SCHEDULE)
NETWORKING = Vocabulary(words.NETWORKING)
TEMPERATURE = Vocabulary(words.TEMPERATURE)
PATIENT_OWNER = Vocabulary(words.PATIENT_OWNERS)
COLLEAGUE_OWNER = Vocabulary(words.COLLEAGUE_OWNERS)
NOT_NAMES = frozenset(words.NOT_NAMES_AFTER_PATIENT)
STOPWORDS = frozenset(words.STOPWORDS)
ABBREVIATIONS = frozenset(words.ABBREVIATIONS)
DOTTED = frozenset(words.DOTTED_NOT_INITIALS)
PERSON_NOUNS = frozenset(words.PERSON_NOUNS)
ROLE_PLAY = Vocabulary(words.ROLE_PLAY)
# Never a person's name: common words, person nouns ("nurse", "guy"), words after "patient".
NEVER_NAMES = STOPWORDS | PERSON_NOUNS | NOT_NAMES


@cache
def first_names() -> frozenset[str]:
    """Common first names, lower case (read on first use from first_names.txt, which
    benchmarks/phi/make_first_names.py writes)."""
    text = Path(__file__).with_name("first_names.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(" ".join(lines).split())  # one split in C, not one a line


WORD = Lazy(r"[^\W_](?:[\w&+/'’-]*[^\W_])?|%")
_POSSESSIVES = ("'s", "’s")
PUNCTUATION = ".,;:!?()[]{}|/\"'“”‘’"  # stripped from a split word before it is looked up
_DESCRIBED = Lazy(
    r"\b\d{1,3}\s?(?:yo|y/o|y\.o\.|yo[mf]|[mf]|-?year-?old|mo|m/o|wk|wks)\b|\bg\d{1,2}p\d"
)  # "the 70yo", "58M", "our G2P1"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


_SP = Lazy(r"\bSPs?\b")
OWN = Lazy(rf"\b(?:my|our)\s+(?:{'|'.join(words.OWN_FAMILY)})\b")  # the student's own family
# A doctor's or a teacher's own ("Dr. Lee's", "Prof. Osei's"): a colleague's, not a patient's.
A_DOCTORS = r"\b(?:dr|doctor|prof|professor|dean|nurse)\.?\s+[^\W\d_][\w'’-]*(?:'s|’s)"
# A doctor, a teacher or a colleague of the student's in a sentence: what is said there of a
# birthday ("Mrs. Lopez (my old piano teacher) celebrated her 95th birthday", "Dr. Okafor's mom
# ... her 90th birthday") or of a birth ("Dr. Shah was born on Christmas Day 1975") is theirs.
COLLEAGUE_NEAR = Lazy(
    r"\b(?:dr|doctor|prof|professor|dean)\b\.?\s+\w|\b(?:my|our)\s+(?:[\w-]+\s+){0,2}(?:teacher|"
    r"mentor|professor|coach|neighbou?r|landlord|boss|friend|pi|advisor|attending|resident|"
    r"preceptor|coordinator|colleague|classmate)s?\b"
)


def where(items: Sequence[str], wanted: AbstractSet[str]) -> list[int]:
    """The indexes of ``items`` that are in ``wanted`` (the loop in C: a long note has 15,000
    words, and Python's own loop over them costs a millisecond)."""
    return list(compress(range(len(items)), map(wanted.__contains__, items)))


def starts_word(s: str, i: int) -> bool:
    """Nothing of a word or number just before ``i``."""
    return i == 0 or not s[i - 1].isalnum()


def ends_word(s: str, j: int) -> bool:
    """Nothing of a word or number at ``j``."""
    return j >= len(s) or not s[j].isalnum()


def _bare(word: str) -> str:
    """A lower-case word without a possessive."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def norm(word: str) -> str:
    """A word as the lists hold it: lower case, without a possessive."""
    low = word.lower().replace("’", "'")
    return low[:-2] if low.endswith("'s") else low


class Doc:
    """The text (``text``), a lower-case copy of the same length (``low``), its sentence ends
    found once, and the words of a stretch on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        self.low = low if len(low) == len(text) else text.translate(_ASCII_LOWER)
        self._ascii: bytes | None = None
        self._spaced: bytes | None = None
        self._starts: dict[bytes, list[int]] | None = None
        self._digits: list[tuple[int, int]] | None = None
        self._split: list[str] | None = None
        self._split_set: set[str] | None = None
        self._tokens: list[bytes] | None = None
        self._heads: set[bytes] | None = None
        self._end_at: list[int] | None = None  # where each sentence end starts
        self._sentences: dict[int, tuple[int, int]] = {}

    @property
    def words_split(self) -> list[str]:
        """The lower-case text split at white space (in C), found once."""
        if self._split is None:
            self._split = self.low.split()
        return self._split

    @property
    def word_set(self) -> set[str]:
        """The distinct words of :attr:`words_split` (a few thousand in a long note)."""
        if self._split_set is None:
            self._split_set = set(self.words_split)
        return self._split_set

    @property
    def _bytes(self) -> bytes:
        """:attr:`low` as bytes, a byte a character (see :func:`scan.ascii_bytes`)."""
        if self._ascii is None:
            self._ascii = scan.ascii_bytes(self.low)
        return self._ascii

    @property
    def tokens(self) -> list[bytes]:
        """The note's runs of the letters a-z, each once, sorted (found once, in C: a word
        that starts no run is nowhere in the note, so no rule need scan the note for it)."""
        if self._tokens is None:
            self._tokens = scan.letter_runs(self._letters)
        return self._tokens

    @property
    def heads(self) -> set[bytes]:
        """The first two letters of each of :attr:`tokens` (by which a list of words passes
        over, without a look, the words no run of the note can start)."""
        if self._heads is None:
            self._heads = {t[:2] for t in self.tokens}
        return self._heads

    @property
    def _letters(self) -> bytes:
        """:attr:`_bytes` with every byte but a-z a space."""
        if self._spaced is None:
            self._spaced = self._bytes.translate(scan.TO_SPACES)
        return self._spaced

    def run_starts(self) -> dict[bytes, list[int]]:
        """Where each run of letters that starts a word of a :class:`Words` list starts."""
        if self._starts is None:
            self._starts = scan.run_starts(self._letters, wanted_runs(self.tokens))
        return self._starts

    @property
    def digit_runs(self) -> list[tuple[int, int]]:
        """Every run of digits, found once for all the rules about numbers."""
        if self._digits is None:
            self._digits = scan.digit_runs(self._bytes)
        return self._digits

    def sentence(self, pos: int) -> tuple[int, int]:
        """The bounds of the sentence around ``pos``: from just after the last sentence end
        before it to the next one, at most 400 characters each way. The ends are found once
        for the whole note (:func:`scan.sentence_ends`), so a note full of candidates costs a
        binary search each (and a rule asking again, a look-up)."""
        known = self._sentences.get(pos)
        if known is not None:
            return known
        if self._end_at is None:
            self._end_at = scan.sentence_ends(self.low)
        at, low = self._end_at, self.low
        floor, ceiling = max(0, pos - 400), min(len(low), pos + 400)
        n = bisect_right(at, pos - 1) - 1  # the last end that starts before pos...
        if n >= 0 and at[n] + (1 if low[at[n]] == "\n" else 2) > pos:
            n -= 1  # ...and is whole before it
        start = at[n] + 1 if n >= 0 and at[n] >= floor else floor
        n = bisect_left(at, pos)  # the first end from pos on, whole before the ceiling
        whole = n < len(at) and at[n] + (1 if low[at[n]] == "\n" else 2) <= ceiling
        bounds = self._sentences[pos] = (start, at[n] if whole else ceiling)
        return bounds

    def words(self, lo: int, hi: int) -> list[str]:
        """The words of [lo, hi), lower case, without possessives."""
        return [_bare(w) for w in WORD.findall(self.low, lo, hi)]

    def near(
        self, start: int, end: int, *, before: int, after: int, wide: bool = False
    ) -> list[str]:
        """The words within ``before``/``after`` words of [start, end): in its sentence, or
        (``wide``) within 300 characters in its paragraph."""
        if wide:
            text = self.text
            lo, hi = max(0, start - 300), min(len(text), end + 300)
            lo = max(lo, text.rfind("\n\n", lo, start) + 1)
            para_end = text.find("\n\n", end, hi)
            hi = hi if para_end < 0 else para_end
        else:
            lo, hi = self.sentence(start)
        chosen = self._last_words(lo, start, before) if before else []
        if after:
            chosen += self._first_words(end, hi, after)
        return [w[:-2] if w.endswith(_POSSESSIVES) else w for w in chosen]

    # No word holds a space, so a scan that starts just after a space (or stops at one) finds
    # the same words there as a scan of the whole stretch: the two below read only the end
    # (or the start) of a long sentence, about 16 characters a word wanted.

    def _last_words(self, lo: int, hi: int, n: int) -> list[str]:
        """The last ``n`` words of [lo, hi) (``WORD.findall``, lower case)."""
        low = self.low
        if hi - 16 * n > lo:
            space = low.find(" ", hi - 16 * n, hi)
            found = WORD.findall(low, space + 1, hi) if space >= 0 else []
            if len(found) >= n:
                return found[-n:]
        return WORD.findall(low, lo, hi)[-n:]

    def _first_words(self, lo: int, hi: int, n: int) -> list[str]:
        """The first ``n`` words of [lo, hi) (``WORD.findall``, lower case)."""
        low = self.low
        if lo + 16 * n < hi:
            space = low.find(" ", lo + 16 * n, hi)
            found = WORD.findall(low, lo, space) if space >= 0 else []
            if len(found) >= n:
                return found[:n]
        return WORD.findall(low, lo, hi)[:n]

    def cue(
        self,
        vocabulary: Vocabulary,
        start: int,
        end: int,
        *,
        before: int = 8,
        after: int = 8,
        wide: bool = False,
    ) -> str | None:
        """The first word of ``vocabulary`` near [start, end), if any; phrases are looked for
        as hyphen-joined pairs and triples of the words (``family-meeting``)."""
        near = self.near(start, end, before=before, after=after, wide=wide)
        found = vocabulary.first_in(near)
        if found is None and vocabulary.phrases:
            joined = [f"{a}-{b}" for a, b in pairwise(near)]
            joined += [f"{a}-{b}-{c}" for a, b, c in zip(near, near[1:], near[2:], strict=False)]
            found = next((w for w in joined if w in vocabulary.phrases), None)
        return found

    def acted(self, start: int, end: int, *, before: int, after: int) -> bool:
        """A patient played by an actor near [start, end): an OSCE, a standardized patient, an
        SP written in capitals (not "93 yo sp CABG": status post)."""
        if self.cue(ROLE_PLAY, start, end, before=before, after=after):
            return True
        lo, hi = self.sentence(start)
        text = self.text
        for m in _SP.finditer(text, lo, hi):
            if not any(c.isdigit() for c in text[max(lo, m.start() - 8) : m.start()]):
                return True
        return False

    def about_a_patient(self, start: int, end: int, *, before: int = 14, after: int = 10) -> bool:
        """A patient word near [start, end), or a described patient in its sentence ("the
        70yo", "58M")."""
        if self.cue(PATIENTISH, start, end, before=before, after=after):
            return True
        lo, hi = self.sentence(start)
        return _DESCRIBED.search(self.low, lo, hi) is not None
