"""Rotations: the list and one rotation with the people met on it."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from medcrm.pure.records import RotationDetail, RotationRecord
from medcrm.render.agenda import follow_ups_table
from medcrm.render.common import safe, titled_table
from medcrm.render.contacts import history_table
from medcrm.render.words import counted


def rotations_table(rows: list[RotationRecord], *, today: date) -> RenderableType:
    if not rows:
        return Text(
            'No rotations yet. Add one: medcrm rotations add "IM clerkship" --start 2026-11-02 '
            "--end 2026-12-11",
            style="dim",
        )
    table = titled_table(f"Rotations ({len(rows)})")
    table.add_column("", no_wrap=True)
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    table.add_column("Rotation", style="bold", min_width=min(24, max(len(r.name) for r in rows)))
    table.add_column("Dates", no_wrap=True)
    table.add_column("Where", ratio=1)
    table.add_column("Logged", justify="right", no_wrap=True)
    table.add_column("People", justify="right", no_wrap=True)
    for r in rows:
        current = r.covers(today)
        table.add_row(
            Text("▶", style="green") if current else "",
            str(r.id),
            safe(r.name, style="green" if current else ""),
            f"{r.starts_on.isoformat()} – {r.ends_on:%m-%d}",
            safe(" · ".join(p for p in (r.service, r.site) if p)),
            str(r.interactions),
            str(r.people),
        )
    return (
        Group(table, Text("▶ current rotation", style="dim"))
        if any(r.covers(today) for r in rows)
        else table
    )


def rotation_view(detail: RotationDetail, *, today: date) -> RenderableType:
    r = detail.rotation
    where = " · ".join(p for p in (r.service, r.site) if p)
    state = "current" if r.covers(today) else "upcoming" if r.starts_on > today else "finished"
    parts: list[RenderableType] = [
        Text.assemble(
            safe(r.name, style="bold"),
            (f"  #{r.id} · {r.starts_on.isoformat()} – {r.ends_on.isoformat()} · {state}", "dim"),
        )
    ]
    if where:
        parts.append(safe(where))
    if detail.people:
        table = titled_table(f"People met ({len(detail.people)})")
        table.add_column("ID", justify="right", style="dim", no_wrap=True)
        table.add_column("Who", style="bold")
        table.add_column("Role", no_wrap=True)
        table.add_column("Logged", justify="right", no_wrap=True)
        table.add_column("First", no_wrap=True)
        table.add_column("Last", no_wrap=True)
        for p in detail.people:
            table.add_row(
                str(p.contact.id), safe(p.contact.name), p.role, str(p.interactions),
                p.first.isoformat(), p.last.isoformat(),
            )  # fmt: skip
        parts.append(table)
    else:
        parts.append(Text("Nobody logged on this rotation yet.", style="dim"))
    if detail.follow_ups:
        parts.append(follow_ups_table(detail.follow_ups, today=today, title="Follow-ups"))
    parts.append(
        history_table(
            detail.interactions, today=today, title=counted("Logged", detail.interactions)
        )
    )
    return Group(*parts)
