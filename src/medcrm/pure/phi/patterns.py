"""The guard's patterns: regular expressions compiled on first use, and fixed words found
without a pattern (looked up among the places where the note's runs of letters start).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, Protocol

from medcrm.pure.phi import scan
from medcrm.pure.phi.ahead import compiled

MADE: list[Lazy] = []  # every pattern of the guard (each made once, at import)


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
        self._source, self._flags = source, int(flags)
        MADE.append(self)

    def __getattr__(self, name: str) -> Any:
        """Called only while a slot is empty: compile, fill every slot, answer."""
        if name not in Lazy.__slots__ or name.startswith("_"):
            raise AttributeError(name)
        rx = compiled(self._source, self._flags)
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


class Runs(Protocol):
    """What :meth:`Words.finditer` reads of a note (see :class:`~medcrm.pure.phi.text.Doc`)."""

    @property
    def tokens(self) -> list[bytes]: ...

    @property
    def heads(self) -> set[bytes]: ...

    def run_starts(self) -> dict[bytes, list[int]]: ...


# A note with runs of letters starting in at most this many ways looks only at the words they
# may start (a short note); a longer one checks every word's gates, which is then quicker.
FEW_HEADS = 24
ALL_WORDS: list[Words] = []  # every list of words, for the runs a note is indexed by
# A note shorter than this is scanned: its index would cost more than the scans it saves.
INDEXED_FROM = 8_000


class Words:
    """Fixed words (or phrases), each followed by one shared pattern (``tail``, matched where
    the word ends): no pattern to compile per word, and no scan where the word is absent.
    ``whole``: the word must not continue a longer word before it.

    A word is found where a run of letters it starts with starts in the note (the note's index
    of them, :meth:`Runs.run_starts`, made once for the first runs of every list), else with
    ``str.find`` (a scan of 100 kB: 40 microseconds a word)."""

    def __init__(self, words: Iterable[str], tail: str = r"(?!\w)", *, whole: bool = True) -> None:
        self.words = tuple(words)
        self.tail = Lazy(tail)
        self.whole = whole
        # Each word's runs of a-z that the note's runs must hold wherever the word is found,
        # by which a word absent from a note is passed over without scanning the note for it
        # (see :attr:`Runs.tokens`); none: always scanned.
        self.gates = tuple(_gates(w, whole) for w in self.words)
        # Each word's first run, by which its places are looked up; None: scanned for.
        self.firsts = tuple(
            _first_run(w, g, whole) for w, g in zip(self.words, self.gates, strict=True)
        )
        # The words by the first two letters of their first gate (a run of the note must start
        # with them); the rest are always looked at.
        self.by_head: dict[bytes, list[int]] = {}
        always: list[int] = []
        for i, gates in enumerate(self.gates):
            if gates and len(gates[0][0]) >= 2:
                self.by_head.setdefault(gates[0][0][:2], []).append(i)
            else:
                always.append(i)
        self.always = tuple(always)
        self.heads = frozenset(self.by_head)
        ALL_WORDS.append(self)

    def _looked_at(self, doc: Runs) -> Sequence[int]:
        """The words whose first gate a run of ``doc`` may pass, in the list's order."""
        heads = self.heads.intersection(doc.heads)  # in C; most lists share none with a note
        if not heads:
            return self.always
        found = list(self.always)
        for head in heads:
            found += self.by_head[head]
        found.sort()
        return found

    def finditer(self, s: str, doc: Runs | None = None) -> Iterator[tuple[int, re.Match[str]]]:
        """(where the word starts, the tail's match) for each word followed by its tail.
        ``doc``: the note, when ``s`` is its text or its lower case."""
        whole, tail = self.whole, self.tail.match
        indexed = len(s) >= INDEXED_FROM
        words, all_gates, firsts = self.words, self.gates, self.firsts
        every = doc is None or len(doc.heads) > FEW_HEADS
        for i in range(len(words)) if every else self._looked_at(doc):  # type: ignore[arg-type]
            word, gates, first = words[i], all_gates[i], firsts[i]
            if doc is None:
                places: Iterable[int] = _occurrences(s, word)
            elif not _passes(doc.tokens, gates):
                continue
            elif first is None or not indexed:
                places = _occurrences(s, word)
            else:
                places = _places(doc, *first)
            for at in places:
                if s.startswith(word, at) and (not whole or at == 0 or not s[at - 1].isalnum()):
                    found = tail(s, at + len(word))
                    if found is not None:
                        yield at, found


def _occurrences(s: str, word: str) -> Iterator[int]:
    """Where ``word`` is in ``s``, one after the other (none overlapping)."""
    at = s.find(word)
    while at >= 0:
        yield at
        at = s.find(word, at + len(word))


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


def _first_run(
    word: str, gates: tuple[tuple[bytes, bool], ...], whole: bool
) -> tuple[bytes, bool] | None:
    """The run of a-z that starts a whole ``word`` (and whether it is a whole run of the
    note), when every place of the word is the start of such a run; None for a word found
    by a scan: one not whole, one not starting with a-z, or one that may overlap itself
    ("s/p/s"), whose places a scan from left to right finds otherwise."""
    if not (whole and gates and "a" <= word[0] <= "z"):
        return None
    if any(word[:k] == word[-k:] for k in range(1, len(word))):
        return None
    return gates[0]


def _passes(tokens: Sequence[bytes], gates: tuple[tuple[bytes, bool], ...]) -> bool:
    """Does every gate's run start (or, when whole, make) one of the sorted ``tokens``?"""
    for run, exact in gates:
        i = bisect_left(tokens, run)
        if i == len(tokens) or not (tokens[i] == run if exact else tokens[i].startswith(run)):
            return False
    return True


def _places(doc: Runs, run: bytes, exact: bool) -> list[int]:
    """Where the note's runs that are ``run`` (or, not ``exact``, start with it) start."""
    starts = doc.run_starts()
    if exact:
        return starts.get(run, [])
    found = [starts.get(t, []) for t in prefixed(doc.tokens, run)]
    return found[0] if len(found) == 1 else sorted(chain.from_iterable(found))


def prefixed(tokens: Sequence[bytes], run: bytes) -> list[bytes]:
    """The sorted ``tokens`` that start with ``run``."""
    i = j = bisect_left(tokens, run)
    while j < len(tokens) and tokens[j].startswith(run):
        j += 1
    return list(tokens[i:j])


def wanted_runs(tokens: Sequence[bytes]) -> set[bytes]:
    """The runs a note with these ``tokens`` is indexed by: every list's first runs."""
    wanted: set[bytes] = set()
    for words in ALL_WORDS:
        for first in words.firsts:
            if first is not None:
                wanted.update([first[0]] if first[1] else prefixed(tokens, first[0]))
    return wanted
