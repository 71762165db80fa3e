"""Writing files safely: never over an existing file unless asked, and never half-written."""

from __future__ import annotations

import os
from pathlib import Path

from medcrm.errors import InvalidInput

FILE_MODE = 0o600  # exports hold personal data


def check_writable(path: Path, *, force: bool) -> None:
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name.")
    if path.exists() and not force:
        raise InvalidInput(f"{path} already exists; add --force to replace it.")
    if not path.parent.is_dir():
        raise InvalidInput(f"The folder {path.parent} does not exist.")


def write_atomically(path: Path, data: str, *, force: bool) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    check_writable(path, force=force)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
