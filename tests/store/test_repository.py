"""The typed repository: add/get/update/delete/restore per table, ids, memory reads, reloads,
settings and notes, and all-or-nothing import. Each test checks what a fresh open reads back
from disk, not only what the object in memory says."""

from __future__ import annotations

import builtins
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from floortrack.model import (
    Authorization,
    Claim,
    CodeNote,
    DiaryEntry,
    Plan,
    Session,
    SessionLine,
)
from floortrack.store import NotFoundError, Repository, open_repository

from .conftest import sample_claims, sample_sessions

# table name -> (a record, the same record changed)
RECORDS: dict[str, tuple[Any, Any]] = {
    "sessions": (
        sample_sessions()[0],
        replace(sample_sessions()[0], pain_after=2, note="changed"),
    ),
    "claims": (sample_claims()[1], replace(sample_claims()[1], status="appealed")),
    "plans": (Plan("Aetna", visit_limit=20), Plan("Aetna", visit_limit=30)),
    "auths": (
        Authorization("Aetna", 12, "2026-01-01", "2026-06-30"),
        Authorization("Aetna", 24, "2026-01-01", "2026-12-31", number="PA-2"),
    ),
    "diary": (DiaryEntry("2026-01-09", leaks=2), DiaryEntry("2026-01-09", leaks=0, note="dry")),
    "code_notes": (CodeNote("97110", "exercise"), CodeNote("97110", "bridges")),
}


def _table(repo: Repository, name: str) -> Any:
    return getattr(repo, name)  # the table attributes carry the TinyDB table names


@pytest.mark.parametrize("name", RECORDS)
def test_add_get_update_delete_restore(data_file: Path, name: str) -> None:
    first, changed = RECORDS[name]
    repo = open_repository(data_file)
    table = _table(repo, name)
    record_id = table.add(first)
    assert record_id == 1
    assert table.get(1) == first and table.get(1).id == 1
    assert _table(open_repository(data_file), name).get(1) == first

    updated = table.update(1, changed)
    assert updated == changed and updated.id == 1
    assert _table(open_repository(data_file), name).all() == [changed]

    removed = table.delete(1)
    assert removed == changed
    assert len(table) == 0
    with pytest.raises(NotFoundError):
        table.get(1)
    assert _table(open_repository(data_file), name).all() == []

    assert table.restore(removed) == 1  # undo puts it back under its old id
    assert _table(open_repository(data_file), name).get(1) == changed
    with pytest.raises(ValueError):
        table.restore(removed)  # already there: never duplicated
    assert len(_table(open_repository(data_file), name)) == 1


@pytest.mark.parametrize("name", RECORDS)
def test_unknown_ids_are_not_found_and_change_nothing(data_file: Path, name: str) -> None:
    first, changed = RECORDS[name]
    repo = open_repository(data_file)
    table = _table(repo, name)
    table.add(first)
    before = data_file.read_bytes()
    for action in (lambda: table.get(9), lambda: table.update(9, changed), lambda: table.delete(9)):
        with pytest.raises(NotFoundError) as caught:
            action()
        assert "9" in str(caught.value)
    assert data_file.read_bytes() == before


def test_ids_are_never_reused_even_after_reopening(data_file: Path) -> None:
    repo = open_repository(data_file)
    ids = repo.sessions.add_many(sample_sessions())
    assert ids == [1, 2, 3]
    repo.sessions.delete(3)  # the highest id
    repo.sessions.delete(2)
    assert repo.sessions.add(sample_sessions()[0]) == 4
    reopened = open_repository(data_file)
    reopened.sessions.delete(4)
    assert reopened.sessions.add(sample_sessions()[1]) == 5
    assert [s.id for s in open_repository(data_file).sessions.all()] == [1, 5]


def test_all_keeps_insertion_order_and_returns_copies(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(sample_sessions())
    first = repo.sessions.all()
    first.clear()  # a caller mangling its list does not touch the store
    assert [s.date.isoformat() for s in repo.sessions.all()] == [
        "2026-01-05",
        "2026-01-08",
        "2026-01-12",
    ]


def test_reads_are_served_from_memory(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(sample_sessions())
    repo.claims.add_many(sample_claims())
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    for _ in range(50):
        assert len(repo.sessions.all()) == 3
        assert repo.claims.get(2).status == "denied"
        assert len(repo.claims) == 2
        repo.note_for("97110")
        repo.get_setting("theme")
        assert repo.reload_if_changed() is False  # a stat, not a read
    assert [p for p in opened if str(data_file) in p] == []


def test_repeated_reads_build_records_once(
    data_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(sample_sessions())
    built = {"n": 0}
    real = Session.from_doc.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Session], doc: dict[str, Any], id: int | None = None) -> Session:
        built["n"] += 1
        return real(cls, doc, id)

    monkeypatch.setattr(Session, "from_doc", classmethod(counting))
    for _ in range(20):
        repo.sessions.all()
    assert built["n"] <= 3  # once per record, not once per call


def test_reload_if_changed_sees_another_repository_write(data_file: Path) -> None:
    tui = open_repository(data_file)
    tui.sessions.add(sample_sessions()[0])
    cli = open_repository(data_file)
    cli.sessions.add(sample_sessions()[1])
    cli.claims.add(sample_claims()[0])
    assert len(tui.sessions) == 1  # not yet: reads come from memory
    assert tui.reload_if_changed() is True
    assert len(tui.sessions) == 2 and len(tui.claims) == 1
    assert tui.reload_if_changed() is False


def test_a_write_from_a_stale_repository_keeps_the_other_write(data_file: Path) -> None:
    """No lost update: the stale writer re-reads under the lock before applying its change."""
    a = open_repository(data_file)
    b = open_repository(data_file)
    a.sessions.add(sample_sessions()[0])
    b.sessions.add(sample_sessions()[1])  # b never saw a's visit
    a.set_note("97140", "manual therapy")
    final = open_repository(data_file)
    assert [s.id for s in final.sessions.all()] == [1, 2]
    assert final.note_for("97140") == "manual therapy"


def test_settings_round_trip(data_file: Path) -> None:
    repo = open_repository(data_file)
    assert repo.get_setting("theme") is None
    assert repo.get_setting("theme", "textual-dark") == "textual-dark"
    repo.set_setting("theme", "textual-light")
    repo.set_setting("page_size", 200)
    repo.set_setting("columns", ["date", "codes"])
    repo.set_setting("theme", "nord")
    reopened = open_repository(data_file)
    assert reopened.get_setting("theme") == "nord"
    assert reopened.get_setting("page_size") == 200
    assert reopened.get_setting("columns") == ["date", "codes"]


def test_code_notes_set_change_and_clear(data_file: Path) -> None:
    repo = open_repository(data_file)
    assert repo.note_for("97110") == ""
    repo.set_note("97110", "  bridges and clamshells  ")
    repo.set_note("co 97", "bundled: ask the clinic")
    assert open_repository(data_file).note_for("97110") == "bridges and clamshells"
    assert open_repository(data_file).note_for("CO-97") == "bundled: ask the clinic"
    repo.set_note("97110", "changed")
    assert len(open_repository(data_file).code_notes) == 2  # changed in place, not added
    assert open_repository(data_file).note_for("97110") == "changed"
    repo.set_note("97110", "")
    reopened = open_repository(data_file)
    assert reopened.note_for("97110") == ""
    assert len(reopened.code_notes) == 1


def test_import_records_adds_all_kinds_in_one_save(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add(sample_sessions()[0])
    sessions = [replace(s, id=10 + i) for i, s in enumerate(sample_sessions())]
    claims = [replace(sample_claims()[1], session_ids=(11, 12))]
    new_ids = repo.import_records({"sessions": sessions, "claims": claims})
    assert new_ids["sessions"] == [2, 3, 4]
    assert new_ids["claims"] == [1]
    reopened = open_repository(data_file)
    assert len(reopened.sessions) == 4
    assert reopened.claims.get(1).session_ids == (3, 4)  # remapped to the new ids


def test_import_records_is_all_or_nothing(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(sample_sessions())
    before = data_file.read_bytes()

    class Exploding(Claim):
        def to_doc(self) -> dict[str, Any]:
            raise ValueError("this record cannot be stored")

    bad = Exploding(service_dates=("2026-01-05",), payer="Aetna", billed="10.00")
    with pytest.raises(ValueError):
        repo.import_records({"sessions": sample_sessions(), "claims": [sample_claims()[0], bad]})
    assert data_file.read_bytes() == before
    assert len(repo.sessions) == 3 and len(repo.claims) == 0  # memory matches the disk
    assert repo.sessions.add(sample_sessions()[0]) == 4  # and the ids did not move on


def test_add_many_of_nothing_writes_nothing(data_file: Path) -> None:
    repo = open_repository(data_file)
    assert repo.sessions.add_many([]) == []
    assert not data_file.exists()


def test_opening_a_missing_file_creates_nothing(data_file: Path) -> None:
    repo = open_repository(data_file)
    assert repo.sessions.all() == [] and len(repo.claims) == 0
    assert not data_file.parent.exists()


def test_records_come_back_equal_field_for_field(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(sample_sessions())
    repo.claims.add_many(sample_claims())
    reopened = open_repository(data_file)
    assert reopened.sessions.all() == sample_sessions()
    assert reopened.claims.all() == sample_claims()
    visit = reopened.sessions.get(2)
    assert visit.lines == (
        SessionLine("97110", 23),
        SessionLine("97140", 15),
        SessionLine("97530", 8),
    )
    assert visit.note == "Biofeedback, comma, and a newline\nin the note"
    assert str(reopened.claims.get(1).billed) == "310.00"


def test_adds_to_an_unparsed_table_keep_ids_unique_across_processes(tmp_path: Path) -> None:
    """Each open is a new process's view: appends to a table it never parsed still get new ids,
    and records added that way read back whole."""
    path = tmp_path / "ids.json"
    for expected in (1, 2, 3):
        repo = open_repository(path)
        assert repo.sessions.add(Session(date(2026, 1, expected), note=f"v{expected}")) == expected
    repo = open_repository(path)
    repo.sessions.delete(3)
    assert open_repository(path).sessions.add(Session(date(2026, 1, 9))) == 4
    assert [s.note for s in open_repository(path).sessions.all()] == ["v1", "v2", ""]


def test_newest_builds_only_the_latest_records_newest_first(tmp_path: Path) -> None:
    repo = open_repository(tmp_path / "n.json")
    days = [date(2026, 1, d) for d in (5, 20, 1, 12, 20)]
    ids = repo.sessions.add_many([Session(d) for d in days])
    fresh = open_repository(tmp_path / "n.json")  # nothing parsed yet
    newest = fresh.sessions.newest(3)
    assert [(s.date.day, s.id) for s in newest] == [(20, ids[4]), (20, ids[1]), (12, ids[3])]
    fresh.sessions.all()  # and the same answer from the cached records
    assert [s.id for s in fresh.sessions.newest(3)] == [s.id for s in newest]


def test_an_import_keeps_a_backup_of_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "imp.json"
    repo = open_repository(path)
    repo.sessions.add(Session(date(2026, 1, 5), note="before the import"))
    before = path.read_bytes()
    repo.import_records({"sessions": [Session(date(2026, 1, 6))]})
    copies = [p for p in (tmp_path / "backups").iterdir() if "-import-" in p.name]
    assert len(copies) == 1 and copies[0].read_bytes() == before
    assert len(open_repository(path).sessions) == 2


def test_select_builds_only_the_records_asked_for(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(
        [Session(date(2025, 5, 1)), Session(date(2026, 7, 2)), Session(date(2026, 8, 3))]
    )
    fresh = open_repository(data_file)  # nothing cached: built from the stored documents
    picked = fresh.sessions.select(lambda doc: doc["date"] >= "2026-07-01")
    assert [(s.id, s.date) for s in picked] == [(2, date(2026, 7, 2)), (3, date(2026, 8, 3))]
    fresh.sessions.all()  # cached now: the same answer from the built records
    assert fresh.sessions.select(lambda doc: doc["date"] >= "2026-07-01") == picked
