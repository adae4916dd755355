"""`floortrack plan add|edit --deductible ...` and `floortrack benefits` as a user runs them."""

from __future__ import annotations

import json

import pytest

from floortrack.cli import main


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-09-15")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def log_paid_visit(capsys: pytest.CaptureFixture[str], day: str, allowed: str) -> None:
    _, sid, _ = run(
        capsys,
        "session",
        "add",
        "--date",
        day,
        "--provider",
        "Bloom PT",
        "--code",
        "97110:25",
        "97140:15",
    )
    _, cid, _ = run(
        capsys,
        "claim",
        "add",
        "--service-date",
        day,
        "--payer",
        "Aetna",
        "--billed",
        "240",
        "--units",
        "97110:2",
        "97140:1",
        "--session",
        sid.strip(),
        "--submitted",
        day,
    )
    code, _, err = run(
        capsys,
        "claim",
        "update",
        cid.strip(),
        "--status",
        "paid",
        "--on",
        "2026-09-01",
        "--allowed",
        allowed,
        "--paid",
        "0",
        "--patient-owes",
        allowed,
        "--adjustment",
        f"PR-1:{allowed}",
    )
    assert code == 0, err


def test_benefits_json_shows_met_amounts_and_the_next_visit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys,
        "plan",
        "add",
        "--payer",
        "Aetna",
        "--type",
        "commercial",
        "--year-start-month",
        "7",
        "--deductible",
        "300",
        "--oop-max",
        "3000",
        "--coinsurance",
        "20",
        "--oon-deductible",
        "2000",
        "--oon-coinsurance",
        "40",
    )
    assert (code, out) == (0, "1\n")
    log_paid_visit(capsys, "2026-07-06", "110.00")
    log_paid_visit(capsys, "2026-07-13", "140.00")
    code, out, _ = run(capsys, "benefits", "--json")
    assert code == 0
    rows = json.loads(out)
    inn = next(r for r in rows if r["network"] == "in")
    assert set(inn) == {
        "payer",
        "network",
        "plan_year_start",
        "plan_year_end",
        "deductible",
        "deductible_met",
        "oop_max",
        "oop_met",
        "visits_used",
        "visit_limit",
        "next_visit_estimate",
        "basis",
    }
    assert inn["plan_year_start"] == "2026-07-01" and inn["plan_year_end"] == "2027-06-30"
    assert inn["deductible"] == "300.00" and inn["deductible_met"] == "250.00"
    assert inn["oop_met"] == "250.00" and inn["visits_used"] == 2
    # $50 of the deductible left, then 20% of the rest: 110 -> 50+12, 140 -> 50+18.
    assert inn["next_visit_estimate"] == {"low": "62.00", "high": "68.00"}
    assert "computed from your 2 EOBs" in inn["basis"]
    oon = next(r for r in rows if r["network"] == "out")
    assert oon["deductible"] == "2000.00" and oon["next_visit_estimate"] is None

    code, out, _ = run(capsys, "benefits")
    assert "Deductible met:     $250.00 of $300.00" in out
    assert "more visits until you reach your out-of-pocket maximum" in out


def test_reported_figures_need_a_date_and_then_win(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "plan", "add", "--payer", "Aetna", "--type", "commercial", "--deductible", "1500")
    code, _, err = run(capsys, "plan", "edit", "1", "--deductible-met", "400")
    assert code == 1 and "--as-of" in err
    code, _, err = run(capsys, "plan", "edit", "1", "--coinsurance", "120")
    assert code == 1 and "between 0 and 100" in err
    code, _, _ = run(
        capsys, "plan", "edit", "1", "--deductible-met", "400", "--as-of", "2026-08-01"
    )
    assert code == 0
    _, out, _ = run(capsys, "benefits", "--payer", "aetna", "--json")
    [row] = json.loads(out)
    assert row["deductible_met"] == "400.00"
    assert "what your insurer reported" in row["basis"]
    code, _, _ = run(capsys, "plan", "edit", "1", "--deductible", "none")
    _, out, _ = run(capsys, "benefits", "--json")
    assert json.loads(out)[0]["deductible"] is None


def test_benefits_without_a_plan_says_how_to_add_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "benefits")
    assert code == 0 and out == "" and "plan add" in err
    _, out, _ = run(capsys, "benefits", "--json")
    assert json.loads(out) == []
