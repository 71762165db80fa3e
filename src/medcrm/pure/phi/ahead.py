"""The guard's patterns compiled ahead of time: what CPython's ``re`` makes of each pattern,
kept in a table beside this module, so that a fresh ``medcrm log`` does not compile them again.

CPython compiles a regular expression in Python code (0.1 to 3 ms each). ``medcrm log`` is a
fresh process each time, and an ordinary note needs some 30 of the guard's 90 patterns, a long
one all of them: 15 to 35 ms of every write went to compiling the same patterns again. The
compiled form is a list of integers (the code of ``re``'s matching engine, ``_sre``); the table
holds it for each pattern, for one Python version each (``compiled-311.marshal`` for 3.11), and
``_sre.compile`` turns it back into a pattern in microseconds.

Safe by construction: a table is used only by the Python version that wrote it, with the same
engine (``_sre.MAGIC``, which changes whenever its code does) and only for the very pattern
text and flags it was made from; the engine checks the code it is given. A pattern not in the
table, a version without one, or anything unexpected: the pattern is compiled as usual. So a
stale table costs time, never a finding. ``benchmarks/phi/compile_patterns.py`` writes the table
for the Python it runs on; a test says when it is missing or out of date.
"""

from __future__ import annotations

import importlib
import marshal
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

Source = str | bytes
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

# The engine and its compiler are CPython's own (not public API: used only where they match).
_sre: Any = importlib.import_module("_sre")
_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")


def table_path() -> Path:
    """The table for the running Python."""
    return Path(__file__).with_name(f"compiled-{sys.version_info[0]}{sys.version_info[1]}.marshal")


def engine() -> tuple[int, int]:
    """What a table must have been made with: the engine's version and the size of its code."""
    return int(_sre.MAGIC), int(_sre.CODESIZE)


@cache
def table() -> dict[tuple[Source, int], bytes]:
    """The running Python's table (each pattern's entry still marshalled, read when asked
    for), or none (empty) when it has none or it is not for this engine."""
    try:
        made = marshal.loads(table_path().read_bytes())
        if tuple(made["engine"]) != engine():
            return {}
        return dict(made["patterns"])
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return {}


ASKED: set[tuple[Source, int]] = set()  # every pattern compiled in this process


def compiled(source: Source, flags: int = 0) -> re.Pattern[Any]:
    """``re.compile(source, flags)``, from the table when it holds the pattern."""
    ASKED.add((source, flags))
    kept = table().get((source, flags))
    if kept is not None:
        try:
            return _sre.compile(source, *marshal.loads(kept))  # type: ignore[no-any-return]
        except (TypeError, ValueError, EOFError, RuntimeError):
            pass  # not what this engine takes: compile it as usual
    return re.compile(source, flags)


def entry(source: Source, flags: int = 0) -> Entry:
    """What ``re`` compiles ``source`` to, as the table keeps it (``re._compiler.compile``
    without its last step)."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # Plain ints: the compiler's opcodes are an int subclass, which marshal does not keep.
    whole_flags, groups = int(flags | parsed.state.flags), parsed.state.groups - 1
    return whole_flags, [int(c) for c in code], groups, groupindex, tuple(indexgroup)


def table_bytes(patterns: list[tuple[Source, int]]) -> bytes:
    """The table for ``patterns`` on the running Python."""
    kept = {key: marshal.dumps(entry(*key)) for key in sorted(set(patterns), key=repr)}
    return marshal.dumps({"engine": engine(), "patterns": kept})
