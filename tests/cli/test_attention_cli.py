"""`floortrack attention`: many items of one kind are one entry with a count and the ids."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from floortrack.cli import main
from floortrack.model import Session
from floortrack.store import open_repository


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-06-01")


def visits(data_file: Path, n: int) -> None:
    """n visits a week apart in 2024, none with a claim (past any filing limit)."""
    repo = open_repository(data_file)
    repo.sessions.add_many([Session(date(2024, 1, 8) + timedelta(weeks=k)) for k in range(n)])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_many_unbilled_visits_are_one_numbered_entry(data_file, capsys) -> None:
    visits(data_file, 12)
    out = run(capsys, "attention")
    entries = [line for line in out.splitlines() if line[:1].isdigit()]
    assert len(entries) == 4  # the three newest visits, then the other nine as one
    assert entries[3].startswith("4. [high] 9 more visits with no claim (the oldest 2024-01-08")
    assert "Visits 1, 2, 3, 4, 5, 6, 7, 8, 9." in out
    assert "Next, for each: " in out and "floortrack claim add" in out


def test_json_keeps_single_items_and_gives_a_group_its_count_and_ids(data_file, capsys) -> None:
    visits(data_file, 12)
    docs = json.loads(run(capsys, "attention", "--json"))
    singles, group = docs[:3], docs[3]
    assert [d["session_id"] for d in singles] == [10, 11, 12]
    assert all("count" not in d for d in singles)
    assert group["count"] == 9 and group["ids"] == list(range(1, 10))
    assert group["id_field"] == "session_id" and group["session_id"] is None
    assert group["oldest"] == "2024-01-08" and group["newest"] == "2024-03-04"
    assert group["next_step"]["kind"] == "add_claim" and group["next_step"]["text"]


def test_a_few_items_of_a_kind_stay_one_by_one(data_file, capsys) -> None:
    visits(data_file, 5)
    docs = json.loads(run(capsys, "attention", "--json"))
    assert [d["session_id"] for d in docs] == [1, 2, 3, 4, 5]
    assert all("count" not in d for d in docs)
