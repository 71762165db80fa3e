"""programs signal, rate and rank: the season's decisions (on the programs sub-app)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from medcrm.cli.common import Json, open_db, today
from medcrm.cli.output import emit_json, say, show
from medcrm.cli.programs import Program, programs_app


@programs_app.command("signal")
def signal(
    program: Program,
    gold: Annotated[bool, typer.Option("--gold", help="A gold (higher-tier) signal.")] = False,
) -> None:
    """Send a preference signal: the program moves to signaled (if it was earlier), and you
    see how many are left; beyond the budget (config signals.budget, signals.gold-budget) it is
    refused with nothing changed.

    \b
    Example: medcrm programs signal 3 --gold
    """
    from medcrm.services.season import signal as send

    db = open_db()
    with db.writer() as tx:
        sent = send(tx, program, gold=gold, today=today())
    p = sent.program
    left = "" if sent.left is None else f"; {sent.left} signal{'s' * (sent.left != 1)} left"
    gold_left = "" if sent.gold_left is None else f" ({sent.gold_left} gold)"
    say("Signaled ", (f"#{p.id}", "bold"), f" {p.name} ({p.signal}){left}{gold_left}.")


def _rating(flag: str, help: str) -> Any:
    """A rating option of ``rate``: a whole number from 1 to 5."""
    return typer.Option(flag, min=1, max=5, metavar="1-5", help=help)


@programs_app.command("rate")
def rate(
    program: Program,
    fit: Annotated[int | None, _rating("--fit", "How well it fits you.")] = None,
    location: Annotated[int | None, _rating("--location", "Where it is.")] = None,
    training: Annotated[int | None, _rating("--training", "The training.")] = None,
    people: Annotated[int | None, _rating("--people", "Its people.")] = None,
) -> None:
    """Rate a program from 1 to 5 on fit, location, training and people; the rank list scores
    it with the weights in config rank.weights.

    \b
    Example: medcrm programs rate 3 --fit 5 --location 4 --training 5 --people 4
    """
    from medcrm.services.season import rate as set_ratings

    db = open_db()
    with db.writer() as tx:
        p = set_ratings(
            tx, program, {"fit": fit, "location": location, "training": training, "people": people}
        )
    shown = ", ".join(f"{k} {v}" for k, v in p.ratings.items())
    say("Rated ", (f"#{p.id}", "bold"), f" {p.name}: {shown}.")


@programs_app.command("rank")
def rank(
    program: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="A program to move.", show_default=False)
    ] = None,
    position: Annotated[
        int | None,
        typer.Argument(metavar="[POSITION]", help="Its new place (1 is first).", min=1),
    ] = None,
    json_: Json = False,
    csv: Annotated[bool, typer.Option("--csv", help="The list as CSV on stdout.")] = False,
) -> None:
    """Your rank list: the programs you interviewed at, in your order (by score until you move
    one); with ID POSITION, moves one. --json and --csv give it in the order to enter into the
    NRMP system.

    \b
    Example: medcrm programs rank   (or: medcrm programs rank 3 1)
    """
    from medcrm.pure.errors import InvalidInput
    from medcrm.services.season import move, rank_list

    if (program is None) != (position is None):
        raise InvalidInput("Give both: medcrm programs rank ID POSITION (or neither, to list).")
    db = open_db()
    if program is not None and position is not None:
        with db.writer() as tx:
            rows = move(tx, program, position)
    else:
        with db.read() as reader:
            rows = rank_list(reader)
    if json_:
        from medcrm.render import jsonout

        emit_json([{**jsonout.program(r.program), "rank": n, "score": r.score}
                   for n, r in enumerate(rows, 1)])  # fmt: skip
        return
    from medcrm.render.programs import rank_csv, rank_view

    if csv:
        import sys

        sys.stdout.write(rank_csv(rows))
        return
    show(rank_view(rows))
