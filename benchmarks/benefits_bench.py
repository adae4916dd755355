"""`floortrack benefits` at ten years of data vs the same command on an empty file.

Target (issue 11): within 1.25x. Both files get the same plan (the demo payer, with
deductible, out-of-pocket maximum and coinsurance) so the command does its full work; the
ten-year file is `floortrack.demo.build_large` (5,000 sessions + 5,000 claims). Runs alternate
between the two files after one warm-up each; medians.

    python benchmarks/benefits_bench.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RUNS = 7
SRC = Path(__file__).resolve().parents[1] / "src"
PLAN = [
    "plan",
    "add",
    "--payer",
    "Blue Harbor Health",
    "--type",
    "commercial",
    "--year-start-month",
    "7",
    "--deductible",
    "1500",
    "--oop-max",
    "4000",
    "--coinsurance",
    "20",
]


def _run(path: Path, args: list[str]) -> float:
    env = {**os.environ, "FLOORTRACK_DATA": str(path), "PYTHONPATH": str(SRC)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "floortrack", *args],
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
    for path in (large, empty):
        _run(path, PLAN)
        _run(path, ["benefits"])  # warm-up
    times: dict[str, list[float]] = {"large": [], "empty": []}
    for _ in range(runs):
        for name, path in (("large", large), ("empty", empty)):
            times[name].append(_run(path, ["benefits"]))
    large_ms = statistics.median(times["large"]) * 1000
    empty_ms = statistics.median(times["empty"]) * 1000
    return {"large_ms": large_ms, "empty_ms": empty_ms, "ratio": large_ms / empty_ms, "runs": runs}


def report(result: dict[str, Any]) -> None:
    print(f"CLI `floortrack benefits` (median of {result['runs']} runs):")
    print(f"  on a file with only the plan:      {result['empty_ms']:.0f} ms")
    print(f"  on 5,000 sessions + 5,000 claims:  {result['large_ms']:.0f} ms")
    verdict = "meets" if result["ratio"] <= 1.25 else "MISSES"
    print(f"  ratio: {result['ratio']:.2f}x ({verdict} target <= 1.25x)")


def main() -> dict[str, Any]:
    from bench_folder import run_and_report

    return run_and_report(run, report)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
