"""What day it is for medcrm."""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    """Today, or the day MEDCRM_TODAY names (YYYY-MM-DD): for screenshots, the snapshot tests
    and asking "what will my morning look like on Monday?"."""
    fixed = os.environ.get("MEDCRM_TODAY", "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            from medcrm.pure.errors import InvalidInput

            raise InvalidInput(
                f"MEDCRM_TODAY={fixed!r} is not a date; give YYYY-MM-DD or unset it."
            ) from None
    return date.today()
