"""The file format: TinyDB's layout plus a `_meta` table, its validation and its migrations.

Layout: {"_meta": {"1": {"schema_version": 1, "written_by": "...", "content_crc32": N}},
         "sessions": {"1": {...}, ...}, "claims": {...}, ...}

`content_crc32` is the CRC-32 of the data tables as floortrack serialised them. Every record
floortrack writes comes from a validated dataclass, so a file whose checksum matches was
validated when it was written; only a file changed by something else (a hand edit, another
tool) pays for record-by-record validation on open. That keeps a 10-year file fast to open.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from floortrack import __version__
from floortrack.model import RECORD_TYPES, ValidationError

from .errors import CorruptStoreError, FutureStoreError

CURRENT_VERSION = 1
META_TABLE = "_meta"
SETTINGS_TABLE = "settings"

Tables = dict[str, dict[str, Any]]

# from_version -> function turning a version-N table dict into version N+1. Each must be pure.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def empty_tables() -> Tables:
    return {META_TABLE: {"1": {"schema_version": CURRENT_VERSION}}}


def schema_version(tables: Tables) -> int:
    return int(tables[META_TABLE]["1"]["schema_version"])


def serialize(tables: Tables) -> bytes:
    """The file's bytes: `_meta` first (with a fresh checksum), then the data tables."""
    body = orjson.dumps({k: v for k, v in tables.items() if k != META_TABLE})
    meta = dict(tables.get(META_TABLE, {}).get("1", {}))
    meta.update(
        schema_version=CURRENT_VERSION,
        written_by=f"floortrack {__version__}",
        content_crc32=zlib.crc32(body),
    )
    tables[META_TABLE] = {"1": meta}
    head = b'{"' + META_TABLE.encode() + b'":' + orjson.dumps(tables[META_TABLE])
    return head + (b"}" if body == b"{}" else b"," + body[1:])


def parse(raw: bytes, path: Path) -> Tables:
    """Parse and validate a file's bytes. Raises CorruptStoreError / FutureStoreError."""
    if not raw:
        raise CorruptStoreError(path, "the file is empty (0 bytes)", "restore it from a backup")
    try:
        data = orjson.loads(raw)  # rejects NaN/Infinity, invalid UTF-8 and absurd nesting
    except (orjson.JSONDecodeError, RecursionError) as exc:
        raise CorruptStoreError(
            path, f"it is not valid JSON ({_short(exc)})", "restore it from a backup"
        ) from None
    _check_envelope(data, path)
    version = schema_version(data)
    if version > CURRENT_VERSION:
        raise FutureStoreError(
            path,
            f"it was written by a newer floortrack (file format {version}, "
            f"this version reads up to {CURRENT_VERSION})",
            "upgrade floortrack",
        )
    if version == CURRENT_VERSION and _checksum_matches(data):
        return data
    validate_records(data, path)
    return data


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


def _check_envelope(data: Any, path: Path) -> None:
    if not isinstance(data, dict):
        raise CorruptStoreError(path, "it is not a floortrack data file (not a JSON object)")
    meta = data.get(META_TABLE)
    if not isinstance(meta, dict) or not isinstance(meta.get("1"), dict):
        raise CorruptStoreError(
            path, "it is not a floortrack data file (no _meta table with a schema version)"
        )
    version = meta["1"].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CorruptStoreError(path, f"its schema version is not valid ({version!r})")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptStoreError(path, f"table '{name}' is not a JSON object")
        for key, doc in table.items():
            if not (key.isdigit() and int(key) >= 1):
                raise CorruptStoreError(path, f"table '{name}' has a bad record id {key!r}")
            if not isinstance(doc, dict):
                raise CorruptStoreError(path, f"record {key} in table '{name}' is not an object")


def _checksum_matches(data: Tables) -> bool:
    stored = data[META_TABLE]["1"].get("content_crc32")
    if not isinstance(stored, int):
        return False
    body = orjson.dumps({k: v for k, v in data.items() if k != META_TABLE})
    return zlib.crc32(body) == stored


def validate_records(data: Tables, path: Path) -> None:
    """Build every record's dataclass: any wrong field, type or value refuses the file."""
    for name, record_type in RECORD_TYPES.items():
        for key, doc in data.get(name, {}).items():
            try:
                record_type.from_doc(doc)  # type: ignore[attr-defined]
            except ValidationError as exc:
                raise CorruptStoreError(
                    path, f"record {key} in table '{name}' is not valid: {exc.message}"
                ) from None
            except (KeyError, TypeError, AttributeError, ValueError) as exc:
                raise CorruptStoreError(
                    path, f"record {key} in table '{name}' is wrongly shaped ({exc!r})"
                ) from None


def migrate(data: Tables, path: Path) -> Tables:
    """Bring an older file up to CURRENT_VERSION, one step at a time, on a copy."""
    tables = orjson.loads(orjson.dumps(data))  # deep copy: the caller's data stays as read
    version = schema_version(tables)
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise CorruptStoreError(path, f"no migration from file format {version}")
        tables = step(tables)
        version += 1
        tables[META_TABLE]["1"]["schema_version"] = version
    validate_records(tables, path)
    return tables
