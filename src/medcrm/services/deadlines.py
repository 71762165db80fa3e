"""The application season's deadlines: "ERAS submit", "Rank list certify", a program's
secondary essay. ``due`` and ``agenda`` show the open ones, the calendar export has them."""

from __future__ import annotations

from datetime import date

from medcrm.pure import text
from medcrm.pure.errors import InvalidInput
from medcrm.pure.records import DeadlineRecord
from medcrm.services import phi
from medcrm.storage.connection import Writer
from medcrm.storage.queries.deadlines import get_deadline
from medcrm.storage.queries.programs import resolve_program


def add_deadline(
    db: Writer, title: str, due: date, *, today: date, program: str | None = None,
    allow_phi: bool = False,
) -> DeadlineRecord:  # fmt: skip
    """A new deadline, for every program or for ``program`` (an id or a name)."""
    marked = phi.check(db, {"The deadline": title}, allow=allow_phi)
    clean = text.one_line(title, "The deadline's title", required=True)
    if due < today:
        raise InvalidInput(
            f"{due.isoformat()} has passed; a season deadline is still to come (e.g. 'Sep 25')."
        )
    owner = None if program is None else resolve_program(db, program).id
    deadline_id = db.insert("deadline", {"title": clean, "due": due, "program_id": owner,
                                         "done_on": None, "created": today,
                                         "phi_allowed": marked})  # fmt: skip
    return get_deadline(db, deadline_id)


def finish_deadline(db: Writer, deadline_id: int, *, today: date) -> DeadlineRecord:
    """Mark a deadline met: it leaves ``due``, ``agenda`` and the calendar export."""
    before = get_deadline(db, deadline_id)
    if before.done_on is not None:
        raise InvalidInput(
            f"Deadline D{deadline_id} was already marked done on {before.done_on.isoformat()}."
        )
    db.run("UPDATE deadline SET done_on = :day WHERE id = :id", {"day": today, "id": deadline_id})
    return get_deadline(db, deadline_id)


def remove_deadline(db: Writer, deadline_id: int) -> DeadlineRecord:
    """Delete a deadline (``undo`` brings it back)."""
    gone = get_deadline(db, deadline_id)
    db.run("DELETE FROM deadline WHERE id = :id", {"id": deadline_id})
    return gone
