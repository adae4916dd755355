"""The command line at ten years of data and more, as ratios (the real console script, a
subprocess per run, so start-up counts):

- `floortrack session add` at 5,000 sessions + 5,000 claims vs the same on a new file
  (docs/ARCHITECTURE.md, "Performance targets": within 1.25x). Each side gets one warm-up
  run first (it makes the day's automatic backup, which happens once a day, not once per
  command); then the runs alternate between the two files so that machine noise hits both
  alike.
- `floortrack path` (which does nothing but name the file) vs `python -c pass`: what loading
  the command line costs over the interpreter's own start (issue 16: within ~2x).
- `session list` and `claim list` (text: the newest page) at 5k vs a 20-visit file (issue 16:
  within 1.5x).
- Peak memory (max RSS of the process) of `session list`, `claim list` and both with
  `--json`, and of `attention` (its kept list read back, and worked out afresh) at 20,000
  sessions + 20,000 claims, against the data file's size (issue 16: under 5x).

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


def _alternate(commands: dict[str, tuple[list[str], Path | None]], runs: int) -> dict[str, float]:
    """Median ms of each command (argv after the interpreter, data file), runs alternating."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv, data in commands.values():  # warm-up: the day's backup, the OS cache
        _timed(argv, data)
    for _ in range(runs):
        for name, (argv, data) in commands.items():
            times[name].append(_timed(argv, data))
    return {name: statistics.median(samples) * 1000 for name, samples in times.items()}


def _env(data: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if data is not None:
        env["FLOORTRACK_DATA"] = str(data)
    return env


def _timed(argv: list[str], data: Path | None) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, *argv],
        env=_env(data),
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


# Runs the command in a child and prints that child's peak RSS in KiB (Linux and macOS report
# ru_maxrss in KiB and bytes respectively; the parent here does nothing else).
_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
               stdin=subprocess.DEVNULL)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(peak // 1024 if sys.platform == "darwin" else peak)
"""


def peak_rss_mb(args: list[str], data: Path, forget: bool = False) -> float:
    """`forget`: remove the derived file first (store/derived.py): what `attention` costs
    after a change, when it works the list out instead of reading it back."""
    if forget:
        data.with_name(data.name + ".derived").unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, "-m", "floortrack", *args],
        env=_env(data),
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.strip()) * 1024 / 1e6


LISTS = {"session list": ["session", "list"], "claim list": ["claim", "list"]}
MEMORY = {
    "session list": ["session", "list"],
    "claim list": ["claim", "list"],
    "session list --json": ["session", "list", "--json"],
    "claim list --json": ["claim", "list", "--json"],
}


def run_more(work: Path, large: Path, runs: int = RUNS) -> dict[str, Any]:
    """path vs python -c pass, the lists at 5k vs 20, peak memory at 20k."""
    from storage_bench import build_large_file

    small = build_large_file(work / "small" / "floortrack.json", sessions=20, claims=20)
    huge = build_large_file(work / "huge" / "floortrack.json", sessions=20000, claims=20000)
    # The console script, as the user types it (`python -m floortrack` adds runpy's own
    # imports, ~4 ms, to every side alike).
    script = str(console_script())
    commands: dict[str, tuple[list[str], Path | None]] = {
        "python -c pass": (["-c", "pass"], None),
        "path": ([script, "path"], small),
    }
    for name, args in LISTS.items():
        commands[f"{name} 20"] = ([script, *args], small)
        commands[f"{name} 5k"] = ([script, *args], large)
    ms = _alternate(commands, runs)
    size_mb = huge.stat().st_size / 1e6
    memory = {name: peak_rss_mb(args, huge) for name, args in MEMORY.items()}
    # Worked out afresh (after any change), then read back as that run kept it.
    memory["attention, worked out"] = peak_rss_mb(["attention"], huge, forget=True)
    memory["attention"] = peak_rss_mb(["attention"], huge)
    return {
        "ms": ms,
        "path_ratio": ms["path"] / ms["python -c pass"],
        "list_ratios": {name: ms[f"{name} 5k"] / ms[f"{name} 20"] for name in LISTS},
        "file_mb_20k": size_mb,
        "peak_mb_20k": memory,
        "memory_ratios": {name: mb / size_mb for name, mb in memory.items()},
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
    more = result["more"]
    ms = more["ms"]
    verdict = "meets" if more["path_ratio"] <= 2 else "MISSES"
    print(
        f"CLI `floortrack path` {ms['path']:.0f} ms vs `python -c pass` "
        f"{ms['python -c pass']:.0f} ms: {more['path_ratio']:.2f}x ({verdict} target <= 2x)"
    )
    for name, ratio in more["list_ratios"].items():
        verdict = "meets" if ratio <= 1.5 else "MISSES"
        print(
            f"CLI `{name}` (text) at 5k {ms[name + ' 5k']:.0f} ms vs 20 visits "
            f"{ms[name + ' 20']:.0f} ms: {ratio:.2f}x ({verdict} target <= 1.5x)"
        )
    print(f"CLI peak memory at 20,000 + 20,000 (file {more['file_mb_20k']:.1f} MB):")
    for name, mb in more["peak_mb_20k"].items():
        ratio = more["memory_ratios"][name]
        verdict = "meets" if ratio <= 5 else "MISSES"
        print(f"  {name:<22} {mb:6.0f} MB: {ratio:.1f}x the file ({verdict} target < 5x)")


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="floortrack-bench-") as folder:
        result = run(Path(folder))
        result["more"] = run_more(Path(folder), Path(folder) / "large" / "floortrack.json")
    report(result)
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
