"""Shell completion of contact names, through the real bash completion script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Run

# About the SQLite file itself (or the CLI without a database): runs once, on SQLite.
pytestmark = pytest.mark.sqlite_only

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


ZSH, FISH = shutil.which("zsh"), shutil.which("fish")
ZSH_COMPLETE = r"""
compdef() { : }
source "$HOME/.zfunc/_medcrm"
_arguments() {
  local spec=${1#*\(\(}
  spec=${spec%\)\)*}
  print -rl -- ${(Q)${(z)spec}}
}
_files() { print -r -- "<files>" }
words=("$@"); CURRENT=$#
_medcrm_completion
"""


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "PATH": f"{Path(MEDCRM).parent}{os.pathsep}{os.environ['PATH']}",
    }


def install(shell: str, home: Path) -> str:
    """`medcrm --install-completion` as a user of that shell runs it (Typer asks the process
    tree which shell it is; '; true' stops the shell from exec-ing medcrm in its place)."""
    done = subprocess.run(
        [shell, "-c", "medcrm --install-completion; true"],
        capture_output=True, text=True, env=_env(home), timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(ZSH is None, reason="zsh is not installed (.ci/run installs it)")
@pytest.mark.usefixtures("names")
def test_zsh_installs_and_completes_names_as_one_word(tmp_path: Path) -> None:
    assert ZSH
    out = install(ZSH, tmp_path)
    assert "zsh completion installed" in out
    assert (tmp_path / ".zfunc" / "_medcrm").is_file()
    assert "compinit" in (tmp_path / ".zshrc").read_text(encoding="utf-8")
    script = tmp_path / "complete.zsh"
    script.write_text(ZSH_COMPLETE, encoding="utf-8")

    def complete(*words: str) -> list[str]:
        done = subprocess.run(
            [ZSH, "-f", str(script), *words],
            capture_output=True, text=True, env=_env(tmp_path), timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    assert complete("medcrm", "show", "Dr.\\ T") == ["Dr. Thảo Nguyễn", "Dr. Tomás Arriaga"]
    assert complete("medcrm", "log", "ruiz", "an") == ["ana Ruiz"]


@pytest.mark.skipif(FISH is None, reason="fish is not installed (.ci/run installs it)")
@pytest.mark.usefixtures("names")
def test_fish_installs_and_completes_names_as_one_word(tmp_path: Path) -> None:
    assert FISH
    out = install(FISH, tmp_path)
    assert "fish completion installed" in out
    assert (tmp_path / ".config" / "fish" / "completions" / "medcrm.fish").is_file()

    def complete(line: str) -> list[str]:
        done = subprocess.run(
            # the installed file, as an interactive fish would autoload it
            [FISH, "-c", f"source ~/.config/fish/completions/medcrm.fish; "
                         f"complete --do-complete {line!r}"],
            capture_output=True, text=True, env=_env(tmp_path), timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    assert complete("medcrm show Dr.\\ T") == ["Dr. Thảo Nguyễn", "Dr. Tomás Arriaga"]
    assert complete("medcrm log ruiz jo") == ["josé O'Brien"]


@pytest.mark.skipif(BASH is None, reason="bash is not installed")
def test_bash_installs(tmp_path: Path) -> None:
    assert BASH
    assert "bash completion installed" in install(BASH, tmp_path)
    assert (tmp_path / ".bash_completions" / "medcrm.sh").is_file()
    assert ".bash_completions/medcrm.sh" in (tmp_path / ".bashrc").read_text(encoding="utf-8")
