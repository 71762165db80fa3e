"""Name matching as properties: any name is found again; any query matches or fails clearly."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from medcrm.pure.errors import Ambiguous, InvalidInput, MedcrmError, NotFound
from medcrm.pure.text import name_key
from medcrm.services.resolve import resolve_contact
from medcrm.storage.connection import SqliteReader

letters = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüñøåçÉÑØ"))
word = st.text(letters, min_size=1, max_size=8)
name = st.builds(
    lambda words, sep, title: title + sep.join(words),
    st.lists(word, min_size=1, max_size=3),
    st.sampled_from([" ", "-", " O'", "  "]),
    st.sampled_from(["", "Dr. ", "dr "]),
)


def reader_with(names: list[str]) -> SqliteReader:
    """The contact columns WHO resolution reads, in an in-memory database."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT, name_key TEXT)")
    conn.executemany(
        "INSERT INTO contact (name, name_key) VALUES (?, ?)", [(n, name_key(n)) for n in names]
    )
    return SqliteReader(conn)


@given(name)
def test_keys_ignore_case_accents_spacing_and_are_stable(n: str) -> None:
    key = name_key(n)
    assert key == name_key(key)
    assert key == name_key(n.upper()) == name_key(n.lower())
    assert key == name_key("  " + n.replace(" ", "   ") + " ")
    assert key.isascii() or any(ch in key for ch in "ø")


@given(st.lists(name, min_size=1, max_size=8))
def test_every_name_finds_its_contact_unless_it_is_shared(names: list[str]) -> None:
    reader = reader_with(names)
    for i, n in enumerate(names, start=1):
        assert resolve_contact(reader, str(i)).id == i
        same = [j for j, m in enumerate(names, start=1) if name_key(m) == name_key(n)]
        if len(same) == 1:
            assert resolve_contact(reader, n).id == i
            assert resolve_contact(reader, n.upper()).id == i
        else:
            try:
                resolve_contact(reader, n)
            except Ambiguous as exc:
                assert sorted(c[0] for c in exc.candidates) == same
            else:
                raise AssertionError("a shared name must be ambiguous")


@given(st.lists(name, max_size=6), st.text(max_size=12))
def test_any_query_is_a_contact_containing_it_or_a_clear_error(
    names: list[str], query: str
) -> None:
    reader = reader_with(names)
    try:
        found = resolve_contact(reader, query)
    except (NotFound, Ambiguous, InvalidInput) as exc:
        assert isinstance(exc, MedcrmError) and exc.message
    else:
        assert query.strip().lstrip("#").isdigit() or name_key(query) in name_key(found.name)
