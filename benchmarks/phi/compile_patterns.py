"""Writes the guard's table of compiled patterns for the Python this runs on
(src/medcrm/pure/phi/compiled-3XX.marshal; see medcrm.pure.phi.ahead).

    uv run python benchmarks/phi/compile_patterns.py             # the project's Python
    PYTHONPATH=src python3.12 benchmarks/phi/compile_patterns.py   # another one

Run it after changing any of the guard's patterns: a test fails until the table of the Python
that runs the tests holds them all. The guard never needs the table to be right (a pattern that
is not in it is compiled as usual); it only makes a fresh process quicker.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from medcrm.pure import phi  # noqa: E402
from medcrm.pure.phi import ahead, patterns  # noqa: E402


def every_pattern() -> list[tuple[ahead.Source, int]]:
    """The guard's patterns: all it makes at import, and all its rules compile on the
    corpora's notes (any made on the way)."""
    for corpus in sorted(HERE.glob("*.jsonl")):
        for line in corpus.read_text(encoding="utf-8").splitlines():
            if line.strip():
                phi.drop_colleagues(phi.find_phi(json.loads(line)["text"]), ["Dr. Ana Ruiz"])
    made = [(lazy._source, lazy._flags) for lazy in patterns.MADE]
    return sorted(set(made) | ahead.ASKED, key=repr)


def main() -> None:
    found = every_pattern()
    ahead.table_path().write_bytes(ahead.table_bytes(found))
    print(f"{ahead.table_path()}: {len(found)} patterns for Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
