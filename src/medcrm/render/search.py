"""``medcrm search``: one table per kind of match, the matched words in bold."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text

from medcrm.render.common import add_text_column, day_cell, safe, titled_table

if TYPE_CHECKING:
    from medcrm.pure.results import SearchHit, SearchResults

# Each kind's table title, and the heading of its title and detail columns (None: not shown,
# a follow-up's title being the text that matched).
TITLES: dict[str, tuple[str, str | None, str]] = {
    "contact": ("Contacts", "Name", "Role"),
    "interaction": ("Interactions", "Kind", "With"),
    "follow_up": ("Follow-ups", None, "Who"),
    "letter": ("Letters", "For", "Writer"),
    "rotation": ("Rotations", "Rotation", "Service"),
    "program": ("Programs", "Program", "Stage"),
}
DAYS = {"interaction": "Date", "follow_up": "Due", "letter": "Due", "rotation": "Starts"}


def _snippet(hit: SearchHit) -> Text:
    shown = Text()
    for piece, matched in hit.snippet:
        shown.append_text(safe(piece, style="bold" if matched else "", one_line=False))
    return shown


def search_view(results: SearchResults, *, limit: int, today: date) -> RenderableType:
    if not results.groups:
        return safe(
            f"Nothing matches '{results.query}'. Search looks for every word at the start of "
            "words (cardio finds cardiology); try fewer or shorter words."
        )
    parts: list[RenderableType] = []
    for group in results.groups:
        name, first, second = TITLES[group.kind]
        table = titled_table(f"{name} ({group.total:,})")
        table.add_column("ID", justify="right", style="dim", no_wrap=True)
        if group.kind in DAYS:
            table.add_column(DAYS[group.kind], no_wrap=True)
        if first is not None:
            add_text_column(table, first, style="bold", ratio=2)
        add_text_column(table, second, ratio=2)
        add_text_column(table, "Match", ratio=5)
        for hit in group.hits:
            cells: list[RenderableType] = [str(hit.id)]
            if group.kind in DAYS:
                cells.append(day_cell(hit.day, today) if hit.day else "")
            if first is not None:
                cells.append(safe(hit.title))
            cells += [safe(hit.detail), _snippet(hit)]
            table.add_row(*cells)
        parts.append(table)
        if group.total > len(group.hits):
            more = group.total - len(group.hits)
            parts.append(Text(f"  {more:,} more {name.lower()}: --limit {limit * 5}", "dim"))
    return Group(*parts)


def search_json(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query,
        "results": [
            {
                "kind": g.kind,
                "total": g.total,
                "hits": [
                    {
                        "id": h.id,
                        "title": h.title,
                        "detail": h.detail,
                        "date": None if h.day is None else h.day.isoformat(),
                        "snippet": "".join(piece for piece, _ in h.snippet),
                    }
                    for h in g.hits
                ],
            }
            for g in results.groups
        ],
    }
