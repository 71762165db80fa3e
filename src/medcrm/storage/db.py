"""SQLAlchemy: the engine and ORM sessions for bulk writes (import, restore) and migrations, and
the services' SQL text run through SQLAlchemy (:class:`SessionReader`, :class:`SessionWriter`)
on a server or inside such a session.

Connections come from :func:`medcrm.storage.connection.connect`, so the ORM and the stdlib path
share one set of pragmas. pysqlite's legacy transaction handling is switched off there
(``isolation_level=None``) and every transaction is begun here as ``BEGIN IMMEDIATE``: a write
command takes the write lock up front, and a second process waits on the busy timeout instead
of failing half-way with "database is locked".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, text
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from medcrm.storage.connection import (
    Params,
    Row,
    begin_write,
    connect,
    insert_sql,
    sqlite_params,
)


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """The engine for one database file (which must exist)."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(path, write=True, foreign_keys=foreign_keys),
        poolclass=NullPool,
        hide_parameters=True,  # an error message never shows your notes or names
    )

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Any) -> None:
        begin_write(conn.exec_driver_sql)

    return engine


@contextmanager
def write_session(path: Path) -> Iterator[Session]:
    """One write transaction: committed when the block ends, rolled back on any exception."""
    engine = make_engine(path)
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    finally:
        engine.dispose()


class SessionReader:
    """A :class:`medcrm.storage.connection.Reader` over an ORM session or a SQLAlchemy connection,
    inside its transaction: the same SQL text as the stdlib path, on any database."""

    def __init__(self, session: Session | Connection) -> None:
        self.session = session
        bind = session.get_bind() if isinstance(session, Session) else session
        self.dialect = str(bind.dialect.name)
        self.sqlite = self.dialect == "sqlite"

    def _bind(self, params: Params | None) -> dict[str, object]:
        return sqlite_params(params) if self.sqlite else dict(params or {})

    def _execute(self, sql: str, params: Params | Sequence[Params] | None) -> Any:
        if isinstance(self.session, Session):
            self.session.flush()  # SQL text sees what the ORM has pending (no autoflush for it)
        if isinstance(params, Sequence):  # many rows: one executemany
            return self.session.execute(text(sql), [self._bind(p) for p in params])
        return self.session.execute(text(sql), self._bind(params))

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        return [dict(r) for r in self._execute(sql, params).mappings().all()]


class SessionWriter(SessionReader):
    """A :class:`medcrm.storage.connection.Writer` over an ORM session or a SQLAlchemy connection:
    the write services' SQL text on a server, or inside an ORM write (an import, a letter).

    Pending ORM changes are flushed before each statement. After ``run``/``run_many`` the
    session forgets what it had loaded, so the ORM never works from a row as it was before
    (an object whose row such a statement deleted raises if used again: don't). ``insert``
    only adds a row, so nothing loaded goes stale."""

    def run(self, sql: str, params: Params | None = None) -> int:
        count = int(self._execute(sql, params).rowcount)
        if isinstance(self.session, Session):
            self.session.expire_all()
        return count

    def run_many(self, sql: str, params: Sequence[Params]) -> None:
        if params:
            self._execute(sql, params)
            if isinstance(self.session, Session):
                self.session.expire_all()

    def insert(self, table: str, values: Params) -> int:
        sql = insert_sql(table, list(values))
        if self.sqlite:
            new_id = self._execute(sql, values).lastrowid
        else:
            new_id = self._execute(sql + " RETURNING id", values).scalar_one()
        return int(new_id)


# The tables whose ids come from a sequence on PostgreSQL.
ID_TABLES = (
    "contact", "tag", "interaction", "follow_up", "rotation", "letter", "change", "change_row",
    "program", "program_stage", "deadline", "vdir_item",
    "calendar_event",
)  # fmt: skip


def reset_sequences(session: Session) -> None:
    """After rows were inserted with their own ids (a restore), the next id follows them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ID_TABLES:  # fixed names, not user input
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )


# The tables whose rows keep their exported ids when an export is restored.
RESTORED_TABLES = (
    "contact", "rotation", "interaction", "letter", "follow_up", "program", "deadline",
)  # fmt: skip


def holds_no_records(session: Session) -> bool:
    """No contact, rotation, interaction, letter, follow-up, program or deadline: an export
    can be restored into it with its ids (settings and tags may be there)."""
    return all(
        session.execute(text(f"SELECT 1 FROM {t} LIMIT 1")).first() is None  # noqa: S608
        for t in RESTORED_TABLES
    )


# The tables a restore fills by the thousand: their plain indexes are built once, after the
# rows are in (one sort each), not kept up to date a row at a time.
LOADED_TABLES = ("contact", "contact_tag", "interaction", "interaction_contact", "follow_up")
# Their indexes that are neither unique nor a key (those refuse a duplicate as each row goes
# in, and stay): each one's name, quoted, and the statement that makes it.
_PLAIN_INDEXES = {
    "sqlite": text(
        "SELECT '\"' || name || '\"', sql FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name IN :tables AND sql IS NOT NULL "
        "AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name"
    ),
    "postgresql": text(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
        "pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE n.nspname = current_schema() AND t.relname IN :tables "
        "AND NOT x.indisunique AND NOT x.indisprimary ORDER BY 1"
    ),
}


class Loading:
    """A restore under way (:func:`loading_into_empty`); :meth:`indexed` builds the loaded
    tables' plain indexes again, once, before a statement that needs them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dropped: list[str] = []  # the CREATE INDEX statements to run again

    def drop_indexes(self) -> None:
        """Drop the loaded tables' plain indexes, keeping how to make each again."""
        conn = self.session.connection()
        query = _PLAIN_INDEXES[conn.dialect.name].bindparams(bindparam("tables", expanding=True))
        found = conn.execute(query, {"tables": list(LOADED_TABLES)}).all()
        for name, sql in found:
            conn.exec_driver_sql(f"DROP INDEX {name}")
            self.dropped.append(str(sql))

    def indexed(self) -> None:
        """The dropped indexes made again (nothing when they already are)."""
        if self.dropped:
            self.session.flush()
            conn = self.session.connection()
            while self.dropped:
                conn.exec_driver_sql(self.dropped.pop())


@contextmanager
def loading_into_empty(session: Session) -> Iterator[Loading]:
    """A restore into an empty database, inside the caller's transaction: it is not recorded
    for undo (the command's open change is dropped: its undo would only empty the database
    again), and the change log's and the search index's triggers are off during the block, the
    index built once at its end, which is much faster than a trigger a row; so are the plain
    indexes of the tables it fills (:class:`Loading`). If the block fails, the triggers and
    the indexes come back with the rollback (SQLite's and PostgreSQL's schema changes are
    part of the transaction)."""
    from medcrm.storage import changes, search

    conn = session.connection()
    changes.stop_recording(SessionWriter(session))
    changes.remove(conn)
    search.remove(conn)
    loading = Loading(session)
    loading.drop_indexes()
    yield loading
    loading.indexed()
    session.flush()
    changes.install(conn)
    search.install(conn)
