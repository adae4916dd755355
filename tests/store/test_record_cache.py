"""After a save only the records that changed are built again: the others are the same
objects as before, in this process and after re-reading a file another process wrote
(docs/STORAGE.md, "Records in memory")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from floortrack.model import Claim, Session
from floortrack.store import open_repository


def _visits(n: int) -> list[Session]:
    return [Session(date(2026, 1, 1 + i), provider="Bloom PT") for i in range(n)]


def test_a_save_keeps_the_unchanged_records(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(_visits(5))
    before = repo.sessions.all()
    repo.sessions.update(3, replace(before[2], note="better today"))
    new_id = repo.sessions.add(Session(date(2026, 2, 1)))
    after = repo.sessions.all()
    assert [s.id for s in after] == [1, 2, 3, 4, 5, new_id]
    assert all(after[i] is before[i] for i in (0, 1, 3, 4))
    assert after[2] is not before[2] and after[2].note == "better today"
    repo.sessions.delete(4)
    assert [s.id for s in repo.sessions.all()] == [1, 2, 3, 5, new_id]


def test_a_transaction_changes_only_what_it_touched(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(_visits(3))
    repo.claims.add(Claim((date(2026, 1, 1),), "Aetna", "100.00"))
    visits, claims = repo.sessions.all(), repo.claims.all()

    def edit(tx):  # type: ignore[no-untyped-def]
        visit = tx.get(repo.sessions, 2)
        tx.put(repo.sessions, replace(visit, note="edited"))

    repo.transaction(edit)
    assert repo.claims.all()[0] is claims[0]
    now = repo.sessions.all()
    assert now[0] is visits[0] and now[2] is visits[2] and now[1].note == "edited"


def test_another_process_writing_keeps_what_it_did_not_change(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(_visits(4))
    before = repo.sessions.all()
    other = open_repository(data_file)  # e.g. the CLI while the app is open
    other.sessions.update(2, replace(other.sessions.get(2), note="from the CLI"))
    assert repo.reload_if_changed()
    after = repo.sessions.all()
    assert after[1].note == "from the CLI" and after[1] is not before[1]
    assert all(after[i] is before[i] for i in (0, 2, 3))
    # what is read is what is in the file, not a stale copy
    assert open_repository(data_file).sessions.all() == after


def test_once_built_the_documents_are_dropped_and_nothing_is_lost(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(_visits(6))
    visits = repo.sessions.all()
    assert repo._unparsed("sessions") is not None  # back to its bytes: no parsed documents
    assert repo.sessions.get(2) is visits[1] and repo.sessions.exists(6)
    assert len(repo.sessions) == 6
    assert [s.id for s in repo.sessions.newest(2)] == [6, 5]
    picked = repo.sessions.select(lambda d: d["date"] == "2026-01-03")
    assert picked == [visits[2]] and picked[0] is visits[2]
    repo.sessions.update(2, replace(visits[1], note="edited"))
    assert repo.sessions.get(2).note == "edited"
    assert open_repository(data_file).sessions.get(2).note == "edited"


def test_reading_inside_a_transaction_never_drops_its_changes(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(_visits(3))
    repo.sessions.all()

    def edit(tx):  # type: ignore[no-untyped-def]
        tx.put(repo.sessions, replace(tx.get(repo.sessions, 1), note="kept"))
        assert [s.note for s in repo.sessions.all()][0] == "kept"  # a read in the middle
        tx.add(repo.sessions, Session(date(2026, 3, 1)))

    repo.transaction(edit)
    assert repo.sessions.get(1).note == "kept"
    again = open_repository(data_file).sessions.all()
    assert again[0].note == "kept" and len(again) == 4


def test_logging_a_visit_appends_to_the_table_without_parsing_it(data_file: Path) -> None:
    open_repository(data_file).sessions.add_many(_visits(5))
    repo = open_repository(data_file)

    def two(tx):  # type: ignore[no-untyped-def]
        first = tx.add(repo.sessions, Session(date(2026, 2, 1), provider="one"))
        assert repo._unparsed("sessions") is not None  # appended to the bytes
        second = tx.add(repo.sessions, Session(date(2026, 2, 2), provider="two"))
        return first.id, second.id

    assert repo.transaction(two) == (6, 7)
    fresh = open_repository(data_file)
    assert [s.provider for s in fresh.sessions.newest(2)] == ["two", "one"]
    assert fresh.sessions.add(Session(date(2026, 2, 3))) == 8  # ids never reused


def test_a_visit_logged_after_the_records_are_built_builds_only_that_visit(
    data_file: Path,
) -> None:
    open_repository(data_file).sessions.add_many(_visits(5))
    repo = open_repository(data_file)
    before = repo.sessions.all()
    assert repo._unparsed("sessions") is not None  # still bytes
    new_id = repo.sessions.add(Session(date(2026, 3, 1), provider="new"))
    raw = repo._unparsed("sessions")
    assert raw is not None and raw.grown_from is not None  # appended, not parsed
    after = repo.sessions.all()
    assert raw.grown_from is None  # the old bytes are let go once used
    assert all(a is b for a, b in zip(after, before, strict=False)) and len(after) == 6
    assert after[-1].id == new_id and after[-1].provider == "new"
    assert open_repository(data_file).sessions.all() == after
    # and a later edit of that new visit is seen
    repo.sessions.update(new_id, replace(after[-1], note="edited"))
    assert repo.sessions.get(new_id).note == "edited"
