"""Reading the change log and putting rows back: what ``medcrm undo`` and ``redo`` run on.

Rows are compared and written in the triggers' JSON form (:mod:`medcrm.storage.changes`):
``json_object`` on SQLite, ``to_jsonb`` on PostgreSQL, where ``jsonb_populate_record`` turns
an image back into a typed row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from medcrm.pure.results import ChangeInfo
from medcrm.storage.changes import Image, TableInfo, quote
from medcrm.storage.connection import Reader, Writer


@dataclass(frozen=True)
class RowChange:
    table: str
    pk: str
    old: Image | None
    new: Image | None


def change_info(db: Reader, change_id: int) -> ChangeInfo | None:
    rows = db.rows(
        "SELECT id, at, command, state FROM change WHERE id = :c AND state <> 'open'",
        {"c": change_id},
    )
    return _info(rows[0]) if rows else None


def _info(row: dict[str, object]) -> ChangeInfo:
    return ChangeInfo(int(str(row["id"])), str(row["at"]), str(row["command"]), str(row["state"]))


def latest(db: Reader, state: str, *, order: str = "id") -> ChangeInfo | None:
    """The newest change in ``state`` ("done": what undo takes; "undone": what redo takes,
    by the order of the undos)."""
    column = "undone_order" if order == "undone_order" else "id"
    rows = db.rows(
        f"SELECT id, at, command, state FROM change WHERE state = :s ORDER BY {column} DESC "
        "LIMIT 1",
        {"s": state},
    )
    return _info(rows[0]) if rows else None


def recent(db: Reader, limit: int) -> list[ChangeInfo]:
    rows = db.rows(
        "SELECT id, at, command, state FROM change WHERE state <> 'open' ORDER BY id DESC LIMIT :n",
        {"n": limit},
    )
    return [_info(r) for r in rows]


def net_rows(db: Reader, change_id: int) -> list[RowChange]:
    """What a change did to each row: the row as it was before the change's first touch and
    after its last, in the order the rows were first touched. A row it made and removed again
    is left out."""
    first: dict[tuple[str, str], RowChange] = {}
    for r in db.rows(
        "SELECT table_name, pk, old_row, new_row FROM change_row WHERE change_id = :c ORDER BY id",
        {"c": change_id},
    ):
        where = (str(r["table_name"]), str(r["pk"]))
        new = _load(r["new_row"])
        if where in first:
            first[where] = RowChange(where[0], where[1], first[where].old, new)
        else:
            first[where] = RowChange(where[0], where[1], _load(r["old_row"]), new)
    return [c for c in first.values() if c.old is not None or c.new is not None]


def _load(value: object) -> Image | None:
    return None if value is None else dict(json.loads(str(value)))


def touched_since(db: Reader, table: str, pk: str, after: int) -> list[ChangeInfo]:
    """The changes after ``after`` (not undone) that touched this row."""
    rows = db.rows(
        "SELECT DISTINCT c.id, c.at, c.command, c.state FROM change_row r "
        "JOIN change c ON c.id = r.change_id "
        "WHERE r.table_name = :t AND r.pk = :pk AND c.id > :after AND c.state = 'done' "
        "ORDER BY c.id",
        {"t": table, "pk": pk, "after": after},
    )
    return [_info(r) for r in rows]


def current(db: Reader, t: TableInfo, image: Image) -> Image | None:
    """The row with ``image``'s primary key as it is now, in the triggers' JSON form."""
    where, params = _where(t, image)
    sql = f"{_image_sql(db, t)} WHERE {where}"
    rows = db.rows(sql, params)
    return _load(rows[0]["j"]) if rows else None


def children(db: Reader, t: TableInfo, image: Image, tables: list[TableInfo]) -> list[RowChange]:
    """The rows that point to this one now (as (table, key) with their image)."""
    found = []
    for child in tables:
        for column, parent in child.parents:
            if parent != t.name:
                continue
            sql = f"{_image_sql(db, child)} WHERE {quote(column)} = :v"
            params = {"v": image[t.pk[0]]}
            for row in db.rows(sql, params):
                got = _load(row["j"])
                assert got is not None
                found.append(RowChange(child.name, child.key(got), None, got))
    return found


def _image_sql(db: Reader, t: TableInfo) -> str:
    """SELECT of a table's rows as the triggers write them (JSON text in column ``j``)."""
    if _dialect(db) == "postgresql":
        return f"SELECT to_jsonb(r)::text AS j FROM {quote(t.name)} r"
    pairs = ", ".join(f"'{c}', {quote(c)}" for c in t.columns)
    return f"SELECT json_object({pairs}) AS j FROM {quote(t.name)}"


def _dialect(db: Reader) -> str:
    return db.dialect


def _where(t: TableInfo, image: Image) -> tuple[str, dict[str, object]]:
    """The row with ``image``'s primary key (integers, or a setting's text key)."""
    where = " AND ".join(f"{quote(c)} = :k{i}" for i, c in enumerate(t.pk))
    return where, {f"k{i}": image[c] for i, c in enumerate(t.pk)}


def put_back(db: Writer, tables: list[TableInfo], wanted: list[RowChange]) -> None:
    """Make each row as ``new`` says (``None``: absent), given that it is ``old`` now: missing
    rows come back parents first (with their ids), then rows are updated, then rows that should
    not be there go, children first."""
    order = {t.name: i for i, t in enumerate(tables)}
    info = {t.name: t for t in tables}
    ranked = sorted(wanted, key=lambda c: order[c.table])
    for c in ranked:
        if c.old is None and c.new is not None:
            _insert(db, info[c.table], c.new)
    for c in ranked:
        if c.old is not None and c.new is not None:
            _update(db, info[c.table], c.new)
    for c in reversed(ranked):
        if c.old is not None and c.new is None:
            where, params = _where(info[c.table], c.old)
            db.run(f"DELETE FROM {quote(c.table)} WHERE {where}", params)


def _insert(db: Writer, t: TableInfo, image: Image) -> None:
    cols = ", ".join(quote(c) for c in t.columns)
    if _dialect(db) == "postgresql":
        db.run(
            f"INSERT INTO {quote(t.name)} ({cols}) SELECT {cols} FROM "
            f"jsonb_populate_record(CAST(NULL AS {quote(t.name)}), CAST(:j AS jsonb))",
            {"j": json.dumps(image)},
        )
        return
    values = ", ".join(f":v{i}" for i in range(len(t.columns)))
    db.run(
        f"INSERT INTO {quote(t.name)} ({cols}) VALUES ({values})",
        {f"v{i}": image.get(c) for i, c in enumerate(t.columns)},
    )


def _update(db: Writer, t: TableInfo, image: Image) -> None:
    rest = [c for c in t.columns if c not in t.pk]
    if not rest:  # a link table's row is all key: it is inserted or deleted, never changed
        return
    where, params = _where(t, image)
    if _dialect(db) == "postgresql":
        cols = ", ".join(quote(c) for c in rest)
        db.run(
            f"UPDATE {quote(t.name)} SET ({cols}) = (SELECT {cols} FROM "
            f"jsonb_populate_record(CAST(NULL AS {quote(t.name)}), CAST(:j AS jsonb))) "
            f"WHERE {where}",
            {**params, "j": json.dumps(image)},
        )
        return
    sets = ", ".join(f"{quote(c)} = :v{i}" for i, c in enumerate(rest))
    db.run(
        f"UPDATE {quote(t.name)} SET {sets} WHERE {where}",
        {**params, **{f"v{i}": image.get(c) for i, c in enumerate(rest)}},
    )


def mark(db: Writer, change_id: int, state: str) -> None:
    """A change is "undone" (last in the order of undos) or "done" again."""
    if state == "undone":
        db.run(
            "UPDATE change SET state = 'undone', undone_order = "
            "(SELECT COALESCE(MAX(undone_order), 0) + 1 FROM change) WHERE id = :c",
            {"c": change_id},
        )
    else:
        db.run(
            "UPDATE change SET state = 'done', undone_order = NULL WHERE id = :c",
            {"c": change_id},
        )
