"""An older file is migrated after a backup of its exact bytes; a newer one is refused
(docs/STORAGE.md, S5).

floortrack has one file format so far, so these tests pretend the current one is 2 (by
patching `schema.CURRENT_VERSION` and adding `MIGRATIONS[1]`) and open real version-1 files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from floortrack.store import CorruptStoreError, FutureStoreError, open_repository, schema
from floortrack.store import atomic as atomic_module
from floortrack.store.backups import backup_folder


def _v1_to_v2(tables: schema.Tables) -> schema.Tables:
    """A plausible step: visits without a provider get a placeholder name."""
    for doc in tables.get("sessions", {}).values():
        doc.setdefault("provider", "(unknown clinic)")
    return tables


@pytest.fixture
def version_2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(schema, "CURRENT_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: _v1_to_v2})
    yield


def _version(path: Path) -> int:
    return orjson.loads(path.read_bytes())["_meta"]["1"]["schema_version"]


def _replaced(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record, in order, every file an atomic write puts in place."""
    order: list[Path] = []
    real = atomic_module.os.replace

    def replace(src: Any, dst: Any) -> None:
        real(src, dst)
        order.append(Path(dst))

    monkeypatch.setattr(atomic_module.os, "replace", replace)
    return order


def test_v1_file_is_backed_up_then_migrated(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_bytes = filled.read_bytes()
    assert _version(filled) == 1
    monkeypatch.setattr(schema, "CURRENT_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: _v1_to_v2})
    order = _replaced(monkeypatch)

    repo = open_repository(filled)

    backups = list(backup_folder(filled).iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == old_bytes
    assert order == [backups[0], filled], "the backup must be in place before the new file"
    assert _version(filled) == 2
    assert [s.provider for s in repo.sessions.all()] == ["Bloom Pelvic PT"] * 3
    third = orjson.loads(filled.read_bytes())["sessions"]["3"]
    assert third["provider"] == "Bloom Pelvic PT"  # set: the step leaves it alone
    assert any("upgraded" in n for n in repo.notices)
    assert len(repo.claims) == 2 and repo.note_for("97110")  # nothing else lost

    # Opening again: already current, so no second migration and no second backup.
    migrated = filled.read_bytes()
    again = open_repository(filled)
    assert filled.read_bytes() == migrated
    assert len(list(backup_folder(filled).iterdir())) == 1
    assert again.notices == []


def test_migration_fills_what_the_step_adds(data_file: Path, version_2: None) -> None:
    v1 = {
        "sessions": {"1": {"date": "2025-04-01", "lines": [{"code": "97110", "minutes": 30}]}},
        "_meta": {"1": {"schema_version": 1}},
    }
    data_file.parent.mkdir(parents=True)
    data_file.write_bytes(orjson.dumps(v1))
    repo = open_repository(data_file)
    assert repo.sessions.get(1).provider == "(unknown clinic)"
    assert _version(data_file) == 2


def test_migration_producing_bad_records_is_refused_and_changes_nothing(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(tables: schema.Tables) -> schema.Tables:
        for doc in tables["sessions"].values():
            doc["date"] = "someday"
        return tables

    before = filled.read_bytes()
    monkeypatch.setattr(schema, "CURRENT_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: broken})
    with pytest.raises(CorruptStoreError):
        open_repository(filled)
    assert filled.read_bytes() == before
    assert not backup_folder(filled).exists() or not list(backup_folder(filled).iterdir())


def test_missing_migration_step_is_refused(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = filled.read_bytes()
    monkeypatch.setattr(schema, "CURRENT_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {})
    with pytest.raises(CorruptStoreError, match="no migration"):
        open_repository(filled)
    assert filled.read_bytes() == before


def test_newer_file_is_refused(filled: Path, version_2: None) -> None:
    raw = filled.read_bytes().replace(b'"schema_version":1', b'"schema_version":3')
    filled.write_bytes(raw)
    with pytest.raises(FutureStoreError, match="newer floortrack"):
        open_repository(filled)
    assert filled.read_bytes() == raw


def test_a_new_file_starts_at_the_current_version(data_file: Path, version_2: None) -> None:
    repo = open_repository(data_file)
    repo.set_setting("theme", "dark")
    assert _version(data_file) == 2
    assert not backup_folder(data_file).exists()  # nothing to migrate, nothing to back up
