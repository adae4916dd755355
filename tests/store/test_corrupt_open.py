"""In-process: a damaged, foreign or future data file is refused, named, and left alone
(docs/STORAGE.md, S6).

Every case is opened with `open_repository`. The defined outcome is a StoreError
(CorruptStoreError, or FutureStoreError for a newer format) whose message names the file;
the file's bytes and mtime are unchanged and no file appears in its folder. Anything else
(an uncaught exception, a silently "fresh" store, a write) is a failure.

The same corpus runs through the real CLI in tests/cli/test_corrupt_files.py.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from floortrack.store import (
    ChangedOutsideError,
    CorruptStoreError,
    FutureStoreError,
    StoreError,
    open_repository,
)
from floortrack.store.repository import Repository


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and mtime: what must not change."""
    state = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            state[str(p.relative_to(folder))] = (p.read_bytes(), p.stat().st_mtime_ns)
        else:
            state[str(p.relative_to(folder))] = (b"<not a file>", 0)
    return state


def assert_refused(path: Path, expected: type[StoreError] = CorruptStoreError) -> StoreError:
    before = folder_state(path.parent)
    with pytest.raises(expected) as caught:
        open_repository(path)
    assert str(path) in str(caught.value)
    assert folder_state(path.parent) == before
    return caught.value


def _doc(raw: bytes) -> dict[str, Any]:
    return orjson.loads(raw)


def _dump(doc: Any) -> bytes:
    return orjson.dumps(doc)


def _plain(doc: dict[str, Any]) -> dict[str, Any]:
    """The file as a hand edit or another tool would leave it: the checksum no longer holds."""
    doc["_meta"]["1"].pop("content_crc32", None)
    doc["_meta"]["1"].pop("layout", None)
    return doc


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    def make(raw: bytes) -> bytes:
        doc = _plain(_doc(raw))
        change(doc)
        return _dump(doc)

    return make


def _set_version(value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["_meta"]["1"]["schema_version"] = value

    return change


def _session_field(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["sessions"]["2"][name] = value

    return change


def _first_minutes(value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["sessions"]["2"]["lines"][0]["minutes"] = value

    return change


def _claim_field(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["claims"]["1"][name] = value

    return change


def _rename_id(table: str, new: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc[table][new] = doc[table].pop("1")

    return change


def _nan(raw: bytes) -> bytes:
    return raw.replace(b'"pain_before":6', b'"pain_before":NaN', 1)


def _bad_utf8(raw: bytes) -> bytes:
    return raw.replace(b"Bloom", b"Bl\xffom", 1)


def _strip_meta(raw: bytes) -> bytes:
    doc = _doc(raw)
    del doc["_meta"]
    return _dump(doc)


# name -> (make the bad bytes from a valid file's bytes, the StoreError expected)
CORPUS: dict[str, tuple[Callable[[bytes], bytes], type[StoreError]]] = {
    "empty (0 bytes)": (lambda raw: b"", CorruptStoreError),
    "last byte removed": (lambda raw: raw[:-1], CorruptStoreError),
    "trailing garbage": (lambda raw: raw + b"garbage", CorruptStoreError),
    "duplicated root }{": (lambda raw: raw + raw, CorruptStoreError),
    "root then {}": (lambda raw: raw + b"{}", CorruptStoreError),
    "4 KB of NULs": (lambda raw: b"\0" * 4096, CorruptStoreError),
    "NUL-padded tail": (lambda raw: raw + b"\0" * 512, CorruptStoreError),
    "NULs over the middle": (
        lambda raw: raw[:100] + b"\0" * 200 + raw[300:],
        CorruptStoreError,
    ),
    "invalid UTF-8": (_bad_utf8, CorruptStoreError),
    "UTF-8 BOM": (lambda raw: b"\xef\xbb\xbf" + raw, CorruptStoreError),
    "JSON array []": (lambda raw: b"[]", CorruptStoreError),
    "JSON null": (lambda raw: b"null", CorruptStoreError),
    "JSON string": (lambda raw: b'"str"', CorruptStoreError),
    "JSON number": (lambda raw: b"1", CorruptStoreError),
    "empty object {}": (lambda raw: b"{}", CorruptStoreError),
    "stock TinyDB file": (
        lambda raw: b'{"_default": {"1": {"date": "2026-01-05", "minutes": 25}}}',
        CorruptStoreError,
    ),
    "our tables without _meta": (_strip_meta, CorruptStoreError),
    "_meta is a list": (_edit(lambda d: d.update(_meta=[1])), CorruptStoreError),
    "newer schema_version": (_edit(_set_version(2)), FutureStoreError),
    "much newer schema_version": (_edit(_set_version(999)), FutureStoreError),
    "newer version, checksum intact": (
        lambda raw: raw.replace(b'"schema_version":1', b'"schema_version":2'),
        FutureStoreError,
    ),
    "string version": (_edit(_set_version("1")), CorruptStoreError),
    "float version": (_edit(_set_version(1.0)), CorruptStoreError),
    "boolean version": (_edit(_set_version(True)), CorruptStoreError),
    "version 0": (_edit(_set_version(0)), CorruptStoreError),
    "no version": (_edit(lambda d: d["_meta"]["1"].pop("schema_version")), CorruptStoreError),
    "100k-deep nesting": (lambda raw: b"[" * 100_000 + b"]" * 100_000, CorruptStoreError),
    "deep nesting inside a record": (
        lambda raw: raw.replace(
            b'"note":"First', b'"x":' + b"[" * 5000 + b"]" * 5000 + b',"note":"First', 1
        ),
        CorruptStoreError,
    ),
    "NaN value": (_nan, CorruptStoreError),
    "Infinity value": (
        lambda raw: raw.replace(b'"pain_before":6', b'"pain_before":Infinity', 1),
        CorruptStoreError,
    ),
    "record id 'abc'": (_edit(_rename_id("sessions", "abc")), CorruptStoreError),
    "record id '0'": (_edit(_rename_id("sessions", "0")), CorruptStoreError),
    "record id '-1'": (_edit(_rename_id("claims", "-1")), CorruptStoreError),
    "record id '1.5'": (_edit(_rename_id("claims", "1.5")), CorruptStoreError),
    "table is a list": (_edit(lambda d: d.update(sessions=[1, 2])), CorruptStoreError),
    "record is a string": (
        _edit(lambda d: d["sessions"].update({"1": "a visit"})),
        CorruptStoreError,
    ),
    "minutes 'abc'": (_edit(_first_minutes("abc")), CorruptStoreError),
    "minutes 9999": (_edit(_first_minutes(9999)), CorruptStoreError),
    "date 12": (_edit(_session_field("date", 12)), CorruptStoreError),
    "date 2026-02-30": (_edit(_session_field("date", "2026-02-30")), CorruptStoreError),
    "no date": (_edit(lambda d: d["sessions"]["2"].pop("date")), CorruptStoreError),
    "pain 11": (_edit(_session_field("pain_before", 11)), CorruptStoreError),
    "lines is a string": (_edit(_session_field("lines", "97110")), CorruptStoreError),
    "bad procedure code": (_edit(_session_field("lines", [{"code": "9711"}])), CorruptStoreError),
    "claim billed 'abc'": (_edit(_claim_field("billed", "abc")), CorruptStoreError),
    "claim billed float 1.005": (_edit(_claim_field("billed", 1.005)), CorruptStoreError),
    "claim status unknown": (_edit(_claim_field("status", "lost")), CorruptStoreError),
    "claim history not a list": (_edit(_claim_field("history", 5)), CorruptStoreError),
    "claim session_ids strings": (_edit(_claim_field("session_ids", ["1"])), CorruptStoreError),
    # issue 14: damage that still parses
    "a value changed, checksum kept": (
        lambda raw: raw.replace(b'"pain_before":6', b'"pain_before":4', 1),
        ChangedOutsideError,
    ),
    "a key renamed, checksum kept": (
        lambda raw: raw.replace(b'"minutes":25', b'"minutez":25', 1),
        ChangedOutsideError,
    ),
    "last_ids lowered, checksum kept": (
        lambda raw: raw.replace(b'"last_ids":{"sessions":3', b'"last_ids":{"sessions":1', 1),
        ChangedOutsideError,
    ),
    "a key renamed by hand": (
        lambda raw: _dump(_plain(_doc(raw))).replace(b'"minutes"', b'"minutez"', 1),
        CorruptStoreError,
    ),
    "a record id given twice": (
        lambda raw: _dump(_plain(_doc(raw))).replace(b'"2":{', b'"1":{', 1),
        CorruptStoreError,
    ),
    "a field given twice": (
        lambda raw: _dump(_plain(_doc(raw))).replace(
            b'"pain_before":6', b'"pain_before":6,"pain_before":2', 1
        ),
        CorruptStoreError,
    ),
    "record id '²'": (_edit(_rename_id("sessions", "²")), CorruptStoreError),
    "record id '01'": (_edit(_rename_id("sessions", "01")), CorruptStoreError),
    "last_ids a string": (_edit(lambda d: d["_meta"]["1"].update(last_ids="x")), CorruptStoreError),
    "last_ids value a string": (
        _edit(lambda d: d["_meta"]["1"].update(last_ids={"sessions": "9"})),
        CorruptStoreError,
    ),
    "date 9999-12-31": (_edit(_session_field("date", "9999-12-31")), CorruptStoreError),
    "date 0001-01-01": (_edit(_session_field("date", "0001-01-01")), CorruptStoreError),
    "NUL in a note": (_edit(_session_field("note", "a\u0000b")), CorruptStoreError),
    "unknown field": (_edit(_session_field("minutes_total", 40)), CorruptStoreError),
    "money 1,23": (_edit(_claim_field("billed", "1,23")), CorruptStoreError),
    "money in Arabic-Indic digits": (_edit(_claim_field("billed", "١٢٣")), CorruptStoreError),
}


@pytest.mark.parametrize("case", CORPUS)
def test_bad_file_is_refused_and_left_alone(filled: Path, case: str) -> None:
    make, expected = CORPUS[case]
    filled.write_bytes(make(filled.read_bytes()))
    error = assert_refused(filled, expected)
    assert "\n" not in str(error)  # one line for the CLI to print


def test_truncated_at_every_offset_is_refused(filled: Path) -> None:
    raw = filled.read_bytes()
    assert len(raw) > 1500  # a realistic small file, every kind of record in it
    for cut in range(len(raw)):
        filled.write_bytes(raw[:cut])
        with pytest.raises(CorruptStoreError):
            open_repository(filled)
    # (bytes/mtime unchanged is checked in the corpus test; here only the outcome, for speed)


def test_a_directory_at_the_path_is_refused(data_file: Path) -> None:
    data_file.mkdir(parents=True)
    assert_refused(data_file)


def test_a_fifo_at_the_path_is_refused_without_blocking(data_file: Path) -> None:
    data_file.parent.mkdir(parents=True)
    os.mkfifo(data_file, 0o600)
    assert_refused(data_file)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a mode-000 file (CI runs as root)")
def test_an_unreadable_file_is_refused(filled: Path) -> None:
    filled.chmod(0o000)
    try:
        error = assert_refused(filled, StoreError)
        assert "permission" in str(error).lower()
    finally:
        filled.chmod(0o600)


def test_a_file_damaged_by_another_process_blocks_writes_and_is_kept(filled: Path) -> None:
    repo = open_repository(filled)
    assert len(repo.sessions) == 3
    filled.write_bytes(filled.read_bytes()[:-40])  # another program half-wrote it
    before = folder_state(filled.parent)
    with pytest.raises(CorruptStoreError):
        repo.reload_if_changed()
    from floortrack.model import Session, SessionLine

    with pytest.raises(CorruptStoreError):
        repo.sessions.add(Session(date="2026-02-02", lines=(SessionLine("97110", 20),)))
    assert folder_state(filled.parent) == before


# -- the checksum fast path must not trust what the checksum does not cover -------------


def _with_layout(raw: bytes, change: Callable[[dict[str, list[int]]], None]) -> bytes:
    """Change only `_meta.layout` (which the content checksum does not cover)."""
    at = raw.rfind(b'"_meta":')
    meta = orjson.loads(raw[at + len(b'"_meta":') : -1])
    change(meta["1"]["layout"])
    return raw[:at] + b'"_meta":' + orjson.dumps(meta) + b"}"


def _shift_start(layout: dict[str, list[int]]) -> None:
    layout["sessions"][0] += 1


def _swap_tables(layout: dict[str, list[int]]) -> None:
    layout["sessions"], layout["claims"] = layout["claims"], layout["sessions"]


def _bogus_range(layout: dict[str, list[int]]) -> None:
    layout["claims"] = [5, 3]


def _not_numbers(layout: dict[str, list[int]]) -> None:
    layout["claims"] = ["a", "b"]


@pytest.mark.parametrize("change", [_shift_start, _swap_tables, _bogus_range, _not_numbers])
def test_damaged_layout_never_breaks_later_reads(filled: Path, change: Any) -> None:
    expected = open_repository(filled).export_tables()
    filled.write_bytes(_with_layout(filled.read_bytes(), change))
    _assert_opens_whole_or_refused(filled, expected)


def _assert_opens_whole_or_refused(path: Path, expected: dict[str, Any] | None) -> None:
    """The file is refused with a StoreError, or every record in it reads without error."""
    try:
        repo = open_repository(path)
    except StoreError as exc:
        assert str(path) in str(exc)
        return
    tables = _read_everything(repo)
    if expected is not None:
        assert tables == expected


def _read_everything(repo: Repository) -> dict[str, Any]:
    tables = repo.export_tables()
    repo.get_setting("theme")
    repo.note_for("97110")
    for table in (repo.sessions, repo.claims, repo.plans, repo.auths, repo.diary):
        for record in table.all():
            assert table.get(record.id) == record
    return tables


# -- random damage (Hypothesis): refused, or read whole; never an uncaught exception -----


def _valid_file_bytes() -> bytes:
    return _VALID.value if _VALID.value is not None else _VALID.get()


class _Lazy:
    value: bytes | None = None

    def get(self) -> bytes:
        import importlib.util

        spec = importlib.util.spec_from_file_location(
            "_store_conftest", Path(__file__).with_name("conftest.py")
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "f.json"
            module.fill(open_repository(path))
            self.value = path.read_bytes()
        return self.value


_VALID = _Lazy()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    flips=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=3
    ),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_random_damage_is_refused_or_read_whole(
    flips: list[tuple[float, int]], cut: float | None
) -> None:
    raw = bytearray(_valid_file_bytes())
    for where, value in flips:
        raw[int(where * len(raw))] = value
    if cut is not None:
        raw = raw[: int(cut * len(raw))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.json"
        path.write_bytes(bytes(raw))
        before = folder_state(Path(folder))
        _assert_opens_whole_or_refused(path, None)
        assert folder_state(Path(folder)) == before


def test_random_damage_seeded_sweep(filled: Path) -> None:
    """Deterministic companion to the Hypothesis test: 300 single-byte changes."""
    raw = filled.read_bytes()
    rng = random.Random(3)
    for _ in range(300):
        damaged = bytearray(raw)
        damaged[rng.randrange(len(raw))] = rng.randrange(256)
        filled.write_bytes(bytes(damaged))
        _assert_opens_whole_or_refused(filled, None)
