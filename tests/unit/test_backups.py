"""Rotating daily backups, manual backup and restore (docs/STORAGE.md, S8)."""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from floortrack.model import DiaryEntry
from floortrack.store import CorruptStoreError, FutureStoreError, backups, open_repository


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_write_of_the_day_keeps_a_copy_of_yesterdays_file(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-03-01")
    repo = open_repository(data_file)
    repo.diary.add(DiaryEntry(date(2026, 3, 1), leaks=3))  # new file: nothing to back up
    assert backups.list_backups(data_file) == []
    before = data_file.read_bytes()

    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-03-02")
    repo.diary.add(DiaryEntry(date(2026, 3, 2), leaks=2))
    repo.diary.add(DiaryEntry(date(2026, 2, 28), leaks=2))  # same day: no second copy
    kept = backups.list_backups(data_file)
    assert len(kept) == 1
    assert kept[0].reason == "daily" and kept[0].when.date() == date(2026, 3, 2)
    assert kept[0].path.read_bytes() == before  # the committed bytes before today's change
    assert kept[0].records == 1
    if os.name != "nt":
        assert (kept[0].path.stat().st_mode & 0o777) == 0o600


def test_another_process_on_the_same_day_does_not_copy_again(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-03-01")
    open_repository(data_file).diary.add(DiaryEntry(date(2026, 3, 1), leaks=3))
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-03-02")
    open_repository(data_file).diary.add(DiaryEntry(date(2026, 3, 2), leaks=1))
    open_repository(data_file).diary.add(DiaryEntry(date(2026, 3, 2), pads=1))
    assert len(backups.list_backups(data_file)) == 1


def test_rotation_policy_over_a_year_and_more() -> None:
    newest = datetime(2026, 2, 3, 9, 0)
    daily = [  # a copy every day for 400 days, newest first
        backups.BackupInfo(Path(f"b{i}"), newest - timedelta(days=i), "daily", 1, None)
        for i in range(400)
    ]
    kept = backups.backups_to_keep(daily, newest)
    ages = sorted(int(str(p)[1:]) for p in kept)
    assert len(kept) <= backups.KEEP_RECENT + backups.KEEP_DAILY + backups.KEEP_WEEKLY + 12
    assert ages[:7] == [0, 1, 2, 3, 4, 5, 6]  # the last week, day by day
    assert any(20 <= a <= 34 for a in ages)  # weekly copies for about a month
    assert max(ages) >= 300  # and monthly copies reaching back most of a year


def test_rotation_deletes_old_copies_on_disk(data_file: Path) -> None:
    data_file.parent.mkdir(parents=True)
    start = datetime(2026, 1, 1, 9, 0)
    for i in range(0, 60, 3):  # twenty copies over two months
        backups.write_backup(data_file, f"copy {i}".encode(), "daily", start + timedelta(days=i))
    names = sorted(p.name for p in (data_file.parent / "backups").iterdir())
    assert len(names) < 20
    assert len(backups.list_backups(data_file)) == len(names)
    assert backups.list_backups(data_file)[0].when == start + timedelta(days=57)


def test_manual_backup_and_restore_round_trip(data_file: Path, tmp_path: Path) -> None:
    repo = open_repository(data_file)
    repo.diary.add(DiaryEntry(date(2026, 3, 1), leaks=3))
    copy = backups.make_backup(repo, tmp_path / "copy.json")
    repo.diary.add(DiaryEntry(date(2026, 3, 2), leaks=1))
    newer = data_file.read_bytes()

    result = backups.restore_backup(data_file, copy, repo)
    assert [e.date for e in repo.diary.all()] == [date(2026, 3, 1)]
    assert result.previous_backup is not None
    assert result.previous_backup.read_bytes() == newer  # what was replaced is kept
    assert open_repository(data_file).diary.all()[0].leaks == 3


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", CorruptStoreError),
        (b"{not json", CorruptStoreError),
        (
            b'{"_meta": {"1": {"schema_version": 1}}, "diary": {"1": {"date": "x"}}}',
            CorruptStoreError,
        ),
        (b'{"_meta": {"1": {"schema_version": 99}}}', FutureStoreError),
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(
    data_file: Path, tmp_path: Path, content: bytes, error: type[Exception]
) -> None:
    repo = open_repository(data_file)
    repo.diary.add(DiaryEntry(date(2026, 3, 1), leaks=3))
    before = sha(data_file)
    listing = sorted(os.listdir(data_file.parent))
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(error):
        backups.restore_backup(data_file, bad, repo)
    assert sha(data_file) == before
    assert sorted(os.listdir(data_file.parent)) == listing
    assert repo.diary.all()[0].leaks == 3


def test_backup_of_a_missing_file_is_a_clear_error(data_file: Path) -> None:
    from floortrack.store import StoreError

    with pytest.raises(StoreError, match="nothing to back up"):
        backups.make_backup(open_repository(data_file))
