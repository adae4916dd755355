"""`floortrack attention` and `summary` at ten years of data vs a 20-visit file, and
needs_attention() in-process.

Target (issue 16, docs/ARCHITECTURE.md "Attention, bounded and grouped"): the CLI's
`attention` and `summary` at 5,000 visits + 5,000 claims within 1.5x of the same command on
a file of 20 visits + 20 claims. Both files come from `floortrack.demo.build_large` with
the same plan. Each command gets one untimed warm-up per file (the day's backup); then the
runs alternate between the files so machine noise hits both alike. In-process, the records
are built outside the timing: `needs_attention` is timed on records it has not seen (a
fresh repository each run: what a command or a first Overview visit pays) and again on the
same records (what an Overview pays when it recomputes after a save), and
`attention_list` says how many rows the bounded list has.

    python benchmarks/attention_bench.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RUNS = 5
SIZES = {"large": 5000, "small": 20}
# label -> (arguments, whether each run first removes the derived file). `attention` keeps
# its list beside the data file (store/derived.py) and reads it back while the file, the day
# and the code are unchanged; "worked out" is what it costs after any change.
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "attention": (["attention"], False),
    "attention, worked out": (["attention"], True),
    "summary": (["summary"], False),
    "attention --json": (["attention", "--json"], False),
}


def console_script() -> Path:
    return Path(sys.executable).with_name("floortrack")


def build(path: Path, n: int) -> Path:
    from floortrack.demo import build_large
    from floortrack.model import Plan
    from floortrack.store import open_repository

    repo = open_repository(path)
    build_large(repo, sessions=n, claims=n)
    repo.plans.add(Plan("Blue Harbor Health", "commercial", plan_year_start_month=7))
    return path


def run_once(path: Path, args: list[str], forget: bool = False) -> float:
    env = {**os.environ, "FLOORTRACK_DATA": str(path)}
    if forget:
        path.with_name(path.name + ".derived").unlink(missing_ok=True)
    start = time.perf_counter()
    command = [str(console_script()), *args]
    subprocess.run(command, env=env, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def cli(files: dict[str, Path], runs: int) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for label, (args, forget) in COMMANDS.items():
        times: dict[str, list[float]] = {name: [] for name in files}
        for path in files.values():
            run_once(path, args)  # warm-up: the day's backup, the OS file cache
        for _ in range(runs):
            for name, path in files.items():
                times[name].append(run_once(path, args, forget))
        large = statistics.median(times["large"]) * 1000
        small = statistics.median(times["small"]) * 1000
        out[label] = {"large_ms": large, "small_ms": small, "ratio": large / small}
    return out


def in_process(path: Path, runs: int) -> dict[str, float]:
    from floortrack.billing import attention
    from floortrack.clock import today
    from floortrack.store import open_repository

    first: list[float] = []
    again: list[float] = []
    rows = items = 0
    for _ in range(runs):
        repo = open_repository(path)  # new record objects: nothing memoised for them
        args = (
            repo.sessions.all(),
            repo.claims.all(),
            repo.plans.all(),
            repo.auths.all(),
            today(),
            repo.clinics.all(),
        )
        calls = repo.calls.all()
        start = time.perf_counter()
        found = attention.needs_attention(*args, calls=calls)
        first.append(time.perf_counter() - start)
        start = time.perf_counter()
        attention.needs_attention(*args, calls=calls)
        again.append(time.perf_counter() - start)
        items = len(found)
        rows = len(attention.attention_list(*args, calls=calls))
    return {
        "first_ms": statistics.median(first) * 1000,
        "again_ms": statistics.median(again) * 1000,
        "items": items,
        "rows": rows,
    }


def run(work: Path, runs: int = RUNS) -> dict[str, Any]:
    files = {name: build(work / name / "floortrack.json", n) for name, n in SIZES.items()}
    result: dict[str, Any] = {"cli": cli(files, runs), "runs": runs}
    large = in_process(files["large"], runs)
    small = in_process(files["small"], runs)
    result["needs_attention"] = {
        "large": large,
        "small": small,
        "first_ratio": large["first_ms"] / small["first_ms"],
        "again_ratio": large["again_ms"] / small["again_ms"],
    }
    return result


def report(result: dict[str, Any]) -> None:
    print(f"CLI at 5,000 visits + 5,000 claims vs 20 + 20 (medians of {result['runs']} runs):")
    for command, r in result["cli"].items():
        verdict = "meets" if r["ratio"] <= 1.5 else "MISSES"
        print(
            f"  {command:<22} {r['large_ms']:6.0f} ms vs {r['small_ms']:4.0f} ms: "
            f"{r['ratio']:.2f}x ({verdict} target <= 1.5x)"
        )
    na = result["needs_attention"]
    large, small = na["large"], na["small"]
    print("needs_attention() in-process, records already built:")
    print(
        f"  new records:   {large['first_ms']:6.1f} ms vs {small['first_ms']:.1f} ms "
        f"({na['first_ratio']:.0f}x)"
    )
    print(
        f"  same records:  {large['again_ms']:6.1f} ms vs {small['again_ms']:.1f} ms "
        f"({na['again_ratio']:.0f}x)"
    )
    print(
        f"  attention list at 5k: {large['items']:,} items in {large['rows']} rows "
        f"(20 visits: {small['items']} in {small['rows']})"
    )


def main() -> dict[str, Any]:
    from bench_folder import run_and_report

    return run_and_report(run, report)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
