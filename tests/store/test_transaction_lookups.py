"""Transaction and table lookups an import relies on: many adds, and `where` by a field."""

from __future__ import annotations

from pathlib import Path

from floortrack.store import open_repository

from .conftest import sample_claims, sample_sessions


def test_many_adds_in_one_transaction_get_new_ids_never_reused(data_file: Path) -> None:
    repo = open_repository(data_file)
    first, second, _ = repo.sessions.add_many(sample_sessions())
    repo.sessions.delete(second)

    def add_all(tx):  # noqa: ANN001, ANN202
        return [tx.add(repo.sessions, s).id for s in sample_sessions()]

    ids = repo.transaction(add_all)
    assert ids == [4, 5, 6]  # after the highest id ever used, one after another
    assert [s.id for s in open_repository(data_file).sessions.all()] == [first, 3, 4, 5, 6]


def test_where_builds_only_the_records_with_those_values(data_file: Path) -> None:
    repo = open_repository(data_file)
    repo.sessions.add_many(sample_sessions())
    repo.claims.add_many(sample_claims())
    days = {s.date.isoformat() for s in sample_sessions()[:2]}
    found = repo.sessions.where("date", days)
    assert sorted(s.date.isoformat() for s in found) == sorted(days)
    number = next(c.claim_number for c in sample_claims() if c.claim_number)
    in_tx = repo.transaction(lambda tx: tx.where(repo.claims, "claim_number", {number}))
    assert [c.claim_number for c in in_tx] == [number]
    assert repo.claims.where("claim_number", {"no such claim"}) == []
