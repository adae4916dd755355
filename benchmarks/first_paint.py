"""First paint in a real terminal (tmux, 130x40) with ten years of data, as a ratio.

floortrack: from launch until the newest of 5,000 sessions (with 5,000 claims) is visible.
Baseline: from launch until a bare Textual app (bare_table.py) shows its empty DataTable.
Both are timed the same way: start the command in a fresh detached tmux session, then poll
`tmux capture-pane` until the marker text is on screen. Several runs each, medians compared.
Target (docs/ARCHITECTURE.md, "Performance targets"): ratio <= 1.25.

    python benchmarks/first_paint.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
SIZE = (130, 40)
TIMEOUT = 30.0
TARGET = 1.25


def _tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)


def time_until_visible(command: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from starting `command` in a new tmux window until `marker` is on screen."""
    name = f"ftbench{os.getpid()}"
    _tmux("kill-session", "-t", name)
    shell_command = " ".join(_quote(part) for part in command)
    start = time.perf_counter()
    _tmux(
        "new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]),
        "-e", f"FLOORTRACK_TODAY={env.get('FLOORTRACK_TODAY', '')}",
        shell_command,
    )  # fmt: skip
    try:
        while time.perf_counter() - start < TIMEOUT:
            screen = _tmux("capture-pane", "-p", "-t", name).stdout
            if marker in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise TimeoutError(f"'{marker}' did not appear within {TIMEOUT:.0f} s")
    finally:
        _tmux("kill-session", "-t", name)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _large_file(folder: Path) -> tuple[Path, str]:
    """A ten-year data file and the date of its newest session (the marker to wait for)."""
    sys.path.insert(0, str(ROOT / "src"))
    from floortrack.demo import build_large
    from floortrack.store import open_repository

    path = folder / "large.json"
    repo = open_repository(path)
    build_large(repo, sessions=5000, claims=5000)
    newest = max(s.date for s in repo.sessions.all())
    return path, newest.isoformat()


def main(runs: int = 5) -> dict[str, object] | None:
    if shutil.which("tmux") is None:
        print("First paint: tmux is not installed; skipped.")
        return None
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="floortrack-paint-") as tmp:
        data, newest = _large_file(Path(tmp))
        app_cmd = [PYTHON, "-m", "floortrack", "--data", str(data)]
        bare_cmd = [PYTHON, str(HERE / "bare_table.py")]
        # One untimed run of each warms the OS file cache and Python's bytecode cache.
        time_until_visible(app_cmd, newest, env)
        time_until_visible(bare_cmd, "Codes · minutes", env)
        app_times, bare_times = [], []
        for _ in range(runs):  # interleaved, so a busy moment hits both sides
            bare_times.append(time_until_visible(bare_cmd, "Codes · minutes", env))
            app_times.append(time_until_visible(app_cmd, newest, env))
    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    ratio = app_median / bare_median
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(
        f"First paint (tmux {SIZE[0]}x{SIZE[1]}, 5,000 sessions + 5,000 claims, {runs} runs): "
        f"floortrack {app_median * 1000:.0f} ms vs bare Textual DataTable "
        f"{bare_median * 1000:.0f} ms -> ratio {ratio:.2f}x ({verdict} the {TARGET}x target)"
    )
    return {
        "floortrack_ms": round(app_median * 1000, 1),
        "bare_ms": round(bare_median * 1000, 1),
        "ratio": round(ratio, 3),
        "target": TARGET,
        "runs": runs,
        "floortrack_all_ms": [round(t * 1000, 1) for t in app_times],
        "bare_all_ms": [round(t * 1000, 1) for t in bare_times],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    main(parser.parse_args().runs)
