"""The search index behind ``medcrm search`` and ``history --search``.

One table, ``search_index``, holds the text of every contact (name, institution, specialty,
email, phone, where met, notes, job title, tags), interaction (note), follow-up (title), letter
(target, note) and rotation (name, service, site). Its row id is the source row's id times 8
plus the kind's number, so a change replaces exactly one row.

Triggers on the source tables keep it in step whatever writes them: a command, an import, an
undo, a restore (which copies the index with the rest), another program. They are made, and
the index rebuilt, after every upgrade (:func:`install`).

- SQLite: an FTS5 table (``unicode61``: accents and case folded; ranked with bm25). Without
  FTS5 in the SQLite build, a plain table searched with LIKE (ASCII case folded only).
- PostgreSQL: a ``tsvector`` of the text folded by ``medcrm_fold`` (lower case, common
  accents removed; no extension needed) with punctuation made spaces (so words split as
  FTS5 splits them), a GIN index, ranked with ``ts_rank``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from medcrm.pure import text
from medcrm.storage import substring
from medcrm.storage.connection import Reader, Row

if TYPE_CHECKING:
    from sqlalchemy import Connection

SLOTS = 8
KINDS = {"contact": 1, "interaction": 2, "follow_up": 3, "letter": 4, "rotation": 5, "program": 6}
# The columns whose change re-indexes a row.
INDEXED = {
    "contact": ("name", "institution", "specialty", "email", "phone", "met", "notes", "extra"),
    "interaction": ("note",),
    "follow_up": ("title",),
    "letter": ("target", "note"),
    "rotation": ("name", "service", "site"),
    "program": ("name", "specialty", "institution", "city", "note"),
}
TRIGGER_PREFIX = "medcrm_search_"
TABLES = ("search_index", "search_index_data", "search_index_idx", "search_index_content",
          "search_index_docsize", "search_index_config")  # fmt: skip
_WORD = re.compile(r"\w+")
# A kind with more matches than this ranks its newest this many (the rest are counted, not
# ranked): ranking grows with the matches, and a word in 50,000 notes would cost 60 ms more.
RANKED = 2_000
_ROWID = {"sqlite": "rowid", "postgresql": "id"}


def terms(query: str) -> list[str]:
    """The words of a query, folded as the index folds them (case, accents, ø, ł, ß...)."""
    return list(dict.fromkeys(_WORD.findall(text.fold(query))))


# The letters Unicode does not decompose that names hold most often (Sørensen, Łukasz,
# Strauß): spelled in the index as search spells them; the tokenizer folds case and accents,
# not these. (All of pure.text.LETTERS would nest too deep for SQLite's parser.)
_SPELLED = ("ø", "Ø", "æ", "Æ", "ł", "Ł", "ß", "đ", "Đ", "œ")


def _letters(sql: str) -> str:
    """``sql`` with the letters of :data:`_SPELLED` written as search folds them."""
    for letter in _SPELLED:
        sql = f"replace({sql}, '{letter}', '{text.LETTERS[letter]}')"
    return sql


def _body(kind: str, dialect: str) -> str:
    """The indexed text of one source row ``x``, as SQL."""
    if kind == "contact":
        if dialect == "postgresql":
            title = "medcrm_json_field(x.extra, 'title')"
            tags = "string_agg(t.name, ' ')"
        else:
            title = "CASE WHEN json_valid(x.extra) THEN json_extract(x.extra, '$.title') END"
            tags = "group_concat(t.name, ' ')"
        tag_list = (
            f"(SELECT {tags} FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE ct.contact_id = x.id)"
        )
        parts = [f"x.{c}" for c in INDEXED["contact"] if c != "extra"] + [title, tag_list]
        parts += [_listed_values(key, dialect) for key in ("emails", "phones")]
    else:
        parts = [f"x.{c}" for c in INDEXED[kind]]
    return _letters(" || ' ' || ".join(f"coalesce({p}, '')" for p in parts))


def _listed_values(key: str, dialect: str) -> str:
    """Every value of a contact's list of emails (or phones) in ``extra``, as SQL: all of
    them are found, not only the primary one."""
    if dialect == "postgresql":
        listed = f"medcrm_json_field(x.extra, '{key}')::jsonb"
        return (
            "(SELECT string_agg(e->>'value', ' ') FROM jsonb_array_elements(CASE WHEN "
            f"jsonb_typeof({listed}) = 'array' THEN {listed} ELSE '[]'::jsonb END) e)"
        )
    return (
        f"CASE WHEN json_valid(x.extra) AND json_type(x.extra, '$.{key}') = 'array' THEN "
        "(SELECT group_concat(json_extract(e.value, '$.value'), ' ') FROM "
        f"json_each(x.extra, '$.{key}') e) END"
    )


def _reindex(kind: str, dialect: str, ids: str, *, delete_only: bool = False) -> list[str]:
    """Statements that re-index the rows of ``kind`` whose ids the query ``ids`` gives (as a
    column named ``i``): out of the index, then back in as they are now."""
    n, rowid = KINDS[kind], _ROWID[dialect]
    statements = [
        f"DELETE FROM search_index WHERE {rowid} IN (SELECT i * {SLOTS} + {n} FROM ({ids}) AS q)"
    ]
    if not delete_only:
        statements.append(
            f"INSERT INTO search_index ({rowid}, kind, ref, body) SELECT x.id * {SLOTS} + {n}, "
            f"'{kind}', x.id, {_body(kind, dialect)} FROM {kind} x "
            f"WHERE x.id IN (SELECT i FROM ({ids}) AS q)"
        )
    return statements


def _sqlite_triggers() -> list[str]:
    made = []

    def trigger(name: str, when: str, statements: list[str]) -> None:
        body = "; ".join(statements)
        made.append(f"CREATE TRIGGER {TRIGGER_PREFIX}{name} {when} BEGIN {body}; END")

    for kind, columns in INDEXED.items():
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        trigger(f"{kind}_insert", f"AFTER INSERT ON {kind}",
                _reindex(kind, "sqlite", "SELECT NEW.id AS i"))  # fmt: skip
        trigger(f"{kind}_update", f"AFTER UPDATE ON {kind} WHEN {changed}",
                _reindex(kind, "sqlite", "SELECT NEW.id AS i"))  # fmt: skip
        trigger(f"{kind}_delete", f"AFTER DELETE ON {kind}",
                _reindex(kind, "sqlite", "SELECT OLD.id AS i", delete_only=True))  # fmt: skip
    trigger("contact_tag_insert", "AFTER INSERT ON contact_tag",
            _reindex("contact", "sqlite", "SELECT NEW.contact_id AS i"))  # fmt: skip
    trigger("contact_tag_delete", "AFTER DELETE ON contact_tag",
            _reindex("contact", "sqlite", "SELECT OLD.contact_id AS i"))  # fmt: skip
    trigger("tag_update", "AFTER UPDATE OF name ON tag",
            _reindex("contact", "sqlite",
                     "SELECT contact_id AS i FROM contact_tag WHERE tag_id = NEW.id"))  # fmt: skip
    return made


def _pg_function(table: str, body: str) -> list[str]:
    name = f"{TRIGGER_PREFIX}{table}"
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$ "
        f"BEGIN {body} RETURN NULL; END $body$",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION {name}()",
    ]


def _pg_triggers() -> list[str]:
    made = []

    def run(statements: list[str]) -> str:
        return " ".join(f"{s};" for s in statements)

    for kind, columns in INDEXED.items():
        old = ", ".join(f"OLD.{c}" for c in columns)
        new = ", ".join(f"NEW.{c}" for c in columns)
        made += _pg_function(kind, (
            f"IF TG_OP = 'UPDATE' AND ({old}) IS NOT DISTINCT FROM ({new}) THEN RETURN NULL; "
            f"END IF; IF TG_OP = 'DELETE' THEN "
            f"{run(_reindex(kind, 'postgresql', 'SELECT OLD.id AS i', delete_only=True))} "
            f"ELSE {run(_reindex(kind, 'postgresql', 'SELECT NEW.id AS i'))} END IF;"
        ))  # fmt: skip
    made += _pg_function("contact_tag", (
        "IF TG_OP = 'DELETE' THEN "
        f"{run(_reindex('contact', 'postgresql', 'SELECT OLD.contact_id AS i'))} "
        f"ELSE {run(_reindex('contact', 'postgresql', 'SELECT NEW.contact_id AS i'))} END IF;"
    ))  # fmt: skip
    made += _pg_function("tag", (
        "IF TG_OP = 'UPDATE' THEN "
        + run(_reindex("contact", "postgresql",
                       "SELECT contact_id AS i FROM contact_tag WHERE tag_id = NEW.id"))
        + " END IF;"
    ))  # fmt: skip
    return made


def trigger_names(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [f"{TRIGGER_PREFIX}{t}" for t in (*INDEXED, "contact_tag", "tag")]
    names = [f"{kind}_{a}" for kind in INDEXED for a in ("insert", "update", "delete")]
    names += ["contact_tag_insert", "contact_tag_delete", "tag_update"]
    return [f"{TRIGGER_PREFIX}{n}" for n in names]


def remove(conn: Connection) -> None:
    """Drop the index's triggers, and the contacts' substring index's (SQLite rebuilds tables
    during an upgrade)."""
    dialect = conn.dialect.name
    for name in trigger_names(dialect):
        if dialect == "postgresql":
            table = name.removeprefix(TRIGGER_PREFIX)
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    substring.remove(conn)


def install(conn: Connection) -> None:
    """(Re)make the triggers and rebuild the index, and the contacts' substring index, inside
    an upgrade's transaction."""
    dialect = conn.dialect.name
    remove(conn)
    for statement in _pg_triggers() if dialect == "postgresql" else _sqlite_triggers():
        conn.exec_driver_sql(statement)
    emptied = conn.exec_driver_sql("DELETE FROM search_index").rowcount
    for kind in KINDS:
        conn.exec_driver_sql(_reindex(kind, dialect, f"SELECT id AS i FROM {kind}")[1])
    if emptied and dialect == "sqlite":
        optimize(conn, "search_index")
    substring.install(conn)


def optimize(conn: Connection, table: str) -> None:
    """Merge an FTS5 table's segments into one after it was emptied and filled again: the
    deleted rows' segments stay until merged, and made an upgraded 100,000-contact index's
    queries twice as slow (about 2 s to merge at that size)."""
    made = conn.exec_driver_sql(f"SELECT sql FROM sqlite_master WHERE name = '{table}'").first()
    if made is not None and "fts5" in str(made[0]).lower():
        conn.exec_driver_sql(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


# -- searching -----------------------------------------------------------------------------


def _match(reader: Reader, words: list[str]) -> tuple[str, str, dict[str, Any]]:
    """The WHERE condition finding every word as a word prefix, the ranking (best first),
    the params."""
    if reader.dialect == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        tsquery = "to_tsquery('simple', medcrm_fold(:q))"
        return f"tsv @@ {tsquery}", f"ts_rank(tsv, {tsquery}) DESC", {"q": query}
    if has_fts5(reader):
        # "rank + 0", not "rank": FTS5 would rank every match of every kind before the kind is
        # filtered; as an expression, only the kind's matches are ranked (and SQLite keeps the
        # best few), which keeps a common word over 100,000 notes well under 100 ms.
        return "search_index MATCH :q", "rank + 0", {"q": " ".join(f'"{w}"*' for w in words)}
    clauses = " AND ".join(f"lower(body) LIKE :w{i}" for i in range(len(words)))
    return clauses, "ref DESC", {f"w{i}": f"%{w}%" for i, w in enumerate(words)}


def has_fts5(reader: Reader) -> bool:
    rows = reader.rows("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
    return bool(rows) and "fts5" in str(rows[0]["sql"]).lower()


def find(
    reader: Reader, text: str, *, kinds: tuple[str, ...] = tuple(KINDS), per_kind: int = 10
) -> list[Row]:
    """The best ``per_kind`` matches of each kind, best first, each with ``total`` (how many
    of that kind matched): rows of kind, ref, body, total.

    Three steps, each cheap at 100,000 notes: how many of each kind match (counted on the row
    ids, which carry the kind), the best few ids of each kind that has any, and the text of
    those few."""
    words = terms(text)
    if not words:
        return []
    where, rank, params = _match(reader, words)
    rowid = _ROWID[reader.dialect]
    wanted = {KINDS[k]: k for k in kinds if k in KINDS}
    totals = {
        int(r["slot"]): int(r["n"])
        for r in reader.rows(
            f"SELECT {rowid} % {SLOTS} AS slot, COUNT(*) AS n FROM search_index "
            f"WHERE {where} GROUP BY {rowid} % {SLOTS}",
            params,
        )
    }
    best: list[int] = []
    for slot in sorted(wanted):
        if totals.get(slot):
            of_kind = f"{where} AND {rowid} % {SLOTS} = {slot}"
            if totals[slot] > RANKED:
                of_kind += _newest(reader, of_kind, params)
            best += [
                int(r["id"])
                for r in reader.rows(
                    f"SELECT {rowid} AS id FROM search_index WHERE {of_kind} "
                    f"ORDER BY {rank} LIMIT :per",
                    {**params, "per": per_kind},
                )
            ]
    if not best:
        return []
    listed = ", ".join(str(i) for i in best)
    bodies = {
        int(r["id"]): str(r["body"])
        for r in reader.rows(
            f"SELECT {rowid} AS id, body FROM search_index WHERE {rowid} IN ({listed})"
        )
    }
    return [
        {"kind": wanted[i % SLOTS], "ref": i // SLOTS, "body": bodies.get(i, ""),
         "total": totals[i % SLOTS]}
        for i in best
    ]  # fmt: skip


def _newest(reader: Reader, of_kind: str, params: dict[str, Any]) -> str:
    """The condition keeping the newest :data:`RANKED` rows of ``of_kind``'s matches."""
    rowid = _ROWID[reader.dialect]
    rows = reader.rows(
        f"SELECT {rowid} AS id FROM search_index WHERE {of_kind} "
        f"ORDER BY {rowid} DESC LIMIT 1 OFFSET {RANKED - 1}",
        params,
    )
    return f" AND {rowid} >= {int(rows[0]['id'])}" if rows else ""


def matching_ids(reader: Reader, text: str, kind: str) -> tuple[str, dict[str, Any]]:
    """A subquery of the ids of ``kind`` that match ``text`` (which has words), and its
    params."""
    words = terms(text)
    assert kind in KINDS and words, "a known kind and a query with words"
    where, _, params = _match(reader, words)
    rowid = _ROWID[reader.dialect]
    return (
        f"SELECT {rowid} / {SLOTS} FROM search_index WHERE {where} "
        f"AND {rowid} % {SLOTS} = {KINDS[kind]}",
        params,
    )
