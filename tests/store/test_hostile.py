"""Issue 14 in-process: damaged files that still parse, hostile values, special files.

Each test reproduces a finding: it failed before the fix and names what a patient would
have lost or seen (docs/STORAGE.md (S12) lists each guarantee with its test).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from floortrack.model import DiaryEntry, Session, SessionLine, ValidationError, parse_money
from floortrack.store import ChangedOutsideError, CorruptStoreError, StoreError, open_repository
from floortrack.store import atomic as atomic_module
from floortrack.store.backups import backup_folder, make_backup, restore_backup
from floortrack.store.check import check_file, resign_file
from floortrack.store.exchange import ImportError_, read_import

from .test_corrupt_open import folder_state


def _meta(raw: bytes) -> tuple[int, dict[str, Any]]:
    at = raw.rfind(b'"_meta":')
    return at, orjson.loads(raw[at + len(b'"_meta":') : -1])


def _with_meta(raw: bytes, change: Any) -> bytes:
    at, meta = _meta(raw)
    change(meta["1"])
    return raw[:at] + b'"_meta":' + orjson.dumps(meta) + b"}"


def _visit(day: str = "2026-01-05", note: str = "") -> Session:
    return Session(date=day, note=note, lines=(SessionLine("97110", 25),))


# -- item 4: last_ids is covered by a checksum, and checked against the records ---------


def test_damaged_last_ids_never_replace_a_visit(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many([_visit(note="first"), _visit(note="second")])
    lowered = _with_meta(data_file.read_bytes(), lambda m: m["last_ids"].update(sessions=1))
    data_file.write_bytes(lowered)
    with pytest.raises(ChangedOutsideError):  # one damaged byte: the file is not trusted
        open_repository(data_file)


def test_an_unsigned_meta_with_low_last_ids_takes_a_free_id(data_file: Path) -> None:
    """A file from before _meta was signed: its counter is checked against the ids."""
    repo = open_repository(data_file)
    repo.sessions.add_many([_visit(note="first"), _visit(note="second")])

    def legacy(meta: dict[str, Any]) -> None:
        meta.pop("meta_crc32")
        meta["last_ids"]["sessions"] = 1

    data_file.write_bytes(_with_meta(data_file.read_bytes(), legacy))
    again = open_repository(data_file)
    assert again.sessions.add(_visit(note="third")) == 3
    notes = [s.note for s in open_repository(data_file).sessions.all()]
    assert notes == ["first", "second", "third"]


@pytest.mark.parametrize("marks", ['"x"', '{"sessions":"7"}', '{"sessions":true}', "[1]"])
def test_wrong_typed_last_ids_are_refused_on_open(data_file: Path, marks: str) -> None:
    open_repository(data_file).sessions.add(_visit())
    doc = orjson.loads(data_file.read_bytes())
    doc["_meta"]["1"].pop("content_crc32")
    doc["_meta"]["1"]["last_ids"] = orjson.loads(marks)
    data_file.write_bytes(orjson.dumps(doc))
    with pytest.raises(CorruptStoreError, match="record counter"):
        open_repository(data_file)


# -- item 5: a checksum mismatch is refused; duplicates and renamed keys too ------------


def _flip(raw: bytes, old: bytes, new: bytes) -> bytes:
    assert raw.count(old) == 1, old
    return raw.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"leaks":4', b'"leaks":6'),  # a value changed
        (b'"date":"2026-01-06"', b'"date":"2025-01-06"'),  # a date moved a year
        (b'"minutes":25', b'"minutez":25'),  # a key renamed: the visit loses its minutes
    ],
)
def test_a_changed_value_in_a_signed_file_is_refused(
    data_file: Path, old: bytes, new: bytes
) -> None:
    repo = open_repository(data_file)
    repo.sessions.add(_visit())
    repo.diary.add(DiaryEntry("2026-01-06", leaks=4))
    data_file.write_bytes(_flip(data_file.read_bytes(), old, new))
    before = folder_state(data_file.parent)
    with pytest.raises(ChangedOutsideError) as caught:
        open_repository(data_file)
    assert "changed outside floortrack" in str(caught.value)
    assert "floortrack check --resign" in str(caught.value)
    assert folder_state(data_file.parent) == before  # never re-signed, never touched


def test_the_refusal_names_the_newest_good_backup(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add(_visit())
    good = make_backup(repo)
    data_file.write_bytes(_flip(data_file.read_bytes(), b'"minutes":25', b'"minutes":45'))
    with pytest.raises(ChangedOutsideError, match=str(good)):
        open_repository(data_file)


def _unsigned(data_file: Path) -> dict[str, Any]:
    doc = orjson.loads(data_file.read_bytes())
    doc["_meta"]["1"].pop("content_crc32")
    return doc


def test_a_duplicate_key_is_refused(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many([_visit(note="kept"), _visit(note="dropped")])
    text = orjson.dumps(_unsigned(data_file)).replace(b'"2":{', b'"1":{')
    data_file.write_bytes(text)
    with pytest.raises(CorruptStoreError, match="appears twice"):
        open_repository(data_file)


def test_a_renamed_key_in_a_hand_edit_is_refused(data_file: Path) -> None:
    open_repository(data_file).sessions.add(_visit())
    text = orjson.dumps(_unsigned(data_file)).replace(b'"minutes"', b'"minutez"')
    data_file.write_bytes(text)
    with pytest.raises(CorruptStoreError, match="minutez"):
        open_repository(data_file)


def test_check_resigns_a_deliberate_edit_and_keeps_the_original(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.diary.add(DiaryEntry("2026-01-06", leaks=4))
    edited = _flip(data_file.read_bytes(), b'"leaks":4', b'"leaks":3')
    data_file.write_bytes(edited)
    report = check_file(data_file)
    assert report.valid and report.checksum == "changed" and not report.opens
    result = resign_file(data_file)
    assert result.backup is not None and result.backup.read_bytes() == edited
    assert result.report.checksum == "intact"
    assert open_repository(data_file).diary.all()[0].leaks == 3


def test_check_never_resigns_an_invalid_file(data_file: Path) -> None:
    open_repository(data_file).diary.add(DiaryEntry("2026-01-06", leaks=4))
    data_file.write_bytes(_flip(data_file.read_bytes(), b'"leaks":4', b'"leaks":"x"'))
    before = folder_state(data_file.parent)
    assert not check_file(data_file).valid
    with pytest.raises(CorruptStoreError):
        resign_file(data_file)
    assert folder_state(data_file.parent) == before


# -- item 6: one validation path, with bounds ---------------------------------------------


@pytest.mark.parametrize("key", ["²", "١", "01", "1 "])
def test_non_ascii_or_odd_record_ids_are_refused(data_file: Path, key: str) -> None:
    open_repository(data_file).sessions.add(_visit())
    doc = _unsigned(data_file)
    doc["sessions"][key] = doc["sessions"].pop("1")
    data_file.write_bytes(orjson.dumps(doc))
    with pytest.raises(CorruptStoreError, match="bad record id"):
        open_repository(data_file)


def test_restore_validates_every_record_even_with_a_good_checksum(tmp_path: Path) -> None:
    """A forged checksum (the algorithm is public) does not let bad records in."""
    from floortrack.store import schema

    source = tmp_path / "forged.json"
    tables = schema.empty_tables()
    dict.__setitem__(tables, "sessions", {"1": {"date": "9999-01-01"}})
    source.write_bytes(schema.serialize(tables))
    target = tmp_path / "data" / "floortrack.json"
    with pytest.raises(CorruptStoreError, match="out of range"):
        restore_backup(target, source)
    assert not target.exists()


@pytest.mark.parametrize(
    "typed",
    ["1,23", "١٢٣", "1_000", "1e2", "$$$5", "-0", "--5", "5$", "0x10", "1.005", " ", "NaN"],
)
def test_amounts_a_patient_would_not_mean_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_money(typed)


@pytest.mark.parametrize(
    ("typed", "value"), [("$1,234.56", "1234.56"), ("12", "12.00"), (".5", "0.50")]
)
def test_amounts_people_type_are_read(typed: str, value: str) -> None:
    assert str(parse_money(typed)) == value


# -- items 7 and 12: special files and import files -------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_import_and_restore_of_a_fifo_refuse_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ImportError_, match="not a regular file"):
        read_import(fifo, _today())
    with pytest.raises(StoreError, match="not a regular file"):
        restore_backup(tmp_path / "d.json", fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_without_reading_them(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip("no such device")
    with pytest.raises(ImportError_):
        read_import(Path(device), _today())
    with pytest.raises(StoreError):
        restore_backup(tmp_path / "d.json", Path(device))


def test_a_huge_import_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from floortrack.store import exchange

    monkeypatch.setattr(exchange, "IMPORT_LIMIT", 1000)
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(ImportError_, match="larger than"):
        read_import(big, _today())


def _today() -> Any:
    from datetime import date

    return date(2026, 3, 14)


def _export(tmp_path: Path, **tables: Any) -> Path:
    doc = {"format": "floortrack-export", "version": 1, **tables}
    path = tmp_path / "export.json"
    path.write_bytes(orjson.dumps(doc))
    return path


@pytest.mark.parametrize("version", [0, -5, True, "1", 1.0, None])
def test_export_versions_that_are_not_positive_integers_are_refused(
    tmp_path: Path, version: Any
) -> None:
    path = _export(tmp_path, version=version)
    with pytest.raises(ImportError_, match="version"):
        read_import(path, _today())


def test_a_bom_prefixed_json_export_is_read_as_json(tmp_path: Path) -> None:
    path = _export(tmp_path, sessions=[{"date": "2026-01-05"}])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(read_import(path, _today()).records["sessions"]) == 1


@pytest.mark.parametrize(
    "session",
    [
        {"date": "2099-01-05"},  # a visit in the future
        {"date": "9999-01-05"},  # past every date floortrack keeps
        {"date": "0001-01-01"},
        {"date": "2026-01-05", "note": "a\u0000b"},  # NUL
        {"date": "2026-01-05", "notes": "misspelt field"},
    ],
)
def test_imported_records_meet_the_same_bounds_as_typed_ones(
    tmp_path: Path, session: dict[str, Any]
) -> None:
    with pytest.raises(ImportError_):
        read_import(_export(tmp_path, sessions=[session]), _today())


# -- item 10: disk full, read-only folders, leftovers ------------------------------------


def test_a_daily_backup_never_takes_the_space_the_save_needs(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_repository(data_file).sessions.add(_visit())
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-02-01")  # a new day: a daily backup first
    real = atomic_module.atomic_write_bytes
    calls = {"n": 0}

    def full_once(path: Path, payload: Any) -> Any:
        if path == data_file and calls["n"] == 0:
            calls["n"] += 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, payload)

    from floortrack.store import repository as repository_module

    monkeypatch.setattr(repository_module, "atomic_write_bytes", full_once)
    repo = open_repository(data_file)
    assert repo.sessions.add(_visit("2026-01-08")) == 2  # saved, after dropping the copy
    assert len(open_repository(data_file).sessions) == 2
    assert list(backup_folder(data_file).glob("*-daily-*")) == []


def test_a_failed_import_leaves_no_backup(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_repository(data_file).sessions.add(_visit())
    make_backup(open_repository(data_file))  # today's copy exists: no daily backup now
    before = sorted(p.name for p in backup_folder(data_file).iterdir())

    from floortrack.store import repository as repository_module

    def failing(path: Path, payload: Any) -> Any:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(repository_module, "atomic_write_bytes", failing)
    repo = open_repository(data_file)
    with pytest.raises(StoreError):
        repo.import_records({"sessions": [_visit("2026-02-02")]})
    assert sorted(p.name for p in backup_folder(data_file).iterdir()) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_restore_into_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "good.json"
    open_repository(source).sessions.add(_visit())
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot be written|could not be written"):
            restore_backup(folder / "d.json", source)
    finally:
        folder.chmod(0o700)


def test_temp_files_left_in_backups_are_removed_by_the_next_backup(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add(_visit())
    make_backup(repo)
    stale = (
        backup_folder(data_file) / f".{data_file.stem}-manual-20260101-000000-000000.json.x1.tmp"
    )
    stale.write_bytes(b"half a backup")
    make_backup(repo)
    assert not stale.exists()


# -- item 9: text other programs open ----------------------------------------------------


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    from floortrack.store.exchange import sessions_csv

    visits = [
        _visit(note=note)
        for note in ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3")
    ]
    import csv
    import io

    text = sessions_csv(visits)
    for row in list(csv.DictReader(io.StringIO(text))):
        assert row["note"].startswith("'"), row
    path = tmp_path / "s.csv"
    path.write_text(text)
    back = read_import(path, _today()).records["sessions"]
    assert [s.note for s in back] == [v.note for v in visits]  # and import reads them back


def test_a_note_cannot_add_markdown_or_html_to_a_packet() -> None:
    from floortrack.reports.document import Bullets, Document, Para, Table
    from floortrack.reports.markdown import render_markdown

    evil = "# Paid in full\n[click](javascript:x) <script>alert(1)</script> **bold**"
    doc = Document(title=evil)
    doc.add(Para(evil), Bullets((evil,)), Table(("note",), ((evil,),), "l"))
    out = render_markdown(doc)
    import re

    assert "<script>" not in out and "**bold**" not in out
    assert not re.search(r"(?<!\\)\]\(javascript", out)  # the link is escaped, dead
    assert not any(line.startswith("# Paid") for line in out.splitlines())
    assert "Paid in full" in out
