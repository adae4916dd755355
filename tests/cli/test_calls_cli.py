"""`floortrack call add|list|edit|delete`, and calls in `claim show` and `attention`."""

from __future__ import annotations

import json

import pytest

from floortrack.cli import main


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-05-20")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def claim(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(
        capsys,
        "claim",
        "add",
        "--service-date",
        "2026-03-02",
        "--payer",
        "Aetna",
        "--billed",
        "240",
        "--claim-number",
        "A123",
    )
    assert code == 0
    return out.strip()


def test_add_list_show_and_attention(capsys: pytest.CaptureFixture[str], claim: str) -> None:
    code, out, err = run(
        capsys,
        "call",
        "add",
        "--with",
        "Aetna",
        "--claim",
        claim,
        "--rep",
        "Jordan",
        "--ref",
        "REF-55120",
        "--on",
        "2026-04-01",
        "--follow-up",
        "2026-04-15",
        "--note",
        "said it would be reprocessed",
    )
    assert (code, out) == (0, "1\n")
    assert "follow up by 2026-04-15" in err
    code, out, _ = run(capsys, "call", "list", "--json")
    assert json.loads(out) == [
        {
            "id": 1,
            "with_whom": "Aetna",
            "claim_id": 1,
            "rep": "Jordan",
            "reference": "REF-55120",
            "on": "2026-04-01",
            "follow_up": "2026-04-15",
            "note": "said it would be reprocessed",
        }
    ]
    code, out, _ = run(capsys, "claim", "show", claim)
    assert "calls:" in out and "REF-55120" in out and "said it would be reprocessed" in out
    code, out, _ = run(capsys, "attention", "--json")
    [item] = [i for i in json.loads(out) if i["kind"] == "call_follow_up"]
    assert item["claim_id"] == 1 and item["due"] == "2026-04-15"
    # a later call answers it
    run(capsys, "call", "add", "--with", "Aetna", "--claim", claim, "--note", "reprocessed")
    code, out, _ = run(capsys, "attention", "--json")
    assert "call_follow_up" not in {i["kind"] for i in json.loads(out)}


def test_mistakes_are_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], claim: str) -> None:
    code, _, err = run(capsys, "call", "add", "--with", "Aetna", "--claim", "9", "--note", "x")
    assert code == 1 and "no claim with id 9" in err and "Traceback" not in err
    code, _, err = run(
        capsys,
        "call",
        "add",
        "--with",
        "Aetna",
        "--on",
        "2026-04-01",
        "--follow-up",
        "2026-03-01",
        "--note",
        "x",
    )
    assert code == 1 and "before the call" in err
    code, _, err = run(capsys, "call", "edit", "4", "--note", "x")
    assert code == 1 and "no call with id 4" in err
    with pytest.raises(SystemExit) as usage:
        run(capsys, "call", "add", "--with", "Aetna")  # --note is required
    assert usage.value.code == 2


def test_edit_changes_only_what_is_given_and_delete(
    capsys: pytest.CaptureFixture[str], claim: str
) -> None:
    run(
        capsys,
        "call",
        "add",
        "--with",
        "Aetna",
        "--claim",
        claim,
        "--ref",
        "R1",
        "--follow-up",
        "2026-06-01",
        "--note",
        "first",
    )
    assert run(capsys, "call", "edit", "1", "--note", "second", "--follow-up", "")[0] == 0
    assert run(capsys, "call", "edit", "1", "--claim", "none")[0] == 0
    [call] = json.loads(run(capsys, "call", "list", "--json")[1])
    assert (call["note"], call["reference"], call["follow_up"], call["claim_id"]) == (
        "second",
        "R1",
        None,
        None,
    )
    assert run(capsys, "call", "list", "--claim", claim)[1] == ""
    code, _, err = run(capsys, "call", "delete", "1")
    assert code == 0 and "Deleted call 1" in err
    assert json.loads(run(capsys, "call", "list", "--json")[1]) == []
