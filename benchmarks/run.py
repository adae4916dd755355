"""`make bench`: print floortrack's performance ratios (docs/ARCHITECTURE.md,
"Performance targets").

Ratios, not pass/fail: each compares two measurements taken in the same run on the same
machine, so a slow or busy machine moves both sides alike.

    python benchmarks/run.py [--json RESULTS.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _first_paint() -> Any:
    """benchmarks/first_paint.py (written with the TUI) reports the first-paint ratio."""
    path = HERE / "first_paint.py"
    if not path.exists():
        print("First paint: benchmarks/first_paint.py is not there yet; skipped.")
        return None
    spec = importlib.util.spec_from_file_location("first_paint", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main()


def compiled_like_an_install() -> None:
    """Byte-compile src/ and let the timed commands use the bytecode, as an installed copy does.

    With PYTHONDONTWRITEBYTECODE set (this machine sets it) every timed subprocess compiled
    every module it imported again, 60-80 ms that a user's installed floortrack never pays."""
    import compileall
    import os

    compileall.compile_dir(str(HERE.parent / "src"), quiet=1)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, metavar="PATH", help="also save the numbers here")
    args = parser.parse_args()
    compiled_like_an_install()
    sys.path.insert(0, str(HERE))
    import cli_bench
    import encryption_bench
    import fhir_import
    import storage_bench

    results: dict[str, Any] = {}
    results["storage"] = storage_bench.main()
    print()
    results["encryption"] = encryption_bench.main()
    print()
    results["cli"] = cli_bench.main()
    print()
    import benefits_bench

    results["benefits"] = benefits_bench.main()
    print()
    import records_bench

    results["records"] = records_bench.main()
    print()
    import attention_bench

    results["attention"] = attention_bench.main()
    print()
    results["first_paint"] = _first_paint()
    print()
    import tui_bench

    results["tui"] = tui_bench.main()
    print()
    results["fhir_import"] = fhir_import.main()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
