"""`claim add --filed-by patient` and `claim reimbursement` as a patient paying cash runs them."""

from __future__ import annotations

import json

import pytest

from floortrack.cli import main


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-11-20")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_self_filed_claim_tracks_expected_and_received(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(
        capsys,
        "plan",
        "add",
        "--payer",
        "Aetna",
        "--type",
        "commercial",
        "--oon-deductible",
        "100",
        "--oon-coinsurance",
        "40",
    )
    run(capsys, "clinic", "add", "--name", "Cash PT", "--network", "Aetna:out")
    run(
        capsys,
        "session",
        "add",
        "--date",
        "2026-09-01",
        "--provider",
        "Cash PT",
        "--code",
        "97110:30",
        "--paid-at-desk",
        "200",
    )
    code, _, _ = run(capsys, "attention", "--json")
    assert code == 0
    _, out, _ = run(capsys, "attention", "--json")
    assert any(i["kind"] == "oon_superbill" for i in json.loads(out))

    code, out, _ = run(
        capsys,
        "claim",
        "add",
        "--service-date",
        "2026-09-01",
        "--payer",
        "Aetna",
        "--billed",
        "200",
        "--submitted",
        "2026-09-10",
        "--filed-by",
        "patient",
    )
    assert (code, out) == (0, "1\n")
    _, out, _ = run(capsys, "attention", "--json")
    kinds = [i["kind"] for i in json.loads(out)]
    assert "oon_superbill" not in kinds and "oon_reimbursement" in kinds
    _, out, _ = run(capsys, "claim", "reimbursement", "1", "--json")
    money = json.loads(out)
    assert money["expected"] == "60.00"  # (200 - 100 deductible) x 60%, at most
    assert money["clinic_paid"] == "200.00" and money["filed_by"] == "patient"
    code, _, _ = run(
        capsys, "claim", "reimbursement", "1", "--received", "60", "--on", "2026-11-15"
    )
    assert code == 0
    _, out, _ = run(capsys, "claim", "reimbursement", "1")
    assert "Received:             $60.00 on 2026-11-15" in out
    _, out, _ = run(capsys, "attention", "--json")
    assert "oon_reimbursement" not in [i["kind"] for i in json.loads(out)]
    _, out, _ = run(capsys, "claim", "show", "1", "--json")
    assert json.loads(out)["filed_by"] == "patient"


def test_a_clinic_filed_claim_refuses_a_reimbursement(capsys: pytest.CaptureFixture[str]) -> None:
    run(
        capsys,
        "claim",
        "add",
        "--service-date",
        "2026-09-01",
        "--payer",
        "Aetna",
        "--billed",
        "200",
        "--submitted",
        "2026-09-10",
    )
    code, _, err = run(capsys, "claim", "reimbursement", "1", "--received", "50")
    assert code == 1 and "--filed-by patient" in err
    code, _, err = run(
        capsys,
        "claim",
        "reimbursement",
        "1",
        "--received",
        "50",
        "--on",
        "2027-01-01",
        "--filed-by",
        "patient",
    )
    assert code == 1 and "future" in err
