"""PostgreSQL's own client library, libpq, called directly (ctypes): the read commands' driver.

Importing psycopg 3 costs a read command on a server about 0.15 s (asyncio, logging,
importlib.metadata and its own modules), as much as everything else the command does; loading
libpq itself takes a few milliseconds. So the light path (:mod:`medcrm.storage.light`) reads
through this module: one connection, queries with parameters, rows with the Python values
psycopg would give (int, str, bool, date, datetime, Decimal, float, JSON). It is small on
purpose: what it does not know (a type it has no conversion for, a parameter it cannot send)
raises :class:`Unsupported`, and the caller reads with psycopg instead; so do large results,
where psycopg's C code is quicker than a call a value (see ``LARGE``).

The library is psycopg's own copy (the ``psycopg[binary]`` wheel carries one) or else the
system's; with neither, :func:`library` is None and the light path uses psycopg.
"""

from __future__ import annotations

import ctypes
import importlib.util
import json
import re
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

_PARAM = re.compile(r"(?<![:\w]):(\w+)")
CONNECTION_OK, COMMAND_OK, TUPLES_OK = 0, 1, 2
DIAG_SQLSTATE = ord("C")
LARGE = 20_000  # values in one result: above this, psycopg reads the rest of the transaction


class Unsupported(Exception):
    """A value, type or size this module leaves to psycopg."""


class ServerError(Exception):
    """What the server (or libpq) said went wrong; ``sqlstate`` when the server said one."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _candidates() -> list[str]:
    """psycopg's copy of libpq first (what psycopg itself would use), then the system's."""
    found: list[str] = []
    spec = importlib.util.find_spec("psycopg_binary")  # located, not imported
    if spec is not None and spec.submodule_search_locations:
        package = Path(next(iter(spec.submodule_search_locations)))
        for folder in (package.parent / "psycopg_binary.libs", package / ".dylibs", package):
            found += sorted(str(p) for p in folder.glob("libpq*") if ".so" in p.name or
                            p.suffix in (".dylib", ".dll"))  # fmt: skip
    system = {"darwin": "libpq.5.dylib", "win32": "libpq.dll"}.get(sys.platform, "libpq.so.5")
    return [*found, system]


@cache
def library() -> Any:
    """libpq, with the signatures of the functions used here; None when it cannot be loaded."""
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
            _declare(lib)
        except (OSError, AttributeError):
            continue
        return lib
    return None


def _declare(lib: Any) -> None:
    p, i, s, u = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint
    strings = ctypes.POINTER(ctypes.c_char_p)
    for name, result, args in (
        ("PQconnectdbParams", p, [strings, strings, i]),
        ("PQstatus", i, [p]),
        ("PQerrorMessage", s, [p]),
        ("PQfinish", None, [p]),
        ("PQexecParams", p, [p, s, i, ctypes.POINTER(u), strings, p, p, i]),
        ("PQresultStatus", i, [p]),
        ("PQresultErrorMessage", s, [p]),
        ("PQresultErrorField", s, [p, i]),
        ("PQntuples", i, [p]),
        ("PQnfields", i, [p]),
        ("PQfname", s, [p, i]),
        ("PQftype", u, [p, i]),
        ("PQgetvalue", s, [p, i, i]),
        ("PQgetisnull", i, [p, i, i]),
        ("PQclear", None, [p]),
    ):
        function = getattr(lib, name)
        function.restype, function.argtypes = result, args


def _strings(values: list[bytes | None]) -> Any:
    return (ctypes.c_char_p * len(values))(*values)


def _text(value: bytes) -> str:
    return value.decode()


def _bool(value: bytes) -> bool:
    return value == b"t"


def _timestamp(value: bytes) -> datetime:
    return datetime.fromisoformat(value.decode())


# Result types by OID, read from text as psycopg reads them.
_READ: dict[int, Callable[[bytes], object]] = {
    16: _bool,
    20: int, 21: int, 23: int, 26: int,
    700: float, 701: float,
    1700: lambda v: Decimal(v.decode()),
    18: _text, 19: _text, 25: _text, 705: _text, 1042: _text, 1043: _text,
    1082: lambda v: date.fromisoformat(v.decode()),
    1114: _timestamp, 1184: _timestamp,
    114: json.loads, 3802: json.loads,
}  # fmt: skip


def _param(value: object) -> tuple[int, bytes | None]:
    """(OID, text) of a parameter, typed as psycopg types it: a str as 'unknown' (the server
    decides), an int as the smallest integer type that holds it."""
    if value is None:
        return 0, None
    if isinstance(value, bool):
        return 16, b"t" if value else b"f"
    if isinstance(value, int):
        oid = 21 if -(2**15) <= value < 2**15 else 23 if -(2**31) <= value < 2**31 else 20
        return (oid if -(2**63) <= value < 2**63 else 1700), str(value).encode()
    if isinstance(value, str):
        return 0, value.encode()
    if isinstance(value, datetime):
        return (1114 if value.tzinfo is None else 1184), value.isoformat().encode()
    if isinstance(value, date):
        return 1082, value.isoformat().encode()
    if isinstance(value, (float, Decimal)) and value == value and abs(value) != float("inf"):
        return (701 if isinstance(value, float) else 1700), str(value).encode()
    raise Unsupported(f"a parameter of type {type(value).__name__}")


@cache
def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with its ``:name`` parameters as libpq writes them (``$1``...), and the names in
    that order; ``::`` casts are left alone."""
    names: list[str] = []

    def number(m: re.Match[str]) -> str:
        if m.group(1) not in names:
            names.append(m.group(1))
        return f"${names.index(m.group(1)) + 1}"

    return _PARAM.sub(number, sql), tuple(names)


class Connection:
    """One libpq connection; a :class:`~medcrm.storage.connection.Reader` too."""

    dialect = "postgresql"

    def __init__(self, url: str, *, timeout: int, application_name: str) -> None:
        lib = library()
        if lib is None:
            raise Unsupported("libpq is not available")
        self.lib = lib
        keys = [b"dbname", b"connect_timeout", b"application_name", b"client_encoding", None]
        values = [url.encode(), str(timeout).encode(), application_name.encode(), b"UTF8", None]
        self.handle = lib.PQconnectdbParams(_strings(keys), _strings(values), 1)
        if self.handle is None or lib.PQstatus(self.handle) != CONNECTION_OK:
            message = self._said()
            self.close()
            raise ServerError(message)

    def _said(self) -> str:
        said = self.lib.PQerrorMessage(self.handle) if self.handle else None
        return (said or b"could not connect").decode(errors="replace").strip()

    def rows(self, sql: str, params: Mapping[str, object] | None = None) -> list[dict[str, Any]]:
        """The rows of one statement, as dicts; [] for one that returns none. Unsupported when
        a parameter or a column's type is not one this module converts, or the result is
        LARGE (nothing is changed by a read, so the caller may run it again elsewhere)."""
        lib, handle = self.lib, self.handle
        text, names = numbered(sql)
        given = params or {}
        typed = [_param(given[name]) for name in names]
        oids = (ctypes.c_uint * len(typed))(*(oid for oid, _ in typed))
        result = lib.PQexecParams(handle, text.encode(), len(typed), oids,
                                  _strings([v for _, v in typed]), None, None, 0)  # fmt: skip
        if result is None:
            raise ServerError(self._said())
        try:
            return self._read(result)
        finally:
            lib.PQclear(result)

    def execute(self, sql: str) -> None:
        self.rows(sql)

    def _read(self, result: int) -> list[dict[str, Any]]:
        lib = self.lib
        status = lib.PQresultStatus(result)
        if status == COMMAND_OK:
            return []
        if status != TUPLES_OK:
            message = (lib.PQresultErrorMessage(result) or b"").decode(errors="replace")
            state = lib.PQresultErrorField(result, DIAG_SQLSTATE)
            raise ServerError(message.strip(), state.decode() if state else None)
        n, width = lib.PQntuples(result), lib.PQnfields(result)
        if n * width > LARGE:
            raise Unsupported(f"{n * width} values")
        names = [lib.PQfname(result, c).decode() for c in range(width)]
        try:
            readers = [_READ[lib.PQftype(result, c)] for c in range(width)]
        except KeyError as exc:
            raise Unsupported(f"a column of type {exc.args[0]}") from exc
        get, null = lib.PQgetvalue, lib.PQgetisnull
        rows = []
        for r in range(n):
            row: dict[str, Any] = {}
            for c in range(width):
                value = get(result, r, c)
                row[names[c]] = (
                    None if not value and null(result, r, c) else readers[c](value)
                )  # fmt: skip
            rows.append(row)
        return rows

    def close(self) -> None:
        if self.handle is not None:
            self.lib.PQfinish(self.handle)
            self.handle = None
