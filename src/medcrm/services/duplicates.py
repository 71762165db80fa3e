"""Duplicates: finding contacts that look like the same person, and merging two into one.

Two contacts look alike when they share an email or a phone number, when their names are the
same once titles, degrees, initials, punctuation and word order are left out ("Dr. Omar
Haddad, MD" and "omar haddad"), or when those names are spelled almost alike and share a word
("Jon Smith" and "John Smith").
"""

from __future__ import annotations

import difflib
import json
import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from medcrm.pure import text
from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import ContactRef
from medcrm.pure.results import DuplicatePair, LookAlike, MergePlan
from medcrm.services.contacts import refresh_contacts
from medcrm.storage import queries as views
from medcrm.storage.connection import Reader, Row, Writer, update_sql

ALIKE = 0.9  # difflib's ratio from which two names (sharing a word) are spelled alike
_BLOCK = 200  # contacts sharing a word compared pairwise, at most (a common first name)


@dataclass(frozen=True)
class _Who:
    ref: ContactRef
    key: str
    emails: frozenset[str]
    phones: frozenset[str]
    words: frozenset[str]  # of the key
    grams: frozenset[tuple[str, int]]  # the key's pairs of letters, each with its occurrence

    @classmethod
    def of(cls, row: Row) -> _Who:
        extra = views.extra_dict(row.get("extra"))
        emails = {str(row["email"]).casefold()} if row.get("email") else set()
        emails |= {str(e.get("value", "")).casefold() for e in _listed(extra, "emails")}
        phones = {text.phone_digits(str(row["phone"]))} if row.get("phone") else set()
        phones |= {text.phone_digits(str(p.get("value", ""))) for p in _listed(extra, "phones")}
        key = text.person_key(str(row["name"]))
        return cls(
            ContactRef(int(str(row["id"])), str(row["name"])),
            key,
            frozenset(e for e in emails if e),
            frozenset(p for p in phones if p),
            frozenset(key.split()),
            _grams(key),
        )


def _grams(key: str) -> frozenset[tuple[str, int]]:
    """The pairs of letters of ``key``, the second "mi" as ("mi", 1): a set whose intersection
    with another's counts the pairs the two have in common, as many times as both have them."""
    seen: dict[str, int] = {}
    grams = []
    for i in range(len(key) - 1):
        pair = key[i : i + 2]
        grams.append((pair, seen.get(pair, 0)))
        seen[pair] = seen.get(pair, 0) + 1
    return frozenset(grams)


def _listed(extra: dict[str, object], key: str) -> list[dict[str, object]]:
    found = extra.get(key)
    return [x for x in found if isinstance(x, dict)] if isinstance(found, list) else []


def _reasons(a: _Who, b: _Who) -> list[str]:
    reasons = []
    if a.emails & b.emails:
        reasons.append("same email")
    if a.phones & b.phones:
        reasons.append("same phone")
    if a.key and a.key == b.key:
        reasons.append("same name")
    elif a.key and b.key and _alike(a, b):
        reasons.append("names spelled alike")
    return reasons


def _alike(a: _Who, b: _Who) -> bool:
    """Names spelled almost alike (difflib's ratio at least ALIKE), sharing a word; the cheap
    bounds first, since most pairs stop there. The pairs of letters bound the ratio: two
    strings of total length T with a common subsequence of length L share at least 3L - T - 1
    of them, and a ratio of ALIKE needs a common subsequence of ALIKE / 2 * T (rounded up), so
    fewer shared pairs than that rule it out without running difflib."""
    total = len(a.key) + len(b.key)
    if 2 * min(len(a.key), len(b.key)) < ALIKE * total or not a.words & b.words:
        return False
    if len(a.grams & b.grams) < _shared_needed(total):
        return False
    matcher = difflib.SequenceMatcher(None, a.key, b.key)
    return matcher.quick_ratio() >= ALIKE and matcher.ratio() >= ALIKE


def look_alikes(
    reader: Reader, *, name: str, email: str | None = None, phone: str | None = None,
    exclude: int | None = None,
) -> list[LookAlike]:  # fmt: skip
    """The contacts that look like the person described (add-contact, before it adds)."""
    row: Row = {"id": 0, "name": name, "email": email, "phone": phone, "extra": None}
    new = _Who.of(row)
    digits = text.phone_digits(phone)
    candidates = views.identities_like(
        reader,
        words=[w for w in text.person_key(name).split() if len(w) >= 3],
        email=email,
        phone_tail=digits[-4:] if digits else None,
    )
    found = []
    for existing in (_Who.of(r) for r in candidates):
        if existing.ref.id != exclude and (reasons := _reasons(new, existing)):
            found.append(LookAlike(existing.ref, reasons))
    return found


def duplicate_pairs(reader: Reader, *, newer_than: int | None = None) -> list[DuplicatePair]:
    """Every pair of contacts that look like the same person, by id; with ``newer_than``,
    only the pairs with a contact added after that id (what an import just brought)."""
    people = [_Who.of(r) for r in views.identities(reader)]  # by id
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    floor = -1 if newer_than is None else newer_than
    for group in _groups(people):
        start = bisect_right([w.ref.id for w in group], floor)  # the first one to look at
        for j in range(max(1, start), len(group)):
            b = group[j]
            for a in group[:j]:  # a pair shares several blocks: found once
                if (a.ref.id, b.ref.id) not in pairs and (reasons := _reasons(a, b)):
                    pairs[a.ref.id, b.ref.id] = DuplicatePair(a.ref, b.ref, reasons)
    return [pairs[k] for k in sorted(pairs)]


@cache
def _shared_needed(total: int) -> int:
    """The pairs of letters two keys of ``total`` length share when spelled alike (at least)."""
    common = math.ceil(ALIKE * total / 2 - 1e-9)  # the float's error only ever lowers the bar
    return 3 * common - total - 1


def _groups(people: list[_Who]) -> Iterable[list[_Who]]:
    """Contacts that could be pairs: sharing an email, a phone or a word of the name."""
    blocks: dict[str, list[_Who]] = defaultdict(list)
    for who in people:
        for email in who.emails:
            blocks[f"e:{email}"].append(who)
        for phone in who.phones:
            blocks[f"p:{phone}"].append(who)
        for word in set(who.key.split()):
            if len(word) >= 3:
                blocks[f"w:{word}"].append(who)
    return (group[:_BLOCK] for group in blocks.values() if len(group) > 1)


# -- merging ---------------------------------------------------------------------------------

# Fields a merge fills on KEEP when KEEP has none; where both have one, KEEP's stays and
# OTHER's is kept as well (emails and phones in extra, the rest in the notes).
FIELDS = ("institution", "specialty", "email", "phone", "met", "met_on", "every", "level")


def plan(reader: Reader, keep: ContactRef, other: ContactRef) -> MergePlan:
    if keep.id == other.id:
        raise InvalidInput(f"#{keep.id} is the same contact twice; name two different ones.")
    mine, theirs = _row(reader, keep.id), _row(reader, other.id)
    filled = [f for f in FIELDS if mine[f] in (None, "") and theirs[f] not in (None, "")]
    both = [
        f for f in (*FIELDS, "notes")
        if mine[f] not in (None, "") and theirs[f] not in (None, "") and mine[f] != theirs[f]
    ]  # fmt: skip
    return MergePlan(keep, other, views.belongings(reader, other.id), filled, both)


def _row(reader: Reader, contact_id: int) -> Row:
    rows = reader.rows("SELECT * FROM contact WHERE id = :id", {"id": contact_id})
    if not rows:
        raise InvalidInput(f"No contact has id {contact_id}.")
    return rows[0]


def merge(db: Writer, keep: ContactRef, other: ContactRef) -> MergePlan:
    """Move OTHER's interactions, follow-ups, letters and tags to KEEP, fill KEEP's empty
    fields from OTHER (keeping both values where both exist), and remove OTHER; in the
    caller's one transaction (and its change, so ``undo`` takes it all back)."""
    done = plan(db, keep, other)
    mine, theirs = _row(db, keep.id), _row(db, other.id)
    db.run(update_sql("contact", list(_fields(mine, theirs, done))),
           {"id": keep.id, **_fields(mine, theirs, done)})  # fmt: skip
    ids = {"keep": keep.id, "other": other.id}
    for table, column in (("interaction_contact", "interaction_id"), ("contact_tag", "tag_id")):
        db.run(
            f"INSERT INTO {table} ({column}, contact_id) SELECT {column}, :keep FROM {table} "  # noqa: S608
            f"WHERE contact_id = :other AND {column} NOT IN "
            f"(SELECT {column} FROM {table} WHERE contact_id = :keep)",
            ids,
        )
        db.run(f"DELETE FROM {table} WHERE contact_id = :other", ids)  # noqa: S608
    for table in ("follow_up", "letter"):
        db.run(f"UPDATE {table} SET contact_id = :keep WHERE contact_id = :other", ids)  # noqa: S608
    db.run("DELETE FROM contact WHERE id = :other", ids)
    refresh_contacts(db, [keep.id])
    return done


def _fields(mine: Row, theirs: Row, done: MergePlan) -> dict[str, object]:
    """KEEP's new values: its empty fields filled, and OTHER's other values kept as well."""
    values: dict[str, object] = {f: theirs[f] for f in done.filled}
    extra = views.extra_dict(mine.get("extra"))
    for key, value in views.extra_dict(theirs.get("extra")).items():
        extra.setdefault(key, value)
    asides = []
    for f in done.both:
        if f in ("email", "phone"):
            listed = _listed(extra, f"{f}s") or [{"value": mine[f]}]
            if all(x.get("value") != theirs[f] for x in listed):
                listed.append({"value": theirs[f]})
            extra[f"{f}s"] = listed
        elif f != "notes":
            asides.append(f"{f}: {theirs[f]}")
    merged = extra.get("merged")
    extra["merged"] = [
        *(merged if isinstance(merged, list) else []),
        {"name": theirs["name"], "uid": theirs["uid"]},
    ]
    notes = [str(mine["notes"])] if mine["notes"] else []
    if theirs["notes"] and theirs["notes"] != mine["notes"]:
        notes.append(str(theirs["notes"]))
    if asides:
        notes.append(f"From {theirs['name']}: " + "; ".join(asides) + ".")
    values["notes"] = "\n\n".join(notes) or None
    values["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    values["mentor"] = bool(mine["mentor"]) or bool(theirs["mentor"])
    values["phi_allowed"] = bool(mine["phi_allowed"]) or bool(theirs["phi_allowed"])
    values["added"] = min(views.to_date(mine["added"]), views.to_date(theirs["added"]))
    return values
