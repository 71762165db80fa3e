"""Scans of a whole note that run in C: where a separator occurs, the runs of digits and of
letters, the sentence ends.

A pattern that starts with a class of characters (``[0-9]+``, ``[.!?]``) is tried by CPython's
``re`` at every position of the note, about a millisecond for 100 kB; ``str.split``,
``bytes.translate`` and a pattern that starts with one fixed character are ten times faster.
So each scan here is made of those, and Python's own loop runs only over what they find.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate, compress, count
from operator import add

from medcrm.pure.phi.ahead import compiled

_NOT_A_TO_Z = bytes(i for i in range(256) if not 97 <= i <= 122)
TO_SPACES = bytes.maketrans(_NOT_A_TO_Z, b" " * len(_NOT_A_TO_Z))
_DIGITS_TO_ZEROS = bytes(48 if 48 <= i <= 57 else 32 for i in range(256))


def ascii_bytes(low: str) -> bytes:
    """``low`` as bytes, one a character (any other than ASCII becomes "?"), so a byte's index
    is its character's."""
    return low.encode("ascii", "replace")


def positions(s: str, sep: str) -> list[int]:
    """Where each (non-overlapping) ``sep`` starts in ``s``, from one split in C."""
    parts = s.split(sep)
    return list(map(add, accumulate(map(len, parts[:-1])), count(0, len(sep))))


@cache
def _not_a_stop() -> re.Pattern[str]:
    return compiled(r"\b(?:mr|mrs|ms|mx|dr|st|sr|sra|vs|pt|no|jr|approx|e\.g|i\.e|[a-z])\.$")


@cache
def _zero_runs() -> re.Pattern[bytes]:
    return compiled(rb"00*")  # a fixed first byte: found by a fast scan


def digit_runs(data: bytes) -> list[tuple[int, int]]:
    """The (start, end) of each run of the digits 0-9 in ``data`` (see :func:`ascii_bytes`)."""
    return [m.span() for m in _zero_runs().finditer(data.translate(_DIGITS_TO_ZEROS))]


def letter_runs(spaced: bytes) -> list[bytes]:
    """The runs of the letters a-z in ``spaced`` (the note's bytes, every other byte a space),
    each once, sorted."""
    return sorted(set(spaced.split()))


def run_starts(spaced: bytes, wanted: set[bytes]) -> dict[bytes, list[int]]:
    """Where each run of ``wanted`` starts in ``spaced`` (see :func:`letter_runs`), in order:
    the pieces between single spaces are runs or empty, and the piece ``i`` starts at the
    length of those before it plus ``i`` (their spaces), added up only for the pieces wanted."""
    pieces = spaced.split(b" ")
    lengths = list(accumulate(map(len, pieces), initial=0))  # of the pieces before each
    found: dict[bytes, list[int]] = {}
    for i in compress(range(len(pieces)), map(wanted.__contains__, pieces)):
        found.setdefault(pieces[i], []).append(lengths[i] + i)  # a note has few of them
    return found


# The two letters before the dot of each word after which a dot ends no sentence ("Mr. Fox"),
# to pass over without a pattern the dots after any other word (see :func:`sentence_ends`).
_LAST_TWO = frozenset(["mr", "rs", "ms", "mx", "dr", "st", "sr", "ra", "vs", "pt", "no", "jr",
                       "ox"])  # fmt: skip


def _dot_ends(low: str, dot: int) -> bool:
    """Does the dot at ``dot`` (before a space or a line break) end a sentence? Not after a
    title or a single letter ("Dr. ", "e.g. ", "J. Smith")."""
    last = low[dot - 1] if dot else ""
    if not "a" <= last <= "z":
        return True  # every word that ends nothing ends with a letter a-z
    if dot >= 2 and "a" <= low[dot - 2] <= "z" and low[dot - 2 : dot] not in _LAST_TWO:
        return True  # a word of two letters or more, but none of those
    return not _not_a_stop().search(low, max(0, dot - 6), dot + 1)


def sentence_ends(low: str) -> list[int]:
    """Where each sentence end starts, in order: a line break (one character), or ". ", "! ",
    "? ", ".\\n" (two), the dot's only when it follows no title or single letter."""
    dots = [d for sep in (". ", ".\n") for d in positions(low, sep) if _dot_ends(low, d)]
    return sorted([*positions(low, "\n"), *positions(low, "! "), *positions(low, "? "), *dots])
