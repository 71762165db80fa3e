"""Undo and redo: put back what a command changed, from the change log.

``undo`` takes the newest change not yet undone (or the one named), ``redo`` the change undone
last. Either refuses, changing nothing, when the rows are no longer as the change left them:
a later change touched them, or points at a row undo would remove, and that later change is
named so it can be undone first.
"""

from __future__ import annotations

from collections import defaultdict

from medcrm.pure.errors import InvalidInput, NotFound
from medcrm.pure.results import ChangeInfo, ChangeSummary, Replayed, RowGroup
from medcrm.storage import replay
from medcrm.storage.changes import TableInfo, tracked
from medcrm.storage.connection import Reader, Writer
from medcrm.storage.replay import RowChange

# How the tables are named to the user; link tables are named after the row they belong to.
_NOUNS = {
    "contact": "contact",
    "tag": "tag",
    "rotation": "rotation",
    "interaction": "interaction",
    "follow_up": "follow-up",
    "letter": "letter",
    "setting": "setting",
}
_LINKS = {"contact_tag": "tags of contact", "interaction_contact": "people of interaction"}


def undo(db: Writer, change_id: int | None = None) -> Replayed:
    """Revert the newest change not yet undone, or ``change_id``."""
    if change_id is None:
        target = replay.latest(db, "done")
        if target is None:
            raise NotFound("Nothing to undo: the change log is empty.")
    else:
        found = replay.change_info(db, change_id)
        if found is None:
            raise NotFound(
                f"There is no change #{change_id} in the change log; 'medcrm undo --list' "
                "shows the recent ones."
            )
        if found.state == "undone":
            raise InvalidInput(f"Change #{change_id} is already undone; 'medcrm redo' redoes it.")
        target = found
    summary = _replay(db, target, forward=False)
    replay.mark(db, target.id, "undone")
    return Replayed(summary, "undo")


def redo(db: Writer) -> Replayed:
    """Re-apply the change undone last (possible until a new change is made)."""
    target = replay.latest(db, "undone", order="undone_order")
    if target is None:
        raise NotFound("Nothing to redo: nothing was undone since the last change.")
    summary = _replay(db, target, forward=True)
    replay.mark(db, target.id, "done")
    return Replayed(summary, "redo")


def history(db: Reader, limit: int = 20) -> list[ChangeSummary]:
    """The recent changes, newest first, each with the rows it touched (ids only)."""
    if limit < 1:
        raise InvalidInput(f"--limit must be at least 1, not {limit}.")
    recent = replay.recent(db, limit)
    return [ChangeSummary(c, summarize(replay.net_rows(db, c.id))) for c in recent]


def _replay(db: Writer, target: ChangeInfo, *, forward: bool) -> ChangeSummary:
    """Check that every row is as the change (or its undo) left it, then flip the rows."""
    tables = tracked()
    info = {t.name: t for t in tables}
    done = [r for r in replay.net_rows(db, target.id) if r.table in info]
    # Each row must be ``old`` now and becomes ``new``.
    wanted = done if forward else [RowChange(r.table, r.pk, r.new, r.old) for r in done]
    for row in wanted:
        _check_unchanged(db, target, info[row.table], row, forward=forward)
    keys = {(r.table, r.pk) for r in wanted}
    for row in wanted:
        if row.new is None:
            _check_no_children(db, target, info[row.table], row, tables, keys)
        elif row.old is None:
            _check_parents(db, target, info, row, keys)
    replay.put_back(db, tables, wanted)
    return ChangeSummary(target, summarize(done))


def _check_unchanged(
    db: Reader, target: ChangeInfo, table: TableInfo, row: RowChange, *, forward: bool
) -> None:
    image = row.old if row.old is not None else row.new
    assert image is not None
    if replay.current(db, table, image) != row.old:
        what = f"{_noun(row.table)} #{row.pk}"
        raise _blocked(db, target, what, row.table, row.pk, forward=forward, verb="changed")


def _check_no_children(
    db: Reader,
    target: ChangeInfo,
    table: TableInfo,
    row: RowChange,
    tables: list[TableInfo],
    keys: set[tuple[str, str]],
) -> None:
    """A row the replay removes must have nothing pointing at it but rows it removes too."""
    assert row.old is not None
    for child in replay.children(db, table, row.old, tables):
        if (child.table, child.pk) not in keys:
            what = f"{_noun(row.table)} #{row.pk}"
            raise _blocked(db, target, what, child.table, child.pk, forward=False, verb="used")


def _check_parents(
    db: Reader,
    target: ChangeInfo,
    info: dict[str, TableInfo],
    row: RowChange,
    keys: set[tuple[str, str]],
) -> None:
    """A row the replay brings back must find the rows it points to."""
    assert row.new is not None
    for column, parent in info[row.table].parents:
        value = row.new.get(column)
        if value is None or (parent, str(value)) in keys:
            continue
        if replay.current(db, info[parent], {info[parent].pk[0]: value}) is None:
            what = f"{_noun(parent)} #{value}"
            raise _blocked(db, target, what, parent, str(value), forward=False, verb="removed")


def _blocked(
    db: Reader,
    target: ChangeInfo,
    what: str,
    table: str,
    pk: str,
    *,
    forward: bool,
    verb: str,
) -> InvalidInput:
    """Why the replay cannot happen, naming the later change that is in the way."""
    step = "redo" if forward else "undo"
    head = f"Can't {step} change #{target.id} ({target.command})"
    later = replay.touched_since(db, table, pk, target.id)
    if later:
        by = later[-1]
        return InvalidInput(
            f"{head}: change #{by.id} ({by.command}, {by.at}) {verb} {what} after it. Undo "
            f"that first (medcrm undo {by.id}) or leave it; nothing was changed."
        )
    return InvalidInput(
        f"{head}: {what} was {verb} since by something the change log does not hold (a "
        "restore, another program, or a change older than the log keeps); nothing was changed."
    )


def summarize(rows: list[RowChange]) -> list[RowGroup]:
    """Rows by what happened to them: "added interaction #45", "changed contact #3, #7"."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows:
        if r.table in _LINKS:
            action, what, key = "changed", _LINKS[r.table], r.pk.split(",")[0]
        else:
            action = "added" if r.old is None else "removed" if r.new is None else "changed"
            what, key = _noun(r.table), r.pk
        if key not in groups[(action, what)]:
            groups[(action, what)].append(key)
    order = {"added": 0, "changed": 1, "removed": 2}
    return [
        RowGroup(action, what, ids)
        for (action, what), ids in sorted(groups.items(), key=lambda g: order[g[0][0]])
        if not (what in _LINKS.values() and _owner_listed(groups, what, ids))
    ]


def _owner_listed(groups: dict[tuple[str, str], list[str]], link: str, ids: list[str]) -> bool:
    """The people of a new interaction are part of adding it: no separate line for them."""
    owner = link.rsplit(" ", 1)[-1]
    whole = set(groups.get(("added", owner), [])) | set(groups.get(("removed", owner), []))
    return set(ids) <= whole


def _noun(table: str) -> str:
    return _NOUNS.get(table, table)


__all__ = ["ChangeInfo", "history", "redo", "summarize", "undo"]
