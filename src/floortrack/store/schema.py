"""The file format: TinyDB's layout plus a `_meta` table, its validation and its migrations.

Layout (one JSON object, a table per kind, `_meta` last):
    {"sessions": {"1": {...}, ...}, "claims": {...}, ...,
     "_meta": {"1": {"schema_version": 1, "written_by": "...", "content_crc32": N,
                     "layout": {"sessions": [start, end], ...}, "last_ids": {...}}}}

`content_crc32` is the CRC-32 of every byte before `_meta`, `layout` gives each table's
byte range, and `meta_crc32` covers `_meta` itself (`last_ids`, `layout`, the version), so
no byte of a file floortrack wrote is trusted unchecked. A mismatch means the file was
changed outside floortrack: it is refused (ChangedOutsideError) and never re-signed
silently; `floortrack check --resign` accepts a deliberate edit (docs/STORAGE.md).

Every record floortrack writes comes from a validated dataclass, so a file whose
checksum matches was validated when it was written: it is opened without re-validating each
record, and each table is parsed only when first used (`LazyTables`). A command that adds one
visit to a 10-year file therefore never parses the claims. A file changed by anything else
(a hand edit, another tool) fails the checksum and pays for full parsing and validation.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from floortrack import __version__
from floortrack.collection import collection_paused
from floortrack.model import RECORD_TYPES, ValidationError

from . import month_index
from .errors import ChangedOutsideError, CorruptStoreError, FutureStoreError

CURRENT_VERSION = 1
META_TABLE = "_meta"
SETTINGS_TABLE = "settings"

Tables = dict[str, dict[str, Any]]

# from_version -> function turning a version-N table dict into version N+1. Each must be pure.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


HIGH_WATER = "last_ids"  # _meta field: the largest id ever used per table
META_CRC = "meta_crc32"
# A record id as floortrack writes it: ASCII digits, no leading zero ("²".isdigit() is True).
RECORD_ID_RE = re.compile(r"[1-9][0-9]{0,17}", re.ASCII)


def meta_checksum(meta: dict[str, Any]) -> int:
    """CRC-32 of `_meta` without its own checksum field, keys sorted (stable)."""
    rest = {k: v for k, v in meta.items() if k != META_CRC}
    return zlib.crc32(orjson.dumps(rest, option=orjson.OPT_SORT_KEYS))


def compact(value: Any) -> Any:
    """Drop empty fields (None, "", []) from a record's document, recursively.

    A 10-year file is mostly empty optional fields; leaving them out keeps it about half the
    size, and parsing it on every command about twice as fast. `from_doc` fills defaults."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v is not None and v != "" and v != []}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


class RawTable:
    """A table's JSON text, not parsed yet (and written back as is if never touched), with
    its month index (store/month_index.py) when the file's `_meta` vouches for one."""

    __slots__ = ("data", "months", "grown_from")

    def __init__(
        self, data: bytes | memoryview, months: list[month_index.Run] | None = None
    ) -> None:
        self.data = data
        self.months = months
        # Set by `append_raw`: the table these bytes extend and the documents added, so
        # records built from that table need only the new ones built (a visit logged).
        self.grown_from: tuple[RawTable, dict[str, dict[str, Any]]] | None = None

    def __bool__(self) -> bool:
        return self.data != b"{}"


class LazyTables(dict):  # type: ignore[type-arg]
    """The file's tables, each parsed from its bytes on first access.

    TinyDB reads tables with `tables[name]`; that (and get/setdefault/items/values) parses
    the table then. Code that must not parse (the writer) uses `dict.items(tables)`.

    `ids_signed` is True when `_meta.last_ids` is covered by a matching checksum: only then
    may a new id be taken from it without looking at the table's ids."""

    ids_signed = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # name -> (bytes, the dict parsed from them or serialized to them): while the table
        # is still that dict, unchanged, it can go back to being bytes (`unparse`).
        self.sources: dict[str, tuple[RawTable, dict[str, Any]]] = {}

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        if isinstance(value, RawTable):
            raw = value
            with collection_paused():
                value = orjson.loads(raw.data)
            super().__setitem__(name, value)
            self.sources[name] = (raw, value)
        return value

    def peek(self, name: str) -> dict[str, Any]:
        """The table's documents, parsed for this caller only if it is still bytes (the
        table stays bytes): for a one-off look that should not keep ten years in memory."""
        value = dict.get(self, name, {})
        if isinstance(value, RawTable):
            with collection_paused():
                parsed: dict[str, Any] = orjson.loads(value.data)
            return parsed
        return value  # type: ignore[no-any-return]

    def unparse(self, name: str) -> RawTable | None:
        """Turn a parsed table back into the bytes it came from (or was last written as),
        dropping the parsed documents: the caller vouches that nothing is changing it now
        (the repository does this only outside a write, when every change is saved)."""
        source = self.sources.pop(name, None)
        if source is None or dict.get(self, name) is not source[1]:
            return None
        super().__setitem__(name, source[0])
        return source[0]

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
    months: dict[str, list[month_index.Run]] = {}
    for name, table in dict.items(tables):
        if name == META_TABLE:
            continue
        if isinstance(table, RawTable):
            value, runs = table.data, table.months
        else:
            value, runs = month_index.serialize(name, table)
            if isinstance(tables, LazyTables):
                tables.sources[name] = (RawTable(value, runs), table)
        if runs is not None:
            months[name] = runs
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
    # The runs name the content they describe: an older floortrack that rewrites the file
    # keeps `_meta` fields it does not know, but they then no longer match and are not used.
    meta.pop(month_index.META_FIELD, None)
    if months:
        meta[month_index.META_FIELD] = {"content_crc32": crc, "tables": months}
    meta[META_CRC] = meta_checksum(meta)
    dict.__setitem__(tables, META_TABLE, {"1": meta})
    if isinstance(tables, LazyTables):
        tables.ids_signed = True
    sep = b"," if size > 1 else b""
    parts.append(sep + b'"' + META_TABLE.encode() + b'":' + orjson.dumps({"1": meta}) + b"}")
    return parts


def append_raw(name: str, table: RawTable, docs: dict[int, dict[str, Any]]) -> RawTable:
    """A table with documents added, without parsing it: `{...}` + `,"id":{doc}` + `}`
    (its month index, if it has one, extended to match)."""
    pieces = [(b'"%d":' % doc_id + orjson.dumps(doc), doc) for doc_id, doc in docs.items()]
    new = b",".join(piece for piece, _ in pieces)
    sep = b"," if table else b""
    runs = month_index.appended(name, table.months, len(table.data), pieces)
    grown = RawTable(b"".join((table.data[:-1], sep, new, b"}")), runs)
    grown.grown_from = (table, {str(doc_id): doc for doc_id, doc in docs.items()})
    table.grown_from = None  # one step back at most: never a chain of old copies
    return grown


def parse(raw: bytes, path: Path, full: bool = False) -> Tables:
    """Parse and validate a file's bytes. Raises CorruptStoreError / FutureStoreError.

    A file with an intact checksum is trusted (validated when it was written) unless `full`:
    a file arriving from elsewhere (restore, `check`) has every record validated anyway."""
    if not raw:
        raise CorruptStoreError(path, "the file is empty (0 bytes)", "restore it from a backup")
    trusted = _parse_trusted(raw, path)
    if trusted is not None and not full:
        return trusted
    return parse_unsigned(raw, path)


def parse_unsigned(raw: bytes, path: Path) -> LazyTables:
    """Parse and validate every byte and record, whatever the checksum says (a hand-edited
    file, a file from elsewhere, `floortrack check`)."""
    if not raw:
        raise CorruptStoreError(path, "the file is empty (0 bytes)", "restore it from a backup")
    data = load_strict(raw, path)
    _check_envelope(data, path)
    _refuse_future(schema_version(data), path)
    validate_records(data, path)
    return LazyTables(data)


def checksum_state(raw: bytes, path: Path) -> str:
    """'intact' (floortrack wrote these bytes), 'changed' (it did, and they were changed
    since) or 'none' (no usable checksum: hand-made, or damaged where it is kept)."""
    try:
        return "intact" if _parse_trusted(raw, path) is not None else "none"
    except ChangedOutsideError:
        return "changed"
    except CorruptStoreError:  # e.g. newer format: not a checksum question
        return "none"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def load_strict(raw: bytes, path: Path) -> Any:
    """Parse JSON that floortrack did not sign: invalid JSON, NaN/Infinity and a key given
    twice (which would silently drop a record or a field) all refuse the file."""
    try:
        data = orjson.loads(raw)  # rejects NaN/Infinity, invalid UTF-8 and absurd nesting
    except (orjson.JSONDecodeError, RecursionError) as exc:
        raise CorruptStoreError(
            path, f"it is not valid JSON ({_short(exc)})", "restore it from a backup"
        ) from None
    if b'":' in raw:  # orjson keeps the last of two equal keys; look for them
        try:
            json.loads(raw, object_pairs_hook=_no_duplicates)
        except _DuplicateKey as exc:
            raise CorruptStoreError(
                path,
                f"the key {exc.key[:40]!r} appears twice in one object",
                "restore it from a backup, or remove the duplicate and run `floortrack check`",
            ) from None
        except (ValueError, RecursionError) as exc:
            raise CorruptStoreError(path, f"it is not valid JSON ({_short(exc)})") from None
    return data


def _refuse_future(version: int, path: Path) -> None:
    if version > CURRENT_VERSION:
        raise FutureStoreError(
            path,
            f"it was written by a newer floortrack (file format {version}, "
            f"this version reads up to {CURRENT_VERSION})",
            "upgrade floortrack",
        )


_META_KEY = b'"' + META_TABLE.encode() + b'":'


def signed_tables(raw: bytes, path: Path) -> LazyTables | None:
    """The tables of a file floortrack wrote itself (checksums intact), none parsed yet;
    None if the file has no usable checksum. Raises ChangedOutsideError if it was changed."""
    return _parse_trusted(raw, path)


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
    if not isinstance(meta, dict):
        return None
    if isinstance(version, int) and not isinstance(version, bool):
        _refuse_future(version, path)  # "newer floortrack" is the useful message, first
    if not isinstance(stored, int) or isinstance(stored, bool):
        return None
    signed = META_CRC in meta
    if zlib.crc32(body) != stored or (signed and meta[META_CRC] != meta_checksum(meta)):
        raise ChangedOutsideError(
            path, "it was changed outside floortrack (its checksum does not match)"
        )
    if not isinstance(layout, dict):
        return None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None
    if version < CURRENT_VERSION:
        return None  # migrations work on fully parsed, fully validated tables
    if not _layout_tiles(body, layout):
        return None  # only an unsigned (older) _meta can get here with a damaged layout
    if not signed and _bad_high_water(meta) is not None:
        return None
    tables = LazyTables()
    tables.ids_signed = signed
    # Month runs are used only under a matching _meta checksum, and only if they tile.
    index = meta.get(month_index.META_FIELD) if signed else None
    months: dict[str, Any] = {}
    if isinstance(index, dict) and index.get("content_crc32") == stored:
        described = index.get("tables")
        months = described if isinstance(described, dict) else {}
    for name, (start, end) in layout.items():
        data = raw[start:end]
        runs = month_index.checked(months.get(name), data) if name in months else None
        dict.__setitem__(tables, name, RawTable(data, runs))
    dict.__setitem__(tables, META_TABLE, meta_table)
    return tables


def content_key(tables: Tables) -> str | None:
    """Names the content of a file floortrack wrote itself, as read (both checksums), for
    results derived from it (store/derived.py); None for tables read any other way."""
    if not isinstance(tables, LazyTables) or not tables.ids_signed:
        return None
    meta = dict.get(tables, META_TABLE, {}).get("1", {})
    content, signed = meta.get("content_crc32"), meta.get(META_CRC)
    if type(content) is not int or type(signed) is not int:
        return None
    return f"{content:08x}-{signed:08x}"


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
    problem = _bad_high_water(meta["1"])
    if problem is not None:
        raise CorruptStoreError(path, problem)
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptStoreError(path, f"table '{name}' is not a JSON object")
        for key, doc in table.items():
            if not RECORD_ID_RE.fullmatch(key):
                raise CorruptStoreError(path, f"table '{name}' has a bad record id {key[:40]!r}")
            if not isinstance(doc, dict):
                raise CorruptStoreError(path, f"record {key} in table '{name}' is not an object")


def _bad_high_water(meta: dict[str, Any]) -> str | None:
    """Why `_meta.last_ids` cannot be used, or None. Wrong types there broke every write."""
    marks = meta.get(HIGH_WATER, {})
    if not isinstance(marks, dict):
        return "its record counter (_meta.last_ids) is damaged (not an object)"
    for name, value in marks.items():
        if type(value) is not int or not 0 <= value < 10**18:
            return f"its record counter (_meta.last_ids) is damaged ({name[:40]!r}: {value!r:.40})"
    return None


def unknown_field(doc: Any, canonical: Any, where: str = "") -> str | None:
    """The first key in `doc` that the record's own document does not have (a renamed or
    misspelt field, whose value would otherwise be dropped without a word), or None."""
    if isinstance(doc, dict) and isinstance(canonical, dict):
        for key, value in doc.items():
            if key not in canonical:
                return f"{where}{key}"
            found = unknown_field(value, canonical[key], f"{where}{key}.")
            if found:
                return found
    elif isinstance(doc, list) and isinstance(canonical, list) and len(doc) == len(canonical):
        for index, (a, b) in enumerate(zip(doc, canonical, strict=True)):
            found = unknown_field(a, b, f"{where}{index}.")
            if found:
                return found
    return None


def validate_records(data: Tables, path: Path) -> None:
    """Build every record's dataclass: any wrong field, type or value refuses the file, and
    so does a field the record does not have (a renamed key would silently lose a value).

    Each document is then replaced by the validated record's own (canonical) document, so
    every document in memory is one floortrack could have written itself: records are built
    from them later without validating again (store/trusted.py)."""
    for name, record_type in RECORD_TYPES.items():
        table = data.get(name, {})
        for key, doc in table.items():
            try:
                record = record_type.from_doc(doc)  # type: ignore[attr-defined]
                canonical = record.to_doc()
                extra = unknown_field(doc, canonical)
                if extra is not None:
                    raise ValidationError(f"it has a field floortrack does not know: {extra!r}")
                table[key] = compact(canonical)
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
