"""`floortrack calendar --out FILE.ics`."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from icalendar import Calendar

from floortrack.cli import main


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-05-20")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_writes_upcoming_items_private(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for argv in (
        (
            "claim",
            "add",
            "--service-date",
            "2026-03-02",
            "--payer",
            "Aetna",
            "--billed",
            "90",
            "--submitted",
            "2026-03-05",
        ),
        ("claim", "update", "1", "--status", "denied", "--on", "2026-03-28", "--denial", "CO-50"),
        (
            "auth",
            "add",
            "--payer",
            "Aetna",
            "--visits",
            "12",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-30",
        ),
        (
            "call",
            "add",
            "--with",
            "Aetna",
            "--claim",
            "1",
            "--follow-up",
            "2026-06-01",
            "--note",
            "send the plan of care",
        ),
    ):
        assert run(capsys, *argv)[0] == 0
    out = tmp_path / "deadlines.ics"
    code, stdout, err = run(capsys, "calendar", "--out", str(out))
    assert code == 0 and stdout.strip() == str(out.resolve())
    assert "Wrote 3 events" in err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    uids = {str(e["uid"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert uids == {
        "call-follow-up-1@floortrack.local",
        "auth-end-1@floortrack.local",
        "appeal-deadline-claim-1-level-1@floortrack.local",
    }


def test_a_wrong_extension_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "calendar", "--out", str(tmp_path / "x.txt"))
    assert code == 1 and "does not end in .ics" in err
    code, _, err = run(capsys, "calendar", "--out", str(tmp_path / "nope" / "x.ics"))
    assert code == 1 and "does not exist" in err
