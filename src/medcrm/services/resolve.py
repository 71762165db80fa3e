"""WHO: a contact given by id or by name: exact name, then unique whole words, then a unique
substring of the name (case, accents and punctuation ignored)."""

from __future__ import annotations

import difflib

from medcrm.pure.errors import Ambiguous, InvalidInput, NotFound
from medcrm.pure.records import ContactRef
from medcrm.pure.text import name_key
from medcrm.storage.connection import Reader, first
from medcrm.storage.queries.common import ID as _ID
from medcrm.storage.queries.common import like_pattern

_MAX_LISTED = 8


def _refs(rows: list[dict[str, object]]) -> list[ContactRef]:
    return [ContactRef(int(str(r["id"])), str(r["name"])) for r in rows]


def _listing(refs: list[ContactRef]) -> str:
    shown = ", ".join(f"#{r.id} {r.name}" for r in refs[:_MAX_LISTED])
    more = len(refs) - _MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def resolve_contact(reader: Reader, who: str) -> ContactRef:
    """The one contact ``who`` names, or NotFound / Ambiguous with what would work."""
    text = who.strip()
    if m := _ID.fullmatch(text):
        row = first(reader, "SELECT id, name FROM contact WHERE id = :id", {"id": int(m[1])})
        if row is None:
            named = reader.rows(
                "SELECT id, name FROM contact WHERE name_key LIKE :p ESCAPE '\\' LIMIT 2",
                {"p": like_pattern(m[1])},
            )
            hint = (
                f" ({named[0]['name']} has it in the name: give a word of the name too.)"
                if len(named) == 1
                else " Run 'medcrm contacts' to see the ids."
            )
            raise NotFound(f"No contact has id {m[1]}.{hint}")
        return _refs([row])[0]
    key = name_key(text)
    if not key:
        raise InvalidInput("Give a contact's name or id (e.g. 'Priya Patel' or 12).")
    exact = _refs(
        reader.rows("SELECT id, name FROM contact WHERE name_key = :key ORDER BY id", {"key": key})
    )
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise Ambiguous(
            f"'{who}' is the name of {len(exact)} contacts: {_listing(exact)}. Use the id.",
            [(r.id, r.name) for r in exact],
        )
    # Whole words next: "ana" is Ana Ruiz even when Diana Lee exists.
    escaped = like_pattern(key)[1:-1]
    words = _refs(
        reader.rows(
            "SELECT id, name FROM contact WHERE (' ' || name_key || ' ') LIKE :pattern "
            "ESCAPE '\\' ORDER BY name_key, id",
            {"pattern": f"% {escaped} %"},
        )
    )
    if len(words) == 1:
        return words[0]
    partial = words or _refs(
        reader.rows(
            "SELECT id, name FROM contact WHERE name_key LIKE :pattern ESCAPE '\\' "
            "ORDER BY name_key, id",
            {"pattern": like_pattern(key)},
        )
    )
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise Ambiguous(
            f"'{who}' matches {len(partial)} contacts: {_listing(partial)}. "
            "Use more of the name or the id.",
            [(r.id, r.name) for r in partial],
        )
    raise NotFound(_not_found_message(reader, who, key))


def _not_found_message(reader: Reader, who: str, key: str) -> str:
    everyone = reader.rows("SELECT id, name, name_key FROM contact")
    keys = {str(r["name_key"]): r for r in everyone}
    words = {w: r for r in everyone for w in str(r["name_key"]).split()}
    close = difflib.get_close_matches(key, list(keys), n=3, cutoff=0.6)
    close += [
        str(words[w]["name_key"])
        for w in difflib.get_close_matches(key, list(words), n=3, cutoff=0.75)
        if str(words[w]["name_key"]) not in close
    ]
    if close:
        hints = ", ".join(f"{keys[k]['name']} (#{keys[k]['id']})" for k in close[:3])
        return f"No contact matches '{who}'. Did you mean {hints}?"
    return f"No contact matches '{who}'. Add them with: medcrm add-contact \"{who}\""


def contact_id(reader: Reader, who: str | None) -> int | None:
    """The id of an optional WHO (a listing's "only this contact's"); None when not given."""
    return None if who is None else resolve_contact(reader, who).id


def resolve_contacts(reader: Reader, whos: list[str]) -> list[ContactRef]:
    """Several WHOs, each resolved, duplicates dropped, in the order given."""
    seen: dict[int, ContactRef] = {}
    for who in whos:
        ref = resolve_contact(reader, who)
        seen.setdefault(ref.id, ref)
    return list(seen.values())


def complete_names(reader: Reader, incomplete: str, limit: int = 50) -> list[str]:
    """Contact names whose key starts with what was typed, for shell completion.

    A range on the name_key index, so it costs the same with 100 contacts or 10,000.
    """
    key = name_key(incomplete)
    if not key:
        rows = reader.rows("SELECT name FROM contact ORDER BY name_key LIMIT :n", {"n": limit})
    else:
        rows = reader.rows(
            "SELECT name FROM contact WHERE name_key >= :low AND name_key < :high "
            "ORDER BY name_key LIMIT :n",
            {"low": key, "high": key + "\U0010ffff", "n": limit},
        )
    return [str(r["name"]) for r in rows]
