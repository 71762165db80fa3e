"""Rows for an empty database, inserted a page at a time (``import json`` restoring an export,
``migrate-to``, a server's ``restore``): one executemany (a COPY on PostgreSQL) per table and
page instead of one ORM object and statement per row."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import Session

from medcrm.services.contacts import reconnect_dates
from medcrm.storage import queries as views
from medcrm.storage.connection import Writer, insert_sql, update_sql

PAGE = 2000  # rows per executemany, and records read per page of contacts


class Bulk:
    """Rows waiting to be inserted, by table, as tuples in the order of the table's columns.
    Tables are inserted in the order they were first given rows (a parent, then its links)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.columns: dict[str, tuple[str, ...]] = {}
        self.rows: dict[str, list[tuple[Any, ...]]] = {}
        self.last_ids: dict[str, int] = {}

    def add(self, table: str, row: dict[str, Any]) -> None:
        """One row as a dict of its columns."""
        self.put(table, tuple(row), tuple(row.values()))

    def put(self, table: str, columns: tuple[str, ...], values: tuple[Any, ...]) -> None:
        """One row: ``values`` in the order of ``columns`` (a date as a date or as ISO text).
        Rows with other columns than the table's waiting ones send those in first."""
        if self.columns.get(table) != columns:
            if self.rows.get(table):
                self.flush()
            self.columns[table] = columns
            self.rows.setdefault(table, [])
        rows = self.rows[table]
        rows.append(values)
        if len(rows) >= PAGE:
            self.flush()

    def flush(self) -> None:
        """Insert what is waiting, on the session's own connection and transaction: with the
        driver itself, as the rows are already checked (SQLite: one executemany; PostgreSQL:
        one COPY, a stream of rows and no statement per row)."""
        self.session.flush()  # what the ORM holds goes first (a rotation these rows point to)
        connection = self.session.connection()
        driver: Any = connection.connection.driver_connection  # sqlite3's or psycopg's
        postgres = connection.dialect.name == "postgresql"
        for table, rows in self.rows.items():
            if not rows:
                continue
            columns = self.columns[table]
            if postgres:
                names = ", ".join(f'"{c}"' for c in columns)
                with (
                    driver.cursor() as cursor,
                    cursor.copy(
                        f"COPY {table} ({names}) FROM STDIN"  # fixed names, not user input
                    ) as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            else:
                sql = insert_sql(table, columns, positional=True)
                driver.executemany(sql, _sqlite_values(rows))
            rows.clear()

    def fresh_id(self, table: str) -> int:
        """An id after every one ``table`` has (for a restored record that came without one)."""
        if table not in self.last_ids:
            self.flush()
            found = self.session.execute(
                text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - fixed names
            ).scalar_one()
            self.last_ids[table] = int(found)
        self.last_ids[table] += 1
        return self.last_ids[table]


def _sqlite_values(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows with their dates as ISO text (as :func:`sqlite_params` binds them). A column
    holds one kind of value in every row of a table (a date or none, a text or none...), so
    its first value that is not none says whether it holds dates; most tables' rows come with
    none, and go as they are."""
    dated = [i for i in range(len(rows[0])) if _holds_dates(rows, i)]
    if not dated:
        return rows
    by_column = [list(values) for values in zip(*rows, strict=True)]
    for i in dated:
        by_column[i] = [None if v is None else v.isoformat() for v in by_column[i]]
    return list(zip(*by_column, strict=True))


def _holds_dates(rows: list[tuple[Any, ...]], i: int) -> bool:
    for row in rows:
        if row[i] is not None:
            return isinstance(row[i], date)
    return False


def refresh_restored_contacts(db: Writer, page: int = 500) -> None:
    """After a restore into an empty database, whose contacts were derived as they went in
    (their names, fields and tags) but before their interactions: each one's last contact, from
    its newest interaction in one statement, and when to reconnect, a page of the contacts
    with a cadence at a time. What ``refresh_contacts`` would set, at a fraction of the work
    (a hundred thousand contacts are not read into Python and derived again)."""
    # The planner's statistics of the tables just filled first: PostgreSQL's would still say
    # "empty", and the update below would scan the links once for each contact.
    db.run("ANALYZE")
    db.run(
        "UPDATE contact SET last_contact = (SELECT MAX(i.date) FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id "
        "WHERE ic.contact_id = contact.id)"
    )
    after = 0
    dates: dict[tuple[str, object], tuple[date | None, date | None]] = {}  # a cadence and a day
    while rows := db.rows(
        "SELECT id, every, added, last_contact FROM contact "
        "WHERE every IS NOT NULL AND id > :after ORDER BY id LIMIT :page",
        {"after": after, "page": page},
    ):
        changes = []
        for r in rows:
            key = (str(r["every"]), r["last_contact"] or r["added"])
            if key not in dates:  # many contacts share both: worked out once
                dates[key] = reconnect_dates(key[0], views.to_date(key[1]))
            soon, latest = dates[key]
            changes.append({"id": r["id"], "reconnect_soon_on": soon, "reconnect_on": latest})
        db.run_many(update_sql("contact", ("reconnect_soon_on", "reconnect_on")), changes)
        after = int(rows[-1]["id"])


class IdRuns:
    """A set of ids kept as runs of consecutive numbers: an export lists its records by id,
    so a hundred thousand of them are a few runs, not a hundred thousand numbers."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.rest: set[int] = set()  # ids that came out of order

    def add(self, n: int) -> None:
        if self.ends and n == self.ends[-1] + 1:
            self.ends[-1] = n
        elif not self.ends or n > self.ends[-1] + 1:
            self.starts.append(n)
            self.ends.append(n)
        elif n not in self:
            self.rest.add(n)

    def __contains__(self, n: object) -> bool:
        if not isinstance(n, int):
            return False
        i = bisect_right(self.starts, n) - 1
        return (i >= 0 and n <= self.ends[i]) or n in self.rest

    def __iter__(self) -> Iterator[int]:
        for start, end in zip(self.starts, self.ends, strict=True):
            yield from range(start, end + 1)
        yield from self.rest


class IdMap:
    """An export's ids to the ids its records got here. Restoring, a record keeps its id, so
    only which ids came in is kept (:class:`IdRuns`), not a pair for each."""

    def __init__(self) -> None:
        self.same = IdRuns()
        self.moved: dict[Any, int] = {}

    def __setitem__(self, old: Any, new: int) -> None:
        """Note that the record exported as ``old`` is ``new`` here; a record without an id
        (none, null, not a number) is noted nowhere: nothing can point to it."""
        if not an_id(old):
            return
        if old == new:
            self.same.add(old)
            self.moved.pop(old, None)
        else:
            self.moved[old] = new

    def get(self, old: Any, default: int | None = None) -> int | None:
        """The id here of the record exported as ``old``; ``default`` for one not imported
        and for a pointer to none (null, missing, not a number)."""
        if not an_id(old):
            return default
        if old in self.moved:
            return self.moved[old]
        return old if old in self.same else default

    def __contains__(self, old: object) -> bool:
        return self.get(old) is not None

    def __getitem__(self, old: Any) -> int:
        found = self.get(old)
        if found is None:
            raise KeyError(old)
        return found

    def values(self) -> Iterator[int]:
        yield from self.same
        yield from self.moved.values()


def an_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def dicts(items: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The records that are objects (anything else in a list is passed over)."""
    return ((where, item) for where, item in items if isinstance(item, dict))


T = TypeVar("T")


def pages(entries: Iterable[T]) -> Iterator[list[T]]:
    """``entries`` a page (:data:`PAGE`) at a time."""
    page: list[T] = []
    for entry in entries:
        page.append(entry)
        if len(page) == PAGE:
            yield page
            page = []
    if page:
        yield page
