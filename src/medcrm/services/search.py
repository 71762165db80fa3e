"""``medcrm search``: everything written, ranked, grouped by kind, with the text around the
match. The index and its query are :mod:`medcrm.storage.search`."""

from __future__ import annotations

from collections import defaultdict

from medcrm.pure import text
from medcrm.pure.errors import InvalidInput, NotFound
from medcrm.pure.results import SearchGroup, SearchHit, SearchResults
from medcrm.storage import queries as views
from medcrm.storage import search as index
from medcrm.storage.connection import Reader, Row

ORDER = ("contact", "interaction", "follow_up", "letter", "rotation", "program")


def search(reader: Reader, query: str, *, per_kind: int = 10) -> SearchResults:
    """The best ``per_kind`` matches of each kind for every word of ``query`` (as word
    prefixes, in any order; accents and case ignored)."""
    words = index.terms(query)
    if not words:
        raise InvalidInput("Give a word to search for, e.g. medcrm search cardiology.")
    if per_kind < 1:
        raise InvalidInput(f"--limit must be at least 1, not {per_kind}.")
    by_kind: dict[str, list[Row]] = defaultdict(list)
    for row in index.find(reader, query, per_kind=per_kind):
        by_kind[str(row["kind"])].append(row)
    groups = []
    for kind in ORDER:
        rows = by_kind.get(kind, [])
        hits = [h for r in rows if (h := _hit(reader, kind, r, words)) is not None]
        if hits:
            groups.append(SearchGroup(kind, int(str(rows[0]["total"])), hits))
    return SearchResults(query, groups)


def _hit(reader: Reader, kind: str, row: Row, words: list[str]) -> SearchHit | None:
    """What a match shows: the row's own words, and the text around the match."""
    ref = int(str(row["ref"]))
    shown = text.snippet(str(row["body"]), words)
    try:
        if kind == "contact":
            c = views.get_contact(reader, ref)
            return SearchHit(kind, ref, c.name, c.role, None, shown)
        if kind == "interaction":
            i = views.get_interaction(reader, ref)
            people = ", ".join(p.name for p in i.contacts)
            return SearchHit(kind, ref, i.kind, people, i.date, shown)
        if kind == "follow_up":
            f = views.get_follow_up(reader, ref)
            return SearchHit(kind, ref, f.title, f.contact, f.due, shown)
        if kind == "letter":
            x = views.get_letter(reader, ref)
            return SearchHit(kind, ref, x.target, x.contact, x.due, shown)
        if kind == "program":
            from medcrm.storage.queries.programs import get_program

            p = get_program(reader, ref)
            return SearchHit(kind, ref, p.name, p.stage, None, shown)
        r = views.get_rotation(reader, ref)
        return SearchHit(kind, ref, r.name, r.service or "", r.starts_on, shown)
    except NotFound:  # pragma: no cover - the index follows every write in the same transaction
        return None
