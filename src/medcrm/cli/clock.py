"""What day (and moment) it is for medcrm."""

from __future__ import annotations

import os
from datetime import date, datetime


def now() -> datetime:
    """This moment, or the one MEDCRM_TODAY names: YYYY-MM-DD (that day, at the time it is
    now) or YYYY-MM-DDTHH:MM (that moment: the invitation clocks of a screenshot stay put)."""
    fixed = os.environ.get("MEDCRM_TODAY", "").strip()
    if not fixed:
        return datetime.now()
    try:
        if "T" in fixed or " " in fixed:
            return datetime.fromisoformat(fixed)
        return datetime.combine(date.fromisoformat(fixed), datetime.now().time())
    except ValueError:
        from medcrm.pure.errors import InvalidInput

        raise InvalidInput(
            f"MEDCRM_TODAY={fixed!r} is not a date; give YYYY-MM-DD (or YYYY-MM-DDTHH:MM), or "
            "unset it."
        ) from None


def today() -> date:
    """Today, or the day MEDCRM_TODAY names: for screenshots, the snapshot tests and asking
    "what will my morning look like on Monday?"."""
    return now().date()
