"""One save at ten years of data: floortrack's repository vs stock TinyDB JSONStorage.

DESIGN.md target: saving one record at 5,000 sessions + 5,000 claims is at least 5x faster
than TinyDB's default JSONStorage doing the same insert, while durable (fsync).

Both sides insert the same session document into the same data (the stock file holds our
file's tables). Ours: lock, identity check, serialize, temp file, fsync, replace, fsync the
folder. Stock: read and parse the whole file, insert, dump, write in place, fsync, truncate.

    python benchmarks/storage_bench.py
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

SESSIONS = 5000
CLAIMS = 5000
SAVES = 15


def build_large_file(path: Path, sessions: int = SESSIONS, claims: int = CLAIMS) -> Path:
    """The 10-year fixture, written through the real repository (one import save)."""
    from floortrack.demo import build_large
    from floortrack.store import open_repository

    build_large(open_repository(path), sessions=sessions, claims=claims)
    return path


def sample_session() -> Any:
    from floortrack.model import Session, SessionLine

    return Session(
        date="2026-03-02",
        provider="Bloom Pelvic PT",
        lines=(SessionLine("97110", 25), SessionLine("97140", 15), SessionLine("97530", 10)),
        pain_before=5,
        pain_after=3,
        note="Bridges with ball squeeze; less urgency this week.",
    )


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def bench_ours(path: Path) -> dict[str, float]:
    from floortrack.store import open_repository

    start = time.perf_counter()
    repo = open_repository(path)
    open_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    repo.sessions.all()
    repo.claims.all()
    read_ms = (time.perf_counter() - start) * 1000
    session = sample_session()
    repo.sessions.add(session)  # the first save of the day also makes the daily backup
    saves = timed(lambda: repo.sessions.add(session), SAVES)
    return {
        "open_ms": open_ms,
        "read_all_ms": read_ms,
        "save_p50_ms": median_ms(saves),
        "save_max_ms": max(saves) * 1000,
    }


def bench_stock(path: Path, our_file: Path) -> dict[str, float]:
    from tinydb import TinyDB

    from floortrack.store.repository import compact

    tables = orjson.loads(our_file.read_bytes())
    path.write_bytes(orjson.dumps(tables))  # same data, stock TinyDB layout (json module)
    doc = compact(sample_session().to_doc())
    db = TinyDB(path)  # default JSONStorage, no caching: what TinyDB gives you out of the box
    table = db.table("sessions")
    saves = timed(lambda: table.insert(dict(doc)), SAVES)
    db.close()
    return {"save_p50_ms": median_ms(saves), "save_max_ms": max(saves) * 1000}


def run(work: Path) -> dict[str, Any]:
    ours_path = build_large_file(work / "ours" / "floortrack.json")
    size_mb = ours_path.stat().st_size / 1e6
    stock_copy = work / "template.json"
    shutil.copyfile(ours_path, stock_copy)
    ours = bench_ours(ours_path)
    stock = bench_stock(work / "stock.json", stock_copy)
    return {
        "file_mb": size_mb,
        "ours": ours,
        "stock": stock,
        "save_speedup": stock["save_p50_ms"] / ours["save_p50_ms"],
    }


def report(result: dict[str, Any]) -> None:
    ours, stock = result["ours"], result["stock"]
    print(f"Storage at {SESSIONS:,} sessions + {CLAIMS:,} claims ({result['file_mb']:.1f} MB):")
    print(
        f"  open {ours['open_ms']:.1f} ms;"
        f" build every Session and Claim object {ours['read_all_ms']:.1f} ms"
    )
    print(
        f"  one save, floortrack (atomic, fsync): p50 {ours['save_p50_ms']:.1f} ms"
        f" (max {ours['save_max_ms']:.1f})"
    )
    print(
        f"  one save, stock TinyDB JSONStorage:   p50 {stock['save_p50_ms']:.1f} ms"
        f" (max {stock['save_max_ms']:.1f})"
    )
    verdict = "meets" if result["save_speedup"] >= 5 else "MISSES"
    print(f"  ratio: floortrack is {result['save_speedup']:.1f}x faster ({verdict} target >= 5x)")


def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="floortrack-bench-") as folder:
        result = run(Path(folder))
    report(result)
    return result


if __name__ == "__main__":
    main()
