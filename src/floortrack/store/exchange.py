"""Export and import: the JSON export format and the two CSV shapes in the README.

Reading an import is all-or-nothing: every row is checked first, and the first bad row is
reported with its line number; only a fully valid file reaches the repository (in one save).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from floortrack import __version__
from floortrack.model import (
    RECORD_TYPES,
    Claim,
    ClaimLine,
    Session,
    SessionLine,
    StatusChange,
    ValidationError,
    parse_date,
    parse_int,
    parse_money,
)

from .atomic import (
    NotRegularFileError,
    TooLargeError,
    atomic_write_bytes,
    read_regular_file,
    remove_stale_temps,
)
from .errors import StoreError
from .paths import check_output_path
from .schema import load_strict, unknown_field

IMPORT_LIMIT = 64 * 1024 * 1024  # an import file over 64 MB is refused unread

EXPORT_FORMAT = "floortrack-export"
EXPORT_VERSION = 1

SESSIONS_HEADER = ["date", "provider", "visit_type", "codes", "pain_before", "pain_after", "note"]
CLAIMS_HEADER = [
    "service_dates",
    "payer",
    "claim_number",
    "status",
    "billed",
    "allowed",
    "paid",
    "patient_owes",
    "denial_codes",
    "units",
]

JSON_KINDS = RECORD_TYPES  # the export holds every kind of record, by table name


class ImportError_(ValueError):
    """A file that cannot be imported; the message says where and why. Nothing was written."""


@dataclass
class ImportBatch:
    """Records read from an import file, not yet saved."""

    kind: str  # "json", "sessions.csv" or "claims.csv"
    records: dict[str, list[Any]] = field(default_factory=dict)

    def count(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.records.items() if v}


# -- export ---------------------------------------------------------------------------


Tables = Mapping[str, Iterable[dict[str, Any]]] | Iterable[tuple[str, Iterable[dict[str, Any]]]]


def export_json(tables: Tables, today: date) -> bytes:
    """The export's bytes (see `export_json_parts`)."""
    return b"".join(export_json_parts(tables, today))


def export_json_parts(tables: Tables, today: date) -> list[bytes]:
    """The export as pieces to write in order: exactly `orjson.dumps({header..., **tables},
    OPT_INDENT_2)`, made one record at a time, so ten years of records never exist as
    documents all at once, nor the text twice (at 20,000 visits and claims that took
    300 MB)."""
    items = tables.items() if isinstance(tables, Mapping) else tables
    head = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": today.isoformat(),
        "written_by": f"floortrack {__version__}",
    }
    indent = orjson.OPT_INDENT_2
    parts = [b"{"]
    first = True
    for key, value in [*head.items(), *items]:
        parts.append(b"\n  " if first else b",\n  ")
        first = False
        parts.append(orjson.dumps(key) + b": ")
        if isinstance(value, (str, int)):
            parts.append(orjson.dumps(value))
            continue
        empty = True
        for record in value:
            parts.append(b"[\n    " if empty else b",\n    ")
            empty = False
            # JSON text has no raw newline inside a string: re-indenting is exact.
            parts.append(orjson.dumps(record, option=indent).replace(b"\n", b"\n    "))
        parts.append(b"[]" if empty else b"\n  ]")
    parts.append(b"\n}\n")
    return parts


def _num(value: Any) -> str:
    return "" if value is None else str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs: a value starting with = + - @
    (or tab/CR, which some spreadsheets skip before one) gets a leading apostrophe, as
    OWASP's "CSV Injection" advice says. Import strips it again (`_uncell`)."""
    if text and (text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START[:4])):
        return "'" + text
    return text


def _uncell(text: str) -> str:
    """Undo `cell` on import: "'=x" read back is "=x"."""
    if (
        text.startswith("'")
        and text[1:2]
        and (
            text[1:].startswith(_FORMULA_START) or text[1:].lstrip().startswith(_FORMULA_START[:4])
        )
    ):
        return text[1:]
    return text


def sessions_csv(sessions: list[Session]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SESSIONS_HEADER)
    for s in sessions:
        writer.writerow(
            [
                s.date.isoformat(),
                cell(s.provider),
                s.visit_type,
                s.codes_text,
                _num(s.pain_before),
                _num(s.pain_after),
                cell(s.note),
            ]
        )
    return buffer.getvalue()


def claims_csv(claims: list[Claim]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CLAIMS_HEADER)
    for c in claims:
        writer.writerow(
            [
                ";".join(d.isoformat() for d in c.service_dates),
                cell(c.payer),
                cell(c.claim_number),
                c.status,
                f"{c.billed:.2f}",
                _num(c.allowed),
                _num(c.paid),
                _num(c.patient_owes),
                ";".join(c.denial_codes),
                c.units_text,
            ]
        )
    return buffer.getvalue()


STALE_TEMP_SECONDS = 600  # a temp file this old in an --out folder is a killed export's


def write_file(path: Path, payload: bytes | Sequence[bytes], data_path: Path | None = None) -> Path:
    """Write an export atomically (0600: it is health data); return where it went.

    With `data_path`, a path that is (or links to) the data file, its lock, backups or
    documents is refused (ProtectedPathError). Temp files an earlier, killed export left
    beside `path` are removed first (docs/STORAGE.md, "Leftovers")."""
    target = check_output_path(path, data_path) if data_path is not None else path
    if not target.parent.exists():
        target.parent.mkdir(mode=0o700, parents=True)
    remove_stale_temps(target, older_than=STALE_TEMP_SECONDS)
    atomic_write_bytes(target, payload)
    return target


# -- import ---------------------------------------------------------------------------


def read_import(path: Path, today: date) -> ImportBatch:
    """Read and check a JSON export or a sessions/claims CSV. Raises ImportError_."""
    try:
        raw = read_regular_file(path, limit=IMPORT_LIMIT)
    except FileNotFoundError:
        raise ImportError_(f"{path} does not exist") from None
    except NotRegularFileError as exc:
        if exc.errno == 21:
            raise ImportError_(f"{path} is a folder: give the .json or .csv file") from None
        raise ImportError_(f"{path} cannot be imported: {exc.strerror}") from None
    except TooLargeError:
        raise ImportError_(
            f"{path} cannot be imported: it is larger than {IMPORT_LIMIT // (1024 * 1024)} MB"
        ) from None
    except OSError as exc:
        raise ImportError_(f"{path} cannot be read ({exc.strerror})") from None
    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM (Windows editors add one)
        raw = raw[3:]
    if b"\0" in raw:
        raise ImportError_(f"{path} contains NUL bytes: it is not a text export")
    text_start = raw.lstrip()[:1]
    if text_start in (b"{", b"["):
        return _read_json(raw, path, today)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(f"{path} is neither a floortrack JSON export nor a UTF-8 CSV") from None
    return _read_csv(text, path, today)


def _read_json(raw: bytes, path: Path, today: date) -> ImportBatch:
    try:
        doc = load_strict(raw, path)  # a key given twice would drop a record: refused
    except StoreError as exc:
        raise ImportError_(f"{path}: {exc.reason}") from None
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise ImportError_(f'{path} is not a floortrack export (no "format": "{EXPORT_FORMAT}")')
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise ImportError_(f"{path} has no valid export version ({str(version)[:20]!r})")
    if version > EXPORT_VERSION:
        raise ImportError_(f"{path} was exported by a newer floortrack (version {version!r})")
    batch = ImportBatch("json")
    for kind, record_type in JSON_KINDS.items():
        items = doc.get(kind, [])
        if not isinstance(items, list):
            raise ImportError_(f"{path}: '{kind}' must be a list")
        records = []
        for index, item in enumerate(items, start=1):
            try:
                if not isinstance(item, dict):
                    raise ValueError("not an object")
                old_id = item.get("id")
                if type(old_id) is not int:
                    old_id = None
                fields = {k: v for k, v in item.items() if k != "id"}
                record = record_type.from_doc(fields, old_id)  # type: ignore[attr-defined]
                extra = unknown_field(fields, record.to_doc())
                if extra is not None:
                    raise ValidationError(f"it has a field floortrack does not know: {extra!r}")
                if hasattr(record, "validate_for_entry"):  # the same bounds as typing it
                    record = record.validate_for_entry(today)
            except ValidationError as exc:
                raise ImportError_(f"{path}: {kind} #{index}: {exc.message}") from None
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ImportError_(f"{path}: {kind} #{index} is wrongly shaped ({exc})") from None
            records.append(record)
        batch.records[kind] = records
    return batch


def _read_csv(text: str, path: Path, today: date) -> ImportBatch:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ImportError_(f"{path} is empty") from None
    except csv.Error as exc:
        raise ImportError_(f"{path} line 1: {exc}") from None
    parse_row: Callable[[dict[str, str], date], Session | Claim]
    if header == SESSIONS_HEADER:
        kind, parse_row = "sessions", _session_row
    elif header == CLAIMS_HEADER:
        kind, parse_row = "claims", _claim_row
    else:
        raise ImportError_(
            f"{path}: unknown CSV header; expected sessions ({','.join(SESSIONS_HEADER)}) "
            f"or claims ({','.join(CLAIMS_HEADER)})"
        )
    records: list[Session | Claim] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise ImportError_(
                    f"{path} line {line}: {len(row)} columns, expected {len(header)}"
                )
            try:
                records.append(parse_row(dict(zip(header, row, strict=True)), today))
            except ValidationError as exc:
                raise ImportError_(f"{path} line {line}: {exc.message}") from None
    except csv.Error as exc:
        raise ImportError_(f"{path} line {reader.line_num}: {exc}") from None
    return ImportBatch(f"{kind}.csv", {kind: records})


def _opt(text: str) -> str | None:
    text = text.strip()
    return text or None


def _opt_pain(text: str, field: str) -> int | None:
    value = _opt(text)
    return None if value is None else parse_int(value, field, 0, 10)


def _opt_money(text: str, field: str) -> Decimal | None:
    value = _opt(text)
    return None if value is None else parse_money(value, field)


def _session_row(row: dict[str, str], today: date) -> Session:
    codes = [c for c in row["codes"].split(";") if c.strip()]
    session = Session(
        date=parse_date(row["date"]),
        provider=_uncell(row["provider"]),
        visit_type=row["visit_type"].strip() or "treatment",
        lines=tuple(SessionLine.parse(c) for c in codes),
        pain_before=_opt_pain(row["pain_before"], "pain_before"),
        pain_after=_opt_pain(row["pain_after"], "pain_after"),
        note=_uncell(row["note"]),
    )
    return session.validate_for_entry(today)


def _claim_row(row: dict[str, str], today: date) -> Claim:
    dates = [d for d in row["service_dates"].split(";") if d.strip()]
    status = row["status"].strip() or "submitted"
    units = [u for u in row["units"].split(";") if u.strip()]
    denials = [d for d in row["denial_codes"].split(";") if d.strip()]
    claim = Claim(
        service_dates=tuple(parse_date(d, "service_date") for d in dates),
        payer=_uncell(row["payer"]),
        billed=parse_money(row["billed"], "billed"),
        claim_number=_uncell(row["claim_number"]),
        status=status,
        lines=tuple(ClaimLine.parse(u) for u in units),
        allowed=_opt_money(row["allowed"], "allowed"),
        paid=_opt_money(row["paid"], "paid"),
        patient_owes=_opt_money(row["patient_owes"], "patient_owes"),
        denial_codes=tuple(denials),
        history=(StatusChange(status, today, "imported from CSV"),),
    )
    return claim.validate_for_entry(today)
