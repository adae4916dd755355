"""`floortrack explain | units | audit | note` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from floortrack.cli import main

FLOORTRACK = str(Path(sys.executable).with_name("floortrack"))


def sh(*argv: str) -> subprocess.CompletedProcess[str]:
    """The real console script, as a patient's shell runs it."""
    env = {**os.environ, "FLOORTRACK_TODAY": "2026-04-15"}
    return subprocess.run([FLOORTRACK, *argv], env=env, capture_output=True, text=True)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-04-15")


def test_units_json_has_the_design_shape(data_file: Path) -> None:
    result = sh("units", "97110:33", "97140:7", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["method"] == "cms"
    assert doc["total_timed_minutes"] == 40
    assert doc["total_units"] == 3
    assert doc["units"] == {"97110": 2, "97140": 1}
    assert doc["notes"][0].startswith("40 timed minutes = 3 units")
    assert not data_file.exists()  # a calculator needs no data file


def test_units_human_output_flags_a_tie_and_has_no_colour_codes() -> None:
    result = sh("units", "97112:20", "97110:20")
    assert result.returncode == 0
    assert "(or 2)" in result.stdout
    assert "clinician" in result.stdout
    assert "\x1b[" not in result.stdout


def test_units_per_code_method(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "units", "97110:10", "97116:10", "--method", "per-code", "--json")
    assert code == 0
    assert json.loads(out)["units"] == {"97110": 1, "97116": 1}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("97110:abc",), "whole number"),
        (("97110:0",), "between 1 and 480"),
        (("CO-97:10",), "not a procedure code"),
        (("97110:",), "no minutes after the colon"),
    ],
)
def test_units_bad_input_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], says: str
) -> None:
    code, out, err = run(capsys, "units", *args)
    assert code == 1 and out == ""
    assert err.startswith("floortrack: ") and says in err
    assert len(err.strip().splitlines()) == 1


def test_units_bad_method_is_a_usage_error() -> None:
    result = sh("units", "97110:30", "--method", "ama")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_explain_known_and_unknown_codes() -> None:
    result = sh("explain", "co97", "N39.3", "97999")
    assert result.returncode == 1  # one code is not in the catalogue, as grep exits 1
    out = result.stdout
    assert "CO-97 = group CO" in out and "Next step:" in out
    assert "Stress incontinence" in out
    assert "97999 looks like a procedure code" in out and "not in" in out


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "PR-2", "zzz", "--json")
    assert code == 1
    docs = json.loads(out)["codes"]
    assert [d["found"] for d in docs] == [True, False]
    assert docs[0]["code"] == "PR-2" and docs[0]["entries"][0]["next_step"]


def test_note_is_saved_and_shown_by_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "note", "co97", "EOB said: bundled with 97530")
    assert code == 0 and "Saved your note on CO-97" in err
    code, out, _ = run(capsys, "explain", "CO-97")
    assert "Your note: EOB said: bundled with 97530" in out
    code, out, _ = run(capsys, "note", "CO-97")
    assert out.strip() == "EOB said: bundled with 97530"
    run(capsys, "note", "CO-97", "--clear")
    code, out, _ = run(capsys, "note", "CO-97")
    assert "no note" in out


def _claim_with_visit(capsys: pytest.CaptureFixture[str], payer: str, *units: str) -> str:
    code, sid, err = run(capsys, "session", "add", "--date", "2026-03-02",
                         "--code", "97110:33", "97140:7")  # fmt: skip
    assert code == 0, err
    code, cid, err = run(capsys, "claim", "add", "--service-date", "2026-03-02", "--payer",
                         payer, "--billed", "300", "--units", *units)  # fmt: skip
    assert code == 0, err
    return cid.strip()


def test_audit_catches_an_overbilled_medicare_claim(capsys: pytest.CaptureFixture[str]) -> None:
    cid = _claim_with_visit(capsys, "Medicare", "97110:3", "97140:1")
    code, out, err = run(capsys, "audit", cid)
    assert code == 0, err
    assert "CMS 8-minute rule" in out
    assert "[problem] 97110 billed 3 units; your minutes allow 2" in out
    assert "Ask:" in out
    code, out, _ = run(capsys, "audit", cid, "--json")
    doc = json.loads(out)
    assert doc["method"] == "cms"
    assert doc["codes"]["97110"] == {"billed": 3, "allowed": 2, "max_allowed": 2, "minutes": 33}
    assert doc["findings"][0]["severity"] == "problem"


def problems(out: str) -> list[str]:
    return [f["code"] for f in json.loads(out)["findings"] if f["severity"] == "problem"]


def test_audit_method_follows_payer_then_plan_then_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 33 + 7 minutes: per-code allows 97110 x2 and 97140 x0; CMS allows 2 + 1
    cid = _claim_with_visit(capsys, "Aetna", "97110:2", "97140:1")
    _, out, _ = run(capsys, "audit", cid, "--json")
    doc = json.loads(out)
    assert doc["method"] == "per-code"  # commercial default, only assumed
    # CMS Example 3 billed 2 + 1 fits the CMS rule: a question for the plan, not a problem
    assert problems(out) == []
    [check] = [f for f in doc["findings"] if f["code"] == "97140"]
    assert check["severity"] == "check" and "which unit rule" in check["ask"]
    _, out, _ = run(capsys, "audit", cid, "--method", "cms", "--json")
    assert problems(out) == []
    code, _, err = run(capsys, "plan", "add", "--payer", "aetna", "--type", "commercial",
                       "--method", "cms")  # fmt: skip
    assert code == 0, err
    _, out, _ = run(capsys, "audit", cid, "--json")
    doc = json.loads(out)
    assert doc["method"] == "cms" and "plan" in doc["method_reason"]
    assert problems(out) == []


def test_audit_unknown_claim_is_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "audit", "42")
    assert code == 1 and out == ""
    assert "42" in err and len(err.strip().splitlines()) == 1
