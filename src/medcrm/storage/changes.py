"""The change log behind ``medcrm undo`` and ``redo``: what each command changed, row by row.

Every table of medcrm's data has triggers (installed by :func:`install` after every upgrade)
that copy each row a command inserts, updates or deletes into ``change_row``, as JSON before
and after, under the newest ``change`` while that change is "open". A command's write
transaction opens its change first and closes it last (:func:`open_change`,
:func:`close_change`, called by the databases' ``writer()`` and ``write()``), so the triggers
record what one medcrm command did and nothing else: an undo, a restore, an upgrade or another
program's writes open no change and are not recorded.

An update that changes nothing is not recorded. Undo puts the old images back (a re-inserted
row keeps its id), redo the new ones: :func:`put_back`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from medcrm.storage.connection import Reader, Writer

if TYPE_CHECKING:
    from sqlalchemy import Connection

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
KEEP, DAYS = 1000, 90  # the change log keeps the last KEEP changes, none older than DAYS
LOG_TABLES = ("change", "change_row")
TRIGGER_PREFIX = "medcrm_log_"
PG_FUNCTION = "medcrm_record_change"

Image = dict[str, Any]


@dataclass(frozen=True)
class TableInfo:
    """A table the change log follows: its columns, primary key and the tables it points to."""

    name: str
    columns: tuple[str, ...]
    pk: tuple[str, ...]
    parents: tuple[tuple[str, str], ...]  # (column, the table it references)

    def key(self, image: Image) -> str:
        return ",".join(str(image[c]) for c in self.pk)


def tracked() -> list[TableInfo]:
    """medcrm's data tables, parents before children, from the models (the one description)."""
    from sqlmodel import SQLModel

    import medcrm.storage.models  # noqa: F401 - registers the tables

    return [
        TableInfo(
            t.name,
            tuple(c.name for c in t.columns),
            tuple(c.name for c in t.primary_key.columns),
            tuple((fk.parent.name, fk.column.table.name) for fk in t.foreign_keys),
        )
        for t in SQLModel.metadata.sorted_tables
        if t.name not in LOG_TABLES
    ]


# -- recording -------------------------------------------------------------------------------


@contextmanager
def recording(db: Writer, command: str | None) -> Iterator[None]:
    """Record what the block changes as one change named ``command`` (None: record nothing).
    Inside the caller's transaction: if the block fails, the change goes with the rest."""
    if command is None:
        yield
        return
    change_id = open_change(db, command, now=datetime.now())
    yield
    close_change(db, change_id, now=datetime.now())


def open_change(db: Writer, command: str, *, now: datetime) -> int:
    """Start recording: the triggers file what follows under this change."""
    return db.insert(
        "change", {"at": now.strftime(TIME_FORMAT), "command": command, "state": "open"}
    )


def has_history(db: Reader) -> bool:
    """Does the change log hold any change but the running command's own?"""
    return bool(db.rows("SELECT 1 AS x FROM change WHERE state <> 'open' LIMIT 1"))


def stop_recording(db: Writer) -> None:
    """Record nothing more of this transaction's command: its open change is dropped (a
    restore into an empty database, whose undo would only empty it again; one row image for
    each of a hundred thousand rows would double the file)."""
    db.run("DELETE FROM change WHERE state = 'open'")


def close_change(db: Writer, change_id: int, *, now: datetime) -> None:
    """Stop recording. A change that touched nothing is forgotten; one that did clears the way
    forward (what was undone can no longer be redone) and the oldest changes past the limits."""
    if not db.rows("SELECT 1 AS x FROM change_row WHERE change_id = :c LIMIT 1", {"c": change_id}):
        db.run("DELETE FROM change WHERE id = :c", {"c": change_id})
        return
    db.run("UPDATE change SET state = 'done' WHERE id = :c", {"c": change_id})
    _forget(db, "state = 'undone'", {})
    keep, days = limits(db)
    oldest_kept = db.rows(
        "SELECT id FROM change ORDER BY id DESC LIMIT 1 OFFSET :keep", {"keep": keep - 1}
    )
    if oldest_kept:
        _forget(db, "id < :first", {"first": oldest_kept[0]["id"]})
    _forget(db, "at < :cutoff", {"cutoff": (now - timedelta(days=days)).strftime(TIME_FORMAT)})


def _forget(db: Writer, where: str, params: dict[str, object]) -> None:
    # ``where`` is one of the fixed conditions above, never user text.
    db.run(
        f"DELETE FROM change_row WHERE change_id IN (SELECT id FROM change WHERE {where})",
        params,
    )
    db.run(f"DELETE FROM change WHERE {where}", params)


def limits(db: Reader) -> tuple[int, int]:
    """How many changes the log keeps and for how many days (``undo.keep``, ``undo.days``)."""
    stored = {
        str(r["key"]): str(r["value"])
        for r in db.rows("SELECT key, value FROM setting WHERE key IN ('undo.keep', 'undo.days')")
    }
    keep, days = stored.get("undo.keep", ""), stored.get("undo.days", "")
    return (
        int(keep) if keep.isdigit() and int(keep) > 0 else KEEP,
        int(days) if days.isdigit() and int(days) > 0 else DAYS,
    )


# -- the triggers ------------------------------------------------------------------------------


def trigger_names(tables: Iterable[TableInfo], dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [f"{TRIGGER_PREFIX}{t.name}" for t in tables]
    return [f"{TRIGGER_PREFIX}{t.name}_{a}" for t in tables for a in ("insert", "update", "delete")]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_triggers(t: TableInfo) -> list[str]:
    """Three triggers for one table; an update that changes no column records nothing."""

    def image(row: str) -> str:
        pairs = ", ".join(f"'{c}', {row}.{quote(c)}" for c in t.columns)
        return f"json_object({pairs})"

    def key(row: str) -> str:
        return " || ',' || ".join(f"CAST({row}.{quote(c)} AS TEXT)" for c in t.pk)

    recording = "(SELECT state FROM change ORDER BY id DESC LIMIT 1) = 'open'"
    changed = " OR ".join(f"OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in t.columns)
    parts = {
        "insert": (recording, key("NEW"), "NULL", image("NEW")),
        "update": (f"{recording} AND ({changed})", key("NEW"), image("OLD"), image("NEW")),
        "delete": (recording, key("OLD"), image("OLD"), "NULL"),
    }
    return [
        f"CREATE TRIGGER {TRIGGER_PREFIX}{t.name}_{action} AFTER {action.upper()} ON "
        f"{quote(t.name)} WHEN {when} BEGIN INSERT INTO change_row "
        "(change_id, table_name, action, pk, old_row, new_row) VALUES "
        f"((SELECT MAX(id) FROM change), '{t.name}', '{action}', {pk}, {old}, {new}); END"
        for action, (when, pk, old, new) in parts.items()
    ]


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    open_id bigint;
    old_j jsonb;
    new_j jsonb;
    row_key text;
BEGIN
    SELECT id INTO open_id FROM change
        WHERE id = (SELECT max(id) FROM change) AND state = 'open';
    IF open_id IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN old_j := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_j := to_jsonb(NEW); END IF;
    IF TG_OP = 'UPDATE' AND old_j = new_j THEN
        RETURN NULL;
    END IF;
    SELECT string_agg(coalesce(new_j, old_j) ->> k.name, ',' ORDER BY k.n) INTO row_key
        FROM unnest(TG_ARGV) WITH ORDINALITY AS k(name, n);
    INSERT INTO change_row (change_id, table_name, action, pk, old_row, new_row)
        VALUES (open_id, TG_TABLE_NAME, lower(TG_OP), row_key, old_j::text, new_j::text);
    RETURN NULL;
END
$body$
"""


def install(conn: Connection) -> None:
    """(Re)create the triggers of every tracked table, after an upgrade to the newest schema,
    inside the upgrade's transaction."""
    tables = tracked()
    dialect = conn.dialect.name
    remove(conn)
    if dialect == "postgresql":
        conn.exec_driver_sql(_PG_FUNCTION)
        for t in tables:
            args = ", ".join(f"'{c}'" for c in t.pk)
            conn.exec_driver_sql(
                f"CREATE TRIGGER {TRIGGER_PREFIX}{t.name} AFTER INSERT OR UPDATE OR DELETE ON "
                f"{quote(t.name)} FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}({args})"
            )
        return
    for t in tables:
        for statement in _sqlite_triggers(t):
            conn.exec_driver_sql(statement)


def remove(conn: Connection) -> None:
    """Drop medcrm's triggers (SQLite rebuilds tables during an upgrade; they come back after)."""
    dialect = conn.dialect.name
    for t in tracked():
        on = f" ON {quote(t.name)}" if dialect == "postgresql" else ""
        for name in trigger_names([t], dialect):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{on}")


# -- in a server's JSON backup ---------------------------------------------------------------


def dump_log(db: Reader) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The change log as rows, for a server's backup (``export json`` leaves it out)."""
    changes = db.rows(
        "SELECT id, at, command, state, undone_order FROM change WHERE state <> 'open' ORDER BY id"
    )
    rows = db.rows(
        "SELECT r.id, r.change_id, r.table_name, r.action, r.pk, r.old_row, r.new_row "
        "FROM change_row r JOIN change c ON c.id = r.change_id WHERE c.state <> 'open' "
        "ORDER BY r.id"
    )
    return [dict(c) for c in changes], [dict(r) for r in rows]


def load_log(db: Writer, changes: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    """Put a backup's change log back (into an emptied change log), with its ids."""
    columns = ("id", "at", "command", "state", "undone_order")
    db.run_many(
        "INSERT INTO change (id, at, command, state, undone_order) "
        "VALUES (:id, :at, :command, :state, :undone_order)",
        [{c: item.get(c) for c in columns} for item in changes],
    )
    row_columns = ("id", "change_id", "table_name", "action", "pk", "old_row", "new_row")
    db.run_many(
        "INSERT INTO change_row (id, change_id, table_name, action, pk, old_row, new_row) "
        "VALUES (:id, :change_id, :table_name, :action, :pk, :old_row, :new_row)",
        [{c: item.get(c) for c in row_columns} for item in rows],
    )
