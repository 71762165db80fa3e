"""What the guard's rules share: a finding, word lists, and the text with its sentences.

Speed matters (the guard runs on every note, up to 100,000 characters, within 20 ms), so the
rules scan :attr:`Doc.low`, a lower-case copy of the same length, with patterns compiled without
``re.IGNORECASE`` (three to four times faster in CPython's ``re``), and look at the words around
a candidate only for the few candidates there are.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from itertools import compress, pairwise
from pathlib import Path
from typing import Any

from medcrm.pure.phi import scan, words


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


class Lazy:
    """A regular expression compiled when it is first used.

    CPython compiles a pattern in Python code, 0.3 to 1 ms each; the guard has about a hundred,
    and ``medcrm log`` runs in a fresh process: compiled at import they would add 90 ms to every
    write. Compiled on first use, a note pays only for the patterns its words call for.

    The first use of any method compiles the pattern and keeps the compiled pattern's own
    methods in the instance's slots, so every later call goes straight to C (a method of ours
    in between cost a long note more than a millisecond: the rules call patterns 90,000 times).
    """

    __slots__ = ("_flags", "_source", "findall", "finditer", "fullmatch", "match", "rx",
                 "search", "sub")  # fmt: skip
    rx: re.Pattern[str]
    search: Callable[..., re.Match[str] | None]
    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    sub: Callable[[str, str], str]

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags

    def __getattr__(self, name: str) -> Any:
        """Called only while a slot is empty: compile, fill every slot, answer."""
        if name not in Lazy.__slots__ or name.startswith("_"):
            raise AttributeError(name)
        rx = re.compile(self._source, self._flags)
        self.rx = rx
        self.search, self.match, self.fullmatch = rx.search, rx.match, rx.fullmatch
        self.finditer, self.findall, self.sub = rx.finditer, rx.findall, rx.sub
        return getattr(self, name)


class Gated:
    """A pattern that starts with a fixed word, searched for only when the text holds that word.

    ``str.__contains__`` finds a word in 100 kB in microseconds; CPython's ``re`` takes a tenth
    of a millisecond or more to scan the same text even when nothing is there, and a pattern
    that may start with one of several letters far longer. So each rule's way in is one fixed
    word, checked first.
    """

    def __init__(self, gate: str, pattern: str) -> None:
        self.gate = gate
        self.rx = Lazy(pattern)

    def finditer(self, s: str) -> Iterator[re.Match[str]]:
        if self.gate in s:
            yield from self.rx.finditer(s)

    def match(self, s: str, pos: int) -> re.Match[str] | None:
        return self.rx.match(s, pos)


class Words:
    """Fixed words (or phrases), found with ``str.find``, each followed by one shared pattern
    (``tail``, matched where the word ends): no pattern to compile per word, and no scan where
    the word is absent. ``whole``: the word must not continue a longer word before it."""

    def __init__(self, words: Iterable[str], tail: str = r"(?!\w)", *, whole: bool = True) -> None:
        self.words = tuple(words)
        self.tail = Lazy(tail)
        self.whole = whole
        # Each word's runs of a-z that the note's runs must hold wherever the word is found,
        # by which a word absent from a note is passed over without scanning the note for it
        # (see :attr:`Doc.tokens`); none: always scanned.
        self.gates = tuple(_gates(w, whole) for w in self.words)

    def finditer(
        self, s: str, tokens: Sequence[bytes] | None = None
    ) -> Iterator[tuple[int, re.Match[str]]]:
        """(where the word starts, the tail's match) for each word followed by its tail.
        ``tokens``: the note's :attr:`Doc.tokens`, when ``s`` is the note or its lower case."""
        whole, tail = self.whole, self.tail.match
        for word, gates in zip(self.words, self.gates, strict=True):
            if tokens is not None and not _passes(tokens, gates):
                continue
            at = s.find(word)
            while at >= 0:
                end = at + len(word)
                if not whole or at == 0 or not s[at - 1].isalnum():  # starts_word, inlined
                    found = tail(s, end)
                    if found is not None:
                        yield at, found
                at = s.find(word, end)


def _gates(word: str, whole: bool) -> tuple[tuple[bytes, bool], ...]:
    """(run, whole) for each run of a-z in ``word`` that starts a run of the note wherever the
    word is found: any but the first (a non-letter is before it), and the first only for a
    whole word. The run is a whole run of the note when a non-letter follows it in ``word``,
    else the start of one."""
    spaced = word.encode("ascii", "replace").translate(scan.TO_SPACES)  # a byte a character
    runs = [(run, True) for run in spaced.split()]
    if runs and not spaced.endswith(b" "):
        runs[-1] = (runs[-1][0], False)  # what follows the word may go on with letters
    return tuple(runs[0 if whole or spaced.startswith(b" ") else 1 :])


def _passes(tokens: Sequence[bytes], gates: tuple[tuple[bytes, bool], ...]) -> bool:
    """Does every gate's run start (or, when whole, make) one of the sorted ``tokens``?"""
    for run, exact in gates:
        i = bisect_left(tokens, run)
        if i == len(tokens) or not (tokens[i] == run if exact else tokens[i].startswith(run)):
            return False
    return True


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

    def __contains__(self, word: str) -> bool:
        return (
            word in self.exact
            or (bool(self.prefixes) and word.startswith(self.prefixes))
            or (bool(self.suffixes) and word.endswith(self.suffixes))
        )

    def first_in(self, found: list[str]) -> str | None:
        """The first of ``found`` in the list (the loop inlined: this is the hot path)."""
        exact, prefixes, suffixes = self.exact, self.prefixes, self.suffixes
        for word in found:
            if (
                word in exact
                or (prefixes and word.startswith(prefixes))
                or (suffixes and word.endswith(suffixes))
            ):
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


@cache
def first_names() -> frozenset[str]:
    """Common first names, lower case (read on first use from first_names.txt, which
    benchmarks/phi/make_first_names.py writes)."""
    text = Path(__file__).with_name("first_names.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(" ".join(lines).split())  # one split in C, not one a line


WORD = Lazy(r"[^\W_](?:[\w&+/'’-]*[^\W_])?|%")
_POSSESSIVES = ("'s", "’s")
_DESCRIBED = Lazy(r"\b\d{1,3}\s?(?:yo|y/o|y\.o\.|yo[mf]|[mf]|-?year-?old|mo|m/o|wk|wks)\b")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


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
        self._digits: list[tuple[int, int]] | None = None
        self._split: list[str] | None = None
        self._split_set: set[str] | None = None
        self._tokens: list[bytes] | None = None
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
            self._tokens = scan.letter_runs(self._bytes)
        return self._tokens

    def has_word(self, word: str) -> bool:
        """Is ``word`` (a-z only) one of the note's runs of letters?"""
        tokens, key = self.tokens, word.encode()
        i = bisect_left(tokens, key)
        return i < len(tokens) and tokens[i] == key

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

    def about_a_patient(self, start: int, end: int, *, before: int = 14, after: int = 10) -> bool:
        """A patient word near [start, end), or a described patient in its sentence ("the
        70yo", "58M")."""
        if self.cue(PATIENTISH, start, end, before=before, after=after):
            return True
        lo, hi = self.sentence(start)
        return _DESCRIBED.search(self.low, lo, hi) is not None
