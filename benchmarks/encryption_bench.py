"""Encryption at rest: the cost of unlocking, and of one save at ten years of data.

Targets (docs/STORAGE.md, "Encryption at rest"): unlocking costs one key derivation (about
0.2 s); after that, one encrypted save at 5,000 sessions + 5,000 claims stays at least 5x
faster than stock TinyDB's unencrypted JSONStorage insert. Saves alternate between the two
sides, so a busy moment slows both alike.

    python benchmarks/encryption_bench.py
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson
from storage_bench import SAVES, build_large_file, median_ms, sample_session, timed


def run(work: Path) -> dict[str, Any]:
    from tinydb import TinyDB

    from floortrack.store import crypto, open_repository
    from floortrack.store.encryption import encrypt_in_place
    from floortrack.store.repository import compact

    path = build_large_file(work / "ours" / "floortrack.json")
    stock_path = work / "stock.json"
    stock_path.write_bytes(orjson.dumps(orjson.loads(path.read_bytes())))
    encrypt_in_place(open_repository(path), "correct horse battery")

    unlocks = []
    for _ in range(3):
        start = time.perf_counter()
        crypto.unlock(path.read_bytes(), passphrase="correct horse battery")
        unlocks.append(time.perf_counter() - start)
    start = time.perf_counter()
    repo = open_repository(
        path, unlock=lambda raw: crypto.unlock(raw, passphrase="correct horse battery")
    )
    open_ms = (time.perf_counter() - start) * 1000

    session = sample_session()
    doc = compact(session.to_doc())
    stock = TinyDB(stock_path)
    table = stock.table("sessions")
    repo.sessions.add(session)  # the day's first save also makes the daily backup
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(SAVES):
        ours += timed(lambda: repo.sessions.add(session), 1)
        theirs += timed(lambda: table.insert(dict(doc)), 1)
    stock.close()
    return {
        "unlock_p50_ms": median_ms(unlocks),
        "open_encrypted_ms": open_ms,
        "encrypted_save_p50_ms": median_ms(ours),
        "stock_save_p50_ms": median_ms(theirs),
        "save_speedup": median_ms(theirs) / median_ms(ours),
    }


def report(r: dict[str, Any]) -> None:
    print("Encryption at rest (5,000 sessions + 5,000 claims):")
    print(
        f"  unlock (Argon2id, one derivation): p50 {r['unlock_p50_ms']:.0f} ms;"
        f" opening the encrypted file {r['open_encrypted_ms']:.0f} ms"
    )
    print(
        f"  one encrypted save p50 {r['encrypted_save_p50_ms']:.1f} ms vs stock TinyDB"
        f" unencrypted {r['stock_save_p50_ms']:.1f} ms"
    )
    verdict = "meets" if r["save_speedup"] >= 5 else "MISSES"
    print(f"  ratio: {r['save_speedup']:.1f}x faster ({verdict} target >= 5x)")


def main() -> dict[str, Any]:
    from bench_folder import run_and_report

    return run_and_report(run, report)


if __name__ == "__main__":
    main()
