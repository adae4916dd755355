"""`floortrack clinic …`, `profile …` and `session add|edit --charged --paid-at-desk`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from floortrack.cli import main


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORTRACK_TODAY", "2026-09-15")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_clinic_add_list_edit_delete(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "clinic", "add", "--name", "Bloom PT", "--npi", "1234567890")
    assert code == 1 and "check digit" in err and err[-1] == "\n" and err.count("\n") == 1
    code, out, _ = run(
        capsys,
        "clinic",
        "add",
        "--name",
        "Bloom PT",
        "--npi",
        "1234567893",
        "--tax-id",
        "12-3456789",
        "--network",
        "Aetna:out",
        "--fee",
        "97110:70.00",
        "97140:75",
    )
    assert (code, out) == (0, "1\n")
    code, _, _ = run(capsys, "clinic", "edit", "bloom pt", "--fee", "97140:none", "97530:80")
    assert code == 0
    _, out, _ = run(capsys, "clinic", "list", "--json")
    [clinic] = json.loads(out)
    assert clinic["fees"] == {"97110": "70.00", "97530": "80.00"}
    assert clinic["networks"] == {"Aetna": "out"} and clinic["tax_id"] == "12-3456789"
    _, out, _ = run(capsys, "clinic", "list")
    assert "Bloom PT" in out and "Aetna: out" in out
    code, _, err = run(capsys, "clinic", "edit", "Riverside", "--phone", "1")
    assert code == 1 and "no clinic named 'Riverside'" in err
    code, _, _ = run(capsys, "clinic", "delete", "1")
    assert code == 0
    _, out, _ = run(capsys, "clinic", "list", "--json")
    assert json.loads(out) == []


def test_profile_set_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "profile", "show")
    assert code == 0 and "profile set" in err
    code, _, _ = run(
        capsys,
        "profile",
        "set",
        "--name",
        "Zoë Nguyễn",
        "--date-of-birth",
        "1988-04-02",
        "--address",
        "12 Main St\\nSpringfield",
    )
    assert code == 0
    _, out, _ = run(capsys, "profile", "show", "--json")
    assert json.loads(out) == {
        "name": "Zoë Nguyễn",
        "date_of_birth": "1988-04-02",
        "address": "12 Main St\nSpringfield",
        "phone": "",
        "diagnoses": [],
    }
    code, _, err = run(capsys, "profile", "set", "--date-of-birth", "April")
    assert code == 1 and "not a date" in err
    assert run(capsys, "profile", "set", "--diagnosis", "n39.41", "M62.89")[0] == 0
    _, out, _ = run(capsys, "profile", "show", "--json")
    assert json.loads(out)["diagnoses"] == ["N39.41", "M62.89"]
    code, _, err = run(capsys, "profile", "set", "--diagnosis", "leaks")
    assert code == 1 and "not an ICD-10 code" in err


def test_a_visit_records_what_was_charged_and_paid_at_the_desk(
    capsys: pytest.CaptureFixture[str], data_file: Path
) -> None:
    code, out, _ = run(
        capsys,
        "session",
        "add",
        "--date",
        "2026-09-01",
        "--code",
        "97110:25",
        "--charged",
        "145.00",
        "--paid-at-desk",
        "145",
    )
    assert (code, out) == (0, "1\n")
    code, _, _ = run(capsys, "session", "edit", "1", "--paid-at-desk", "none")
    assert code == 0
    from floortrack.store import open_repository

    visit = open_repository(data_file).sessions.get(1)
    assert str(visit.charged) == "145.00" and visit.paid_at_desk is None
    code, _, err = run(capsys, "session", "edit", "1", "--charged", "-3")
    assert code == 1 and "negative" in err


def test_export_and_import_carry_clinics_and_the_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "clinic", "add", "--name", "Клиника Zoë", "--fee", "97110:70")
    run(capsys, "profile", "set", "--name", "Nguyễn")
    dump = tmp_path / "export.json"
    assert run(capsys, "export", "--format", "json", "--out", str(dump))[0] == 0
    monkeypatch.setenv("FLOORTRACK_DATA", str(tmp_path / "other" / "f.json"))
    assert run(capsys, "import", str(dump))[0] == 0
    _, out, _ = run(capsys, "clinic", "list", "--json")
    assert [c["name"] for c in json.loads(out)] == ["Клиника Zoë"]
    _, out, _ = run(capsys, "profile", "show", "--json")
    assert json.loads(out)["name"] == "Nguyễn"
