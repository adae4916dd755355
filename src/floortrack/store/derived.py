"""Results worked out from the data file, kept beside it so the next command need not work
them out again (docs/STORAGE.md, "Derived results").

A derived file is never data: each result in it is filed under a key naming the exact
content it came from (the data file's checksums, see `Repository.content_key`) and whatever
else it depends on (the day, the rules' version). A result whose key does not match is not
used, and a derived file that is missing, damaged or unreadable is the same as an empty one.
Nothing is kept for an encrypted file: its results would be health data in plain text.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import orjson

from .atomic import atomic_write_bytes, read_regular_file

SUFFIX = ".derived"
FORMAT = 1
# Far beyond any result floortrack keeps (the attention list of 20,000 claims is ~200 kB).
_READ_LIMIT = 16 * 1024 * 1024


def derived_path(data_path: Path) -> Path:
    """The derived file beside the data file: `floortrack.json` -> `floortrack.json.derived`."""
    return data_path.with_name(data_path.name + SUFFIX)


def _entries(data_path: Path) -> dict[str, Any]:
    try:
        raw = read_regular_file(derived_path(data_path), limit=_READ_LIMIT, follow=False)
        doc = orjson.loads(raw)
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return {}
    results = doc.get("results")
    return results if isinstance(results, dict) else {}


def recall(data_path: Path, name: str, key: str) -> Any | None:
    """The result kept under `name` if it was kept under this very `key`, else None."""
    entry = _entries(data_path).get(name)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return entry.get("value")


def keep(data_path: Path, name: str, key: str, value: Any) -> bool:
    """Keep `value` (JSON: dates and Decimals are written as text) under `name` and `key`,
    replacing what was kept under `name`. Atomic and private (0600), like the data file.
    Best effort: True if it was written; a result that cannot be kept is worked out again
    next time, so a full disk or a read-only folder is no error here."""
    entries = _entries(data_path)
    entries[name] = {"key": key, "value": value}
    try:
        payload = orjson.dumps({"format": FORMAT, "results": entries}, default=str)
        atomic_write_bytes(derived_path(data_path), payload)
    except (OSError, TypeError):
        return False
    return True


def forget(data_path: Path) -> None:
    """Remove the derived file (e.g. before the data file is encrypted)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(derived_path(data_path))
