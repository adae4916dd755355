"""Edits apply the fields the user changed to the record as it is now; clashes are raised."""

from __future__ import annotations

from datetime import date

import pytest

from floortrack.actions.edits import apply_changes, changed_fields
from floortrack.actions.errors import Conflict
from floortrack.model import Session, SessionLine
from floortrack.store import open_repository


def _visit(**kw: object) -> Session:
    values: dict[str, object] = {
        "date": date(2026, 3, 2),
        "provider": "Bloom PT",
        "lines": (SessionLine("97110", 25),),
    }
    values.update(kw)
    return Session(**values)  # type: ignore[arg-type]


def test_change_to_another_field_made_elsewhere_is_kept() -> None:
    base = _visit(id=1)
    theirs = _visit(id=1, note="from the CLI")
    mine = apply_changes(theirs, {"pain_before": 6}, base=base)
    assert mine.note == "from the CLI" and mine.pain_before == 6


def test_same_field_changed_elsewhere_is_a_conflict_until_resolved() -> None:
    base = _visit(id=1, note="first")
    theirs = _visit(id=1, note="theirs")
    with pytest.raises(Conflict) as caught:
        apply_changes(theirs, {"note": "mine"}, base=base, label="session")
    assert [c.field for c in caught.value.clashes] == ["note"]
    assert caught.value.clashes[0].theirs == "theirs"
    assert apply_changes(theirs, {"note": "mine"}, base=base, resolve="mine").note == "mine"
    assert apply_changes(theirs, {"note": "mine"}, base=base, resolve={"note": "theirs"}).note == (
        "theirs"
    )


def test_changed_fields_lists_only_what_differs() -> None:
    assert changed_fields(_visit(), _visit(note="x", pain_after=2)) == {
        "note": "x",
        "pain_after": 2,
    }


def test_transaction_reads_the_file_as_another_process_left_it(tmp_path) -> None:
    path = tmp_path / "data.json"
    ours, other = open_repository(path), open_repository(path)
    visit_id = ours.sessions.add(_visit())
    other.reload_if_changed()
    other.sessions.update(visit_id, _visit(note="written elsewhere"))

    def edit(tx):  # type: ignore[no-untyped-def]
        current = tx.get(ours.sessions, visit_id)
        return tx.put(ours.sessions, apply_changes(current, {"pain_after": 3}))

    ours.transaction(edit)
    stored = open_repository(path).sessions.get(visit_id)
    assert stored.note == "written elsewhere" and stored.pain_after == 3


def test_a_failed_transaction_saves_nothing(tmp_path) -> None:
    repo = open_repository(tmp_path / "data.json")
    visit_id = repo.sessions.add(_visit())

    def half(tx):  # type: ignore[no-untyped-def]
        tx.add(repo.sessions, _visit(note="never saved"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        repo.transaction(half)
    assert [s.id for s in open_repository(tmp_path / "data.json").sessions.all()] == [visit_id]
    assert [s.id for s in repo.sessions.all()] == [visit_id]
