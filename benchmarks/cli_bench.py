"""One `floortrack session add` (the real console script) at ten years of data vs a new file.

Target (docs/ARCHITECTURE.md, "Performance targets"): a subcommand at 5,000 sessions + 5,000
claims within 1.25x of the same subcommand on an empty file. Each side gets one warm-up run
first (it makes the day's automatic backup, which happens once a day, not once per command);
then the runs alternate between the two files so that machine noise hits both alike.

    python benchmarks/cli_bench.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RUNS = 7
ADD = [
    "session",
    "add",
    "--date",
    "2026-03-02",
    "--provider",
    "Bloom Pelvic PT",
    "--code",
    "97110:25",
    "97140:15",
    "--note",
    "Bridges with ball squeeze",
]


def console_script() -> Path:
    return Path(sys.executable).with_name("floortrack")


def run_once(path: Path, args: list[str]) -> float:
    env = {**os.environ, "FLOORTRACK_DATA": str(path)}
    start = time.perf_counter()
    subprocess.run(
        [console_script(), *args],
        env=env,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def run(work: Path, runs: int = RUNS) -> dict[str, Any]:
    from storage_bench import build_large_file  # same folder: run.py puts it on sys.path

    large = build_large_file(work / "large" / "floortrack.json")
    empty = work / "empty" / "floortrack.json"
    times: dict[str, list[float]] = {"large": [], "empty": []}
    for path in (large, empty):
        run_once(path, ADD)  # warm-up: creates the file / makes today's backup
    for _ in range(runs):
        for name, path in (("large", large), ("empty", empty)):
            times[name].append(run_once(path, ADD))
    large_ms = statistics.median(times["large"]) * 1000
    empty_ms = statistics.median(times["empty"]) * 1000
    return {
        "large_ms": large_ms,
        "empty_ms": empty_ms,
        "ratio": large_ms / empty_ms,
        "runs": runs,
        "large_mb": large.stat().st_size / 1e6,
    }


def report(result: dict[str, Any]) -> None:
    print(f"CLI `floortrack session add` (median of {result['runs']} runs, real console script):")
    print(f"  on a new file:                     {result['empty_ms']:.0f} ms")
    print(
        f"  on 5,000 sessions + 5,000 claims:  {result['large_ms']:.0f} ms"
        f" ({result['large_mb']:.1f} MB)"
    )
    verdict = "meets" if result["ratio"] <= 1.25 else "MISSES"
    print(f"  ratio: {result['ratio']:.2f}x ({verdict} target <= 1.25x)")


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="floortrack-bench-") as folder:
        result = run(Path(folder))
    report(result)
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
