"""`floortrack report` in all three formats, checked by what the packet says."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from floortrack.cli import main
from floortrack.demo import build_demo
from floortrack.store import open_repository

TODAY = date(2026, 3, 10)


@pytest.fixture
def demo(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Demo data; returns the id of a claim denied with CO-97."""
    monkeypatch.setenv("FLOORTRACK_TODAY", TODAY.isoformat())
    repo = open_repository(data_file)
    build_demo(repo, TODAY)
    return next(c.id for c in repo.claims.all() if "CO-97" in c.denial_codes)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_markdown_packet_has_visits_claims_denials_and_diary(
    capsys: pytest.CaptureFixture[str], demo: int, tmp_path: Path
) -> None:
    out = tmp_path / "packet.md"
    code, stdout, _ = run(capsys, "report", "--format", "md", "--out", str(out))
    assert code == 0 and stdout.strip() == str(out.resolve())
    text = out.read_text()
    assert text.startswith("# Therapy visits and insurance claims")
    assert "| Date | Clinic | Type | Codes (minutes) |" in text  # visits with codes and minutes
    assert "Bundled into another service" in text  # CO-97 explained in words
    assert "Status history:" in text and "Appeal deadline" in text
    assert "Leaks per day down from" in text  # the diary summary's trend
    action = text.split("Claims that need action:")[1].split("## Claims")[0]
    assert "denied, CO-97; level 1 appeal by" in action  # what a billing office acts on
    assert "paid" not in action.replace("partially paid", "")


def test_html_packet_is_escaped_and_self_contained(
    capsys: pytest.CaptureFixture[str], demo: int, tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "session", "list", "--json")
    first = json.loads(out)[0]["id"]
    run(capsys, "session", "edit", str(first), "--note", "<script>alert(1)</script> & more")
    out_file = tmp_path / "packet.html"
    assert run(capsys, "report", "--format", "html", "--out", str(out_file))[0] == 0
    html = out_file.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<h2>Claims</h2>" in html and "CO-97" in html


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_pdf_claim_packet_text_can_be_extracted(
    capsys: pytest.CaptureFixture[str], demo: int, tmp_path: Path, paper: str
) -> None:
    out = tmp_path / "claim.pdf"
    code, _, _ = run(
        capsys, "report", "--claim", str(demo), "--format", "pdf", "--paper", paper,
        "--out", str(out),
    )  # fmt: skip
    assert code == 0
    reader = PdfReader(out)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == ((612, 792) if paper == "letter" else (595, 842))
    text = pdf_text(out)
    assert "Claim packet: Blue Harbor Health claim" in text
    assert "denied" in text and "CO-97" in text and "Bundled into another service" in text
    assert "Appeal deadline" in text
    assert "97140 (20 min)" in text  # the visit's codes with minutes
    assert "Units allowed" in text
    assert "Symptom and exercise diary" in text and "Leaks per day down" in text
    assert "docs/" not in text  # no pointers into our own documentation


def test_period_filters_visits(
    capsys: pytest.CaptureFixture[str], demo: int, tmp_path: Path
) -> None:
    out = tmp_path / "jan.md"
    run(capsys, "report", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "md",
        "--out", str(out))  # fmt: skip
    text = out.read_text()
    assert "Period 2026-01-01 to 2026-01-31" in text
    visits = text.split("## Visits")[1].split("## Symptom")[0]
    assert "| 2026-01-" in visits and "| 2025-12-" not in visits and "| 2026-02-" not in visits
    claims = text.split("## Claims")[1].split("## Visits")[0]
    assert "BH2601" in claims and "BH2512" not in claims  # claims by service date


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--claim", "999"], "there is no claim with id 999"),
        (["--from", "2026-02-01", "--to", "2026-01-01"], "ends (2026-01-01) before it starts"),
        (["--from", "yesterday"], "is not a date"),
    ],
)
def test_bad_requests_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], demo: int, tmp_path: Path, argv: list[str], message: str
) -> None:
    out = tmp_path / "x.md"
    code, _, err = run(capsys, "report", *argv, "--format", "md", "--out", str(out))
    assert code == 1 and message in err and not out.exists()


def test_missing_folder_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "report", "--format", "md", "--out", str(tmp_path / "nope" / "x.md"))
    assert code == 1 and "does not exist" in err


def test_empty_data_still_gives_a_readable_packet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "empty.pdf"
    assert run(capsys, "report", "--format", "pdf", "--out", str(out))[0] == 0
    text = pdf_text(out)
    assert "No visits logged in this period" in text and "No claims" in text


@pytest.fixture
def long_history(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A visit and claim three years ago, and one last month."""
    from floortrack.model import Claim, Session, SessionLine

    monkeypatch.setenv("FLOORTRACK_TODAY", TODAY.isoformat())
    visits = [
        Session(date=day, provider=name, lines=(SessionLine("97110", 25),))
        for day, name in ((date(2023, 2, 6), "Old Clinic"), (date(2026, 2, 9), "New Clinic"))
    ]
    claims = [Claim(service_dates=(v.date,), payer="Aetna", billed="90.00") for v in visits]
    open_repository(data_file).import_records({"sessions": visits, "claims": claims})


def test_a_pdf_covers_the_last_12_months_unless_told_and_says_so(
    capsys: pytest.CaptureFixture[str], long_history: None, tmp_path: Path
) -> None:
    out = tmp_path / "packet.pdf"
    code, _, err = run(capsys, "report", "--format", "pdf", "--out", str(out))
    assert code == 0
    assert err.splitlines()[0] == (
        "The PDF covers the last 12 months, 2025-03-11 to 2026-03-10; your records go back to "
        "2023-02-06. For more give --from D (and --to D), or --all for the whole history."
    )
    text = pdf_text(out)
    assert "2025-03-11" in text and "New Clinic" in text and "Old Clinic" not in text
    for argv in (["--all"], ["--from", "2023-01-01"]):
        code, _, err = run(capsys, "report", "--format", "pdf", "--out", str(out), *argv)
        assert code == 0 and "covers the last 12 months" not in err
        assert "Old Clinic" in pdf_text(out)
    code, _, err = run(capsys, "report", "--format", "pdf", "--to", "2023-12-31", "--out", str(out))
    assert "covers the last" not in err  # nothing before the 12 months up to --to
    assert "Old Clinic" in pdf_text(out) and "New Clinic" not in pdf_text(out)


def test_other_formats_and_a_claim_packet_keep_the_whole_history(
    capsys: pytest.CaptureFixture[str], long_history: None, tmp_path: Path
) -> None:
    out = tmp_path / "packet.md"
    code, _, err = run(capsys, "report", "--format", "md", "--out", str(out))
    assert code == 0 and "covers the last" not in err
    assert "Old Clinic" in out.read_text() and "New Clinic" in out.read_text()
    pdf = tmp_path / "claim.pdf"
    code, _, err = run(capsys, "report", "--claim", "1", "--format", "pdf", "--out", str(pdf))
    assert code == 0 and "covers the last" not in err
    assert "Old Clinic" in pdf_text(pdf)


def test_all_and_from_are_one_or_the_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["report", "--format", "pdf", "--out", "x.pdf", "--all", "--from", "2026-01-01"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
