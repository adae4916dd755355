"""`floortrack superbill` as a patient filing out of network runs it, and PDFs in Unicode."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from floortrack.cli import main

NAMES = ("Nguyễn", "Zoë", "Клиника")


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-09-15")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def setup_ready(capsys: pytest.CaptureFixture[str]) -> None:
    run(
        capsys,
        "clinic",
        "add",
        "--name",
        "Клиника Zoë",
        "--npi",
        "1234567893",
        "--tax-id",
        "12-3456789",
        "--address",
        "5 Main St",
        "--network",
        "Aetna:out",
        "--fee",
        "97110:70",
        "97140:75",
    )
    run(capsys, "plan", "add", "--payer", "Aetna", "--type", "commercial", "--member-id", "W1")
    run(capsys, "profile", "set", "--name", "Nguyễn Thị Zoë", "--date-of-birth", "1988-04-02")
    for day in ("2026-09-01", "2026-09-08"):
        run(
            capsys,
            "session",
            "add",
            "--date",
            day,
            "--provider",
            "Клиника Zoë",
            "--code",
            "97110:25",
            "97140:15",
            "--paid-at-desk",
            "215",
        )


def superbill(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run(
        capsys,
        "superbill",
        "--clinic",
        "клиника zoë",
        "--from",
        "2026-09-01",
        "--to",
        "2026-09-30",
        *extra,
    )


def test_check_lists_problems_and_exits_1_then_passes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    setup_ready(capsys)
    code, _, err = superbill(capsys, "--diagnosis", "N39.4", "--check")
    assert code == 1 and "N39.4 is a category" in err
    out_file = tmp_path / "sb.pdf"
    code, _, err = superbill(capsys, "--diagnosis", "N39.4", "--out", str(out_file))
    assert code == 1 and "Not written" in err and not out_file.exists()
    code, out, _ = superbill(capsys, "--diagnosis", "N39.41", "--check", "--json")
    assert code == 0
    run(capsys, "profile", "set", "--diagnosis", "N39.41")
    assert superbill(capsys, "--check")[0] == 0  # the profile's diagnoses by default
    report = json.loads(out)
    assert report["ok"] and report["lines"] == 4 and report["total_charged"] == "430.00"


def test_a_written_pdf_is_private_and_prints_every_character(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    setup_ready(capsys)
    out_file = tmp_path / "superbill.pdf"
    code, out, _ = superbill(capsys, "--diagnosis", "N39.41", "M62.89", "--out", str(out_file))
    assert code == 0 and out.strip() == str(out_file)
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    text = "".join(page.extract_text() for page in PdfReader(out_file).pages)
    for name in NAMES:
        assert name in text
    for field in ("1234567893", "12-3456789", "W1", "N39.41", "97110", "$430.00", "$430.00"):
        assert field in text


@pytest.mark.parametrize(("suffix", "marker"), [(".html", "<table"), (".md", "| Date |")])
def test_the_extension_picks_the_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str, marker: str
) -> None:
    setup_ready(capsys)
    out_file = tmp_path / f"superbill{suffix}"
    assert superbill(capsys, "--diagnosis", "N39.41", "--out", str(out_file))[0] == 0
    body = out_file.read_text(encoding="utf-8")
    assert marker in body and "Nguyễn Thị Zoë" in body


def test_an_unknown_clinic_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "superbill",
        "--clinic",
        "Nowhere",
        "--from",
        "2026-09-01",
        "--to",
        "2026-09-30",
        "--check",
    )
    assert code == 1 and "no clinic named 'Nowhere'" in err


def test_the_visit_packet_pdf_uses_the_unicode_font_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(
        capsys,
        "session",
        "add",
        "--date",
        "2026-09-01",
        "--provider",
        "Клиника Zoë Nguyễn",
        "--code",
        "97110:25",
    )
    out_file = tmp_path / "packet.pdf"
    code, _, _ = run(
        capsys,
        "report",
        "--format",
        "pdf",
        "--out",
        str(out_file),
        "--from",
        date(2026, 9, 1).isoformat(),
    )
    assert code == 0
    text = "".join(page.extract_text() for page in PdfReader(out_file).pages)
    for name in NAMES:
        assert name in text


def test_record_claim_adds_the_self_filed_claim_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    setup_ready(capsys)
    out_file = tmp_path / "sb.pdf"
    code, _, err = superbill(
        capsys, "--diagnosis", "N39.41", "--out", str(out_file), "--record-claim"
    )
    assert code == 0 and "Recorded claim 1" in err
    _, out, _ = run(capsys, "claim", "show", "1", "--json")
    claim = json.loads(out)
    assert claim["filed_by"] == "patient" and claim["billed"] == "430.00"
    assert claim["service_dates"] == ["2026-09-01", "2026-09-08"]
    assert claim["session_ids"] == [1, 2] and claim["units"] == {"97110": 4, "97140": 2}
    second = tmp_path / "again.pdf"
    code, _, err = superbill(
        capsys, "--diagnosis", "N39.41", "--out", str(second), "--record-claim"
    )
    assert code == 1 and "already covers" in err and not second.exists()
    _, out, _ = run(capsys, "attention", "--json")
    assert "oon_superbill" not in [i["kind"] for i in json.loads(out)]
