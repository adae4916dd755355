"""What each benchmark's main() does: run it in a fresh temporary folder (its data files go
there and are removed after), then print its report. The benchmarks import this from their
own folder, which is on sys.path both when run alone and from run.py."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Result = dict[str, Any]


def run_and_report(run: Callable[[Path], Result], report: Callable[[Result], None]) -> Result:
    with tempfile.TemporaryDirectory(prefix="floortrack-bench-") as folder:
        result = run(Path(folder))
    report(result)
    return result
