"""What every importer shares: the candidate, the rejection and the result types, decoding a
file, and reading CSV (its delimiter, header and rows).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from medcrm.pure.errors import InvalidInput
from medcrm.pure.results import ImportResult as ImportResult
from medcrm.pure.results import Rejection as Rejection
from medcrm.services.contacts import ContactDetails

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(kw_only=True)
class Candidate(ContactDetails):
    """One contact as a file describes it, before it meets the database."""

    where: str
    name: str | None
    role: str | None = None
    added: date | None = None
    uid: str | None = None
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    id: int | None = None  # kept when restoring into an empty database
    phi_allowed: bool = False  # a medcrm export's mark: saved with --allow-phi
    # Other columns a medcrm export carries, stored as they came (one-line text or a value):
    # a column added to the contact table travels through export and import by itself.
    more: dict[str, Any] = field(default_factory=dict)


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM). Bytes that are not UTF-8 become lone surrogates, so the
    rows holding them can be rejected one by one while the rest of the file still imports."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"The file is {len(data):,} bytes; medcrm imports files up to 50 MB.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput("The file has NUL bytes: it is not a text file. Export it as CSV.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig", errors="surrogateescape")


def _bad_text(*values: object) -> bool:
    return any(isinstance(v, str) and any("\udc80" <= ch <= "\udcff" for ch in v) for v in values)


NOT_UTF8 = "not valid UTF-8 text (save the file as UTF-8 and import it again)"


def _delimiter(textdata: str) -> str:
    """Comma, semicolon (a spreadsheet in a comma-decimal locale) or tab: the one the header
    row (the first line naming a "name" column) uses most."""
    for line in textdata.splitlines()[:50]:
        if "name" in line.lower():
            counts = {d: line.count(d) for d in (",", ";", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _csv_rows(textdata: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(textdata, newline=""), delimiter=_delimiter(textdata)))
    except csv.Error as exc:
        raise InvalidInput(f"The file is not readable CSV: {exc}.") from exc


def _header_index(rows: list[list[str]], required: tuple[str, ...], what: str) -> int:
    """Where the header row is: the first row holding all the ``required`` columns."""
    for n, row in enumerate(rows[:50]):
        cells = {c.strip().lower() for c in row}
        if all(r.lower() in cells for r in required):
            return n
    raise InvalidInput(
        f"This does not look like {what}: no header row with "
        f"{', '.join(repr(r) for r in required)} was found."
    )


def read_csv(
    data: bytes,
    headers: tuple[tuple[str, ...], ...],
    what: str,
    candidate: Callable[[str, dict[str, str]], Candidate | Rejection],
) -> tuple[list[Candidate], list[Rejection]]:
    """A CSV export's contacts: ``candidate`` makes each record (see :func:`csv_records`) a
    Candidate, or a Rejection that says why not."""
    found: list[Candidate] = []
    rejected: list[Rejection] = []
    for where, record in csv_records(data, headers, what, rejected):
        made = candidate(where, record)
        if isinstance(made, Rejection):
            rejected.append(made)
        else:
            found.append(made)
    return found, rejected


def csv_records(
    data: bytes, headers: tuple[tuple[str, ...], ...], what: str, rejected: list[Rejection]
) -> Iterator[tuple[str, dict[str, str]]]:
    """A CSV export's records (see :func:`_records`), after the first row holding one of the
    ``headers`` (the current spelling first, older ones after)."""
    rows = _csv_rows(decode(data))
    for required in headers[:-1]:
        try:
            return _records(rows, _header_index(rows, required, what), rejected)
        except InvalidInput:
            continue
    return _records(rows, _header_index(rows, headers[-1], what), rejected)


def _records(
    rows: list[list[str]], header_at: int, rejected: list[Rejection]
) -> Iterator[tuple[str, dict[str, str]]]:
    """Each non-blank row after the header as ("line N", {lower-case header: cell}); a row
    that was not UTF-8 is added to ``rejected`` instead."""
    header = [h.strip().lower() for h in rows[header_at]]
    for n, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        record = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        if _bad_text(*record.values()):
            rejected.append(Rejection(f"line {n}", NOT_UTF8))
            continue
        yield f"line {n}", record


def _date_or_none(value: str | None, where: str, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"{where}: {what} {value!r} is not a YYYY-MM-DD date") from exc
