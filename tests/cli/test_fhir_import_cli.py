"""`floortrack import FILE` with the insurer's FHIR data, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from floortrack.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "fhir"
SHARED = Path(__file__).parents[2].parent / "shared" / "fixtures" / "fhir"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-04-30")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_recognises_fhir_by_content_and_prints_the_summary(
    capsys: pytest.CaptureFixture[str], data_file: Path
) -> None:
    code, out, err = run(capsys, "import", str(FIXTURES / "visits.ndjson"))
    assert code == 0 and out == ""
    assert "2 added, 0 updated, 0 unchanged, 0 skipped" in err
    assert "New visits from the EOB (codes without minutes):" in err
    assert "2026-03-16  Bloom Pelvic PT  97140 97530 90912  (claim AET-2026-0003)" in err
    code, out, _ = run(capsys, "claim", "list", "--json")
    assert sorted(c["claim_number"] for c in json.loads(out)) == ["AET-2026-0003", "AET-2026-0004"]
    code, _, err = run(capsys, "import", str(FIXTURES / "visits.ndjson"))
    assert "0 added, 0 updated, 2 unchanged, 0 skipped" in err


def test_dry_run_json_writes_nothing(capsys: pytest.CaptureFixture[str], data_file: Path) -> None:
    code, out, _ = run(
        capsys, "import", str(FIXTURES / "denial_bundle.json"), "--dry-run", "--json"
    )
    doc = json.loads(out)
    assert code == 0 and doc["dry_run"] is True
    assert doc["counts"]["added"] == 1 and doc["new_visits"][0]["date"] == "2026-03-09"
    assert doc["summary"] == "1 added, 0 updated, 0 unchanged, 0 skipped"
    assert not data_file.exists()


def test_a_newer_version_and_what_it_changed(
    capsys: pytest.CaptureFixture[str], data_file: Path
) -> None:
    run(capsys, "import", str(FIXTURES / "commercial_professional.json"))
    code, _, err = run(capsys, "import", str(FIXTURES / "commercial_professional_corrected.json"))
    assert code == 0 and "0 added, 1 updated" in err
    assert "claim AET-2026-0001: status partially paid -> paid" in err


def test_a_malformed_file_is_one_line_exit_1_and_nothing_written(
    capsys: pytest.CaptureFixture[str], data_file: Path
) -> None:
    code, out, err = run(capsys, "import", str(FIXTURES / "malformed.json"))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "entry 2 (ExplanationOfBenefit/aetna-eob-5), item[1].quantity.value" in err
    assert "nothing was imported" in err
    assert not data_file.exists()


def test_csv_and_export_imports_still_work(
    capsys: pytest.CaptureFixture[str], data_file: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "sessions.csv"
    csv.write_text(
        "date,provider,visit_type,codes,pain_before,pain_after,note\n"
        "2026-03-02,Bloom PT,treatment,97110:25,,,\n"
    )
    code, _, err = run(capsys, "import", str(csv), "--dry-run")
    assert code == 0 and "would add 1 sessions" in err and not data_file.exists()
    code, _, err = run(capsys, "import", str(csv))
    assert code == 0 and "Imported 1 sessions" in err


@pytest.mark.skipif(
    not (SHARED / "bfd_v2_bundle.json").exists(),
    reason=f"the public Blue Button samples are not beside the clone ({SHARED})",
)
def test_blue_button_bundle_says_what_was_skipped_and_why(
    capsys: pytest.CaptureFixture[str], data_file: Path
) -> None:
    code, _, err = run(capsys, "import", str(SHARED / "bfd_v2_bundle.json"))
    assert code == 0
    assert "not therapy visits" in err and "8 skipped" in err
    code, _, err = run(capsys, "import", "--all", str(SHARED / "bfd_v2_bundle.json"))
    assert "1 added" in err and "7 skipped" in err
