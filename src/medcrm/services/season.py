"""Preference signals and the rank list: the application season's decisions about programs.

Signals are limited by ``signals.budget`` (all, gold included) and ``signals.gold-budget``;
no budget set means no limit. The rank list holds the programs at stage interviewed or later,
scored by your ratings (1 to 5) weighed by ``rank.weights``, in your order once you move one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import ProgramRecord
from medcrm.pure.results import RankRow
from medcrm.services import settings
from medcrm.services.programs import move_to
from medcrm.storage.connection import Reader, Writer
from medcrm.storage.queries.programs import RATINGS, get_program, list_programs, resolve_program

# Stages a program has passed when it is signaled (a signal never moves one back).
_BEFORE_SIGNALED = ("interested", "applied")
RANKED_STAGES = ("interviewed", "ranked", "matched")


@dataclass
class Signaled:
    program: ProgramRecord
    left: int | None  # signals left after this one (None: no budget)
    gold_left: int | None


def _budget(reader: Reader, key: str) -> int | None:
    value = settings.get(reader, key)
    return None if value == settings.NONE else int(value)


def _used(reader: Reader) -> tuple[int, int]:
    rows = reader.rows("SELECT signal, COUNT(*) AS n FROM program WHERE signal IS NOT NULL "
                       "GROUP BY signal")  # fmt: skip
    used = {str(r["signal"]): int(r["n"]) for r in rows}
    return used.get("standard", 0) + used.get("gold", 0), used.get("gold", 0)


def signal(db: Writer, which: str, *, gold: bool, today: date) -> Signaled:
    """Send a preference signal: refused beyond the budget, with nothing changed."""
    program = resolve_program(db, which)
    if program.signal is not None:
        raise InvalidInput(f"#{program.id} {program.name} already has a {program.signal} signal.")
    budget, gold_budget = _budget(db, "signals.budget"), _budget(db, "signals.gold-budget")
    used, gold_used = _used(db)
    if budget is not None and used >= budget:
        raise InvalidInput(f"No signals left: {used} of {budget} used; nothing was changed.")
    if gold and gold_budget is not None and gold_used >= gold_budget:
        raise InvalidInput(
            f"No gold signals left: {gold_used} of {gold_budget} used; nothing was changed "
            "(a standard signal: leave out --gold)."
        )
    kind = "gold" if gold else "standard"
    db.run("UPDATE program SET signal = :kind WHERE id = :id", {"kind": kind, "id": program.id})
    if program.stage in _BEFORE_SIGNALED:
        move_to(db, program, "signaled", on=today)
    return Signaled(
        get_program(db, program.id),
        None if budget is None else budget - used - 1,
        None if gold_budget is None else gold_budget - gold_used - int(gold),
    )


def rate(db: Writer, which: str, ratings: dict[str, int | None]) -> ProgramRecord:
    """Set some of a program's ratings, each 1 to 5."""
    program = resolve_program(db, which)
    given = {name: score for name, score in ratings.items() if score is not None}
    if not given:
        raise InvalidInput("Give at least one rating, e.g. medcrm programs rate 3 --fit 5.")
    for name, score in given.items():
        if name not in RATINGS or not 1 <= score <= 5:
            raise InvalidInput(f"--{name} takes 1 to 5, not {score}.")
    columns = ", ".join(f"rate_{name} = :{name}" for name in given)
    db.run(f"UPDATE program SET {columns} WHERE id = :id", {**given, "id": program.id})  # noqa: S608
    return get_program(db, program.id)


def score(program: ProgramRecord, weights: dict[str, float]) -> float | None:
    """The weighted mean of a program's ratings (criteria not rated, or weighing 0, left out)."""
    rated = [(weights[n], s) for n, s in program.ratings.items() if weights.get(n, 0) > 0]
    total = sum(w for w, _ in rated)
    return None if not total else round(sum(w * s for w, s in rated) / total, 2)


def rank_list(reader: Reader) -> list[RankRow]:
    """The programs at stage interviewed or later: those you placed, in your order, then the
    others by score (the best first; unrated last)."""
    weights = settings.weights(settings.get(reader, "rank.weights"))
    rows = [RankRow(p, score(p, weights)) for p in list_programs(reader)
            if p.stage in RANKED_STAGES]  # fmt: skip
    placed = sorted((r for r in rows if r.program.rank_position is not None),
                    key=lambda r: (r.program.rank_position, r.program.id))  # fmt: skip
    others = sorted((r for r in rows if r.program.rank_position is None),
                    key=lambda r: (r.score is None, -(r.score or 0), r.program.name))  # fmt: skip
    return placed + others


def move(db: Writer, which: str, position: int) -> list[RankRow]:
    """Put a program at ``position`` (1 is first) on the rank list; every program on the list
    gets its place, so the order holds from then on."""
    program = resolve_program(db, which)
    order = [r.program.id for r in rank_list(db)]
    if program.id not in order:
        raise InvalidInput(
            f"#{program.id} {program.name} is at {program.stage}: the rank list holds programs "
            "you interviewed at (medcrm programs set ID interviewed)."
        )
    if not 1 <= position <= len(order):
        raise InvalidInput(f"POSITION must be 1 to {len(order)}, not {position}.")
    order.remove(program.id)
    order.insert(position - 1, program.id)
    for place, program_id in enumerate(order, 1):
        db.run("UPDATE program SET rank_position = :place WHERE id = :id",
               {"place": place, "id": program_id})  # fmt: skip
    return rank_list(db)
