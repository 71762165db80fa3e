"""Health reports: ``doctor`` for a database file or a server, and ``doctor --phi``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from medcrm.render.common import safe

if TYPE_CHECKING:
    from medcrm.pure.results import Report, Scan, ServerReport


def _verdict(healthy: bool, problems: list[str]) -> Text:
    if healthy:
        return Text("All good.", style="bold green")
    return Text("\n").join(Text(f"! {p}", style="yellow") for p in problems)


def _report(rows: list[tuple[str, str | None]], healthy: bool, problems: list[str]) -> Group:
    """A doctor report: the facts that are known, label by label, then the verdict."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", justify="right")
    grid.add_column()
    for label, value in rows:
        if value is not None:
            grid.add_row(label, safe(value))
    return Group(grid, Text(""), _verdict(healthy, problems))


def server_doctor_view(report: ServerReport) -> RenderableType:
    rows: list[tuple[str, str | None]] = [
        ("Database", f"{report.url} (from {report.source})"),
        ("Server", None if report.server_version is None
         else f"PostgreSQL {report.server_version}"),
        ("Contacts", None if report.contacts is None else f"{report.contacts:,}"),
        ("Schema", report.revision),
        ("Backups", "medcrm backup writes a JSON export (or the server's own pg_dump)"),
    ]  # fmt: skip
    return _report(rows, report.healthy, report.problems)


def phi_scan_view(scan: Scan) -> RenderableType:
    """``doctor --phi``: ids per kind of row, never the text."""

    def ids(found: list[int]) -> str:
        shown = ", ".join(f"#{i}" for i in found[:20])
        return (shown + (f" … and {len(found) - 20} more" if len(found) > 20 else "")) or "-"

    table = Table(title=f"Patient information in {scan.scanned:,} stored rows", box=box.SIMPLE)
    table.add_column("In")
    table.add_column("Looks like patient information")
    table.add_column("Saved with --allow-phi")
    for kind in scan.flagged:
        table.add_row(kind, ids(scan.flagged[kind]), ids(scan.allowed[kind]))
    problems = []
    if not scan.clean:
        flagged = sum(len(v) for v in scan.flagged.values())
        problems.append(
            f"{flagged} stored {'text looks' if flagged == 1 else 'texts look'} like patient "
            "information: rephrase them (contacts: medcrm edit ID --note ...; interactions: "
            "medcrm unlog ID; follow-ups: medcrm cancel ID), or keep them knowingly."
        )
    return Group(table, _verdict(scan.clean, problems))


def doctor_view(report: Report) -> RenderableType:
    rows: list[tuple[str, str | None]] = [
        ("Database", f"{report.path} (from {report.source})"),
        ("Size", None if report.size is None else f"{report.size:,} bytes"),
        ("Contacts", None if report.contacts is None else f"{report.contacts:,}"),
        ("Schema", None if report.revision is None else report.revision),
        ("SQLite", f"{report.sqlite_version} (journal: {report.journal_mode or '-'}, "
                   f"medcrm uses {report.wanted_journal} here)"),
        ("Integrity", report.integrity),
        ("Foreign keys", report.foreign_keys),
        ("Permissions", None if report.file_mode is None
         else f"file {report.file_mode}, folder {report.folder_mode}"),
        ("Backups", f"{report.backups} beside it"
         + ("" if report.newest_backup is None
            else f"; newest {report.newest_backup.name} ({report.backup_age_days} days old)")),
        ("Synced folder", report.sync or "no"),
        ("Not medcrm's", ", ".join(report.foreign) or None),
        ("Missing", ", ".join(report.missing) or None),
    ]  # fmt: skip
    return _report(rows, report.healthy, report.problems)
