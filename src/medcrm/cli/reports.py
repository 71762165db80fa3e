"""agenda, stats, config."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import (
    AGENDA_ROWS,
    Json,
    Limit,
    OneContact,
    open_db,
    paged,
    read,
    row_limit,
    today,
)
from medcrm.cli.output import present, say


@app.command("agenda")
@paged
def agenda(
    who: OneContact = None,
    days: Annotated[
        int,
        typer.Option("--days", "-n", metavar="N", help="How many days ahead.", min=0, max=366),
    ] = 14,
    limit: Limit = None,
    json_: Json = False,
) -> None:
    """Day by day: follow-ups, letter deadlines, rotations.

    Overdue follow-ups come first: the 10 oldest unless --limit, with how many more there are;
    each day lists its first 10 follow-ups the same way (--limit 0 for all; --json has
    everything). With WHO, one person's follow-ups and letter deadlines.

    \b
    Example: medcrm agenda --days 21
    Example: medcrm agenda ruiz --days 60
    """
    from medcrm.services.reports import day_by_day
    from medcrm.services.resolve import contact_id

    rows = row_limit(limit, json_, AGENDA_ROWS)
    plan = read(
        lambda r: day_by_day(r, today=today(), days=days, limit=rows, contact_id=contact_id(r, who))
    )
    present(json_, plan, "day_by_day", "agenda.day_by_day_view")


@app.command("stats")
def stats(json_: Json = False) -> None:
    """Your network at a glance, with activity per month.

    \b
    Example: medcrm stats
    """
    from medcrm.services.reports import stats as network_stats

    present(json_, read(network_stats, today=today()), "stats", "reports.stats_view")


config_app = typer.Typer(
    help=(
        "Preferences, stored with your data.\n\nHow soon a suggested follow-up is due after "
        "office hours, shadowing, seminars, conferences and research.\n\nWithout a "
        "subcommand, lists them.\n\n\b\nExample: medcrm config"
    ),
    invoke_without_command=True,
)
app.add_typer(config_app, name="config")


@config_app.callback()
def config(ctx: typer.Context, json_: Json = False) -> None:
    """Preferences: list them, or set and unset one."""
    if ctx.invoked_subcommand is not None:
        return
    from medcrm.services.settings import all_settings

    present(json_, read(all_settings), "settings", "reports.settings_view")


@config_app.command("set")
def set_(
    key: Annotated[str, typer.Argument(metavar="KEY", help="e.g. follow-up.office-hours")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="A DURATION such as 2d, or off.")],
) -> None:
    """Change a preference.

    \b
    Example: medcrm config set follow-up.office-hours 2d
    """
    from medcrm.services.settings import set_value

    db = open_db()
    with db.writer() as tx:
        setting = set_value(tx, key, value)
    say(setting.key, " = ", (setting.value, "bold"))


@config_app.command("unset")
def unset(
    key: Annotated[str, typer.Argument(metavar="KEY", help="e.g. follow-up.office-hours")],
) -> None:
    """Put a preference back to its default.

    \b
    Example: medcrm config unset follow-up.office-hours
    """
    from medcrm.services.settings import unset as reset

    db = open_db()
    with db.writer() as tx:
        setting = reset(tx, key)
    say(setting.key, " = ", (setting.value, "bold"), " (the default)")
