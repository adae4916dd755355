"""`floortrack session …` and `floortrack claim …` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from floortrack.cli import main

FLOORTRACK = str(Path(sys.executable).with_name("floortrack"))


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-04-15")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_console_script_prints_only_the_new_id_so_scripts_can_capture_it(data_file: Path) -> None:
    env = {**os.environ, "FLOORTRACK_TODAY": "2026-04-15"}
    first = subprocess.run(
        [FLOORTRACK, "session", "add", "--date", "2026-04-01", "--code", "97110:25", "97140:15"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert (first.returncode, first.stdout) == (0, "1\n")
    assert "Logged visit 1" in first.stderr
    claim = subprocess.run(
        [
            FLOORTRACK,
            "claim",
            "add",
            "--service-date",
            "2026-04-01",
            "--payer",
            "Aetna",
            "--billed",
            "240.00",
            "--units",
            "97110:2",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert (claim.returncode, claim.stdout) == (0, "1\n")
    shown = subprocess.run(
        [FLOORTRACK, "claim", "show", "1", "--json"], env=env, capture_output=True, text=True
    )
    assert json.loads(shown.stdout)["session_ids"] == [1]  # linked by service date
    assert "textual" not in shown.stderr


def test_console_script_bad_value_is_one_line_and_exit_1(data_file: Path) -> None:
    result = subprocess.run(
        [FLOORTRACK, "session", "add", "--code", "97110:500"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "floortrack: minutes for 97110 must be between 1 and 480 (got 500)"
    ]
    assert not data_file.exists()  # nothing written


def test_session_add_list_filter_show_edit_delete(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(
        capsys,
        "session",
        "add",
        "--date",
        "2026-03-02",
        "--provider",
        "Bloom PT",
        "--visit-type",
        "evaluation",
        "--code",
        "97161",
        "97110:20",
        "--pain-before",
        "6",
        "--pain-after",
        "4",
        "--note",
        "first visit",
    )[:2] == (0, "1\n")
    assert run(capsys, "session", "add", "--date", "2026-03-09", "--code", "97140:30")[1] == "2\n"
    code, out, _ = run(capsys, "session", "list", "--json")
    rows = json.loads(out)
    assert [r["date"] for r in rows] == ["2026-03-02", "2026-03-09"]
    assert rows[0]["codes"] == [
        {"code": "97161", "minutes": None},
        {"code": "97110", "minutes": 20},
    ]
    assert (rows[0]["pain_before"], rows[0]["pain_after"]) == (6, 4)
    _, out, _ = run(capsys, "session", "list", "--code", "97140")
    assert "2026-03-09" in out and "2026-03-02" not in out
    _, out, _ = run(capsys, "session", "list", "--from", "2026-03-05", "--json")
    assert [r["id"] for r in json.loads(out)] == [2]
    assert run(capsys, "session", "edit", "2", "--note", "sore after", "--pain-after", "3")[0] == 0
    _, out, _ = run(capsys, "session", "show", "2", "--json")
    assert json.loads(out)["note"] == "sore after" and json.loads(out)["pain_after"] == 3
    assert run(capsys, "session", "delete", "1")[0] == 0
    code, _, err = run(capsys, "session", "show", "1")
    assert code == 1 and "no session with id 1" in err


@pytest.mark.parametrize(
    "argv,message",
    [
        (["session", "add", "--date", "2026-04-16", "--code", "97110:20"], "future"),
        (["session", "add", "--date", "2026-02-30", "--code", "97110:20"], "YYYY-MM-DD"),
        (["session", "add", "--code", "9711:20"], "not a procedure code"),
        (["session", "add", "--code", "97110:20", "--pain-after", "11"], "between 0 and 10"),
        (["session", "add"], "at least one code"),
        (["session", "edit", "1"], "nothing to change"),
        (
            ["claim", "add", "--service-date", "2026-04-01", "--payer", "A", "--billed", "-5"],
            "negative",
        ),
        (
            ["claim", "add", "--service-date", "2026-04-01", "--payer", "A", "--billed", "1.234"],
            "two decimals",
        ),
        (["claim", "update", "7", "--paid", "5"], "no claim with id 7"),
    ],
)
def test_bad_input_is_one_clear_line_exit_1_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], data_file: Path, argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert not data_file.exists()


def test_claim_moves_through_statuses_with_eob_amounts(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "session", "add", "--date", "2026-03-02", "--code", "97110:40")
    assert (
        run(
            capsys,
            "claim",
            "add",
            "--service-date",
            "2026-03-02",
            "--payer",
            "Aetna",
            "--billed",
            "300",
            "--units",
            "97110:3",
            "--submitted",
            "2026-03-03",
            "--claim-number",
            "AET-1",
        )[1]
        == "1\n"
    )
    assert (
        run(capsys, "claim", "update", "1", "--status", "in_process", "--on", "2026-03-10")[0] == 0
    )
    code, _, err = run(
        capsys,
        "claim",
        "update",
        "1",
        "--status",
        "denied",
        "--on",
        "2026-03-20",
        "--denial",
        "co-97",
        "--allowed",
        "0",
        "--paid",
        "0",
    )
    assert code == 0, err
    _, out, _ = run(capsys, "claim", "show", "1", "--json")
    claim = json.loads(out)
    assert claim["status"] == "denied" and claim["denial_codes"] == ["CO-97"]
    assert [h["status"] for h in claim["history"]] == ["submitted", "in_process", "denied"]
    assert claim["billed"] == "300.00" and claim["units"] == {"97110": 3}
    _, out, _ = run(capsys, "claim", "list", "--status", "denied")
    assert "AET-1" in out and "denied" in out
    _, out, _ = run(capsys, "claim", "list", "--status", "paid", "--json")
    assert json.loads(out) == []


def test_claim_with_unknown_session_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "claim",
        "add",
        "--service-date",
        "2026-03-02",
        "--payer",
        "A",
        "--billed",
        "10",
        "--session",
        "4",
    )
    assert code == 1 and "no visit with id 4" in err


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["session", "add", "--visit-type", "massage", "--code", "97110"])
    assert info.value.code == 2


def test_path_follows_data_option_then_environment(
    capsys: pytest.CaptureFixture[str], data_file: Path, tmp_path: Path
) -> None:
    assert run(capsys, "path")[1].strip() == str(data_file)
    other = tmp_path / "elsewhere.json"
    assert run(capsys, "--data", str(other), "path")[1].strip() == str(other)
    assert run(capsys, "path", "--data", str(other))[1].strip() == str(other)


def test_an_eob_that_does_not_add_up_is_said_when_it_is_entered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(
        capsys,
        "claim",
        "add",
        "--service-date",
        "2026-03-02",
        "--payer",
        "Aetna",
        "--billed",
        "100",
    )
    code, _, err = run(capsys, "claim", "update", "1", "--paid", "140")
    assert code == 0 and "Check:" in err and "more than was billed ($100.00)" in err
    code, _, err = run(capsys, "claim", "update", "1", "--paid", "80", "--patient-owes", "20")
    assert code == 0 and "Check:" not in err
