"""Contacts that look like the same person, and what a merge moves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text

from medcrm.render.common import safe, titled_table
from medcrm.render.words import plural

if TYPE_CHECKING:
    from medcrm.pure.results import DuplicatePair, MergePlan


def pairs_view(pairs: list[DuplicatePair]) -> RenderableType:
    if not pairs:
        return Text("No contacts look like the same person.")
    table = titled_table(f"Contacts that look like the same person ({len(pairs)})")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Name")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Name")
    table.add_column("Why")
    for p in pairs:
        table.add_row(str(p.first.id), safe(p.first.name), str(p.second.id), safe(p.second.name),
                      ", ".join(p.reasons))  # fmt: skip
    return table


def pairs_json(pairs: list[DuplicatePair]) -> list[dict[str, Any]]:
    return [
        {"first": {"id": p.first.id, "name": p.first.name},
         "second": {"id": p.second.id, "name": p.second.name}, "reasons": p.reasons}
        for p in pairs
    ]  # fmt: skip


def moves_text(plan: MergePlan) -> str:
    """ "3 interactions, 1 follow-up, no letters and 2 tags" """
    m = plan.moves
    if not any(m.values()):
        return "nothing (no interactions, follow-ups, letters or tags)"
    return (
        f"{plural(m['interactions'], 'interaction')}, {plural(m['follow_ups'], 'follow-up')}, "
        f"{plural(m['letters'], 'letter')} and {plural(m['tags'], 'tag')}"
    )


def fields_text(plan: MergePlan) -> str:
    parts = []
    if plan.filled:
        parts.append("fills in " + ", ".join(f.replace("_", " ") for f in plan.filled))
    if plan.both:
        parts.append("keeps both values of " + ", ".join(f.replace("_", " ") for f in plan.both))
    return "; ".join(parts)
