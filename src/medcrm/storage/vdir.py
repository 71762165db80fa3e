"""A vdir: a folder with one vCard file per contact (what vdirsyncer keeps in step with a
CardDAV server, and khard, aerc and mutt read). Reading its cards and writing them atomically,
a temporary file renamed into place, as vdirsyncer expects."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from medcrm.pure.errors import InvalidInput
from medcrm.storage.files import reason, replace_atomically

MAX_CARD_BYTES = 1_000_000  # a photo or two; a larger file is left alone and named


@dataclass(frozen=True)
class Card:
    href: str  # the file's name
    data: bytes
    sha256: str


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_cards(folder: Path) -> tuple[dict[str, Card], list[str]]:
    """Every ``*.vcf`` of ``folder`` by file name, and the names of those too big to read."""
    if not folder.exists():
        raise InvalidInput(f"{folder} does not exist; make it first (mkdir -p {folder}).")
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder; give the vdir's folder (it may be empty).")
    cards: dict[str, Card] = {}
    skipped: list[str] = []
    try:
        entries = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".vcf")
        for path in entries:
            if not path.is_file() or path.name.startswith("."):
                continue
            if path.stat().st_size > MAX_CARD_BYTES:
                skipped.append(path.name)
                continue
            data = path.read_bytes()
            cards[path.name] = Card(path.name, data, fingerprint(data))
    except OSError as exc:
        raise InvalidInput(f"Could not read {folder}: {reason(exc)}; nothing was changed.") from exc
    return cards, skipped


def write_card(folder: Path, href: str, data: bytes) -> None:
    """Write one card: a temporary file beside it, synced, then renamed over it."""
    replace_atomically(folder / href, data)


def remove_card(folder: Path, href: str) -> None:
    try:
        (folder / href).unlink(missing_ok=True)
    except OSError as exc:
        raise InvalidInput(f"Could not remove {folder / href}: {reason(exc)}.") from exc
