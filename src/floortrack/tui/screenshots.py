"""`python -m floortrack.tui.screenshots OUTDIR`: one SVG per screen, from demo data.

Reproducible: a throwaway repository filled by floortrack.demo, "today" pinned (to
FLOORTRACK_TODAY if set, else 2026-03-14), a 130x40 terminal, the app driven by Pilot.
The README's screenshots come from here (`make screenshots`).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from floortrack.demo import build_demo
from floortrack.store import open_repository

SIZE = (130, 40)
DEFAULT_TODAY = "2026-03-14"
SCREENS = ("sessions", "codes", "claims", "overview", "progress", "plans")


async def capture(outdir: Path) -> list[Path]:
    from floortrack.tui.app import FloortrackApp  # Textual only when actually capturing

    today = date.fromisoformat(os.environ.setdefault("FLOORTRACK_TODAY", DEFAULT_TODAY))
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="floortrack-shots-") as folder:
        repo = open_repository(Path(folder) / "demo.json")
        build_demo(repo, today)
        app = FloortrackApp(repo, demo=True, poll_interval=0)
        app.animation_level = "none"
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(250):
                if app.data.loaded:
                    break
                await pilot.pause(0.02)
            for name in SCREENS:
                await app.switch_mode(name)
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
                await pilot.pause(0.1)
                path = outdir / f"{name}.svg"
                app.save_screenshot(filename=path.name, path=str(outdir))
                written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0] if args else "screenshots")
    outdir.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(capture(outdir)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
