"""Checking the data file and accepting a deliberate hand edit (`floortrack check`)."""

from __future__ import annotations

from pathlib import Path

from floortrack.store.check import CheckReport, ResignResult, check_file, resign_file


def check_data(path: Path) -> CheckReport:
    """Validate every record of the file at `path`, whatever its checksum says."""
    return check_file(path)


def resign_data(path: Path) -> ResignResult:
    """Re-sign a hand-edited file that validates (a backup of it is kept first)."""
    return resign_file(path)
