"""`floortrack attention`: many items of one kind are one entry with a count and the ids.
`floortrack summary`: the year's figures, built from that year's records only."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from floortrack.cli import main
from floortrack.model import Claim, PatientPayment, Session, StatusChange
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


def paid_claim(day: date, owes: str, paid: str = "0.00") -> Claim:
    return Claim(
        (day,),
        "Aetna",
        Decimal("200.00"),
        status="paid",
        submitted=day,
        allowed=Decimal("150.00"),
        paid=Decimal("150.00") - Decimal(owes),
        patient_owes=Decimal(owes),
        history=(StatusChange("paid", day + timedelta(days=21)),),
        payments=(PatientPayment(day, Decimal(paid)),) if Decimal(paid) else (),
    )


def test_summary_counts_the_year_asked_for_and_json_owes_over_all_years(data_file, capsys):
    repo = open_repository(data_file)
    repo.sessions.add_many(
        [Session(date(2025, 12, 30)), Session(date(2026, 1, 2)), Session(date(2026, 2, 3))]
    )
    repo.claims.add_many(
        [
            paid_claim(date(2025, 12, 30), "30.00"),  # last year: still owed in all years
            paid_claim(date(2026, 1, 2), "20.00", paid="20.00"),
            paid_claim(date(2026, 2, 3), "25.00"),
        ]
    )
    out = run(capsys, "summary", "--year", "2026")
    assert "Visits logged:         2" in out and "Claims:                2" in out
    assert "Still owed by you:     $25.00" in out and "Paid by you:           $20.00" in out
    assert "Median days to payment: 21 days" in out
    doc = json.loads(run(capsys, "summary", "--year", "2026", "--json"))
    assert doc["visits"] == 2 and doc["claims"] == 2 and doc["still_owed"] == "25.00"
    assert doc["all_years_still_owed"] == "55.00" and doc["all_years_credit"] == "0.00"
    last = json.loads(run(capsys, "summary", "--year", "2025", "--json"))
    assert last["visits"] == 1 and last["claims"] == 1 and last["still_owed"] == "30.00"
