"""`floortrack diary add|list|show|edit|delete` as a user runs them."""

from __future__ import annotations

import json

import pytest

from floortrack.cli import main


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-03-10")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_the_id_and_list_json_shows_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diary", "add", "--leaks", "2", "--pads", "1", "--sets", "3")
    assert (code, out) == (0, "1\n")
    code, out, _ = run(
        capsys, "diary", "add", "--date", "2026-03-01", "--leaks", "4", "--note", "long drive"
    )
    assert (code, out) == (0, "2\n")
    code, out, _ = run(capsys, "diary", "list", "--json")
    rows = json.loads(out)
    assert [r["date"] for r in rows] == ["2026-03-01", "2026-03-10"]  # oldest first
    assert rows[1] == {
        "id": 1,
        "date": "2026-03-10",  # default: today
        "leaks": 2,
        "pads": 1,
        "urgency": None,
        "trips": None,
        "pain": None,
        "sets": 3,
        "note": "",
    }
    code, out, _ = run(capsys, "diary", "list", "--from", "2026-03-05", "--json")
    assert [r["id"] for r in json.loads(out)] == [1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pain", "11"], "pain must be between 0 and 10"),
        (["--leaks", "two"], "leaks must be a whole number"),
        (["--leaks", "1", "--date", "2026-03-11"], "cannot be in the future"),
        (["--leaks", "1", "--date", "03/01/2026"], "is not a date"),
        ([], "nothing to record"),
    ],
)
def test_add_refuses_bad_values_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "diary", "add", *argv)
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_same_day_twice_points_at_edit(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "diary", "add", "--leaks", "2")
    code, _, err = run(capsys, "diary", "add", "--leaks", "3")
    assert code == 1 and "already in the diary (id 1)" in err and "diary edit 1" in err


def test_edit_changes_only_given_fields_and_dash_clears(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, "diary", "add", "--leaks", "2", "--pads", "1", "--sets", "3")
    code, _, _ = run(capsys, "diary", "edit", "1", "--leaks", "0", "--pads", "-")
    assert code == 0
    _, out, _ = run(capsys, "diary", "show", "1", "--json")
    row = json.loads(out)
    assert (row["leaks"], row["pads"], row["sets"]) == (0, None, 3)


def test_delete_and_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "diary", "add", "--leaks", "2")
    assert run(capsys, "diary", "delete", "1")[0] == 0
    code, _, err = run(capsys, "diary", "delete", "1")
    assert code == 1 and "no diary entry with id 1" in err
    _, out, err = run(capsys, "diary", "list")
    assert out == "" and "No diary days found" in err
