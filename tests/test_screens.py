"""A calm screen (issue 17): the daily views of the demo network, frozen on 2026-12-02, at 80
and at 120 columns. A layout change shows up here, in review, as a changed file under
tests/snapshots/. After an intended change, rewrite them:

    MEDCRM_UPDATE_SNAPSHOTS=1 uv run pytest tests/test_screens.py

All people are the demo's fictional ones."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from tests.conftest import Run, ok

pytestmark = pytest.mark.sqlite_only

SNAPSHOTS = Path(__file__).parent / "snapshots"
TODAY = "2026-12-02"
SCREENS = {
    "due": ["due"],
    "due-one": ["due", "13"],
    "contacts": ["contacts"],
    "show": ["show", "13"],
    "agenda": ["agenda"],
    "follow-ups": ["follow-ups"],
    "search": ["search", "thank"],
}


@pytest.fixture
def demo(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("MEDCRM_TODAY", f"{TODAY}T09:00")
    path = tmp_path / "demo.db"
    ok(run("demo", "--keep", str(path)))
    monkeypatch.setenv("MEDCRM_DB", str(path))
    return run


@pytest.mark.parametrize("columns", ["80", "120"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_daily_screens_look_as_reviewed(
    demo: Run, screen: str, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    shown = ok(demo(*SCREENS[screen]))
    widest = max(len(line.rstrip()) for line in shown.splitlines())
    assert widest <= int(columns), f"a line is {widest} columns wide"
    saved = SNAPSHOTS / f"{screen}-{columns}.txt"
    if os.environ.get("MEDCRM_UPDATE_SNAPSHOTS") or not saved.exists():
        saved.write_text(shown, encoding="utf-8")
    assert shown == saved.read_text(encoding="utf-8"), f"{saved.name} changed"


def test_wide_shows_everything_whole(demo: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    calm = ok(demo("due"))
    wide = ok(demo("due", "--wide"))
    assert "…" in calm and "Send Dr. Tomás Arriaga your CV and personal statement" not in calm
    assert "Send Dr. Tomás Arriaga your CV and personal statement" in " ".join(wide.split())
    assert "Wed 2026-12-02" in wide


def test_no_table_cell_wraps_a_name_at_80_columns(
    demo: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for args in SCREENS.values():
        lines = ok(demo(*args)).splitlines()
        # A wrapped row would leave a line whose ID column is blank under a table's rows.
        rows = [line for line in lines if line[:3].strip().isdigit()]
        assert rows, args
        for before, after in itertools.pairwise(lines):
            if before[:3].strip().isdigit() and after.startswith("    ") and after.strip():
                pytest.fail(f"{args}: a row wraps: {before!r} / {after!r}")


def test_long_output_in_a_terminal_goes_through_the_pager(
    demo: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setattr("medcrm.cli.output._tty", lambda: True)
    monkeypatch.setenv("LINES", "10")
    monkeypatch.setenv("MEDCRM_PAGER", f"cat > {paged}")
    assert ok(demo("contacts")) == ""
    assert "Dr. Aisha Rahimi" in paged.read_text(encoding="utf-8")
    paged.unlink()
    assert "Danielle Forsythe" in ok(demo("show", "29", "--json"))  # JSON is never paged
    monkeypatch.setenv("LINES", "500")  # it fits: printed as it is
    assert "Dr. Aisha Rahimi" in ok(demo("contacts"))
    assert not paged.exists()
    monkeypatch.setenv("LINES", "10")
    assert "Dr. Aisha Rahimi" in ok(demo("--no-pager", "contacts"))
    assert not paged.exists()


def test_the_pager_is_never_used_when_piped_and_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from medcrm.cli import output

    monkeypatch.delenv("MEDCRM_PAGER")
    monkeypatch.setenv("PAGER", "most")
    assert output.pager() is None  # the test's stdout is not a terminal
    monkeypatch.setattr("medcrm.cli.output._tty", lambda: True)
    assert output.pager() == "most"
    monkeypatch.delenv("PAGER")
    monkeypatch.setattr("shutil.which", lambda name: f"/usr/bin/{name}")
    assert output.pager() == "less -FRX"
    monkeypatch.setenv("MEDCRM_PAGER", "")
    assert output.pager() is None
