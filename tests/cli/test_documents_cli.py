"""`floortrack claim attach|documents`, documents in `claim show`, backups and restores."""

from __future__ import annotations

import json
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


def test_attach_list_show_backup_and_restore(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_file: Path
) -> None:
    run(
        capsys, "claim", "add", "--service-date", "2026-03-02", "--payer", "Aetna", "--billed", "90"
    )
    eob = tmp_path / "eob.pdf"
    eob.write_bytes(b"%PDF-1.4 EOB")
    code, out, err = run(capsys, "claim", "attach", "1", str(eob), "--kind", "eob")
    assert (code, out) == (0, "1\n") and "Kept eob.pdf" in err
    [doc] = json.loads(run(capsys, "claim", "documents", "1", "--json")[1])
    assert (doc["name"], doc["kind"], doc["state"]) == ("eob.pdf", "eob", "ok")
    assert Path(doc["path"]).read_bytes() == eob.read_bytes()
    assert "eob.pdf" in run(capsys, "claim", "show", "1")[1]

    backup = tmp_path / "copy.json"
    assert run(capsys, "backup", "--out", str(backup))[0] == 0
    carried = backup.with_name("copy.json.documents") / Path(doc["path"]).name
    assert carried.read_bytes() == eob.read_bytes()

    # the documents folder is lost; restoring the backup brings the copy back
    Path(doc["path"]).unlink()
    [gone] = json.loads(run(capsys, "claim", "documents", "1", "--json")[1])
    assert gone["state"] == "missing"
    assert run(capsys, "restore", str(backup), "--yes")[0] == 0
    [back] = json.loads(run(capsys, "claim", "documents", "1", "--json")[1])
    assert back["state"] == "ok"


def test_mistakes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(
        capsys, "claim", "add", "--service-date", "2026-03-02", "--payer", "Aetna", "--billed", "90"
    )
    code, _, err = run(capsys, "claim", "attach", "1", str(tmp_path / "none.pdf"))
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "claim", "documents", "4")
    assert code == 1 and "no claim with id 4" in err
