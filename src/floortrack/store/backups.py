"""Backup copies of the data file, written crash-safely beside it in `backups/`."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from .atomic import atomic_write_bytes
from .errors import StoreWriteError


def backup_folder(data_path: Path) -> Path:
    return data_path.parent / "backups"


def write_backup(data_path: Path, raw: bytes, reason: str) -> Path:
    """Copy `raw` (the file's committed bytes) to backups/, then re-read it to verify."""
    folder = backup_folder(data_path)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{data_path.stem}-{reason}-{stamp}.json"
        atomic_write_bytes(target, raw)
        if target.read_bytes() != raw:
            raise OSError("the backup copy does not match the original")
    except OSError as exc:
        raise StoreWriteError(data_path, f"a backup could not be written ({exc})") from None
    return target
