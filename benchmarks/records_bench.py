"""The store's work proportional to the change, not to the file (issue "Instant at any size").

In-process, on files of N visits + N claims (`floortrack.demo.build_large`), medians:

- newest page: `sessions.newest(500)` on a freshly opened file (what the first screen reads)
  at 20, 5k and 20k: the month index parses only the latest months.
- records after a save: with every record built, change one visit and read all visits and
  claims again (what each screen does after a save), with fsync, at 20 and 5k.
- building every record: sessions + claims, 5k, with the trusted builders vs validation.
- claims CSV import: ms per claim at 1k vs 5k claims onto as many visits (linear, not
  quadratic: each claim looks up its own dates).

    python benchmarks/records_bench.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from storage_bench import build_large_file, median_ms, timed  # same folder

RUNS = 7
SIZES = (20, 5000, 20000)


def _median_ms(fn: Callable[[], object], runs: int = RUNS) -> float:
    return median_ms(timed(fn, runs))


def _newest(path: Path) -> float:
    from floortrack.store import open_repository

    return _median_ms(lambda: open_repository(path).sessions.newest(500))


def _after_a_save(path: Path) -> float:
    from floortrack.store import open_repository

    repo = open_repository(path)
    repo.sessions.all(), repo.claims.all()
    first = repo.sessions.all()[0]
    notes = iter(range(10**6))

    def save_and_read() -> None:
        repo.sessions.update(first.id or 0, replace(first, note=f"note {next(notes)}"))
        repo.sessions.all(), repo.claims.all()

    return _median_ms(save_and_read)


def _build_all(path: Path) -> dict[str, float]:
    """Open the file and build every visit and claim: as the store does it (trusted
    builders, collector paused) and as validation would."""
    from floortrack.model import Claim, Session
    from floortrack.store import open_repository

    def trusted() -> None:
        repo = open_repository(path)
        repo.sessions.all(), repo.claims.all()

    def validated() -> None:
        repo = open_repository(path)
        for table, kind in ((repo.sessions, Session), (repo.claims, Claim)):
            docs = repo._raw_table(table.name)
            [kind.from_doc(doc, int(key)) for key, doc in docs.items()]

    return {"validated_ms": _median_ms(validated, 3), "trusted_ms": _median_ms(trusted, 3)}


def _import_per_claim(work: Path, n: int) -> float:
    base = build_large_file(work / f"import{n}" / "base.json", n, 0)
    source = build_large_file(work / f"source{n}" / "data.json", n, n)
    csv = work / f"claims{n}.csv"
    env = {"FLOORTRACK_DATA": str(source)}
    run = [sys.executable, "-m", "floortrack"]
    with csv.open("wb") as out:
        subprocess.run(
            [*run, "export", "--format", "csv", "--table", "claims"],
            env=_env(env),
            stdout=out,
            check=True,
        )
    target = base.parent / "t.json"
    samples = []
    for _ in range(3):
        target.write_bytes(base.read_bytes())
        target.chmod(0o600)
        start = time.perf_counter()
        subprocess.run(
            [*run, "import", str(csv)],
            env=_env({"FLOORTRACK_DATA": str(target)}),
            check=True,
            capture_output=True,
        )
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000 / n


def _env(extra: dict[str, str]) -> dict[str, str]:
    import os

    src = str(Path(__file__).resolve().parents[1] / "src")
    return {**os.environ, "PYTHONPATH": src, **extra}


def run(work: Path) -> dict[str, Any]:
    files = {n: build_large_file(work / f"d{n}" / "data.json", n, n) for n in SIZES}
    newest = {n: _newest(files[n]) for n in SIZES}
    saved = {n: _after_a_save(files[n]) for n in (20, 5000)}
    return {
        "newest_ms": newest,
        "newest_ratio_20k_to_5k": newest[20000] / newest[5000],
        "after_save_ms": saved,
        "after_save_ratio_5k": saved[5000] / saved[20],
        "build_5k": _build_all(files[5000]),
        "import_ms_per_claim": {n: _import_per_claim(work, n) for n in (1000, 5000)},
    }


def report(result: dict[str, Any]) -> None:
    newest, saved = result["newest_ms"], result["after_save_ms"]
    print("Store: work proportional to the change (medians, in-process)")
    print(
        f"  newest page of a fresh file: {newest[20]:.1f} / {newest[5000]:.1f} / "
        f"{newest[20000]:.1f} ms at 20 / 5k / 20k (20k / 5k: "
        f"{result['newest_ratio_20k_to_5k']:.2f}x; 4x the data; what grows is reading and "
        "checksumming the whole file)"
    )
    print(
        f"  save one visit, then every record again: {saved[20]:.1f} / {saved[5000]:.1f} ms "
        f"at 20 / 5k: ratio {result['after_save_ratio_5k']:.2f}x"
    )
    build = result["build_5k"]
    print(
        f"  building 5k visits + 5k claims: {build['validated_ms']:.0f} ms validated, "
        f"{build['trusted_ms']:.0f} ms trusted"
    )
    per = result["import_ms_per_claim"]
    print(
        f"  claims CSV import: {per[1000]:.3f} / {per[5000]:.3f} ms per claim at 1k / 5k "
        f"(ratio {per[5000] / per[1000]:.2f}x; quadratic would be 5x)"
    )


def main() -> dict[str, Any]:
    from bench_folder import run_and_report

    return run_and_report(run, report)


if __name__ == "__main__":
    main()
