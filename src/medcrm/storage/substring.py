"""The contacts' substring index, behind ``contacts --search``.

``contacts --search kafor`` finds the text anywhere in a contact's folded ``search_text`` (Okafor),
which a B-tree index cannot help with: ``LIKE '%kafor%'`` reads every contact, about 35 ms at
100,000. A trigram index finds the contacts holding each three-letter run of the text instead:

- SQLite: ``contact_text``, an FTS5 table with the ``trigram`` tokenizer (SQLite 3.34+), one row
  a contact (the contact's id as its rowid, its ``search_text``), kept in step by triggers on
  ``contact`` whatever writes it, and rebuilt after every upgrade and bulk load (:func:`install`).
- PostgreSQL: a GIN index of the ``pg_trgm`` extension on ``contact.search_text``, which the
  ``LIKE`` itself uses.

Both are optional: a SQLite without the tokenizer, or a server where the extension can't be
made, reads every contact as before. The ``LIKE`` stays the final test either way, so a search
finds exactly the same contacts with or without the index (``tests/test_contact_search.py``).
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from typing import TYPE_CHECKING

from medcrm.storage.connection import Reader, sqlite_can

if TYPE_CHECKING:
    from sqlalchemy import Connection

TABLE = "contact_text"
PG_INDEX = "ix_contact_search_text_trgm"
# The tables FTS5 makes for TABLE, and the index on a server: medcrm's own, not a model's.
NAMES = (TABLE, f"{TABLE}_data", f"{TABLE}_idx", f"{TABLE}_content", f"{TABLE}_docsize",
         f"{TABLE}_config", PG_INDEX)  # fmt: skip
TRIGGER_PREFIX = f"medcrm_search_{TABLE}_"
# A trigram index finds texts of three letters or more; shorter ones read every contact.
SHORTEST = 3
# Past this many matches, fetching each contact by id costs more than reading them all in
# turn (at 100,000 contacts: 6,700 matches 17 ms against 31 ms, 100,000 matches 123 against 85).
NARROWS = 20_000

_TRIGGERS = {  # TABLE's, written out
    "insert": "AFTER INSERT ON contact BEGIN "
    "INSERT INTO contact_text (rowid, search_text) VALUES (NEW.id, NEW.search_text); END",
    "update": "AFTER UPDATE OF id, search_text ON contact BEGIN "
    "DELETE FROM contact_text WHERE rowid = OLD.id; "
    "INSERT INTO contact_text (rowid, search_text) VALUES (NEW.id, NEW.search_text); END",
    "delete": "AFTER DELETE ON contact BEGIN DELETE FROM contact_text WHERE rowid = OLD.id; END",
}
_FOUND = "SELECT rowid FROM contact_text WHERE contact_text MATCH :substring"
_IS_MADE = "SELECT 1 FROM sqlite_master WHERE name = 'contact_text'"
# The table and its three triggers: an index without its triggers (dropped by another
# program) may have missed a contact, so it is not used.
_IN_STEP = (
    "SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('contact_text', "
    "'medcrm_search_contact_text_insert', 'medcrm_search_contact_text_update', "
    "'medcrm_search_contact_text_delete')"
)
_MAKE = (
    "CREATE VIRTUAL TABLE contact_text USING fts5(search_text, tokenize = 'trigram', "
    "columnsize = 0)"
)  # no column sizes: nothing here is ranked
# A search reads the index with the text's first this many characters (a 16,000-character
# text's phrase takes the index most of a second); the LIKE then tests the whole text.
_LONGEST = 64


def create(conn: Connection) -> None:
    """Make the index's table (SQLite) or extension (PostgreSQL) where it can be made: in a
    migration. On a server, a role that may not create the extension keeps the plain scan."""
    if conn.dialect.name == "postgresql":
        available = conn.exec_driver_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
        ).first()
        if available:
            with suppress(Exception), conn.begin_nested():  # no right to make it: the scan stays
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    elif sqlite_can("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize = 'trigram')"):
        conn.exec_driver_sql(_MAKE)  # another program's table of that name: the upgrade fails


def _sqlite_table(conn: Connection) -> bool:
    return conn.exec_driver_sql(_IS_MADE).first() is not None


def _pg_extension(conn: Connection) -> bool:
    found = conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first()
    return found is not None


def remove(conn: Connection) -> None:
    """Drop the triggers (SQLite) or the index (PostgreSQL): before an upgrade's table
    rebuilds, or a bulk load that builds it once at the end."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")
        return
    for name in _TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{name}")


def install(conn: Connection) -> None:
    """(Re)make the triggers and refill the table (SQLite), or build the index (PostgreSQL),
    where the migration could make the table or the extension."""
    remove(conn)
    if conn.dialect.name == "postgresql":
        # The operator class not on the search path (the extension elsewhere): no index, and
        # the LIKE reads every contact, as without the extension.
        if _pg_extension(conn):
            with suppress(Exception), conn.begin_nested():
                conn.exec_driver_sql(
                    f"CREATE INDEX {PG_INDEX} ON contact USING gin (search_text gin_trgm_ops)"
                )
        return
    if not _sqlite_table(conn):
        return
    # Made again rather than emptied: quicker, and no deleted rows to merge away.
    conn.exec_driver_sql("DROP TABLE contact_text")
    conn.exec_driver_sql(_MAKE)
    conn.exec_driver_sql(
        "INSERT INTO contact_text (rowid, search_text) SELECT id, search_text FROM contact"
    )
    for name, body in _TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER {TRIGGER_PREFIX}{name} {body}")


def narrowing(reader: Reader, folded: str) -> tuple[str, dict[str, object]] | None:
    """A condition on ``c.id`` that keeps the contacts whose ``search_text`` holds ``folded``
    (found through the SQLite index), and its params; None where the index does not help
    (PostgreSQL's LIKE uses its own; a text under three letters; no index, or one without its
    triggers; a text most contacts hold)."""
    if reader.dialect != "sqlite" or len(folded) < SHORTEST:
        return None
    if int(reader.rows(_IN_STEP)[0]["n"]) != 4:
        return None
    # A phrase of the trigram tokenizer matches the text as a substring, quotes doubled.
    phrase = folded[:_LONGEST]
    params: dict[str, object] = {"substring": '"' + phrase.replace('"', '""') + '"'}
    try:
        counted = reader.rows(
            f"SELECT COUNT(*) AS n FROM ({_FOUND} LIMIT {int(NARROWS)}) AS q",  # noqa: S608
            params,
        )
    except sqlite3.OperationalError:  # a SQLite older than the file: no trigram tokenizer
        return None
    if int(counted[0]["n"]) >= NARROWS:
        return None  # a text in most contacts ("hospital"): reading them in turn is quicker
    return f"c.id IN ({_FOUND})", params
