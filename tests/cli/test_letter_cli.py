"""`floortrack claim letter ID --out FILE` as a patient runs it."""

from __future__ import annotations

import stat
from pathlib import Path

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
def denied_claim(capsys: pytest.CaptureFixture[str]) -> None:
    steps = [
        ("plan", "add", "--payer", "Aetna", "--type", "commercial", "--member-id", "W123"),
        (
            "session",
            "add",
            "--date",
            "2026-03-02",
            "--provider",
            "Bloom PT",
            "--code",
            "97110:25",
            "97140:15",
        ),
        (
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
            "97140-59:1",
            "--claim-number",
            "A123",
            "--submitted",
            "2026-03-05",
        ),
        ("claim", "update", "1", "--status", "denied", "--on", "2026-03-28", "--denial", "CO-97"),
        (
            "call",
            "add",
            "--with",
            "Aetna",
            "--claim",
            "1",
            "--rep",
            "Jordan",
            "--ref",
            "REF-55120",
            "--on",
            "2026-04-01",
            "--note",
            "appeal with the treatment notes",
        ),
    ]
    for argv in steps:
        assert run(capsys, *argv)[0] == 0, argv


@pytest.mark.usefixtures("denied_claim")
@pytest.mark.parametrize("name", ["letter.md", "letter.html", "letter.pdf"])
def test_writes_the_letter_private_in_the_format_of_its_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    code, stdout, err = run(capsys, "claim", "letter", "1", "--out", str(out), "--name", "Sam")
    assert code == 0, err
    assert stdout.strip() == str(out.resolve())
    assert "Wrote an appeal letter for claim 1" in err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    if name.endswith(".pdf"):
        assert data.startswith(b"%PDF")
    else:
        text = data.decode()
        assert "W123" in text and "A123" in text and "REF-55120" in text and "Sam" in text


@pytest.mark.usefixtures("denied_claim")
def test_missing_facts_are_listed_with_how_to_add_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "claim", "letter", "1", "--out", str(tmp_path / "l.md"))
    assert code == 0
    assert 'Not recorded yet: your name; to add it: give it with --name "Your Name"' in err


@pytest.mark.usefixtures("denied_claim")
def test_mistakes_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "claim", "letter", "1", "--out", str(tmp_path / "l.txt"))
    assert code == 1 and "does not end in .md, .html or .pdf" in err
    code, _, err = run(capsys, "claim", "letter", "9", "--out", str(tmp_path / "l.md"))
    assert code == 1 and "no claim with id 9" in err
    code, _, err = run(capsys, "claim", "letter", "1", "--out", str(tmp_path / "no" / "l.md"))
    assert code == 1 and "does not exist" in err
    run(capsys, "claim", "add", "--service-date", "2026-03-02", "--payer", "Aetna", "--billed", "9")
    code, _, err = run(capsys, "claim", "letter", "2", "--out", str(tmp_path / "l.md"))
    assert code == 1 and "nothing denied to appeal" in err
    assert not (tmp_path / "l.md").exists() and not (tmp_path / "l.txt").exists()
