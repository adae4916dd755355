"""Long commands show progress on stderr when it is a terminal, and nothing when it is not."""

from __future__ import annotations

import errno
import os
import pty
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from floortrack.model import Claim, Session, SessionLine
from floortrack.store import open_repository

TODAY = date(2026, 3, 10)
ERASE = "\r\x1b[K"


@pytest.fixture
def records(data_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLOORTRACK_TODAY", TODAY.isoformat())
    visits = [
        Session(date=TODAY - timedelta(days=7 * n), lines=(SessionLine("97110", 25),))
        for n in range(30)
    ]
    claims = [Claim(service_dates=(v.date,), payer="Aetna", billed="90.00") for v in visits]
    open_repository(data_file).import_records({"sessions": visits, "claims": claims})
    return data_file


def run_on_terminal(*argv: str) -> tuple[int, str]:
    """Run floortrack with stderr on a pseudo-terminal; its exit code and what it wrote there."""
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "floortrack", *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError as exc:  # EIO: the child closed its end
            assert exc.errno == errno.EIO
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return child.wait(), b"".join(chunks).decode().replace("\r\n", "\n")


def run_piped(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "floortrack", *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )


def test_a_pdf_shows_how_far_it_has_got_on_a_terminal(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "packet.pdf"
    code, err = run_on_terminal("report", "--format", "pdf", "--out", str(out))
    assert code == 0
    assert f"{ERASE}Writing the PDF packet: 100% (page " in err
    # the progress line is erased before the last word, which stays on its own line
    assert err.endswith(f"{ERASE}Wrote the pdf packet to {out.resolve()}.\n")


def test_nothing_but_the_result_when_stderr_is_not_a_terminal(
    records: Path, tmp_path: Path
) -> None:
    out = tmp_path / "packet.pdf"
    result = run_piped("report", "--format", "pdf", "--out", str(out))
    assert result.returncode == 0
    assert result.stderr == f"Wrote the pdf packet to {out.resolve()}.\n"
    export = run_piped("export", "--format", "json", "--out", str(tmp_path / "all.json"))
    assert export.stderr == f"Exported 30 visits and 30 claims to {tmp_path / 'all.json'}.\n"


def test_import_and_export_say_they_are_working_on_a_terminal(
    records: Path, tmp_path: Path
) -> None:
    dump = tmp_path / "all\x1b[2Jdump.json"  # a name with a control sequence in it
    code, err = run_on_terminal("export", "--format", "json", "--out", str(dump))
    assert code == 0
    assert f"{ERASE}Exporting to all[2Jdump.json..." in err  # the ESC itself is never sent
    assert err.count("\x1b") == err.count(ERASE)  # no escape but the progress line's own
    assert err.endswith("claims to " + str(dump).replace("\x1b", "") + ".\n")
    code, err = run_on_terminal("import", str(dump), "--dry-run")
    assert code == 0
    assert f"{ERASE}Reading all[2Jdump.json..." in err
