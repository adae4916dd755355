"""Many processes, one file, nothing lost (docs/STORAGE.md, S3, S4, S9).

- Two processes add records to the same file at the same time: every id either prints is in
  the file, no id is handed out twice, and the file holds exactly all of them.
- A writer SIGKILLed while it holds the write lock does not block the next writer (the
  kernel releases the lock with the process).
- A repository open in one process sees a record another process added (what the TUI's poll
  relies on).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from floortrack.model import Session, SessionLine
from floortrack.store import open_repository

N = 25  # records per process; enough for their saves to interleave many times

# Adds N sessions one save at a time and prints each acknowledged id.
ADDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from floortrack.model import Session, SessionLine
    from floortrack.store import open_repository

    repo = open_repository(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for n in range(int(sys.argv[2])):
        visit = Session(date="2026-01-05", provider=sys.argv[3], note=str(n),
                        lines=(SessionLine("97110", 20),))
        print(repo.sessions.add(visit), flush=True)
    """
)

# Takes the write lock, says so, and waits to be killed while holding it.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from floortrack.store import open_repository

    repo = open_repository(Path(sys.argv[1]))
    def hold():
        print("locked", flush=True)
        time.sleep(60)
    repo._locked(hold)
    """
)


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_adding_at_once_lose_nothing(data_file: Path) -> None:
    procs = {name: _python(ADDER, str(data_file), str(N), name) for name in ("left", "right")}
    for proc in procs.values():
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    for proc in procs.values():  # release both at once
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    printed: dict[str, list[int]] = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        printed[name] = [int(line) for line in out.split()]
    all_ids = printed["left"] + printed["right"]
    assert len(all_ids) == 2 * N
    assert len(set(all_ids)) == 2 * N, "two saves were given the same id"

    stored = {s.id: s for s in open_repository(data_file).sessions.all()}
    assert set(stored) == set(all_ids)
    for name, ids in printed.items():  # each id holds what that process saved, in order
        assert [stored[i].provider for i in ids] == [name] * N
        assert [stored[i].note for i in ids] == [str(n) for n in range(N)]


def test_a_writer_killed_while_holding_the_lock_does_not_block_the_next(data_file: Path) -> None:
    open_repository(data_file).sessions.add(
        Session(date="2026-01-05", lines=(SessionLine("97110", 20),))
    )
    holder = _python(HOLDER, str(data_file))
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"

    # While it holds the lock, another writer waits and then gives up cleanly (exit 3).
    env = {**os.environ, "FLOORTRACK_DATA": str(data_file), "FLOORTRACK_LOCK_TIMEOUT": "0.5"}
    cmd = [
        str(Path(sys.executable).with_name("floortrack")),
        "session",
        "add",
        "--code",
        "97110:20",
    ]
    blocked = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
    assert blocked.returncode == 3, blocked.stderr
    assert "locked" in blocked.stderr and "Traceback" not in blocked.stderr
    assert len(open_repository(data_file).sessions) == 1

    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    start = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start < 5
    assert done.stdout.strip() == "2"
    assert len(open_repository(data_file).sessions) == 2


def test_an_open_repository_sees_another_process_write(data_file: Path) -> None:
    mine = open_repository(data_file)
    mine.sessions.add(Session(date="2026-01-05", lines=(SessionLine("97110", 20),)))
    assert mine.reload_if_changed() is False  # its own save is not "a change by someone else"

    env = {**os.environ, "FLOORTRACK_DATA": str(data_file)}
    cmd = [str(Path(sys.executable).with_name("floortrack")), "session", "add"]
    subprocess.run([*cmd, "--date", "2026-01-08", "--code", "97140:15"], env=env, check=True)

    assert mine.reload_if_changed() is True
    assert [s.date.isoformat() for s in mine.sessions.all()] == ["2026-01-05", "2026-01-08"]
    # And its next save builds on the other process's record instead of overwriting it.
    mine.sessions.add(Session(date="2026-01-12", lines=(SessionLine("97112", 30),)))
    assert len(open_repository(data_file).sessions) == 3


# -- issue 14, item 2: read-modify-write commands from many processes at once -----------

WRITERS = 6  # concurrent CLI processes
PAYS = 3  # `claim pay` per process on the same claim

# Runs real CLI commands in-process (floortrack.cli.main), after a common start signal.
CLI_WORKER = textwrap.dedent(
    """
    import sys
    from floortrack.cli import main

    me = int(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()
    for k in range(int(sys.argv[2])):
        code = main(["claim", "pay", "1", "--amount", f"{me}.{k:02d}", "--on", "2026-02-01",
                     "--note", f"w{me}-{k}"])
        print("pay", me, k, code, flush=True)
    print("diary", main(["diary", "add", "--date", "2026-02-02", "--leaks", str(me)]), flush=True)
    print("plan", main(["plan", "add", "--payer", "Aetna", "--type", "commercial",
                        "--member-id", f"M{me}"]), flush=True)
    """
)


def test_concurrent_read_modify_writes_lose_nothing_and_duplicate_nothing(
    data_file: Path,
) -> None:
    env = {
        **os.environ,
        "FLOORTRACK_DATA": str(data_file),
        "FLOORTRACK_TODAY": "2026-03-01",
        "FLOORTRACK_LOCK_TIMEOUT": "60",
    }
    first = subprocess.run(
        [str(Path(sys.executable).with_name("floortrack")), "claim", "add", "--service-date",
         "2026-01-05", "--payer", "Aetna", "--billed", "9999.00"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLI_WORKER, str(n), str(PAYS)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(1, WRITERS + 1)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    for proc in procs:  # release them together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    acked: set[str] = set()
    diary_ok: list[int] = []
    plan_ok: list[int] = []
    for n, proc in enumerate(procs, start=1):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        for line in out.splitlines():
            kind, *rest = line.split()
            if kind == "pay":
                me, k, code = rest
                assert code == "0", err  # a payment is never refused for being concurrent
                acked.add(f"w{me}-{k}")
            elif kind == "diary" and rest == ["0"]:
                diary_ok.append(n)
            elif kind == "plan" and rest == ["0"]:
                plan_ok.append(n)

    repo = open_repository(data_file)
    notes = [p.note for p in repo.claims.get(1).payments]
    assert len(acked) == WRITERS * PAYS
    assert sorted(notes) == sorted(acked), "a payment was lost or recorded twice"
    days = [e for e in repo.diary.all() if e.date.isoformat() == "2026-02-02"]
    assert len(days) == 1 and len(diary_ok) == 1, "one diary entry per day, even at once"
    assert days[0].leaks == diary_ok[0]
    plans = [p for p in repo.plans.all() if p.payer.casefold() == "aetna"]
    assert len(plans) == 1 and len(plan_ok) == 1, "one plan per payer, even at once"
    assert plans[0].member_id == f"M{plan_ok[0]}"
