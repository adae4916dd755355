"""SIGKILL a writer at random instants; every acknowledged write must survive, whole
(docs/STORAGE.md, S1).

The child (crash_writer.py) runs the real storage layer and prints `acked ...` after each
write returns. The parent kills it 0-300 ms after it is ready (so the kill lands among the
writes, not during interpreter start-up), then checks the file with the app's own loader.
The canary runs the same harness against stock TinyDB to prove the harness sees corruption.

FLOORTRACK_CRASH_RUNS raises the number of kills (default keeps this test near 20 s).
"""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from floortrack.store import open_repository

WRITER = Path(__file__).with_name("crash_writer.py")
DEFAULT_RUNS = 60
CANARY_RUNS = 40


def _runs(default: int) -> int:
    text = os.environ.get("FLOORTRACK_CRASH_RUNS", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else default


@dataclass
class Outcome:
    """What the child said before it died."""

    acked: list[list[str]] = field(default_factory=list)
    inflight: list[str] | None = None  # the last `begin` without its `acked`

    @classmethod
    def parse(cls, output: str) -> Outcome:
        outcome = cls()
        complete = output[: output.rfind("\n") + 1]  # a half-printed last line never counts
        for line in complete.splitlines():
            kind, *rest = line.split()
            if kind == "begin":
                outcome.inflight = rest
            elif kind == "acked":
                outcome.acked.append(rest)
                outcome.inflight = None  # the write returned: nothing is in flight
        return outcome


def _kill_child(
    path: Path, mode: str, rng: random.Random, env: dict[str, str] | None = None
) -> Outcome:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), mode, str(rng.randrange(1 << 30))],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first != "ready\n":  # it could not even open the file: that is a failure to report
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"writer did not start: {first!r} {err[-2000:]}")
    try:
        proc.wait(timeout=rng.uniform(0.0, 0.3))
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Read the rest through the same buffered reader as `ready`: communicate() would read the
    # raw pipe and drop whatever readline() had already buffered (lines the child printed).
    out, err = proc.stdout.read(), proc.stderr.read() if proc.stderr else ""
    proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"writer died by itself: {err[-2000:]}"
    return Outcome.parse(out)


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


ENCRYPTED_RUNS = 20
PASSPHRASE = "crash test passphrase"


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_sigkill_never_corrupts_or_loses_an_acknowledged_write(
    data_file: Path, encrypted: bool
) -> None:
    rng = random.Random(20261128)
    runs = _runs(ENCRYPTED_RUNS if encrypted else DEFAULT_RUNS)
    env: dict[str, str] | None = None
    unlock = None
    if encrypted:
        from floortrack.store import crypto
        from floortrack.store.encryption import encrypt_in_place

        encrypt_in_place(open_repository(data_file), PASSPHRASE)
        env = {**os.environ, "FLOORTRACK_CRASH_PASSPHRASE": PASSPHRASE}
        sealer = crypto.unlock(data_file.read_bytes(), passphrase=PASSPHRASE)

        def unlock(raw: bytes) -> crypto.Sealer:
            return sealer  # derived once: every run checks the file with the same key

    # The model: ids that must exist, per table, and each session's acknowledged note.
    present: dict[str, set[int]] = {"sessions": set(), "code_notes": set()}
    notes: dict[int, str] = {}
    writes_seen = 0
    for run in range(runs):
        outcome = _kill_child(data_file, "ours", rng, env)
        inflight = outcome.inflight
        deleted: set[tuple[str, int]] = set()
        for op, table, record_id, *version in outcome.acked:
            writes_seen += 1
            rid = int(record_id)
            if op == "add":
                present[table].add(rid)
                if version:
                    notes[rid] = f"v{version[0]}"
            elif op == "delete":
                present[table].discard(rid)
                deleted.add((table, rid))
                notes.pop(rid, None)
            elif op == "update":
                notes[rid] = f"v{version[0]}"

        # Raises if the file is unreadable or mis-shaped (or, encrypted, fails its seal).
        repo = open_repository(data_file, unlock=unlock)
        if encrypted:
            assert data_file.read_bytes().startswith(b"floortrack-encrypted\n")
        stored_sessions = {s.id: s for s in repo.sessions.all()}
        stored_notes = {n.id: n for n in repo.code_notes.all()}
        stored = {"sessions": set(stored_sessions), "code_notes": set(stored_notes)}
        for table, ids in present.items():
            maybe_gone = set()
            if inflight and inflight[0] == "delete" and inflight[1] == table:
                maybe_gone = {int(inflight[2])}
            missing = ids - stored[table] - maybe_gone
            assert not missing, f"run {run}: acknowledged {table} {sorted(missing)} lost"
            resurrected = {rid for t, rid in deleted if t == table} & stored[table]
            assert not resurrected, f"run {run}: deleted {table} {resurrected} came back"
        for rid, note in notes.items():
            if rid not in stored_sessions:
                continue
            allowed = {note}
            if inflight and inflight[0] == "update" and int(inflight[2]) == rid:
                allowed.add(f"v{inflight[3]}")
            assert stored_sessions[rid].note in allowed, f"run {run}: session {rid} half-updated"
        for note in stored_notes.values():  # each 20 KB note is whole: old or new, never a mix
            assert len(note.text) == 20_000 and len(set(note.text)) == 1

        # The next write clears any temp file the kill left behind; the file stays private.
        repo.set_setting("crash_run", run)
        assert _temp_files(data_file.parent) == []
        assert stat.S_IMODE(data_file.stat().st_mode) == 0o600

        # Adopt the file as the model for the next run (it may hold an unacknowledged write).
        present = {"sessions": set(stored_sessions), "code_notes": set(stored_notes)}
        notes = {rid: s.note for rid, s in stored_sessions.items()}
    assert writes_seen >= runs, "the kills landed before any write: the test proved nothing"


def _tinydb_damaged(path: Path, outcome: Outcome, present: set[int]) -> tuple[bool, set[int]]:
    """(corrupt or lossy?, ids now present) for the canary's stock-TinyDB file."""
    for op, _table, record_id, *_ in outcome.acked:
        (present.add if op == "add" else present.discard)(int(record_id))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ids = {int(k) for k in data.get("_default", {})}
    except (ValueError, UnicodeDecodeError):
        return True, set()
    maybe_gone = set()
    if outcome.inflight and outcome.inflight[0] == "delete":
        maybe_gone = {int(outcome.inflight[2])}
    return bool(present - ids - maybe_gone), ids


def test_canary_the_harness_catches_stock_tinydb(tmp_path: Path) -> None:
    """If this fails, the kill loop above cannot see corruption and proves nothing."""
    rng = random.Random(7)
    path = tmp_path / "stock.json"
    present: set[int] = set()
    damaged = 0
    for _ in range(_runs(CANARY_RUNS)):
        outcome = _kill_child(path, "tinydb", rng)
        bad, ids = _tinydb_damaged(path, outcome, present)
        if bad:
            damaged += 1
            path.unlink()  # start the stock file afresh so the child can run again
            ids = set()
        present = ids
        if damaged >= 1 and "FLOORTRACK_CRASH_RUNS" not in os.environ:
            break  # one detection proves the point; the long run counts them all
    print(f"stock TinyDB: {damaged} damaged files")
    assert damaged >= 1, "stock TinyDB survived every kill: the harness cannot see corruption"


pytestmark = pytest.mark.slow
