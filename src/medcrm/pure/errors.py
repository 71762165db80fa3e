"""The errors services raise. The CLI turns each into one line on stderr and exit code 1."""

from __future__ import annotations


class MedcrmError(Exception):
    """Base class: a problem the user can fix; the message says what was wrong and what works."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(MedcrmError):
    """A contact, follow-up or interaction that does not exist."""


class Ambiguous(MedcrmError):
    """A name that matches more than one contact."""

    def __init__(self, message: str, candidates: list[tuple[int, str]]) -> None:
        super().__init__(message)
        self.candidates = candidates


class InvalidInput(MedcrmError):
    """A value the user typed that medcrm cannot use (a date, a duration, a role...)."""


class DatabaseError(MedcrmError):
    """The database cannot be opened or used as it is (missing, newer, damaged)."""


class NoDatabase(DatabaseError):
    """There is no medcrm database where the command looked (no file; no tables on a server)."""
