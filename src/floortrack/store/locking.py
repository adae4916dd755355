"""The write lock's name and patience, shared by the repository and backup/restore.

Its own module so that `backups` and `repository` need not import each other (docs/STORAGE.md,
S2: one lock file beside the data file serialises every writer)."""

from __future__ import annotations

import os

DEFAULT_LOCK_TIMEOUT = 5.0
LOCK_SUFFIX = ".lock"


def lock_timeout() -> float:
    """Seconds to wait for another process's lock: FLOORTRACK_LOCK_TIMEOUT, else the default."""
    try:
        return float(os.environ.get("FLOORTRACK_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
