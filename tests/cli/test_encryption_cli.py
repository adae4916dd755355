"""Encryption at rest through the CLI: opt in, use, refuse what does not open, opt out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from floortrack.cli import main

PASSPHRASE = "correct horse battery"


def _secret(folder: Path, name: str, text: str, mode: int = 0o600) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    os.chmod(path, mode)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def encrypted(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> str:
    """A data file with one visit, encrypted; returns its recovery key."""
    assert (
        run(
            capsys,
            "session",
            "add",
            "--date",
            "2026-03-02",
            "--code",
            "97110:25",
            "--provider",
            "Nguyễn Pelvic Health",
        )[0]
        == 0
    )
    monkeypatch.setenv("FLOORTRACK_PASSPHRASE_FILE", str(_secret(tmp_path, "pw", PASSPHRASE)))
    code, out, err = run(capsys, "encrypt")
    assert code == 0, err
    assert "recovery key" in err
    return out.strip()


def test_an_encrypted_file_holds_no_plain_record_anywhere(
    encrypted: str, data_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in [data_file, *(data_file.parent / "backups").iterdir()]:
        raw = path.read_bytes()
        assert raw.startswith(b"floortrack-encrypted\n"), path
        assert "Nguyễn".encode() not in raw and b"97110" not in raw
    code, out, _ = run(capsys, "session", "list")
    assert code == 0 and "Nguyễn Pelvic Health" in out
    assert run(capsys, "session", "add", "--date", "2026-03-03", "--code", "97110:20")[0] == 0
    assert b"97110" not in data_file.read_bytes()


def test_wrong_or_missing_passphrase_is_exit_3_and_the_file_is_untouched(
    encrypted: str,
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = data_file.read_bytes()
    monkeypatch.setenv("FLOORTRACK_PASSPHRASE_FILE", str(_secret(tmp_path, "bad", "not it at all")))
    code, _, err = run(capsys, "session", "add", "--date", "2026-03-04", "--code", "97110:20")
    assert code == 3 and "passphrase is wrong" in err and err.count("\n") == 1
    monkeypatch.delenv("FLOORTRACK_PASSPHRASE_FILE")
    code, _, err = run(capsys, "session", "list")
    assert code == 3 and "FLOORTRACK_PASSPHRASE_FILE" in err
    assert data_file.read_bytes() == before


@pytest.mark.parametrize("damage", ["flip-body", "flip-header", "truncate"])
def test_a_tampered_or_truncated_file_is_refused_with_exit_3(
    encrypted: str, data_file: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    raw = bytearray(data_file.read_bytes())
    if damage == "truncate":
        raw = raw[:-7]
    else:
        raw[-10 if damage == "flip-body" else 40] ^= 0x20
    data_file.write_bytes(bytes(raw))
    code, _, err = run(capsys, "session", "list")
    assert code == 3 and "cannot use data file" in err
    assert data_file.read_bytes() == bytes(raw)


def test_passphrase_change_and_recovery_key(
    encrypted: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(
        "FLOORTRACK_NEW_PASSPHRASE_FILE", str(_secret(tmp_path, "new", "second phrase here"))
    )
    assert run(capsys, "passphrase")[0] == 0
    code, _, err = run(capsys, "session", "list")  # the old passphrase no longer opens it
    assert code == 3 and "passphrase is wrong" in err
    monkeypatch.setenv("FLOORTRACK_RECOVERY_FILE", str(_secret(tmp_path, "rk", encrypted)))
    monkeypatch.setenv(
        "FLOORTRACK_NEW_PASSPHRASE_FILE", str(_secret(tmp_path, "third", "third phrase here"))
    )
    assert run(capsys, "passphrase", "--recovery")[0] == 0
    monkeypatch.setenv("FLOORTRACK_PASSPHRASE_FILE", str(tmp_path / "third"))
    code, out, _ = run(capsys, "session", "list")
    assert code == 0 and "Nguyễn" in out


def test_decrypt_returns_the_file_and_backups_to_plain_json(
    encrypted: str, data_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "decrypt")
    assert code == 0, err
    assert data_file.read_bytes().startswith(b"{")
    assert all(p.read_bytes().startswith(b"{") for p in (data_file.parent / "backups").iterdir())


def test_a_passphrase_file_others_can_read_is_refused(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(
        "FLOORTRACK_PASSPHRASE_FILE", str(_secret(tmp_path, "pw", PASSPHRASE, 0o644))
    )
    code, _, err = run(capsys, "encrypt")
    assert code == 1 and "chmod 600" in err
    assert not data_file.exists()


def test_an_encrypted_backup_is_restored_with_its_passphrase(
    encrypted: str,
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "backup", "--out", str(tmp_path / "kept.json"))[0] == 0
    assert (tmp_path / "kept.json").read_bytes().startswith(b"floortrack-encrypted\n")
    assert run(capsys, "session", "add", "--date", "2026-03-05", "--code", "97110:20")[0] == 0
    code, _, err = run(capsys, "restore", str(tmp_path / "kept.json"), "--yes")
    assert code == 0, err
    _, out, _ = run(capsys, "session", "list", "--json")
    assert out.count('"date"') == 1  # back to the one visit the backup held
    monkeypatch.setenv("FLOORTRACK_PASSPHRASE_FILE", str(_secret(tmp_path, "bad", "not it at all")))
    code, _, err = run(capsys, "restore", str(tmp_path / "kept.json"), "--yes")
    assert code == 3 and "passphrase is wrong for this backup" in err


def test_documents_follow_the_file_into_encryption_and_out(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        run(
            capsys,
            "claim",
            "add",
            "--service-date",
            "2026-03-02",
            "--payer",
            "Aetna",
            "--billed",
            "100",
        )[0]
        == 0
    )
    eob = tmp_path / "eob.txt"
    eob.write_text("Denied: CO-97 bundled", encoding="utf-8")
    assert run(capsys, "claim", "attach", "1", str(eob), "--kind", "eob")[0] == 0
    monkeypatch.setenv("FLOORTRACK_PASSPHRASE_FILE", str(_secret(tmp_path, "pw", PASSPHRASE)))
    assert run(capsys, "encrypt")[0] == 0
    [copy] = (data_file.parent / "documents").iterdir()
    assert b"CO-97" not in copy.read_bytes()
    code, out, _ = run(capsys, "claim", "documents", "1", "--json")
    assert code == 0 and '"state": "ok"' in out
    code, _, err = run(capsys, "claim", "documents", "1", "--out", str(tmp_path / "plain"))
    assert code == 0 and "not encrypted" in err
    assert (tmp_path / "plain" / "eob.txt").read_text(encoding="utf-8") == "Denied: CO-97 bundled"
    assert run(capsys, "decrypt")[0] == 0
    assert b"CO-97" in copy.read_bytes()


def test_no_result_is_kept_in_plain_text_beside_an_encrypted_file(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kept = data_file.with_name(data_file.name + ".derived")  # store/derived.py
    argv = ("claim", "add", "--service-date", "2026-03-02", "--payer", "Nguyễn Health")
    assert run(capsys, *argv, "--billed", "200")[0] == 0
    assert run(capsys, "attention")[0] == 0
    assert run(capsys, "attention")[0] == 0  # a plain file: the list is kept for next time
    assert "Nguyễn".encode() in kept.read_bytes()
    monkeypatch.setenv("FLOORTRACK_PASSPHRASE_FILE", str(_secret(tmp_path, "pw", PASSPHRASE)))
    assert run(capsys, "encrypt")[0] == 0
    assert not kept.exists()
    code, out, _ = run(capsys, "attention")
    assert code == 0 and "Nguyễn Health" in out
    assert not kept.exists()
