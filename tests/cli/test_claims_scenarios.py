"""Whole claim stories through the real `floortrack` console script, with a pinned today."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(sys.executable).parent / "floortrack"
TODAY = "2026-06-01"


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLOORTRACK_TODAY": TODAY}
    proc = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=30)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def attention() -> list[dict[str, Any]]:
    return json.loads(run("attention", "--json").stdout)


def kinds() -> set[tuple[str, int | None]]:
    return {(i["kind"], i["claim_id"] or i["auth_id"] or i["session_id"]) for i in attention()}


@pytest.fixture(autouse=True)
def _script_exists() -> None:
    if not SCRIPT.exists():
        pytest.skip("console script not installed")


def test_denied_co97_appealed_and_paid_on_appeal() -> None:
    assert run("plan", "add", "--payer", "Aetna", "--type", "commercial").stdout.strip() == "1"
    run("session", "add", "--date", "2026-03-02", "--code", "97110:25", "97140:15")
    cid = run(
        "claim",
        "add",
        "--service-date",
        "2026-03-02",
        "--payer",
        "Aetna",
        "--billed",
        "240",
        "--units",
        "97110:2",
        "97140:1",
        "--submitted",
        "2026-03-03",
    ).stdout.strip()
    run("claim", "update", cid, "--status", "denied", "--on", "2026-04-01", "--denial", "CO-97")

    [item] = attention()
    assert item["kind"] == "appeal_due" and item["claim_id"] == int(cid)
    assert item["due"] == "2026-09-28" and item["days_left"] == 119  # 180 days from denial
    assert "CO-97" in item["detail"]

    run("claim", "appeal", cid, "--filed", "2026-04-10")
    # filed, decision not yet late; 30 days on, a call to confirm it was received is due
    assert kinds() == {("appeal_check", int(cid))}

    run(
        "claim",
        "appeal",
        cid,
        "--filed",
        "2026-04-10",
        "--outcome",
        "won",
        "--decided",
        "2026-05-15",
    )
    shown = json.loads(run("claim", "show", cid, "--json").stdout)
    assert [h["status"] for h in shown["history"]] == ["submitted", "denied", "appealed", "paid"]
    assert shown["appeals"][0]["outcome"] == "won"
    # Won, but no payment entered yet: ask for the reprocessed EOB (not "nothing to do").
    [item] = attention()
    assert item["kind"] == "reprocessed_eob" and item["next_step"]["kind"] == "ask_reprocessed_eob"
    run("claim", "update", cid, "--allowed", "150.00", "--paid", "150.00", "--patient-owes", "0")
    assert attention() == []

    # A paid claim cannot be appealed again: one line, exit 1.
    bad = run("claim", "appeal", cid, "--filed", "2026-05-20", "--level", "2", ok=False)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1
    assert "cannot be appealed" in bad.stderr


def test_partially_paid_claim_whose_numbers_do_not_add_up() -> None:
    cid = run(
        "claim",
        "add",
        "--service-date",
        "2026-04-06",
        "--payer",
        "Blue Shield",
        "--billed",
        "300",
        "--submitted",
        "2026-04-07",
    ).stdout.strip()
    run(
        "claim",
        "update",
        cid,
        "--status",
        "partially_paid",
        "--on",
        "2026-05-01",
        "--allowed",
        "180",
        "--paid",
        "120",
        "--deductible",
        "20",
        "--coinsurance",
        "24",
        "--patient-owes",
        "44",
        "--adjustment",
        "CO-45:120.00",
    )
    items = {i["kind"]: i for i in attention()}
    assert set(items) == {"eob_mismatch", "balance_due"}
    assert "$16.00" in items["eob_mismatch"]["detail"]
    assert "Do not pay" in items["balance_due"]["next_step"]["text"]

    run("claim", "pay", cid, "--amount", "44", "--on", "2026-05-10")
    assert {i["kind"] for i in attention()} == {"eob_mismatch"}
    summary = json.loads(run("summary", "--year", "2026", "--json").stdout)
    assert summary["paid_by_patient"] == "44.00" and summary["still_owed"] == "0.00"
    assert summary["paid_by_plan"] == "120.00"

    # The status was entered wrongly: it was fully paid. The trail keeps the original.
    run("claim", "correct", cid, "--entry", "1", "--status", "paid")
    shown = json.loads(run("claim", "show", cid, "--json").stdout)
    assert shown["status"] == "paid"
    assert [h["status"] for h in shown["history"]] == ["submitted", "partially_paid", "paid"]
    assert shown["history"][2]["corrects"] == 1


def test_authorisation_running_out() -> None:
    run("plan", "add", "--payer", "UHC", "--type", "medicare_advantage")
    aid = run(
        "auth",
        "add",
        "--payer",
        "UHC",
        "--visits",
        "4",
        "--from",
        "2026-05-01",
        "--to",
        "2026-07-31",
        "--number",
        "A123",
    ).stdout.strip()
    for day in ("2026-05-04", "2026-05-11", "2026-05-18"):
        run("session", "add", "--date", day, "--code", "97110:30")
    [auth] = json.loads(run("auth", "list", "--json").stdout)
    assert (auth["used"], auth["remaining"], auth["state"]) == (3, 1, "running out")
    [item] = attention()
    assert item["kind"] == "auth_running_out" and item["auth_id"] == int(aid)
    assert "1 of 4 visits left" in item["title"]
    assert "request more visits" in item["next_step"]["text"]


# In-process checks of the plan commands (same parser and handlers, no subprocess cost).


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from floortrack.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_defaults_edit_and_refusals(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", TODAY)
    assert cli(capsys, "plan", "add", "--payer", "Medicare", "--type", "medicare")[1] == "1\n"
    [plan] = json.loads(cli(capsys, "plan", "list", "--json")[1])
    assert plan["appeal_window"]["days"] == 120 and not plan["appeal_window"]["typical"]
    assert plan["timely_filing"]["months"] == 12 and plan["unit_method"] == "cms"

    code, _, err = cli(capsys, "plan", "add", "--payer", "medicare", "--type", "other")
    assert code == 1 and "already exists (id 1)" in err

    cli(capsys, "plan", "edit", "1", "--type", "medicare_advantage", "--visit-limit", "12")
    [plan] = json.loads(cli(capsys, "plan", "list", "--json")[1])
    assert plan["appeal_window"]["days"] == 65 and not plan["appeal_window"]["typical"]
    assert plan["visit_limit"] == 12 and plan["visits_remaining"] == 12
    cli(capsys, "plan", "edit", "1", "--visit-limit", "none", "--appeal-days", "90")
    [plan] = json.loads(cli(capsys, "plan", "list", "--json")[1])
    assert plan["visit_limit"] is None and plan["appeal_window"]["days"] == 90

    code, _, err = cli(capsys, "plan", "edit", "1", "--year-start-month", "13")
    assert code == 1 and "between 1 and 12" in err
    code, _, err = cli(
        capsys,
        "auth",
        "add",
        "--payer",
        "Medicare",
        "--visits",
        "5",
        "--from",
        "2026-05-01",
        "--to",
        "2026-04-01",
    )
    assert code == 1 and "cannot end before it starts" in err
    assert cli(capsys, "plan", "edit", "7", "--visit-limit", "3")[0] == 1


def test_payment_and_correction_refusals(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", TODAY)
    cli(
        capsys,
        "claim",
        "add",
        "--service-date",
        "2026-05-04",
        "--payer",
        "Aetna",
        "--billed",
        "100",
        "--submitted",
        "2026-05-05",
    )
    code, _, err = cli(capsys, "claim", "pay", "1", "--amount", "10", "--on", "2026-07-01")
    assert code == 1 and "future" in err
    code, _, err = cli(capsys, "claim", "pay", "1", "--amount", "-5")
    assert code == 1 and "negative" in err
    code, _, err = cli(capsys, "claim", "correct", "1", "--entry", "3", "--status", "paid")
    assert code == 1 and "no entry 3" in err
    code, _, err = cli(capsys, "claim", "appeal", "1", "--filed", "2026-05-20")
    assert code == 1 and "only a denied or partially paid claim" in err
    assert cli(capsys, "claim", "pay", "1", "--amount", "10")[0] == 0
    shown = json.loads(cli(capsys, "claim", "show", "1", "--json")[1])
    assert shown["payments"][0]["amount"] == "10.00" and shown["payments"][0]["on"] == TODAY
