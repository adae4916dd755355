"""The file format: TinyDB's layout plus a `_meta` table, its validation and its migrations.

Layout (one JSON object, a table per kind, `_meta` last):
    {"sessions": {"1": {...}, ...}, "claims": {...}, ...,
     "_meta": {"1": {"schema_version": 1, "written_by": "...", "content_crc32": N,
                     "layout": {"sessions": [start, end], ...}, "last_ids": {...}}}}

`content_crc32` is the CRC-32 of every byte before `_meta`, and `layout` gives each table's
byte range. Every record floortrack writes comes from a validated dataclass, so a file whose
checksum matches was validated when it was written: it is opened without re-validating each
record, and each table is parsed only when first used (`LazyTables`). A command that adds one
visit to a 10-year file therefore never parses the claims. A file changed by anything else
(a hand edit, another tool) fails the checksum and pays for full parsing and validation.
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


class RawTable:
    """A table's JSON text, not parsed yet (and written back as is if never touched)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes | memoryview) -> None:
        self.data = data

    def __bool__(self) -> bool:
        return self.data != b"{}"


class LazyTables(dict):  # type: ignore[type-arg]
    """The file's tables, each parsed from its bytes on first access.

    TinyDB reads tables with `tables[name]`; that (and get/setdefault/items/values) parses
    the table then. Code that must not parse (the writer) uses `dict.items(tables)`."""

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        if isinstance(value, RawTable):
            value = orjson.loads(value.data)
            super().__setitem__(name, value)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self:
            return default
        return self[name]

    def setdefault(self, name: str, default: Any = None) -> Any:
        if name not in self:
            super().__setitem__(name, default)
        return self[name]

    def items(self) -> Any:
        return [(name, self[name]) for name in list(self.keys())]

    def values(self) -> Any:
        return [self[name] for name in list(self.keys())]


def empty_tables() -> Tables:
    return LazyTables({META_TABLE: {"1": {"schema_version": CURRENT_VERSION}}})


def schema_version(tables: Tables) -> int:
    return int(tables[META_TABLE]["1"]["schema_version"])


def serialize(tables: Tables) -> bytes:
    """The file's bytes (see `serialize_parts`)."""
    return b"".join(serialize_parts(tables))


def serialize_parts(tables: Tables) -> list[bytes | memoryview]:
    """The file's bytes as pieces to write in order: data tables (untouched ones copied as
    they were read, never re-encoded), then `_meta`. Pieces, not one joined buffer, so a
    10-year file is not copied twice in memory on every save."""
    parts: list[bytes | memoryview] = [b"{"]
    crc = zlib.crc32(b"{")
    size = 1
    layout: dict[str, list[int]] = {}
    for name, table in dict.items(tables):
        if name == META_TABLE:
            continue
        value = table.data if isinstance(table, RawTable) else orjson.dumps(table)
        key = (b"," if size > 1 else b"") + orjson.dumps(name) + b":"
        parts += [key, value]
        crc = zlib.crc32(value, zlib.crc32(key, crc))
        size += len(key)
        layout[name] = [size, size + len(value)]
        size += len(value)
    meta = dict(dict.get(tables, META_TABLE, {}).get("1", {}))
    meta.update(
        schema_version=CURRENT_VERSION,
        written_by=f"floortrack {__version__}",
        content_crc32=crc,
        layout=layout,
    )
    dict.__setitem__(tables, META_TABLE, {"1": meta})
    sep = b"," if size > 1 else b""
    parts.append(sep + b'"' + META_TABLE.encode() + b'":' + orjson.dumps({"1": meta}) + b"}")
    return parts


def append_raw(table: RawTable, docs: dict[int, dict[str, Any]]) -> RawTable:
    """A table with documents added, without parsing it: `{...}` + `,"id":{doc}` + `}`."""
    new = b",".join(b'"%d":' % doc_id + orjson.dumps(doc) for doc_id, doc in docs.items())
    sep = b"," if table else b""
    return RawTable(b"".join((table.data[:-1], sep, new, b"}")))


def parse(raw: bytes, path: Path) -> Tables:
    """Parse and validate a file's bytes. Raises CorruptStoreError / FutureStoreError."""
    if not raw:
        raise CorruptStoreError(path, "the file is empty (0 bytes)", "restore it from a backup")
    trusted = _parse_trusted(raw, path)
    if trusted is not None:
        return trusted
    try:
        data = orjson.loads(raw)  # rejects NaN/Infinity, invalid UTF-8 and absurd nesting
    except (orjson.JSONDecodeError, RecursionError) as exc:
        raise CorruptStoreError(
            path, f"it is not valid JSON ({_short(exc)})", "restore it from a backup"
        ) from None
    _check_envelope(data, path)
    _refuse_future(schema_version(data), path)
    validate_records(data, path)
    return LazyTables(data)


def _refuse_future(version: int, path: Path) -> None:
    if version > CURRENT_VERSION:
        raise FutureStoreError(
            path,
            f"it was written by a newer floortrack (file format {version}, "
            f"this version reads up to {CURRENT_VERSION})",
            "upgrade floortrack",
        )


_META_KEY = b'"' + META_TABLE.encode() + b'":'


def _parse_trusted(raw: bytes, path: Path) -> LazyTables | None:
    """The fast path for a file floortrack wrote itself (checksum intact), else None."""
    at = raw.rfind(_META_KEY)
    if at < 1 or not raw.endswith(b"}"):
        return None
    raw = memoryview(raw)  # type: ignore[assignment]  # slices below share, not copy, the bytes
    try:
        meta_table = orjson.loads(raw[at + len(_META_KEY) : -1])
        meta = meta_table["1"]
        stored, layout, version = meta["content_crc32"], meta["layout"], meta["schema_version"]
    except (orjson.JSONDecodeError, RecursionError, KeyError, TypeError):
        return None
    body = raw[: at - 1] if raw[at - 1 : at] == b"," else raw[:at]
    if not isinstance(stored, int) or zlib.crc32(body) != stored or not isinstance(layout, dict):
        return None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None
    _refuse_future(version, path)
    if version < CURRENT_VERSION:
        return None  # migrations work on fully parsed, fully validated tables
    if not _layout_tiles(body, layout):
        return None  # the layout is outside the checksum: if it is damaged, parse it all
    tables = LazyTables()
    for name, (start, end) in layout.items():
        dict.__setitem__(tables, name, RawTable(raw[start:end]))
    dict.__setitem__(tables, META_TABLE, meta_table)
    return tables


def _layout_tiles(body: bytes, layout: dict[Any, Any]) -> bool:
    """True if `layout` splits the checksummed body exactly as `serialize` wrote it.

    `layout` sits in `_meta`, which the checksum does not cover; a damaged range would
    otherwise hand a table the wrong bytes and fail (with a traceback) on first use."""
    pos = 1
    if body[:1] != b"{":
        return False
    for name, span in layout.items():
        if not (isinstance(span, list) and len(span) == 2):
            return False
        start, end = span
        if not all(type(n) is int for n in span):
            return False
        key = (b"," if pos > 1 else b"") + orjson.dumps(name) + b":"
        if start != pos + len(key) or body[pos:start] != key or end <= start:
            return False
        if body[start : start + 1] != b"{" or body[end - 1 : end] != b"}":
            return False
        pos = end
    return pos == len(body)


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
    return LazyTables(tables)
