"""Interview invitations to answer: the table at the top of ``due``."""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text

from medcrm.pure.records import ProgramRecord
from medcrm.render.common import add_text_column, safe, titled_table


def invitations_table(rows: list[ProgramRecord], *, today: date) -> Table:
    """Interview invitations to answer, the soonest first, with hours left under 48."""
    from datetime import datetime

    now = datetime.combine(today, datetime.now().time())  # MEDCRM_TODAY moves it too
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
