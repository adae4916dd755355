"""Importing the insurer's claims (FHIR): 1,000 ExplanationOfBenefit resources into ten years.

Issue 12's target: about 2 seconds for 1,000 EOBs on a ten-year file (5,000 sessions + 5,000
claims). The EOBs are CARIN-style professional therapy claims in one searchset Bundle (four
lines and some extensions each, about 7 KB), half of them on days the log already has a
visit, half from before the log began (so 500 visits are made from the EOBs too).

Timed, each on a fresh copy of the ten-year file, through `import_fhir` (read, match, link,
bill check, one transaction and save, the backup before it): a first import (1,000 added), the
same file again (1,000 unchanged, nothing written), and a dry run. Medians of RUNS.

    python benchmarks/fhir_import.py
"""

from __future__ import annotations

import shutil
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

EOBS = 1000
RUNS = 3
TARGET_S = 2.0

ADJ = "http://terminology.hl7.org/CodeSystem/adjudication"
CARIN = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication"
CODES = (("97110", 2, 70.0), ("97140", 1, 65.0), ("97530", 1, 72.0), ("97112", 1, 68.0))


def _amount(category: str, value: float, system: str = ADJ) -> dict[str, Any]:
    return {
        "category": {"coding": [{"system": system, "code": category}]},
        "amount": {"value": round(value, 2), "currency": "USD"},
    }


def _eob(n: int, day: date) -> dict[str, Any]:
    items = []
    for seq, (code, units, price) in enumerate(CODES, start=1):
        billed = price * units
        allowed = round(billed * 0.64, 2)
        paid = round(allowed * 0.8, 2)
        items.append(
            {
                "sequence": seq,
                "productOrService": {
                    "coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": code}]
                },
                "modifier": [{"coding": [{"code": "GP"}]}],
                "servicedDate": day.isoformat(),
                "quantity": {"value": units},
                "adjudication": [
                    _amount("submitted", billed),
                    _amount("eligible", allowed),
                    _amount("benefit", paid),
                    _amount("coinsurance", allowed - paid, CARIN),
                ],
                "extension": [
                    {"url": f"https://example.test/ext/{i}", "valueString": "x" * 40}
                    for i in range(8)  # the bulk of real Blue Button resources: extensions
                ],
            }
        )
    return {
        "resourceType": "ExplanationOfBenefit",
        "id": f"bench-{n}",
        "meta": {"lastUpdated": f"{day.isoformat()}T12:00:00Z"},
        "identifier": [
            {
                "type": {"coding": [{"code": "uc"}]},
                "system": "https://example.test/claim-id",
                "value": f"BENCH-{n:05d}",
            }
        ],
        "status": "active",
        "type": {"coding": [{"code": "professional"}]},
        "insurer": {"display": "Bench Health Plan"},
        "provider": {"display": "Bloom Pelvic PT"},
        "outcome": "complete",
        "created": f"{(day + timedelta(days=20)).isoformat()}T00:00:00Z",
        "item": items,
        "payment": {"date": (day + timedelta(days=18)).isoformat()},
    }


def build_bundle(today: date, count: int = EOBS) -> bytes:
    """`count` EOBs on distinct days: half within the ten-year log (which has a visit every
    day), half from before it began (no visit yet: the import makes one from the EOB)."""
    entries = []
    logged = today - timedelta(days=count + 30)
    before = today - timedelta(days=3650 + 10)
    for n in range(count):
        day = logged + timedelta(days=n) if n % 2 == 0 else before - timedelta(days=n)
        entries.append({"resource": _eob(n, day)})
    bundle = {"resourceType": "Bundle", "type": "searchset", "total": count, "entry": entries}
    return orjson.dumps(bundle)


def _timed(work: Path, base: Path, bundle: Path, prepare: bool, **kw: Any) -> float:
    from floortrack.actions.fhir_import import import_fhir
    from floortrack.store import open_repository

    folder = work / f"run-{time.perf_counter_ns()}"
    folder.mkdir()
    path = folder / "floortrack.json"
    shutil.copyfile(base, path)
    repo = open_repository(path)
    repo.sessions.all()  # as a running app or a second command would have: file read
    if prepare:
        import_fhir(repo, bundle)
    start = time.perf_counter()
    summary = import_fhir(repo, bundle, **kw)
    elapsed = time.perf_counter() - start
    assert summary.added or summary.unchanged, "the benchmark imported nothing"
    shutil.rmtree(folder)
    return elapsed


def run(work: Path) -> dict[str, Any]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from storage_bench import build_large_file

    from floortrack.actions.fhir_import import import_fhir
    from floortrack.store import open_repository

    base = build_large_file(work / "base" / "floortrack.json")
    bundle = work / "eobs.json"
    bundle.write_bytes(build_bundle(date.today()))
    check = import_fhir(open_repository(base), bundle, dry_run=True)
    first = [_timed(work, base, bundle, False) for _ in range(RUNS)]
    again = [_timed(work, base, bundle, True) for _ in range(RUNS)]
    dry = [_timed(work, base, bundle, False, dry_run=True) for _ in range(RUNS)]
    return {
        "eobs": EOBS,
        "bundle_mb": bundle.stat().st_size / 1e6,
        "file_mb": base.stat().st_size / 1e6,
        "new_visits": len(check.new_visits),
        "first_import_s": statistics.median(first),
        "reimport_s": statistics.median(again),
        "dry_run_s": statistics.median(dry),
        "target_s": TARGET_S,
    }


def report(result: dict[str, Any]) -> None:
    print(
        f"FHIR import: {result['eobs']:,} EOBs ({result['bundle_mb']:.1f} MB) into the ten-year "
        f"file ({result['file_mb']:.1f} MB), {result['new_visits']} visits made from the EOBs:"
    )
    verdict = "meets" if result["first_import_s"] <= TARGET_S else "MISSES"
    print(
        f"  first import {result['first_import_s']:.2f} s ({verdict} target about "
        f"{TARGET_S:g} s); same file again {result['reimport_s']:.2f} s; "
        f"dry run {result['dry_run_s']:.2f} s (medians of {RUNS})"
    )


def main() -> dict[str, Any]:
    from bench_folder import run_and_report

    return run_and_report(run, report)


if __name__ == "__main__":
    main()
