"""agenda, stats, config."""

from __future__ import annotations

from typing import Annotated

import typer

from medcrm.cli.app import app
from medcrm.cli.common import (
    AGENDA_ROWS,
    Json,
    Limit,
    NoPager,
    OneContact,
    Wide,
    open_db,
    row_limit,
    today,
)
from medcrm.cli.output import emit_json, say, show


@app.command("agenda")
def agenda(
    who: OneContact = None,
    days: Annotated[
        int,
        typer.Option("--days", "-n", metavar="N", help="How many days ahead.", min=0, max=366),
    ] = 14,
    limit: Limit = None,
    json_: Json = False,
    wide: Wide = False,
    no_pager: NoPager = False,
) -> None:
    """Day by day: follow-ups, letter deadlines, rotations.

    Overdue follow-ups come first: the 10 oldest unless --limit, with how many more there are.
    With WHO, one person's follow-ups and letter deadlines.

    \b
    Example: medcrm agenda --days 21
    Example: medcrm agenda ruiz --days 60
    """
    from medcrm.services.reports import day_by_day
    from medcrm.services.resolve import resolve_contact

    db = open_db()
    with db.read() as reader:
        cid = None if who is None else resolve_contact(reader, who).id
        plan = day_by_day(
            reader,
            today=today(),
            days=days,
            limit=row_limit(limit, json_, AGENDA_ROWS),
            contact_id=cid,
        )
    if json_:
        from medcrm.render import jsonout

        emit_json(jsonout.day_by_day(plan))
        return
    from medcrm.render.agenda import day_by_day_view

    show(day_by_day_view(plan))


@app.command("stats")
def stats(json_: Json = False) -> None:
    """Your network at a glance, with activity per month.

    \b
    Example: medcrm stats
    """
    from medcrm.services.reports import stats as network_stats

    db = open_db()
    with db.read() as reader:
        summary = network_stats(reader, today=today())
    if json_:
        from medcrm.render import jsonout

        emit_json(jsonout.stats(summary))
        return
    from medcrm.render.reports import stats_view

    show(stats_view(summary))


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

    db = open_db()
    with db.read() as reader:
        rows = all_settings(reader)
    if json_:
        from medcrm.render import jsonout

        emit_json(jsonout.settings(rows))
        return
    from medcrm.render.reports import settings_view

    show(settings_view(rows))


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
