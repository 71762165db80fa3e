"""Reports on the network as a whole (``stats``) and the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.table import Table
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


def _bars(
    title: str, label: str, counts: list[tuple[str, int]], *, style: str, width: int = 30
) -> Table:
    """A count per label with a bar as long as the count, the largest ``width`` wide."""
    table = titled_table(title)
    table.add_column(label, no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("", style=style, no_wrap=True)
    most = max((n for _, n in counts), default=0)
    for name, n in counts:
        table.add_row(safe(name), str(n), _bar(n, most, width))
    return table


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
    roles = _bars("By role", "Role", s.by_role, style="cyan", width=20)
    specialties = titled_table("By specialty")
    specialties.add_column("Specialty")
    specialties.add_column("", justify="right", no_wrap=True)
    for name, n in s.by_specialty:
        specialties.add_row(safe(name), str(n))
    parts.append(Columns([roles, specialties], padding=(0, 4)))
    parts.append(_bars("Interactions per month", "Month", s.per_month, style="green"))
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
