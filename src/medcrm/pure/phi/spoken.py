"""Numbers spoken into a phone's dictation: "call back at six one seven five five five zero one
nine nine", "dob zero six slash one five slash nineteen seventy three", "room twenty two".

A note with two or more number words in a row is read a second time with the numbers written in
digits, so the rules about numbers (phones, record numbers, dates, rooms) see them; what that
reading finds is reported with the words as they were typed.
"""

from __future__ import annotations

from collections.abc import Iterator

from medcrm.pure.phi.patterns import Lazy
from medcrm.pure.phi.text import Doc, where

_DIGITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_PLACES = frozenset(["bed", "room", "rm", "bay", "pod", "cubicle", "stretcher"])
_COUNTED = frozenset(
    ["of", "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "days", "day",
     "weeks", "week", "months", "month", "times", "more", "less", "people", "students"]
)  # fmt: skip
_NOT_SPACE = Lazy(r"\S+")
_MARKS = {"slash": "/", "dash": "-", "point": ".", "dot": "."}
_NUMBER_WORDS = frozenset(_DIGITS) | frozenset(_TENS)
_NUMBER_RUNS = frozenset(w.encode() for w in _NUMBER_WORDS)  # as Doc.tokens holds them
_TOKEN = Lazy(r"[a-z]+|[^a-z]+")


def spelled_out(doc: Doc) -> Iterator[tuple[str, list[int]]]:
    """Each stretch of sentences holding two number words in a row, or one after a bed or a
    room ("bed fourteen", "rm. number six"; not "room five minutes late"), with its numbers in
    digits, and where each of its characters came from in the text. Only those sentences are
    read again (next to each other, once together), so a long note pays for them, not for its
    length."""
    if _NUMBER_RUNS.isdisjoint(doc.tokens):
        return  # no number word in the note at all (one pass in C over its runs of letters)
    words, low = doc.words_split, doc.low
    spellings = {w for w in doc.word_set if w.strip(",.") in _NUMBER_WORDS}  # each once
    starts: list[int] = []  # where each word of words_split starts, found for the first hit
    lo = hi = -1
    for a in where(words, spellings):
        least = _spoken(words, a, spellings)
        if least is None:
            continue
        if not starts:
            starts = [m.start() for m in _NOT_SPACE.finditer(low)]
            if len(starts) != len(words):
                return  # white space that split() and re disagree on: read nothing again
        first = a if least == 2 else a - 1
        if "\n" in low[starts[first] : starts[a + 1] if least == 2 else starts[a]] or (
            least == 2 and starts[a + 1] != starts[a] + len(words[a]) + 1
        ):
            continue  # apart (a line break, two spaces): not one number
        s_lo, s_hi = doc.sentence(starts[a])
        if s_lo <= hi + 1:
            hi = max(hi, s_hi)  # the sentence next to the last one: read them together
            continue
        if hi >= 0:
            yield _in_digits(doc, lo, hi)
        lo, hi = s_lo, s_hi
    if hi >= 0:
        yield _in_digits(doc, lo, hi)


def _spoken(words: list[str], a: int, spellings: set[str]) -> int | None:
    """How many number words in a row make a number at word ``a`` (2, or 1 after a bed or a
    room), or None when none starts there."""
    after = words[a + 1] if a + 1 < len(words) else ""
    if after in spellings:
        return 2
    before = [w.strip(".:,#") for w in words[max(0, a - 2) : a]]
    return 1 if _one_number(before, after.strip(",.")) else None


def _one_number(said: list[str], next_word: str) -> bool:
    """One number word is a number after a bed or a room ("bed", "rm", "room number"), but
    not before what counts something else ("room five minutes late", "bay one of the ED")."""
    if next_word in _COUNTED or not said:
        return False
    if said[-1] == "number":
        return len(said) > 1 and said[-2] in _PLACES
    return said[-1] in _PLACES


def _in_digits(doc: Doc, lo: int, hi: int) -> tuple[str, list[int]]:
    out: list[str] = []
    origin: list[int] = []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(doc.low, lo, hi)]
    said: list[str] = []  # the words so far, to know a bed's number
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        run = _run(tokens, i, 2)
        if run is None and word in _NUMBER_WORDS:
            run = _run(tokens, i, 1)
            if run is not None and not _one_number(said, _next_word(tokens, run[1])):
                run = None
        if word.isalpha():
            said.append(word)
        if run is None:
            out.append(doc.text[start:end])
            origin.extend(range(start, end))
            i += 1
            continue
        digits, i = run
        out.append(digits)  # its first digits from where the run starts, its last from its end
        origin.extend([start] * (len(digits) - 1) + [tokens[i - 1][1] - 1])
    return "".join(out), origin


def _next_word(tokens: list[tuple[int, int, str]], j: int) -> str:
    while j < len(tokens) and not tokens[j][2].isalpha():
        j += 1
    return tokens[j][2] if j < len(tokens) else ""


def _run(tokens: list[tuple[int, int, str]], i: int, least: int) -> tuple[str, int] | None:
    """The digits of the run of number words starting at token ``i`` and the token after it,
    or None when fewer than ``least`` number words follow one another there."""
    parts: list[str] = []
    kept, after, count, j = 0, i, 0, i  # parts and tokens up to the last number word
    while j < len(tokens):
        word = tokens[j][2]
        if word in _TENS:
            value, j = _TENS[word], j + 1
            unit = _after_gap(tokens, j)
            if unit is not None and tokens[unit][2] in _DIGITS and _DIGITS[tokens[unit][2]] < 10:
                value, j, count = value + _DIGITS[tokens[unit][2]], unit + 1, count + 1
            parts.append(str(value))
        elif word in _DIGITS:
            parts.append(str(_DIGITS[word]))
            j += 1
        elif word in _MARKS and parts:
            parts.append(_MARKS[word])
            j += 1
        else:
            break
        if word not in _MARKS:
            count, kept, after = count + 1, len(parts), j
        nxt = _after_gap(tokens, j)
        if nxt is None:
            break
        j = nxt
    if count < least:
        return None
    return "".join(parts[:kept]), after


def _after_gap(tokens: list[tuple[int, int, str]], j: int) -> int | None:
    """The token after a gap of spaces or a hyphen at ``j``, if there is one."""
    if j < len(tokens) and tokens[j][2] in (" ", "-") and j + 1 < len(tokens):
        return j + 1
    return None
