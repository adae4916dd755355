"""`session list` and `claim list` print the newest 50 (oldest first) and say how many older
ones were left out; --limit N and --all choose; --json stays complete."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from floortrack.cli import main
from floortrack.model import Claim, Session, SessionLine
from floortrack.store import open_repository

VISITS = 63
CLAIMS = 61


@pytest.fixture
def full_file(data_file: Path) -> Path:
    """63 visits on different days, out of order by id, and 61 claims where several share
    a first service date (so the cut at 50 falls inside a run of equal dates)."""
    start = date(2024, 1, 1)
    visits = [
        Session(
            date=start + timedelta(days=(n * 7) % (VISITS * 3)),
            provider=f"Clinic {n}",
            lines=(SessionLine("97110" if n % 2 else "97140", 20),),
        )
        for n in range(VISITS)
    ]
    claims = [
        Claim(
            service_dates=(start + timedelta(days=n // 3), start + timedelta(days=40 - n % 3)),
            payer="Aetna",
            billed="100.00",
            claim_number=f"C{n:03d}",
            status="denied" if n % 4 == 0 else "submitted",
        )
        for n in range(CLAIMS)
    ]
    open_repository(data_file).import_records({"sessions": visits, "claims": claims})
    return data_file


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def ids(lines: list[str]) -> list[int]:
    return [int(line.split()[0]) for line in lines[2:]]  # after the header and the rule


def test_session_list_shows_the_newest_50_oldest_first_and_says_what_is_left_out(
    full_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, every, err = run(capsys, "session", "list", "--all")
    assert (code, err) == (0, "")
    assert len(ids(every)) == VISITS
    code, page, err = run(capsys, "session", "list")
    assert code == 0
    assert page[0].split() == every[0].split()  # the same columns
    assert ids(page) == ids(every)[-50:]  # the newest 50, in the same order as the full list
    assert err == ("13 older visits not shown: --limit N shows the newest N, --all every one.\n")
    code, few, err = run(capsys, "session", "list", "--limit", "3")
    assert ids(few) == ids(every)[-3:]
    assert "60 older visits not shown" in err
    code, one_left, err = run(capsys, "session", "list", "--limit", str(VISITS - 1))
    assert "1 older visit not shown" in err
    code, same, err = run(capsys, "session", "list", "--limit", str(VISITS + 5))
    assert (same, err) == (every, "")


def test_session_list_filters_then_cuts(
    full_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, every, _ = run(capsys, "session", "list", "--code", "97110", "--from", "2024-02-01", "--all")
    _, page, err = run(
        capsys, "session", "list", "--code", "97110", "--from", "2024-02-01", "--limit", "4"
    )
    assert len(ids(every)) > 4
    assert ids(page) == ids(every)[-4:]
    assert f"{len(ids(every)) - 4} older visits not shown" in err


def test_session_list_json_is_complete_unless_limited(
    full_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "session", "list", "--json")
    visits = json.loads("\n".join(out))
    assert (code, err, len(visits)) == (0, "", VISITS)
    assert [v["date"] for v in visits] == sorted(v["date"] for v in visits)
    _, out, _ = run(capsys, "session", "list", "--json", "--limit", "2")
    assert json.loads("\n".join(out)) == visits[-2:]


def test_claim_list_shows_the_newest_50_with_ties_settled_as_in_the_full_list(
    full_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, every, err = run(capsys, "claim", "list", "--all")
    assert (code, err) == (0, "")
    assert len(ids(every)) == CLAIMS
    code, page, err = run(capsys, "claim", "list")
    assert ids(page) == ids(every)[-50:]
    assert err == "11 older claims not shown: --limit N shows the newest N, --all every one.\n"
    for limit in range(1, 8):  # cuts at every place in a run of equal first dates
        _, few, _ = run(capsys, "claim", "list", "--limit", str(limit))
        assert ids(few) == ids(every)[-limit:], limit


def test_claim_list_by_status_and_json(full_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, denied, err = run(capsys, "claim", "list", "--status", "denied")
    assert err == ""
    assert len(ids(denied)) == 16
    _, two, err = run(capsys, "claim", "list", "--status", "denied", "--limit", "2")
    assert ids(two) == ids(denied)[-2:]
    assert "14 older claims not shown" in err
    _, out, err = run(capsys, "claim", "list", "--json")
    claims = json.loads("\n".join(out))
    _, every, _ = run(capsys, "claim", "list", "--all")
    assert [c["id"] for c in claims] == ids(every)
    assert err == ""


def test_limit_and_all_are_one_or_the_other(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["session", "list", "--all", "--limit", "3"],
        ["claim", "list", "--limit", "0"],
        ["session", "list", "--limit", "many"],
    ):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "not allowed with argument --all" in err
    assert "'0' is not 1 or more" in err
    assert "'many' is not a whole number" in err
