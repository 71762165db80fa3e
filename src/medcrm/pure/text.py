"""Checking and normalising what the user types: names, free text, tags, roles, kinds."""

from __future__ import annotations

import re
import unicodedata

from medcrm.pure import vocabulary
from medcrm.pure.errors import InvalidInput
from medcrm.pure.sanitize import strip_controls

_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\u2028\u2029]+")
_DROP_IN_KEY = re.compile(r"['’.\u02bc]")
_SPACE_IN_KEY = re.compile(r"[^\w]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"[0-9+()./\- ]+(?:\s*(?:x|ext\.?)\s*\d+)?", re.IGNORECASE)
_TAG = re.compile(r"[\w][\w\-/+.&]*")


# Latin letters that Unicode does not decompose into a base letter and an accent.
LETTERS = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
           "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ħ": "h", "Ħ": "H",
           "ı": "i", "ŋ": "n", "Ŋ": "N", "ß": "ss", "ĸ": "k", "ŀ": "l", "Ŀ": "L"}  # fmt: skip
_LETTERS = str.maketrans(LETTERS)


def fold(text: str) -> str:
    """Text as search compares it: case, accents and letter variants folded, spaces collapsed.

    Punctuation stays (a search for ``+1`` finds phone numbers).
    """
    if text.isascii():  # nothing to decompose or translate (most names and notes)
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def name_key(name: str) -> str:
    """The form names are matched on: folded like search, and punctuation ignored.

    ``"José O'Brien-Díaz"``, ``"jose obrien diaz"`` and ``"JOSE O BRIEN DIAZ"`` differ only
    in the apostrophe: the first two have the same key. ``"Sørensen"`` is ``"sorensen"``.
    """
    folded = _DROP_IN_KEY.sub("", fold(name))
    return " ".join(_SPACE_IN_KEY.sub(" ", folded).split())


def search_text(fields: list[str | None]) -> str:
    """What ``contacts --search`` looks in: every field folded, one per line."""
    return "\n".join(fold(f) for f in fields if f)


def checked_name(
    value: str | None, *, what: str = "The name", noun: str = "a name"
) -> tuple[str, str]:
    """A contact's or a rotation's name fit to store, and its key: one line, with letters (a
    number alone would be read as an id)."""
    clean = one_line(value, what, required=True)
    assert clean is not None
    key = name_key(clean)
    if not key or key.isdigit():
        raise InvalidInput(f"'{value}' can't be {noun}: it needs letters.")
    return clean, key


def one_line(value: str | None, what: str, *, required: bool = False) -> str | None:
    """A single-line field (name, institution, email...): controls removed, spaces folded."""
    if value is None:
        if required:
            raise InvalidInput(f"{what} is needed.")
        return None
    cleaned = " ".join(strip_controls(_LINE_BREAKS.sub(" ", value)).split())
    if not cleaned:
        if required:
            raise InvalidInput(f"{what} can't be empty.")
        return None
    if len(cleaned) > vocabulary.MAX_FIELD_CHARS:
        raise InvalidInput(
            f"{what} is {len(cleaned)} characters; the limit is {vocabulary.MAX_FIELD_CHARS}. "
            "Put longer text in --note."
        )
    return cleaned


def note_text(value: str | None, what: str = "The note") -> str | None:
    """Free text (notes, follow-up titles may span lines): controls removed, size limited."""
    if value is None:
        return None
    cleaned = strip_controls(value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not cleaned:
        return None
    if len(cleaned) > vocabulary.MAX_NOTE_CHARS:
        raise InvalidInput(
            f"{what} is {len(cleaned):,} characters; the limit is {vocabulary.MAX_NOTE_CHARS:,}. "
            "Keep the essentials here and the document elsewhere."
        )
    return cleaned


def email(value: str | None) -> str | None:
    cleaned = one_line(value, "The email")
    if cleaned is None:
        return None
    if not _EMAIL.fullmatch(cleaned):
        raise InvalidInput(f"'{cleaned}' doesn't look like an email address (name@example.edu).")
    return cleaned


def phone(value: str | None) -> str | None:
    cleaned = one_line(value, "The phone number")
    if cleaned is None:
        return None
    if not _PHONE.fullmatch(cleaned) or sum(ch.isdigit() for ch in cleaned) < 3:
        raise InvalidInput(
            f"'{cleaned}' doesn't look like a phone number (+1 555 010 0199, (555) 010-0199 x12)."
        )
    return cleaned


def tag(value: str) -> str:
    """Tags are lower-case words; spaces become hyphens (``"IM interest"`` -> ``im-interest``)."""
    cleaned = "-".join(strip_controls(value).strip().lower().lstrip("#").split())
    if not cleaned or not _TAG.fullmatch(cleaned) or len(cleaned) > 40:
        raise InvalidInput(
            f"'{value}' can't be a tag: use letters, digits and - (e.g. research, im-interest)."
        )
    return cleaned


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    cleaned = value.strip().lower().replace("_", "-").replace(" ", "-")
    if cleaned in allowed:
        return cleaned
    raise InvalidInput(f"Unknown {what} '{value}'. Use one of: {', '.join(allowed)}.")


def role(value: str) -> str:
    return _choice(value, vocabulary.ROLES, "role")


def kind(value: str) -> str:
    return _choice(value, vocabulary.KINDS, "kind")


def level(value: str) -> str:
    """A training level: MS1-MS4, PGY1-PGY7, fellow or attending (``pgy-2`` is ``PGY2``)."""
    cleaned = value.strip().replace("-", "").replace(" ", "")
    for known in vocabulary.LEVELS:
        if cleaned.lower() == known.lower():
            return known
    raise InvalidInput(f"Unknown level '{value}'. Use MS1-MS4, PGY1-PGY7, fellow or attending.")


def letter_kind(value: str) -> str:
    return _choice(value, vocabulary.LETTER_KINDS, "letter type")


# Words around a name that say nothing about who it is: titles, degrees, suffixes.
NAME_NOISE = frozenset(
    (
        "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir",
        "md", "do", "phd", "mph", "mba", "msc", "bs", "ba", "bsc", "rn", "bsn", "np", "pa",
        "pac", "dnp", "pharmd", "dds", "dmd", "facp", "facs", "frcpc", "mbbs", "mbchb",
        "jr", "sr", "ii", "iii",
    )
)  # fmt: skip


def person_key(name: str) -> str:
    """A name as duplicates are found: folded, punctuation, titles, degrees and initials left
    out, the words in order. "Dr. Omar K. Haddad, MD" and "haddad omar" have the same key."""
    words = [w for w in name_key(name).split() if w not in NAME_NOISE and len(w) > 1]
    return " ".join(sorted(words))


def phone_digits(value: str | None) -> str | None:
    """The last ten digits of a phone number (enough to tell two numbers apart across
    country-code spellings); None when it has fewer than seven."""
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return digits[-10:] if len(digits) >= 7 else None


def snippet(body: str, words: list[str], width: int = 80) -> list[tuple[str, bool]]:
    """The part of ``body`` around its first match, as (piece, matched) pairs: every word of
    ``words`` (already folded) is matched as a word prefix, accents and case ignored."""
    flat = " ".join(body.split())
    folded = "".join(_plain(ch) for ch in flat)  # one character for each of ``flat``
    found = [
        (m.start(), m.end())
        for w in words
        for m in re.finditer(rf"(?<!\w){re.escape(w)}\w*", folded)
    ]
    first = min((s for s, _ in found), default=0)
    start = max(0, first - width // 4)
    if 0 < start < first and not flat[start - 1].isspace():  # begin at a word
        space = flat.find(" ", start, first)
        start = space + 1 if space != -1 else first
    end = min(len(flat), start + width)
    pieces: list[tuple[str, bool]] = []
    at = start
    for s, e in sorted(found):
        s, e = max(s, at), min(e, end)
        if s >= e:
            continue
        if s > at:
            pieces.append((flat[at:s], False))
        pieces.append((flat[s:e], True))
        at = e
    if at < end:
        pieces.append((flat[at:end], False))
    if start > 0:
        pieces.insert(0, ("…", False))
    if end < len(flat):
        pieces.append(("…", False))
    return pieces


def _plain(ch: str) -> str:
    """One character, lower case and without its accent (still one character)."""
    decomposed = unicodedata.normalize("NFKD", ch.lower())
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base[:1] if len(base) >= 1 else ch


_COMMITMENT = re.compile(
    r"where\s+(?:do|does|would)\s+i\s+stand|(?:will|would|are)\s+(?:you|they|y'all)\s+"
    r"(?:going\s+to\s+)?rank\s+me|rank(?:ing)?\s+me\s+(?:highly|high|first|to\s+match)|"
    r"\b(?:will|would|whether|if)\b[^.?!\n]{0,30}\brank\s+me\b|"
    r"rank[- ]to[- ]match|am\s+i\s+(?:ranked|on\s+(?:your|the)\s+(?:rank\s+)?list)|"
    r"how\s+(?:high(?:ly)?|well)\s+(?:will|would|do)\s+(?:you|they)\s+rank|"
    r"(?:top|high)\s+on\s+(?:your|their|the)\s+(?:rank\s+)?list",
    re.IGNORECASE,
)


NRMP_REMINDER = (
    "A reminder: the NRMP Match rules forbid asking a program to say how it will rank you "
    "(and programs may not ask you either); your note is saved."
)


def asks_for_commitment(value: str | None) -> bool:
    """Does the text ask a program where one stands on its rank list?"""
    return bool(value) and _COMMITMENT.search(value or "") is not None
