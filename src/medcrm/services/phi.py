"""The patient-information guard where text comes in, and the scan of what is stored.

The rules are in :mod:`medcrm.pure.phi`; here they meet the database: a name the rules found is
dropped when it belongs to one of the user's contacts (they are colleagues, not patients), a
refusal says which words and how to rephrase, and ``--allow-phi`` saves the text but marks the
row (``phi_allowed``) so ``medcrm doctor --phi`` can count and list it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from medcrm.pure import phi
from medcrm.pure.errors import InvalidInput
from medcrm.pure.phi import Finding, name_tokens
from medcrm.storage.connection import Reader

if TYPE_CHECKING:  # imported by scan() only: every write runs the guard, few need a scan
    from medcrm.pure.results import Scan

# The rows and fields the guard reads, by table: what `doctor --phi` scans.
GUARDED = {
    "contact": ("notes", "met", "institution", "specialty"),
    "interaction": ("note",),
    "follow_up": ("title",),
    "letter": ("target", "note"),
    "program": ("note", "institution"),
    "deadline": ("title",),
}
KINDS = {
    "contact": "contacts",
    "interaction": "interactions",
    "follow_up": "follow-ups",
    "letter": "letters",
    "program": "programs",
    "deadline": "deadlines",
}


def colleagues(db: Reader, names: Iterable[str]) -> list[str]:
    """The contacts whose names share a word with ``names`` (one query per distinct word)."""
    words = {max(tokens, key=len) for tokens in map(name_tokens, names) if tokens}
    found: list[str] = []
    for word in sorted(words):
        found += [
            str(r["name"])
            for r in db.rows(
                "SELECT name FROM contact WHERE ' ' || name_key || ' ' LIKE :pattern",
                {"pattern": f"% {word} %"},
            )
        ]
    return found


CACHED_UP_TO = 300  # characters: titles and short notes, never 4,096 long notes held


@lru_cache(maxsize=4096)
def _found(value: str) -> tuple[Finding, ...]:
    """The rules on one short text; the same text again (a title on many follow-ups) is not
    read again."""
    return tuple(phi.find_phi(value))


def findings(
    db: Reader | None,
    value: str | None,
    *,
    also_known: Iterable[str] = (),
    contacts: Contacts | None = None,
    ruled: Iterable[Finding] | None = None,
) -> list[Finding]:
    """What the guard finds in ``value``, without the names of the user's contacts (looked up
    in ``db``, or in ``contacts`` when they were read once for many texts); ``ruled``, what
    :func:`medcrm.pure.phi.find_phi` found in it already (on an import's worker)."""
    if not value:
        return []
    if ruled is not None:
        found = list(ruled)
    else:
        found = list(_found(value)) if len(value) <= CACHED_UP_TO else phi.find_phi(value)
    if not any(f.name for f in found):
        return found
    if contacts is not None:
        return phi.drop_colleagues(contacts.known(found), also_known)
    named = [f.name for f in found if f.name]
    known = list(also_known) + (colleagues(db, named) if db is not None else [])
    return phi.drop_colleagues(found, known)


def refusal(label: str, found: list[Finding]) -> InvalidInput:
    return InvalidInput(
        f"{label} looks like patient information: {phi.describe(found)}. Nothing was saved; "
        "rephrase it, or add --allow-phi if it is not about a patient."
    )


def check(
    db: Reader | None,
    fields: dict[str, str | None],
    *,
    allow: bool,
    also_known: Iterable[str] = (),
) -> bool:
    """Refuse (store nothing) when a field looks like patient information, unless ``allow``.

    Returns True when something was found and allowed: the caller marks the row
    ``phi_allowed``, so that ``doctor --phi`` lists it.
    """
    known = list(also_known)
    for label, value in fields.items():
        found = findings(db, value, also_known=known)
        if found:
            if not allow:
                raise refusal(label, found)
            return True
    return False


def looks_like_phi(db: Reader | None, *values: str | None) -> bool:
    return any(findings(db, v) for v in values)


class Contacts:
    """The user's contacts by name word, read once, to drop colleagues' names from many texts
    without a query each (``doctor --phi``, the records of a large import)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names: list[str] = []
        self.by_word: dict[str, set[int]] = defaultdict(set)
        self.doctors: set[int] = set()
        for n, name in enumerate(names):
            self.names.append(name)
            for word in name_tokens(name):
                self.by_word[word].add(n)
            if phi.a_doctor(name):
                self.doctors.add(n)

    @classmethod
    def of(cls, db: Reader) -> Contacts:
        return cls(str(r["name"]) for r in db.rows("SELECT name FROM contact"))

    def known(self, found: list[Finding]) -> list[Finding]:
        named = [f.name for f in found if f.name]
        if not named:
            return found
        return phi.drop_colleagues(found, [c for n in named for c in self._having(n)])

    def _having(self, name: str) -> list[str]:
        """A contact with every word of ``name``, one who is not a doctor if there is one (it
        stands for all of them: see :func:`medcrm.pure.phi.drop_colleagues`)."""
        words = sorted((self.by_word.get(w, set()) for w in name_tokens(name)), key=len)
        if not words:
            return []
        doctor = None
        for n in words[0]:
            if all(n in other for other in words[1:]):
                if n not in self.doctors:
                    return [self.names[n]]
                doctor = self.names[n] if doctor is None else doctor
        return [] if doctor is None else [doctor]


def scan(db: Reader) -> Scan:
    """Every stored text the guard would stop today, and every row saved with --allow-phi."""
    from medcrm.pure.results import Scan

    result = Scan()
    contacts = Contacts.of(db)
    for table, columns in GUARDED.items():
        kind = KINDS[table]
        flagged: list[int] = []
        allowed: list[int] = []
        sql = (
            f"SELECT id, phi_allowed, {', '.join(columns)} FROM {table} "  # noqa: S608
            "WHERE id > :after ORDER BY id LIMIT 500"
        )
        after = 0
        while batch := db.rows(sql, {"after": after}):  # a batch at a time: flat memory
            for row in batch:
                result.scanned += 1
                if row["phi_allowed"]:
                    allowed.append(int(row["id"]))
                elif any(contacts.known(phi.find_phi(row[c])) for c in columns):
                    flagged.append(int(row["id"]))
            after = int(batch[-1]["id"])
        result.flagged[kind] = flagged
        result.allowed[kind] = allowed
    return result
