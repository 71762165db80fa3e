"""The guard's patterns compiled ahead of time (medcrm.pure.phi.ahead): the table shipped for
this Python holds every pattern, exactly as ``re`` compiles it, and anything wrong with a table
costs time, never a finding."""

from __future__ import annotations

import json
import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from medcrm.pure import phi
from medcrm.pure.phi import ahead, patterns

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "phi" / "dev.jsonl"
REMAKE = "uv run python benchmarks/phi/compile_patterns.py"


def _notes() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [str(json.loads(line)["text"]) for line in lines if line.strip()]


def test_the_table_for_this_python_holds_every_pattern_as_re_compiles_it() -> None:
    for note in _notes():  # the rules' patterns compiled on the way count too
        phi.find_phi(note)
    wanted = {(lazy._source, lazy._flags) for lazy in patterns.MADE} | ahead.ASKED
    kept = ahead.table()
    missing = sorted(map(repr, wanted - kept.keys()))
    assert not missing, f"not in {ahead.table_path().name} (run `{REMAKE}`): {missing[:3]}"
    stale = [key for key in wanted if marshal.loads(kept[key]) != ahead.entry(*key)]
    assert not stale, f"compiled otherwise by this Python (run `{REMAKE}`): {stale[:3]}"


def test_a_pattern_from_the_table_finds_what_re_finds() -> None:
    text = "Mr. Okafor, MRN A1234567, DOB 3/4/1950, bed 12B on 7 West; Dr. Hart's office 3204"
    for lazy in patterns.MADE:
        if isinstance(lazy._source, str):
            fresh = re.compile(lazy._source, lazy._flags)
            made = ahead.compiled(lazy._source, lazy._flags)
            assert made.flags == fresh.flags and made.groupindex == fresh.groupindex
            assert [m.span() for m in made.finditer(text)] == [
                m.span() for m in fresh.finditer(text)
            ]


def test_a_damaged_entry_is_compiled_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    source = r"\bmrn\s*(?P<value>\d+)"
    monkeypatch.setattr(
        ahead, "table", lambda: {(source, 0): marshal.dumps((32, [1, 2], 0, {}, ()))}
    )
    found = ahead.compiled(source).search("chart mrn 00482913")
    assert found is not None and found.group("value") == "00482913"


def test_a_table_made_by_another_engine_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "compiled-other.marshal"
    other.write_bytes(marshal.dumps({"engine": (1, 4), "patterns": {("x", 0): b""}}))
    monkeypatch.setattr(ahead, "table_path", lambda: other)
    ahead.table.cache_clear()
    try:
        assert ahead.table() == {}
        other.write_bytes(b"not a table")
        ahead.table.cache_clear()
        assert ahead.table() == {}
    finally:
        ahead.table.cache_clear()


def test_the_guard_finds_the_same_with_and_without_the_table() -> None:
    script = (
        "import json, sys\n"
        "from medcrm.pure import phi\n"
        "from medcrm.pure.phi import ahead\n"
        "if sys.argv[1] == 'none': ahead.table = lambda: {}\n"
        "notes = [json.loads(l)['text'] for l in open(sys.argv[2]) if l.strip()]\n"
        "found = [[f.kind, f.text, f.why, f.start] for n in notes for f in phi.find_phi(n)]\n"
        "print(json.dumps(found))\n"
    )
    found = {
        how: subprocess.run(
            [sys.executable, "-c", script, how, str(CORPUS)],
            capture_output=True, text=True, check=True,
        ).stdout
        for how in ("table", "none")
    }  # fmt: skip
    assert found["table"] == found["none"] and json.loads(found["table"])
