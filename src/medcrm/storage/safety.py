"""Keeping the database file safe: private permissions, no accidental second database, and a
warning for folders that sync or live on a network. Stdlib only; called on every open.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from medcrm.pure.errors import DatabaseError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside the database

# Folders kept in sync by a cloud service: SQLite's locks do not travel with the file, so two
# machines (or the sync client itself) can write it at once and corrupt it.
SYNCED = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "clouddocs": "iCloud Drive",
    "cloudstorage": "a cloud storage folder",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "box sync": "Box",
    "pcloud": "pCloud",
}
NETWORK_FS = ("nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "afs", "9p", "fuse.sshfs", "sshfs",
              "davfs", "fuse.rclone", "ceph", "glusterfs")  # fmt: skip


def tighten(path: Path, *, app_dir: Path | None = None) -> list[Path]:
    """Make the database, its journal files and (if it is medcrm's own) its folder private.

    Returns the files whose permissions were looser and have been tightened.
    """
    fixed = []
    for candidate in (path, *(path.with_name(path.name + s) for s in COMPANIONS)):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            candidate.chmod(PRIVATE_FILE)
            fixed.append(candidate)
    if app_dir is not None and path.parent == app_dir and app_dir.is_dir():
        mode = stat.S_IMODE(app_dir.stat().st_mode)
        if mode & 0o077:
            app_dir.chmod(PRIVATE_DIR)
            fixed.append(app_dir)
    return fixed


def sync_risk(path: Path) -> str | None:
    """The sync service or network filesystem the database lives on, if any."""
    folded = [part.lower() for part in path.resolve().parts]
    for part in folded:
        for marker, service in SYNCED.items():
            if part == marker or part.startswith(marker + " ") or part.startswith(marker + "-"):
                return service
    fs = filesystem_type(path)
    if fs and (fs in NETWORK_FS or fs.split(".")[-1] in NETWORK_FS):
        return f"a network filesystem ({fs})"
    return None


def filesystem_type(path: Path) -> str | None:
    """The type of the filesystem holding ``path`` (Linux: from /proc/self/mountinfo)."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    target = str(path.resolve().parent)
    best, kind = "", None
    for line in lines:
        fields = line.split(" ")
        if " - " not in line or len(fields) < 5:
            continue
        mount = fields[4].replace("\\040", " ")
        after = line.split(" - ", 1)[1].split(" ")
        if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) > len(
            best
        ):
            best, kind = mount, after[0]
    return kind


class Registry:
    """The databases this user has made with medcrm, and which were warned about, kept in the
    app directory, so that a mistyped --db path never silently starts a second database."""

    def __init__(self, app_dir: Path) -> None:
        self.app_dir = app_dir
        self.known_file = app_dir / "databases.txt"
        self.warned_file = app_dir / "warned.txt"

    def _read(self, file: Path) -> list[str]:
        try:
            return [line for line in file.read_text(encoding="utf-8").splitlines() if line]
        except (FileNotFoundError, UnicodeDecodeError):
            return []

    def _add(self, file: Path, value: str) -> None:
        if value in self._read(file):
            return
        try:
            self.app_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
            fd = os.open(file, os.O_CREAT | os.O_APPEND | os.O_WRONLY, PRIVATE_FILE)
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.write(value + "\n")
        except OSError:
            pass  # a read-only home must not stop medcrm from working

    def known(self) -> list[Path]:
        """Known databases that still exist."""
        return [Path(p) for p in self._read(self.known_file) if Path(p).is_file()]

    def remember(self, path: Path) -> None:
        self._add(self.known_file, str(path.resolve()))

    def check_new(self, path: Path, source: str) -> None:
        """Refuse to start a database at ``path`` when the user already has one elsewhere."""
        others = [p for p in self.known() if p != path.resolve()]
        if others:
            flag = "--db" if source != "MEDCRM_DB" else "MEDCRM_DB"
            raise DatabaseError(
                f"There is no medcrm database at {path} (from {flag}); yours is at {others[0]}. "
                f"Check the path, or start a new database there with: medcrm --db {path} init"
            )

    def first_warning(self, path: Path) -> bool:
        """True the first time this database is warned about (and remembers it)."""
        key = str(path.resolve())
        if key in self._read(self.warned_file):
            return False
        self._add(self.warned_file, key)
        return True
