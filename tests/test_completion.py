"""Shell completion of contact names, through the real bash completion script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Run

BASH = shutil.which("bash")
MEDCRM = str(Path(sys.executable).parent / "medcrm")


@pytest.fixture
def names(run: Run) -> None:
    for name in ("Dr. Thảo Nguyễn", "Dr. Tomás Arriaga", "Ana Ruiz", "José O'Brien"):
        assert run("add-contact", name).exit_code == 0


def bash_complete(line_words: list[str]) -> list[str]:
    """COMPREPLY after pressing Tab on the last word, with medcrm's own bash script loaded.

    The words are given as bash would see them on the command line (escapes included).
    """
    assert BASH
    words = " ".join(f"'{w}'" for w in line_words)
    script = f"""
        source <(_MEDCRM_COMPLETE=source_bash {MEDCRM})
        COMP_WORDS=({words}); COMP_CWORD={len(line_words) - 1}
        _medcrm_completion medcrm
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    env = {**os.environ, "PATH": f"{Path(MEDCRM).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run([BASH, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.usefixtures("names")
def test_bash_completes_names_as_one_escaped_word() -> None:
    assert bash_complete(["medcrm", "show", "Dr.\\ T"]) == [
        "Dr.\\ Thảo\\ Nguyễn",
        "Dr.\\ Tomás\\ Arriaga",
    ]
    # each WHO of 'log' completes on its own; quotes are escaped too
    assert bash_complete(["medcrm", "log", "ana", "jo"]) == ["josé\\ O\\'Brien"]


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
@pytest.mark.usefixtures("names")
def test_bash_completion_offers_what_was_typed_in_its_own_case() -> None:
    assert bash_complete(["medcrm", "show", "AN"]) == ["ANa\\ Ruiz"]
    assert bash_complete(["medcrm", "show", "jose"]) == ["jose\\ O\\'Brien"]


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_no_database_means_no_names_and_no_noise(isolated: Path) -> None:
    assert bash_complete(["medcrm", "show", "a"]) == []
    assert not isolated.exists()
