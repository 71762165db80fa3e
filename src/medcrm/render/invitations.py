"""The season's clocks at the top of ``due``: interview invitations to answer, deadlines."""

from __future__ import annotations

from datetime import date, datetime

from rich.table import Table
from rich.text import Text

from medcrm.pure.records import DeadlineRecord, ProgramRecord
from medcrm.render.common import add_text_column, day_cell, safe, titled_table


def invitations_table(rows: list[ProgramRecord], *, now: datetime) -> Table:
    """Interview invitations to answer, the soonest first, with hours left under 48."""
    table = titled_table(f"Interview invitations to answer ({len(rows)})", "bold red")
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    add_text_column(table, "Program", style="bold", ratio=1)
    table.add_column("Respond by", no_wrap=True)
    table.add_column("Left", no_wrap=True)
    for p in rows:
        assert p.respond_by is not None
        hours = (p.respond_by - now).total_seconds() / 3600
        left = (
            Text("passed", style="bold red") if hours < 0
            else Text(f"{int(hours)}h left", style="bold red" if hours < 24 else "yellow")
            if hours < 48 else Text(f"{int(hours // 24)}d left")
        )  # fmt: skip
        table.add_row(str(p.id), safe(p.name), f"{p.respond_by:%a %d %b %H:%M}", left)
    return table


def deadline_words(d: DeadlineRecord) -> tuple[Text, ...]:
    """ "ERAS submit", or "Secondary essay (Riverside IM)": its title and its program."""
    if d.program is None:
        return (safe(d.title),)
    return (safe(d.title), Text(" ("), safe(d.program), Text(")"))


def deadlines_table(rows: list[DeadlineRecord], *, today: date) -> Table:
    """The season's open deadlines, the soonest first (passed ones in red)."""
    passed = sum(d.due < today and d.done_on is None for d in rows)
    title = f"Season deadlines ({len(rows)})" if not passed else (
        f"Season deadlines, {passed} passed ({len(rows)})"
    )  # fmt: skip
    table = titled_table(title, "bold red" if passed else "bold")
    table.add_column("ID", justify="right", style="dim", no_wrap=True)
    add_text_column(table, "Deadline", ratio=1)
    table.add_column("Due", no_wrap=True)
    for d in rows:
        what = Text.assemble(*deadline_words(d))
        if d.done_on is not None:
            what.append(f" (done {d.done_on:%d %b})", style="dim")
        table.add_row(f"D{d.id}", what, day_cell(d.due, today))
    return table
