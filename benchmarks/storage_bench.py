"""One save at ten years of data: floortrack's repository vs stock TinyDB JSONStorage.

Target (docs/ARCHITECTURE.md, "Performance targets"): saving one record at 5,000 sessions +
5,000 claims is at least 5x faster than TinyDB's default JSONStorage doing the same insert,
while durable (fsync).

Both sides insert the same session document into the same data (the stock file holds our
file's tables). Ours: lock, identity check, serialize, temp file, fsync, replace, fsync the
folder. Stock: read and parse the whole file, insert, dump, write in place, fsync, truncate.
The saves alternate between the two, so a busy moment on the machine slows both alike.

    python benchmarks/storage_bench.py
"""

from __future__ import annotations

import statistics
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


def run(work: Path) -> dict[str, Any]:
    from tinydb import TinyDB

    from floortrack.store import open_repository
    from floortrack.store.repository import compact

    ours_path = build_large_file(work / "ours" / "floortrack.json")
    stock_path = work / "stock.json"
    # The same data for stock TinyDB, in its plain layout (its json module reads it back).
    stock_path.write_bytes(orjson.dumps(orjson.loads(ours_path.read_bytes())))

    start = time.perf_counter()
    repo = open_repository(ours_path)
    open_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    repo.sessions.all()
    repo.claims.all()
    objects_ms = (time.perf_counter() - start) * 1000

    session = sample_session()
    doc = compact(session.to_doc())
    stock = TinyDB(stock_path)  # default JSONStorage, no caching: TinyDB out of the box
    stock_table = stock.table("sessions")
    repo.sessions.add(session)  # the first save of the day also makes the daily backup
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(SAVES):
        ours += timed(lambda: repo.sessions.add(session), 1)
        theirs += timed(lambda: stock_table.insert(dict(doc)), 1)
    stock.close()
    return {
        "file_mb": ours_path.stat().st_size / 1e6,
        "ours": {
            "open_ms": open_ms,
            "objects_ms": objects_ms,
            "save_p50_ms": median_ms(ours),
            "save_best_ms": min(ours) * 1000,
        },
        "stock": {"save_p50_ms": median_ms(theirs), "save_best_ms": min(theirs) * 1000},
        "save_speedup": median_ms(theirs) / median_ms(ours),
        "breakdown": breakdown(repo, work),
    }


def breakdown(repo: Any, work: Path) -> dict[str, float]:
    """Where one of our saves spends its time at this size (for whoever makes it faster)."""
    from floortrack.store import schema
    from floortrack.store.atomic import atomic_write_bytes

    data = repo._storage.read()
    serialize = timed(lambda: schema.serialize(data), SAVES)
    payload = schema.serialize(data)
    scratch = work / "scratch" / "f.json"
    scratch.parent.mkdir()
    durable = timed(lambda: atomic_write_bytes(scratch, payload), SAVES)
    return {"serialize_ms": median_ms(serialize), "atomic_write_ms": median_ms(durable)}


def report(result: dict[str, Any]) -> None:
    ours, stock, parts = result["ours"], result["stock"], result["breakdown"]
    print(f"Storage at {SESSIONS:,} sessions + {CLAIMS:,} claims ({result['file_mb']:.1f} MB):")
    print(
        f"  open {ours['open_ms']:.1f} ms;"
        f" then building every Session and Claim object {ours['objects_ms']:.0f} ms"
    )
    print(
        f"  one save, floortrack (atomic, fsync): p50 {ours['save_p50_ms']:.1f} ms"
        f" (best {ours['save_best_ms']:.1f}); of which serialize {parts['serialize_ms']:.1f},"
        f" temp+write+fsync+replace {parts['atomic_write_ms']:.1f}"
    )
    print(
        f"  one save, stock TinyDB JSONStorage:   p50 {stock['save_p50_ms']:.1f} ms"
        f" (best {stock['save_best_ms']:.1f})"
    )
    verdict = "meets" if result["save_speedup"] >= 5 else "MISSES"
    print(f"  ratio: floortrack is {result['save_speedup']:.1f}x faster ({verdict} target >= 5x)")


def main() -> dict[str, Any]:
    from bench_folder import run_and_report

    return run_and_report(run, report)


if __name__ == "__main__":
    main()
