"""Logging calls: defaults, validation, edits as changes, delete and undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from floortrack.actions.calls import add_call, delete_call, edit_call, restore_call
from floortrack.actions.errors import Conflict, NotFoundError, ValidationError
from floortrack.model import Claim
from floortrack.store import open_repository

TODAY = date(2026, 5, 20)


@pytest.fixture
def repo(data_file: Path):  # type: ignore[no-untyped-def]
    repo = open_repository(data_file)
    repo.claims.add(Claim((date(2026, 3, 2),), "Aetna", "240.00", claim_number="A123"))
    return repo


def test_a_call_defaults_to_today_and_is_saved(repo) -> None:  # type: ignore[no-untyped-def]
    call = add_call(
        repo,
        with_whom=" Aetna ",
        note="said it would be reprocessed",
        claim_id=1,
        rep="Jordan",
        reference="REF-55120",
        follow_up="2026-06-01",
        today=TODAY,
    )
    again = open_repository(repo.path).calls.get(call.id)
    assert again == call
    assert (again.on, again.with_whom, again.follow_up) == (TODAY, "Aetna", date(2026, 6, 1))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"with_whom": " ", "note": "x"}, "with_whom"),
        ({"with_whom": "Aetna", "note": ""}, "note"),
        ({"with_whom": "Aetna", "note": "x", "on": "2026-06-01"}, "on"),  # in the future
        (
            {"with_whom": "Aetna", "note": "x", "on": "2026-04-01", "follow_up": "2026-03-01"},
            "follow_up",
        ),
        ({"with_whom": "Aetna", "note": "x", "claim_id": 7}, "claim_id"),  # no such claim
        ({"with_whom": "Aetna", "note": "x", "on": "April 1"}, "on"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(repo, kwargs, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        add_call(repo, today=TODAY, **kwargs)
    assert caught.value.field == field
    assert repo.calls.all() == []


def test_an_edit_keeps_a_change_made_elsewhere_to_another_field(repo) -> None:  # type: ignore[no-untyped-def]
    call = add_call(repo, with_whom="Aetna", note="first", claim_id=1, today=TODAY)
    other = open_repository(repo.path)  # another process adds the reference meanwhile
    edit_call(other, call.id, {"reference": "REF-1"}, today=TODAY)
    edited = edit_call(repo, call.id, {"note": "second"}, base=call, today=TODAY)
    assert (edited.note, edited.reference) == ("second", "REF-1")


def test_the_same_field_changed_elsewhere_is_a_conflict(repo) -> None:  # type: ignore[no-untyped-def]
    call = add_call(repo, with_whom="Aetna", note="first", today=TODAY)
    edit_call(open_repository(repo.path), call.id, {"note": "theirs"}, today=TODAY)
    with pytest.raises(Conflict):
        edit_call(repo, call.id, {"note": "mine"}, base=call, today=TODAY)
    assert repo.calls.get(call.id).note == "theirs"
    kept = edit_call(repo, call.id, {"note": "mine"}, base=call, resolve="mine", today=TODAY)
    assert kept.note == "mine"


def test_edit_checks_the_new_values(repo) -> None:  # type: ignore[no-untyped-def]
    call = add_call(repo, with_whom="Aetna", note="x", on="2026-04-01", today=TODAY)
    with pytest.raises(ValidationError):
        edit_call(repo, call.id, {"follow_up": "2026-03-01"}, today=TODAY)
    with pytest.raises(ValidationError):
        edit_call(repo, call.id, {"claim_id": 5}, today=TODAY)
    cleared = edit_call(repo, call.id, {"follow_up": ""}, today=TODAY)
    assert cleared.follow_up is None


def test_delete_then_restore_puts_the_call_back_under_its_id(repo) -> None:  # type: ignore[no-untyped-def]
    call = add_call(repo, with_whom="Aetna", note="x", today=TODAY)
    old = delete_call(repo, call.id)
    assert repo.calls.all() == []
    with pytest.raises(NotFoundError):
        delete_call(repo, call.id)
    restore_call(repo, old)
    assert repo.calls.get(call.id) == call


def test_export_and_import_carry_calls_to_their_claims_new_ids(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from floortrack.store.exchange import export_json, read_import

    add_call(repo, with_whom="Aetna", note="about the claim", claim_id=1, today=TODAY)
    add_call(repo, with_whom="Bloom PT", note="general", today=TODAY)
    exported = tmp_path / "export.json"
    exported.write_bytes(export_json(repo.export_tables(), TODAY))
    other = open_repository(tmp_path / "other" / "data.json")
    other.claims.add(Claim((date(2026, 1, 5),), "Medicare", "100.00"))  # takes id 1 there
    batch = read_import(exported, TODAY)
    other.import_records(batch.records)
    calls = {c.note: c for c in other.calls.all()}
    assert calls["about the claim"].claim_id == 2
    assert other.claims.get(2).claim_number == "A123"
    assert calls["general"].claim_id is None
