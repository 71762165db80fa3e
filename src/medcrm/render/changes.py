"""The change log: ``undo --list`` and the line ``undo``/``redo`` print. Ids, never text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text

from medcrm.render.common import titled_table

if TYPE_CHECKING:
    from medcrm.pure.results import ChangeSummary, Replayed, RowGroup

SHOWN = 3  # ids listed per group; the rest are counted


def rows_text(groups: list[RowGroup]) -> str:
    """ "added interaction #45, follow-up #88; changed contact #3, #7 and 2 more" """
    by_action: dict[str, list[str]] = {}
    for g in groups:
        sign = "" if g.what == "setting" else "#"
        ids = ", ".join(f"{sign}{i}" for i in g.ids[:SHOWN])
        more = f" and {len(g.ids) - SHOWN:,} more" if len(g.ids) > SHOWN else ""
        plural = len(g.ids) > 1 and not g.what.startswith(("tags", "people"))
        by_action.setdefault(g.action, []).append(f"{g.what}{'s' if plural else ''} {ids}{more}")
    return "; ".join(f"{action} {', '.join(parts)}" for action, parts in by_action.items())


def replayed_line(r: Replayed) -> str:
    """ "Undid change #14 (log, 2026-12-02 09:14): added interaction #45 ..." in the words of
    what was reverted."""
    c = r.summary.change
    verb = "Undid" if r.direction == "undo" else "Redid"
    rows = rows_text(r.summary.groups) or "nothing left to put back"
    return f"{verb} change #{c.id} ({c.command}, {c.at}), which {rows}."


def history_view(changes: list[ChangeSummary]) -> RenderableType:
    if not changes:
        return Text("The change log is empty: nothing to undo.")
    table = titled_table("Recent changes (newest first)")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Command", no_wrap=True)
    table.add_column("What it changed")
    for s in changes:
        c = s.change
        style = "dim" if c.state == "undone" else ""
        command = c.command + (" (undone)" if c.state == "undone" else "")
        table.add_row(str(c.id), c.at[:16], Text(command), rows_text(s.groups), style=style)
    return table


def history_json(changes: list[ChangeSummary]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.change.id,
            "at": s.change.at,
            "command": s.change.command,
            "state": s.change.state,
            "rows": [{"action": g.action, "what": g.what, "ids": g.ids} for g in s.groups],
        }
        for s in changes
    ]
