"""Characters that must never reach a terminal from user data."""

from __future__ import annotations

import re

# C0 and C1 control characters (ESC starts ANSI and OSC sequences; 0x9b is a one-byte CSI),
# DEL, and the Unicode bidi controls that reorder what a terminal shows. Newlines and tabs
# are handled by the callers: kept in notes, folded in one-line fields.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(value: str) -> str:
    return CONTROL.sub("", value)


# The same, but keeping line breaks and tabs: for whole files an exporter writes.
CONTROL_IN_FILES = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def strip_controls_in_file(text: str) -> str:
    """``text`` (a whole CSV, vCard or iCalendar file) without control characters, line
    breaks and tabs kept: an escape byte in a kept property never reaches a reader."""
    return CONTROL_IN_FILES.sub("", text)


# What a spreadsheet runs as a formula; the CSV import undoes the quote it gets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: ``=1+1`` becomes ``'=1+1``.

    medcrm's CSV import removes the quote again, so ``+1 555-0100`` round-trips.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value
