"""Reports on the network as a whole (``stats``) and the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.text import Text

from medcrm.render.agenda import reconnect_table
from medcrm.render.common import safe, titled_table
from medcrm.render.words import relative

if TYPE_CHECKING:
    from medcrm.pure.results import Setting, Stats


def _bar(n: int, most: int, width: int = 30) -> str:
    if most <= 0 or n <= 0:
        return ""
    full = n * width / most
    return "█" * int(full) + ("▌" if full - int(full) >= 0.5 else "") or "▏"


def stats_view(s: Stats) -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble(
            ("Your network ", "bold"),
            (
                f"{s.contacts:,} contacts · {s.interactions:,} interactions · "
                f"{s.open_follow_ups:,} open follow-ups · {s.mentors} "
                f"mentor{'s' if s.mentors != 1 else ''}",
                "dim",
            ),
        )
    ]
    roles = titled_table("By role")
    roles.add_column("Role", no_wrap=True)
    roles.add_column("", justify="right", no_wrap=True)
    roles.add_column("", style="cyan", no_wrap=True)
    most_role = max((n for _, n in s.by_role), default=0)
    for role, n in s.by_role:
        roles.add_row(role, str(n), _bar(n, most_role, 20))
    specialties = titled_table("By specialty")
    specialties.add_column("Specialty")
    specialties.add_column("", justify="right", no_wrap=True)
    for name, n in s.by_specialty:
        specialties.add_row(safe(name), str(n))
    parts.append(Columns([roles, specialties], padding=(0, 4)))
    months = titled_table("Interactions per month")
    months.add_column("Month", no_wrap=True)
    months.add_column("", justify="right", no_wrap=True)
    months.add_column("", style="green", no_wrap=True)
    most_month = max((n for _, n in s.per_month), default=0)
    for month, n in s.per_month:
        months.add_row(month, str(n), _bar(n, most_month))
    parts.append(months)
    if s.most_contacted:
        most = titled_table("Most contacted (last 12 months)")
        most.add_column("Who", style="bold")
        most.add_column("Interactions", justify="right", no_wrap=True)
        most.add_column("Last", no_wrap=True)
        for ref, n, last in s.most_contacted:
            most.add_row(safe(ref.name), str(n), f"{last.isoformat()} ({relative(last, s.today)})")
        parts.append(most)
    if s.drifting:
        parts.append(reconnect_table(s.drifting, "Drifting (cadence lapsed)", "bold cyan", s.today))
    if s.letters:
        parts.append(Text("Letters: " + ", ".join(f"{n} {status}" for status, n in s.letters)))
    return Group(*parts)


def settings_view(rows: list[Setting]) -> RenderableType:
    table = titled_table("Settings")
    table.add_column("Key", style="bold", no_wrap=True)
    table.add_column("Value", no_wrap=True)
    table.add_column("Meaning", ratio=1)
    for s in rows:
        value = Text(s.value) if s.is_default else Text(s.value, style="yellow")
        if not s.is_default:
            value.append(f" (default {s.default})", style="dim")
        table.add_row(s.key, value, s.help)
    return table
