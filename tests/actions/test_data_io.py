"""Export, import, backup and restore as actions: what the CLI and the palette both call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from floortrack.actions import data_io
from floortrack.actions.sessions import add_session
from floortrack.model import ValidationError
from floortrack.store import Repository, StoreError, open_repository


def _repo_with_a_visit(data_file: Path) -> Repository:
    repo = open_repository(data_file)
    add_session(
        repo,
        date=date(2026, 3, 2),
        provider="Bloom PT",
        codes=["97110:30"],
        today=date(2026, 3, 14),
    )
    return repo


def test_json_export_then_import_into_another_file(data_file: Path, tmp_path: Path) -> None:
    repo = _repo_with_a_visit(data_file)
    out = tmp_path / "out" / "export.json"
    done = data_io.export_json(repo, out)
    assert done.paths == (out,) and done.visits == 1 and out.exists()
    other = open_repository(tmp_path / "other" / "floortrack.json")
    assert data_io.import_file(other, out) == {"sessions": 1}
    assert other.sessions.all()[0].provider == "Bloom PT"


def test_csv_export_writes_two_files_into_a_folder(data_file: Path, tmp_path: Path) -> None:
    repo = _repo_with_a_visit(data_file)
    done = data_io.export_csv(repo, tmp_path / "csv")
    assert [p.name for p in done.paths] == ["sessions.csv", "claims.csv"]
    assert "Bloom PT" in (tmp_path / "csv" / "sessions.csv").read_text()
    with pytest.raises(ValidationError, match="folder"):
        data_io.export_csv(repo, tmp_path / "x.csv")


def test_a_bad_import_changes_nothing(data_file: Path, tmp_path: Path) -> None:
    repo = _repo_with_a_visit(data_file)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ValidationError, match="nothing was imported"):
        data_io.import_file(repo, bad)
    assert len(repo.sessions) == 1


def test_backup_listed_and_restored_keeping_the_replaced_data(data_file: Path) -> None:
    repo = _repo_with_a_visit(data_file)
    copy = data_io.backup(repo)
    assert copy in [b.path for b in data_io.list_backups(repo)]
    assert data_io.check_backup(copy) == {"sessions": 1}
    add_session(
        repo, date=date(2026, 3, 3), provider="Later", codes=["97110:30"], today=date(2026, 3, 14)
    )
    result = data_io.restore(repo, copy)
    assert len(repo.sessions) == 1  # the repository was reloaded from the copy
    assert result.previous_backup is not None
    assert data_io.check_backup(result.previous_backup) == {"sessions": 2}


def test_restore_refuses_a_damaged_file(data_file: Path, tmp_path: Path) -> None:
    repo = _repo_with_a_visit(data_file)
    bad = tmp_path / "bad-backup.json"
    bad.write_text("[]")
    with pytest.raises(StoreError):
        data_io.restore(repo, bad)
    assert len(repo.sessions) == 1
