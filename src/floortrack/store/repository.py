"""TinyDB behind a typed repository, keeping the promises of docs/STORAGE.md.

- Reads come from memory after the first load; the file is re-read only when another
  process changed it (its identity: inode, size, mtime).
- A write takes a short lock (a lock file beside the data file), re-reads the file if it
  changed, applies the change, saves atomically (store/atomic.py), and releases.
- A failed save drops the in-memory state and reloads from disk (S2).
- Record ids are never reused, so a link to a deleted record never points at a new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from floortrack import clock
from floortrack.collection import collection_paused
from floortrack.model import (
    Authorization,
    Call,
    Claim,
    ClaimDocument,
    Clinic,
    CodeNote,
    DiaryEntry,
    Plan,
    Profile,
    Session,
    normalize_code,
)

from . import locking, month_index, schema, trusted
from .atomic import READ_LIMIT, FolderSyncError, atomic_write_bytes, remove_stale_temps
from .errors import (
    ChangedOutsideError,
    CorruptStoreError,
    EncryptedStoreError,
    NotFoundError,
    StoreError,
    StoreLockedError,
    StoreWriteError,
)
from .locking import DEFAULT_LOCK_TIMEOUT, LOCK_SUFFIX
from .sealed import is_encrypted

if TYPE_CHECKING:
    from filelock import FileLock

    from .crypto import Sealer


class StoredRecord(Protocol):
    """What every record type of model.py offers the store: its id and its document."""

    @property
    def id(self) -> int | None: ...

    def to_doc(self) -> dict[str, Any]: ...

    @classmethod
    def from_doc(cls, doc: dict[str, Any], id: int | None = None) -> Self: ...


T = TypeVar("T", bound=StoredRecord)
Result = TypeVar("Result")
# Given an encrypted file's bytes, the front end returns its Sealer (asking for the passphrase).
Unlock = Callable[[bytes], "Sealer"]
Identity = tuple[int, int, int]

HIGH_WATER = schema.HIGH_WATER  # _meta field: the largest id ever used per table


compact = schema.compact  # a record's document without its empty fields


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after lstat never hangs the open


def _changed_outside_hint(path: Path) -> str:
    """What to do about a file changed outside floortrack: the newest backup that opens."""
    from .backups import newest_good_backup

    good = newest_good_backup(path)
    edit = "if you edited it on purpose, `floortrack check --resign` accepts the edit"
    if good is None:
        return f"{edit}; no good backup was found in {path.parent / 'backups'}"
    return f"{edit}; otherwise restore the newest good backup: floortrack restore {good}"


def _too_large(path: Path) -> CorruptStoreError:
    limit = READ_LIMIT // (1024 * 1024)
    return CorruptStoreError(path, f"it is larger than {limit} MB, far beyond any floortrack file")


def _identity(st: os.stat_result) -> Identity:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class _MemoryBackedAtomicStorage(Storage):
    """TinyDB storage that serves reads from memory and saves with an atomic replace.

    TinyDB's JSONStorage rewrites the file in place and truncates afterwards, so a crash can
    leave half a file; this never does."""

    def __init__(
        self,
        path: Path,
        tables: schema.Tables,
        on_saved: Callable[[os.stat_result], None],
        sealer: Callable[[], Sealer | None] = lambda: None,
    ):
        self._path = path
        self._tables = tables
        self._on_saved = on_saved
        self._sealer = sealer

    def read(self) -> dict[str, dict[str, Any]]:
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        meta = data.setdefault(schema.META_TABLE, {"1": {}}).setdefault("1", {})
        marks = dict(meta.get(HIGH_WATER, {}))
        for name, table in dict.items(data):  # unparsed tables are unchanged: skip them
            if name != schema.META_TABLE and table and not isinstance(table, schema.RawTable):
                marks[name] = max(marks.get(name, 0), max(int(k) for k in table))
        meta[HIGH_WATER] = marks
        payload: list[bytes | memoryview] = schema.serialize_parts(data)
        sealer = self._sealer()
        if sealer is not None:  # encrypted at rest: only sealed bytes reach the disk
            payload = [sealer.seal(b"".join(payload))]
        st = atomic_write_bytes(self._path, payload)
        self._tables = data
        self._on_saved(st)

    def close(self) -> None:  # nothing is held open between calls (docs/STORAGE.md, S1)
        pass


class RecordTable(Generic[T]):
    """One kind of record (a TinyDB table) seen as immutable dataclasses."""

    def __init__(self, repo: Repository, name: str, record_type: type[T], label: str) -> None:
        self._repo = repo
        self.name = name
        self._type = record_type
        self.label = label

    def all(self) -> list[T]:
        """Every record, in the order they were added, each with its id."""
        return self._repo._records(self.name, self._type)

    def __len__(self) -> int:
        with self._repo._mutex:
            built = self._repo._fresh_built(self.name)
            if built is not None:
                return len(built.records)
            raw = self._repo._unparsed(self.name)
            if raw is not None and raw.months is not None:
                return month_index.total(raw.months)  # counted without parsing
            return len(self._repo._raw_table(self.name))

    def newest(self, count: int, key: str = "date") -> list[T]:
        """The `count` records with the latest `key` (an ISO date field), newest first.

        Builds only those records, and with the table's month index parses only the latest
        months: a first screen needs a page of ten years of visits, not all of them."""
        with self._repo._mutex:
            if self.name in self._repo._built:
                records = self._repo._records(self.name, self._type)  # brings it up to date
                records.sort(key=lambda r: (getattr(r, key), r.id), reverse=True)
                return records[:count]
            raw = self._repo._unparsed(self.name)
            month_of = month_index.MONTH_BY_KEY.get((self.name, key))
            if raw is not None and raw.months is not None and month_of is not None:
                docs = month_index.newest(raw.data, raw.months, count, month_of)
            else:
                docs = self._repo._raw_table(self.name)
            keys = sorted(docs, key=lambda k: (docs[k].get(key, ""), int(k)), reverse=True)
            return [self._repo._build(self._type, docs[k], int(k)) for k in keys[:count]]

    def select(
        self, keep: Callable[[dict[str, Any]], bool], within: tuple[date, date] | None = None
    ) -> list[T]:
        """The records whose stored document `keep` accepts, each with its id, building only
        those: a command about this plan year need not build ten years of records.

        `within` (first day, last day) promises that `keep` accepts only records dated in
        that range (for claims: with a service date in it); with the table's month index
        only those months are parsed (docs/STORAGE.md, "Reading a few months")."""
        with self._repo._mutex:
            built = None
            if self.name in self._repo._built:
                self._repo._records(self.name, self._type)  # brings it up to date
                built = self._repo._built[self.name]
            raw = self._repo._unparsed(self.name)
            if within is not None and raw is not None and raw.months is not None:
                low, high = within[0].isoformat()[:7], within[1].isoformat()[:7]
                docs = month_index.read(raw.data, raw.months, month_index.overlapping(low, high))
            elif built is not None:
                docs = self._repo._peek(self.name)  # the records are built: keep no documents
            else:
                docs = self._repo._raw_table(self.name)
            if built is not None:
                return [built.records[key] for key, doc in docs.items() if keep(doc)]
            return [
                self._repo._build(self._type, doc, int(key))
                for key, doc in docs.items()
                if keep(doc)
            ]

    def get(self, record_id: int) -> T:
        built = self._repo._fresh_built(self.name)
        if built is not None:
            record = built.records.get(str(record_id))
            if record is None:
                raise NotFoundError(self.label, record_id)
            return record  # type: ignore[no-any-return]
        doc = self._repo._raw_table(self.name).get(str(record_id))
        if doc is None:
            raise NotFoundError(self.label, record_id)
        return self._repo._build(self._type, doc, record_id)

    def exists(self, record_id: int) -> bool:
        built = self._repo._fresh_built(self.name)
        if built is not None:
            return str(record_id) in built.records
        return str(record_id) in self._repo._raw_table(self.name)

    def where(self, name: str, values: Iterable[Any]) -> list[T]:
        """The records whose stored field `name` is one of `values`, building only those."""
        wanted = set(values)
        with self._repo._mutex:
            docs = self._repo._raw_table(self.name)
            return [
                self._repo._build(self._type, doc, int(key))
                for key, doc in docs.items()
                if doc.get(name) in wanted
            ]

    def add(self, record: T) -> int:
        return self.add_many([record])[0]

    def add_many(self, records: Iterable[T]) -> list[int]:
        docs = [compact(r.to_doc()) for r in records]

        def op(db: TinyDB) -> list[int]:
            first = self._repo._next_id(self.name)
            tables = self._repo._storage.read()
            raw = dict.get(tables, self.name)
            if isinstance(raw, schema.RawTable):
                # Not parsed yet (e.g. one `session add` on a 10-year file): append the new
                # documents to its bytes instead of parsing and re-encoding the whole table.
                ids = list(range(first, first + len(docs)))
                _append_unparsed(tables, self.name, raw, dict(zip(ids, docs, strict=True)))
                self._repo._storage.write(tables)
                return ids
            batch = [Document(doc, doc_id=first + i) for i, doc in enumerate(docs)]
            return list(db.table(self.name).insert_multiple(batch))

        return self._repo._write(op) if docs else []

    def restore(self, record: T) -> int:
        """Put back a deleted record under its old id (for undo); ids are never reused."""
        record_id = record.id
        if record_id is None:
            raise ValueError(f"only a {self.label} that was saved can be restored")
        doc = compact(record.to_doc())

        def op(db: TinyDB) -> int:
            if str(record_id) in self._repo._raw_table(self.name):
                raise ValueError(f"{self.label} {record_id} already exists")
            return int(db.table(self.name).insert(Document(doc, doc_id=record_id)))

        return self._repo._write(op)

    def update(self, record_id: int, record: T) -> T:
        doc = compact(record.to_doc())

        def op(db: TinyDB) -> None:
            docs = self._repo._raw_table(self.name)
            if str(record_id) not in docs:
                raise NotFoundError(self.label, record_id)
            # A new document, never the old one changed in place: the record cache knows
            # an unchanged record by its document being the same object.
            docs[str(record_id)] = doc
            self._repo._storage.write(self._repo._storage.read())

        self._repo._write(op)
        return replace(record, id=record_id)  # type: ignore[type-var]

    def delete(self, record_id: int) -> T:
        old = self.get(record_id)

        def op(db: TinyDB) -> None:
            if str(record_id) not in self._repo._raw_table(self.name):
                raise NotFoundError(self.label, record_id)
            db.table(self.name).remove(doc_ids=[record_id])

        self._repo._write(op)
        return old


class Transaction:
    """One read-modify-write under the write lock, on the records as they are in the file.

    `Repository.transaction(fn)` takes the lock, re-reads the file if another process wrote
    it, runs fn(tx), and saves once if fn changed anything. Reading a record here and writing
    it back can never overwrite a change another process made meanwhile: that change is
    already in what `get` returns (docs/STORAGE.md, "No lost update")."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo
        self.changed = False
        self._next: dict[str, int] = {}  # the next id per table, once known (lock held)

    def _docs(self, table: RecordTable[Any]) -> dict[str, Any]:
        return self._repo._storage.read().setdefault(table.name, {})

    def get(self, table: RecordTable[T], record_id: int) -> T:
        doc = self._docs(table).get(str(record_id))
        if doc is None:
            raise NotFoundError(table.label, record_id)
        return self._repo._build(table._type, doc, record_id)

    def exists(self, table: RecordTable[Any], record_id: int) -> bool:
        return str(record_id) in self._docs(table)

    def all(self, table: RecordTable[T]) -> list[T]:
        if not self.changed:
            return self._repo._records(table.name, table._type)
        return [
            self._repo._build(table._type, doc, int(key)) for key, doc in self._docs(table).items()
        ]

    def where(self, table: RecordTable[T], name: str, values: Iterable[Any]) -> list[T]:
        """The records whose stored field `name` is one of `values` (e.g. claim numbers, ISO
        dates), building only those: a lookup in ten years of records without making every
        record object."""
        wanted = set(values)
        return [
            self._repo._build(table._type, doc, int(key))
            for key, doc in self._docs(table).items()
            if doc.get(name) in wanted
        ]

    def add(self, table: RecordTable[T], record: T) -> T:
        # Many adds in one transaction (an import) must not rescan the table's ids each time.
        first = table.name not in self._next
        record_id = self._next.get(table.name) or self._repo._next_id(table.name)
        self._next[table.name] = record_id + 1
        doc = compact(record.to_doc())
        tables = self._repo._storage.read()
        raw = dict.get(tables, table.name)
        if first and isinstance(raw, schema.RawTable):
            # One visit logged on a 10-year file: appended to the table's bytes, which are
            # then written as they are, instead of parsing and re-encoding the table. (Only
            # the first add: appending copies the bytes, so an import's many adds parse.)
            _append_unparsed(tables, table.name, raw, {record_id: doc})
        else:
            self._docs(table)[str(record_id)] = doc
        self._touch(table)
        return replace(record, id=record_id)  # type: ignore[type-var]

    def put(self, table: RecordTable[T], record: T) -> T:
        """Replace the stored record with the same id (it must exist)."""
        record_id = record.id
        docs = self._docs(table)
        if record_id is None or str(record_id) not in docs:
            raise NotFoundError(table.label, record_id or 0)
        docs[str(record_id)] = compact(record.to_doc())
        self._touch(table)
        return record

    def restore(self, table: RecordTable[T], record: T) -> T:
        """Put back a deleted record under its old id (undo); ids are never reused."""
        record_id = record.id
        docs = self._docs(table)
        if str(record_id) in docs:
            raise ValueError(f"{table.label} {record_id} already exists")
        docs[str(record_id)] = compact(record.to_doc())
        self._touch(table)
        return record

    def delete(self, table: RecordTable[T], record_id: int) -> T:
        old = self.get(table, record_id)
        del self._docs(table)[str(record_id)]
        self._touch(table)
        return old

    def _touch(self, table: RecordTable[Any]) -> None:
        self.changed = True
        self._repo._stale(table.name)


class ImportConflict(ValueError):
    """An imported record would break a one-per rule (one diary entry per day, one plan per
    payer, one note per code): nothing is imported."""

    def __init__(self, table: str, record: Any, existing_id: int | None) -> None:
        self.table = table
        self.record = record
        self.existing_id = existing_id
        what = describe_unique(table, record)
        if existing_id is None:
            text = f"{what} appears twice in the file being imported"
        else:
            text = f"{what} is already in your data (id {existing_id}) with other values"
        super().__init__(text)


def describe_unique(table: str, record: Any) -> str:
    if table == "diary":
        return f"the diary day {record.date.isoformat()}"
    if table == "plans":
        return f"a plan for {record.payer}"
    if table == "code_notes":
        return f"a note for {record.code}"
    return f"this {table} record"


class Repository:
    """The patient's data file. Create with `open_repository(path)`."""

    def __init__(
        self,
        path: Path,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        unlock: Unlock | None = None,
    ) -> None:
        self.path = path
        self.notices: list[str] = []
        self.sealer: Sealer | None = None  # set while the file is encrypted and unlocked
        self._unlock = unlock
        self._lock_timeout = lock_timeout
        self._mutex = threading.RLock()  # one writer thread at a time inside this process
        self._file_lock: FileLock | None = None
        self._identity: Identity | None = None
        self._backup_day: date | None = None  # the day the daily backup was last checked
        # Records built per table, kept across saves: after a change only the records whose
        # documents changed are built again (docs/STORAGE.md, "Records in memory").
        self._built: dict[str, _Built] = {}
        self._writing = 0  # > 0 while the write lock is held: tables may be changing
        self._fresh_backups: list[Path] = []  # backups made by the write in progress
        self._content_key: str | None = None
        self._db: TinyDB
        self.sessions = RecordTable(self, "sessions", Session, "session")
        self.claims = RecordTable(self, "claims", Claim, "claim")
        self.plans = RecordTable(self, "plans", Plan, "plan")
        self.auths = RecordTable(self, "auths", Authorization, "authorization")
        self.diary = RecordTable(self, "diary", DiaryEntry, "diary entry")
        self.code_notes = RecordTable(self, "code_notes", CodeNote, "code note")
        self.clinics = RecordTable(self, "clinics", Clinic, "clinic")
        self.profile = RecordTable(self, "profile", Profile, "profile")
        self.calls = RecordTable(self, "calls", Call, "call")
        self.documents = RecordTable(self, "documents", ClaimDocument, "document")
        tables, self._identity, raw = self._read_disk()  # checks before anything else
        self._check_permissions()
        if schema.schema_version(tables) < schema.CURRENT_VERSION:
            self._migrate(raw)
        else:
            self._install(tables)

    # -- loading -----------------------------------------------------------------------

    def _read_disk(self) -> tuple[schema.Tables, Identity | None, bytes]:
        path = self.path
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return schema.empty_tables(), None, b""
        except OSError as exc:
            raise StoreError(path, f"it cannot be read ({exc.strerror})") from None
        if not stat.S_ISREG(st.st_mode):
            raise CorruptStoreError(path, "it is not a regular file")
        if hasattr(os, "getuid") and st.st_uid != os.getuid() and os.getuid() != 0:
            raise StoreError(path, "it belongs to another user", "check the path")
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | _NONBLOCK)
        except PermissionError:
            raise StoreError(path, "it cannot be read (permission denied)") from None
        except OSError as exc:
            raise StoreError(path, f"it cannot be read ({exc.strerror})") from None
        try:
            fst = os.fstat(fd)
            if not stat.S_ISREG(fst.st_mode):
                raise CorruptStoreError(path, "it is not a regular file")
            if fst.st_size > READ_LIMIT:
                raise _too_large(path)
            with os.fdopen(fd, "rb", closefd=False) as handle:
                # Sized to the file: read(READ_LIMIT + 1) first sets up a buffer of that
                # size (10 ms at 20k visits, against 3). A file that grew since fstat is
                # read on up to the limit, and refused below if it passed it.
                raw = handle.read(fst.st_size + 1)
                if len(raw) > fst.st_size:
                    raw += handle.read(READ_LIMIT + 1 - len(raw))
            if len(raw) > READ_LIMIT:
                raise _too_large(path)
        except OSError as exc:
            raise StoreError(path, f"it cannot be read ({exc.strerror})") from None
        finally:
            os.close(fd)
        try:
            return schema.parse(self._unseal(raw), path), _identity(fst), raw
        except ChangedOutsideError as exc:
            raise ChangedOutsideError(path, exc.reason, _changed_outside_hint(path)) from None

    def _unseal(self, raw: bytes) -> bytes:
        """The file's plain bytes: an encrypted file is opened with its key (docs/STORAGE.md,
        "Encryption at rest"); a wrong passphrase or a changed byte refuses the file whole."""
        if not is_encrypted(raw):
            self.sealer = None  # plain (perhaps decrypted by another floortrack process)
            return raw
        from . import crypto

        try:
            if self.sealer is not None:
                try:
                    return self.sealer.open(raw)
                except crypto.WrongSecret:  # its passphrase changed elsewhere: ask again
                    self.sealer = None
            if self._unlock is None:
                raise EncryptedStoreError(
                    self.path,
                    "it is encrypted",
                    "give its passphrase on a terminal, or name a file holding it in "
                    "FLOORTRACK_PASSPHRASE_FILE",
                )
            sealer = self._unlock(raw)
            plain = sealer.open(raw)
        except crypto.WrongSecret as exc:
            raise EncryptedStoreError(self.path, str(exc), "nothing was changed") from None
        except crypto.DamagedEncryption as exc:
            raise CorruptStoreError(
                self.path, str(exc), "restore a backup with `floortrack restore`"
            ) from None
        except crypto.EncryptionError as exc:
            raise EncryptedStoreError(self.path, str(exc)) from None
        self.sealer = sealer
        return plain

    def _install(self, tables: schema.Tables) -> None:
        storage = _MemoryBackedAtomicStorage(
            self.path, tables, self._saved, sealer=lambda: self.sealer
        )
        self._db = TinyDB(storage=lambda: storage)
        self._storage = storage
        self._content_key = schema.content_key(tables) if self.sealer is None else None
        self._stale()  # re-read: records whose documents are equal are kept

    def _saved(self, st: os.stat_result) -> None:
        self._identity = _identity(st)
        self._content_key = None  # what is in memory now was not read from a signed file
        self._stale()

    @property
    def content_key(self) -> str | None:
        """Names the content in memory while it is exactly a plain file floortrack wrote and
        this process read, unchanged since: results worked out from it can be kept under
        this name (store/derived.py). None for an encrypted, hand-edited, migrated or new
        file, or once this process has saved. Call `reload_if_changed` first to name the
        file as it is now."""
        return self._content_key

    def _stale(self, name: str | None = None) -> None:
        for table, built in self._built.items():
            if name is None or table == name:
                built.fresh = False

    def _reload(self) -> None:
        tables, self._identity, _ = self._read_disk()
        self._install(tables)

    def reload_if_changed(self) -> bool:
        """Re-read the file if another process changed it. True if it did."""
        with self._mutex:
            if self._disk_identity() == self._identity:
                return False
            tables, identity, raw = self._read_disk()
            if schema.schema_version(tables) < schema.CURRENT_VERSION:
                self._migrate(raw)
            else:
                self._identity = identity
                self._install(tables)
            return True

    def _disk_identity(self) -> Identity | None:
        try:
            return _identity(os.stat(self.path))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(self.path, f"it cannot be read ({exc.strerror})") from None

    def _migrate(self, raw: bytes) -> None:
        """Keep a verified backup of the old bytes, then save the migrated file."""
        from .backups import write_backup  # only needed for old files

        def op() -> None:
            tables, _, raw_now = self._read_disk()
            if schema.schema_version(tables) >= schema.CURRENT_VERSION:
                self._install(tables)
                return
            old_version = schema.schema_version(tables)
            migrated = schema.migrate(tables, self.path)
            write_backup(self.path, raw_now, reason=f"v{old_version}")
            self._install(migrated)
            self._storage.write(migrated)

        self._locked(op)
        self.notices.append(
            f"Your data file was upgraded to format {schema.CURRENT_VERSION}; "
            "a copy of the old file is in the backups folder."
        )

    # -- permissions -------------------------------------------------------------------

    def _check_permissions(self) -> None:
        """Health data: folder 0700, file 0600. An existing folder or file that others can
        read is reported, never chmod-ed: floortrack changes the mode only of what it creates
        (a shared or system folder named by --data must keep its mode). Every save writes
        the data file anew at 0600 (docs/STORAGE.md, "Private by default")."""
        if os.name == "nt":
            return
        for target, wanted, what in (
            (self.path.parent, 0o700, "folder"),
            (self.path, 0o600, "file"),
        ):
            try:
                st = os.lstat(target)
            except OSError:
                continue
            mode = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode) or not mode & 0o077:
                continue
            if what == "folder" and mode & stat.S_ISVTX:
                # A shared sticky folder (/tmp): others can list it, not our file. Say so.
                self.notices.append(
                    f"{target} is a shared folder (mode {mode:o}): others can see the data "
                    "file's name; keep it in a private folder."
                )
                continue
            self.notices.append(
                f"{target} can be read by others (mode {mode:o}) but holds health data: "
                f"make it private with: chmod {wanted:o} {target}"
            )

    def _ensure_folder(self) -> None:
        folder = self.path.parent
        if not folder.exists():
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(folder, 0o700)  # ours, just made: mkdir's mode is filtered by the umask
            except OSError as exc:
                reason = f"its folder cannot be created ({exc.strerror})"
                raise StoreWriteError(self.path, reason) from None

    # -- writing -----------------------------------------------------------------------

    def _locked(self, op: Callable[[], Result]) -> Result:
        with self._mutex:
            self._ensure_folder()
            # filelock is imported on the first write: a command or a first screen that only
            # reads never loads it (with its logging and threading: ~10-30 ms of start-up).
            from filelock import FileLock, Timeout

            if self._file_lock is None:
                self._file_lock = FileLock(
                    str(self.path) + LOCK_SUFFIX,
                    timeout=self._lock_timeout,
                    mode=0o600,
                    thread_local=False,
                )
            try:
                self._file_lock.acquire()
            except Timeout:
                raise StoreLockedError(
                    self.path,
                    f"another floortrack process kept it locked for over "
                    f"{self._lock_timeout:g} seconds",
                    "try again in a moment",
                ) from None
            except OSError as exc:
                raise StoreError(self.path, f"its lock file cannot be used ({exc})") from None
            self._writing += 1
            try:
                remove_stale_temps(self.path)
                return op()
            finally:
                self._writing -= 1
                self._file_lock.release()

    def _write(self, op: Callable[[TinyDB], Result]) -> Result:
        """Run one change under the lock against the latest file, and save it once."""

        def locked() -> Result:
            if self._disk_identity() != self._identity:
                self._reload()  # another process wrote: apply our change to its version
            self._fresh_backups = []
            self._daily_backup()
            try:
                return self._run_op(op)
            except FolderSyncError as exc:
                self._reload()  # the new file is in place: show it
                raise StoreWriteError(
                    self.path,
                    f"the change was written but the disk did not confirm it ({exc.strerror}); "
                    "check that it is there before trying again",
                ) from None
            except OSError as exc:
                self._reload()  # S2: what is on disk is the truth
                raise StoreWriteError(
                    self.path, f"saving failed ({exc.strerror or exc}); nothing was changed"
                ) from None
            except BaseException:
                self._reload()
                raise

        return self._locked(locked)

    def _run_op(self, op: Callable[[TinyDB], Result]) -> Result:
        try:
            return op(self._db)
        except FolderSyncError:
            raise
        except OSError as exc:
            if exc.errno != errno.ENOSPC or not self._drop_fresh_backups():
                raise
        # The backup just made took the space the save needed: the committed file is
        # unchanged, so drop that copy and save once more (docs/STORAGE.md, "Disk full").
        self._reload()
        return op(self._db)

    def _drop_fresh_backups(self) -> bool:
        """Delete the backups this write made (copies of the unchanged committed file)."""
        dropped = False
        for copy in self._fresh_backups:
            with contextlib.suppress(OSError):
                copy.unlink()
                dropped = True
        self._fresh_backups = []
        return dropped

    def transaction(self, fn: Callable[[Transaction], Result]) -> Result:
        """Run fn(tx) under the write lock against the latest file; save once if it changed.

        If fn raises, nothing is saved and the in-memory state is re-read from the file."""

        def op(_db: TinyDB) -> Result:
            tx = Transaction(self)
            result = fn(tx)
            if tx.changed:
                self._storage.write(self._storage.read())
            return result

        return self._write(op)

    def _daily_backup(self) -> None:
        """S8: before the first write of each day, keep a copy of the committed file.
        A failed backup never blocks the patient's save; it is reported as a notice."""
        from . import backups

        if self._backup_day == clock.today():
            return
        try:
            self._backup_day = backups.daily_backup(self.path, made=self._fresh_backups)
        except StoreError as exc:
            self._backup_day = clock.today()  # do not retry (and fail) on every save
            self.notices.append(f"No automatic backup today: {exc}")

    def _backup_before(self, reason: str) -> None:
        """Keep a verified copy of the committed file before a bulk change (under the lock)."""
        from .backups import write_backup

        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return  # nothing saved yet, nothing to keep
        if raw:
            self._fresh_backups.append(write_backup(self.path, raw, reason))

    def _next_id(self, name: str) -> int:
        tables = self._storage.read()
        marks = tables[schema.META_TABLE]["1"].get(HIGH_WATER, {})
        signed = getattr(tables, "ids_signed", False)
        raw = dict.get(tables, name)  # not .get(): no parsing
        if isinstance(raw, schema.RawTable) and name in marks and signed:
            # Unchanged since the save that recorded its high-water mark, and the mark is
            # covered by the _meta checksum: no need to parse the table to find a free id.
            return int(marks[name]) + 1
        used = [int(k) for k in self._raw_table(name)]
        return max(int(marks.get(name, 0)), max(used, default=0)) + 1

    # -- reading -----------------------------------------------------------------------

    def _raw_table(self, name: str) -> dict[str, Any]:
        return self._storage.read().get(name, {})

    def _unparsed(self, name: str) -> schema.RawTable | None:
        """The table's bytes if it has not been parsed yet (no parsing here)."""
        table = dict.get(self._storage.read(), name)
        return table if isinstance(table, schema.RawTable) else None

    @staticmethod
    def _build(record_type: type[T], doc: dict[str, Any], record_id: int) -> T:
        """A record from a document in memory. Every such document is canonical (written
        from a validated record, or validated when the file was opened), so visits and
        claims are built without validating again (store/trusted.py)."""
        builder = trusted.BUILDERS.get(record_type)
        if builder is None:
            return record_type.from_doc(doc, record_id)
        return builder(doc, record_id)  # type: ignore[no-any-return]

    def _peek(self, name: str) -> dict[str, Any]:
        tables = self._storage.read()
        if isinstance(tables, schema.LazyTables):
            return tables.peek(name)
        return tables.get(name, {})

    def _fresh_built(self, name: str) -> _Built | None:
        """The table's built records if they are known to match the table now, else None."""
        built = self._built.get(name)
        if built is None:
            return None
        if not built.fresh and built.source is not None:
            # Stale after a save or a re-read: unless the table is still the very bytes the
            # records were built from (another table changed).
            built.fresh = self._unparsed(name) is built.source
        return built if built.fresh else None

    def _records(self, name: str, record_type: type[T]) -> list[T]:
        with self._mutex:
            built = self._fresh_built(name)
            if built is None:
                old = self._built.get(name)
                raw = self._unparsed(name)
                grown = raw.grown_from if raw is not None else None
                if old is not None and grown is not None and grown[0] is old.source:
                    # The bytes the records were built from, with documents added: build
                    # only those (logging a visit on ten years builds one visit).
                    built = old.extended(grown[1].items(), record_type)
                    built.source = raw
                elif raw is not None and raw.months is not None:
                    # Still bytes: built a few months at a time, never all parsed at once.
                    docs = month_index.each_doc(raw.data, raw.months)
                    built = _Built.of(docs, record_type, old)
                    built.source = raw
                else:
                    built = _Built.of(self._raw_table(name).items(), record_type, old)
                    tables = self._storage.read()
                    if not self._writing and isinstance(tables, schema.LazyTables):
                        # Every record is built and every change saved: the parsed documents
                        # (more memory than the records) go; the table is its bytes again.
                        built.source = tables.unparse(name)
                if raw is not None:
                    raw.grown_from = None  # used (or not usable): let the old bytes go
                self._built[name] = built
            return list(built.records.values())

    # -- notes, settings, bulk -----------------------------------------------------------

    def note_for(self, code: str) -> str:
        wanted = normalize_code(code)
        for doc in self._raw_table("code_notes").values():
            if doc.get("code") == wanted:
                return str(doc.get("text", ""))
        return ""

    def set_note(self, code: str, text: str) -> None:
        """Attach the patient's own note to a code; an empty text removes it."""
        note = CodeNote(code, text.strip())
        existing = [n for n in self.code_notes.all() if n.code == note.code]
        if existing and not note.text:
            self.code_notes.delete(existing[0].id)  # type: ignore[arg-type]
        elif existing:
            self.code_notes.update(existing[0].id, note)  # type: ignore[arg-type]
        elif note.text:
            self.code_notes.add(note)

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self._raw_table(schema.SETTINGS_TABLE).get("1", {}).get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        def op(db: TinyDB) -> None:
            table = db.table(schema.SETTINGS_TABLE)
            if table.contains(doc_id=1):
                table.update({key: value}, doc_ids=[1])
            else:
                table.insert(Document({key: value}, doc_id=1))

        self._write(op)

    def import_records(
        self,
        records: dict[str, list[Any]],
        link: Callable[[Claim, Callable[[Iterable[date]], list[Session]]], Claim] | None = None,
        *,
        skip_existing: bool = False,
        unique: Mapping[str, Callable[[Any], Hashable]] | None = None,
        skipped: dict[str, int] | None = None,
    ) -> dict[str, list[int]]:
        """Add many records of several kinds in one save: all of them, or none.

        Records may carry ids from another file: they get new ids here, and a claim's
        `session_ids` are remapped to the new session ids. `link` may then attach sessions
        to claims that name none (e.g. by service date): it is given the visits in the file
        (read under the lock) and those imported, as a lookup by day. Documents are not
        imported: their files live beside the file they came from.

        `skip_existing`: a record equal to one already in the file (your own export imported
        again) is not added twice; it is counted in `skipped`. `unique` maps a table to the
        key that must be unique in it (one diary entry per day, one plan per payer): an
        incoming record whose key is taken (in the file, or earlier in the import) refuses
        the whole import with ImportConflict. Both are checked under the write lock, on the
        file as it is (docs/STORAGE.md, "Import").

        A failed import removes the backup it made, so repeated failures cannot fill the disk."""
        tables_order = [
            "sessions",
            "claims",
            "plans",
            "auths",
            "diary",
            "code_notes",
            "clinics",
            "profile",
            "calls",
        ]
        types: dict[str, Any] = {
            table.name: table._type
            for table in (
                self.sessions,
                self.claims,
                self.plans,
                self.auths,
                self.diary,
                self.code_notes,
                self.clinics,
                self.profile,
                self.calls,
            )
        }
        keys = dict(unique or {})

        def op(db: TinyDB) -> dict[str, list[int]]:
            data = self._storage.read()
            new_ids: dict[str, list[int]] = {}
            session_map: dict[int, int] = {}
            claim_map: dict[int, int] = {}
            by_day: _VisitsByDay | None = None  # the file's visits and the new ones

            def visits_by_day() -> _VisitsByDay:
                nonlocal by_day
                if by_day is None:
                    by_day = _VisitsByDay(
                        self._build(Session, doc, int(k))
                        for k, doc in data.get("sessions", {}).items()
                    )
                return by_day

            staged: dict[str, dict[str, Any]] = {}
            for name in tables_order:
                batch = records.get(name, [])
                new_ids[name] = []
                if not batch:
                    continue
                current = {
                    self._build(types[name], doc, int(k)): int(k)
                    for k, doc in data.get(name, {}).items()
                }
                key_of = keys.get(name)
                taken: dict[Hashable, int | None] = (
                    {key_of(r): i for r, i in current.items()} if key_of else {}
                )
                next_id = self._next_id(name)
                rows: dict[str, Any] = {}
                for record in batch:
                    if name == "calls":  # a call follows its claim to the claim's new id
                        record = replace(record, claim_id=claim_map.get(record.claim_id or 0))
                    if name == "claims":
                        record = replace(
                            record,
                            session_ids=tuple(
                                session_map[i] for i in record.session_ids if i in session_map
                            ),
                        )
                        if link is not None and not record.session_ids:
                            record = link(record, visits_by_day())
                    if skip_existing and record in current:
                        if name == "sessions" and record.id is not None:
                            session_map[record.id] = current[record]
                        if name == "claims" and record.id is not None:
                            claim_map[record.id] = current[record]
                        if skipped is not None:
                            skipped[name] = skipped.get(name, 0) + 1
                        continue
                    if key_of is not None:
                        key = key_of(record)
                        if key in taken:
                            raise ImportConflict(name, record, taken[key])
                        taken[key] = None  # taken by this import
                    record_id = next_id + len(rows)
                    if name == "sessions":
                        if record.id is not None:
                            session_map[record.id] = record_id
                        visits_by_day().add(replace(record, id=record_id))
                    if name == "claims" and record.id is not None:
                        claim_map[record.id] = record_id
                    current[replace(record, id=record_id)] = record_id
                    rows[str(record_id)] = compact(record.to_doc())
                    new_ids[name].append(record_id)
                staged[name] = rows
            if not any(staged.values()):
                return new_ids  # nothing new: no backup, no save
            self._backup_before("import")  # R8: a bulk change can be undone from backups/
            for name, rows in staged.items():
                data.setdefault(name, {}).update(rows)
            try:
                self._storage.write(data)
            except BaseException:
                self._drop_fresh_backups()  # the file is unchanged: the copy is not needed
                raise
            return new_ids

        return self._write(op)

    def export_documents(self) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
        """`export_tables`, each table's documents made one at a time as they are read, and
        no record kept: an export of ten years needs neither all records nor all documents
        in memory at once."""
        for table in (
            self.sessions,
            self.claims,
            self.plans,
            self.auths,
            self.diary,
            self.code_notes,
            self.clinics,
            self.profile,
            self.calls,
            self.documents,
        ):
            yield table.name, self._full_documents(table)

    def _full_documents(self, table: RecordTable[Any]) -> Iterator[dict[str, Any]]:
        # What to read is fixed under the lock (records, or bytes that never change); the
        # documents are then made outside it, one at a time.
        with self._mutex:
            built = self._fresh_built(table.name)
            raw = self._unparsed(table.name)
            if built is not None:
                records: Iterable[Any] = list(built.records.values())
            else:
                docs: Iterable[tuple[str, Any]] = (
                    month_index.each_doc(raw.data, raw.months)
                    if raw is not None and raw.months is not None
                    else list(self._peek(table.name).items())
                )
                records = (self._build(table._type, doc, int(key)) for key, doc in docs)
        for record in records:
            yield {"id": record.id, **record.to_doc()}

    def export_tables(self) -> dict[str, list[dict[str, Any]]]:
        """Every record of every kind as plain JSON-ready dicts, each with its id (full
        documents: a stable export shape)."""
        return {name: list(documents) for name, documents in self.export_documents()}


def _append_unparsed(
    tables: schema.Tables, name: str, raw: schema.RawTable, docs: dict[int, dict[str, Any]]
) -> None:
    """Add `docs` to a table still in bytes (see `schema.append_raw`) and record their ids
    as used: the writer takes high-water marks only from parsed tables."""
    grown: Any = schema.append_raw(name, raw, docs)
    dict.__setitem__(tables, name, grown)  # LazyTables: set the bytes as they are
    meta = tables[schema.META_TABLE]["1"]
    meta[HIGH_WATER] = {**meta.get(HIGH_WATER, {}), name: max(docs)}


class _VisitsByDay:
    """Visits by day: an import links each claim through its own few dates instead of
    scanning every visit for each claim (a claims CSV at ten years was quadratic)."""

    def __init__(self, sessions: Iterable[Session]) -> None:
        self._by_day: dict[date, list[Session]] = {}
        for session in sessions:
            self.add(session)

    def add(self, session: Session) -> None:
        self._by_day.setdefault(session.date, []).append(session)

    def __call__(self, days: Iterable[date]) -> list[Session]:
        return [s for day in set(days) for s in self._by_day.get(day, ())]


class _Built:
    """One table's records as last built, each with a fingerprint of its document."""

    __slots__ = ("prints", "records", "fresh", "source")

    def __init__(self, prints: dict[str, int], records: dict[str, Any]) -> None:
        self.prints = prints  # id -> the hash of the document's JSON
        self.records = records
        self.fresh = True
        self.source: schema.RawTable | None = None  # the bytes they were built from

    def extended(self, docs: Iterable[tuple[str, Any]], record_type: type[Any]) -> _Built:
        """These records and those of `docs` (added after them, in file order)."""
        added = _Built.of(docs, record_type, None)
        return _Built({**self.prints, **added.prints}, {**self.records, **added.records})

    @classmethod
    def of(
        cls, docs: Iterable[tuple[str, Any]], record_type: type[Any], old: _Built | None
    ) -> _Built:
        """Build the table's records, keeping each old record whose document has the same
        JSON: a save of one visit builds one visit, not ten years of them, and re-reading a
        file another process changed builds only what it changed. (The documents are not
        kept: at 20,000 visits and claims they took more memory than the records.)"""
        old_prints = old.prints if old is not None else {}
        old_records = old.records if old is not None else {}
        prints: dict[str, int] = {}
        records: dict[str, Any] = {}
        dumps = orjson.dumps
        with collection_paused():
            for key, doc in docs:
                mark = hash(dumps(doc))  # 64 bits: a false match is ~1 in 10^19
                prints[key] = mark
                if old_prints.get(key) == mark:
                    records[key] = old_records[key]
                else:
                    records[key] = Repository._build(record_type, doc, int(key))
        return cls(prints, records)


def open_repository(
    path: Path, lock_timeout: float | None = None, unlock: Unlock | None = None
) -> Repository:
    """Open (or prepare to create) the data file at `path`. Raises StoreError if unusable."""
    timeout = lock_timeout if lock_timeout is not None else locking.lock_timeout()
    return Repository(Path(path), lock_timeout=timeout, unlock=unlock)
