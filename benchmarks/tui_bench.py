"""The TUI's interaction costs, headless (Textual's Pilot), as ratios.

- First paint at 20, 5,000 and 20,000 visits (+ as many claims): from starting a fresh
  interpreter until the newest page of visits is drawn, against a bare Textual app drawing its
  empty DataTable (bare_table.py) started the same way. Target <= 1.25x, the same at every size.
- Claims, first switch at 5,000 against the same on a 20-visit file (target <= 1.5x).
- A new visit saved through the form at 5,000 (the store fsyncs) until the frame painting its
  row, selected, reaches the terminal (not until Pilot finds the app idle), just
  after start-up and again once every screen was visited (target <= 200 ms).
- A filter keystroke on Sessions at 5,000, typed after a pause (it filters at once; keys
  typed in quick succession wait for the pause): its CPU and the time until the rows show.
- A cursor move, and opening the visit form at 5,000 until the frame painting it reaches the
  terminal, the first time and again (target < 100 ms of work each).
- Peak memory (RSS) at 20,000 after visiting every screen (target < 150 MiB).

Each measurement that must start cold runs in a fresh interpreter (`--child ...`).

    python benchmarks/tui_bench.py [--runs N]

In a real terminal: benchmarks/first_paint.py times the first paint in tmux (130x40) by
polling `tmux capture-pane` until the newest visit's date shows; for a save or a keystroke,
start `floortrack` in `tmux new-session -d -x 130 -y 40`, `tmux send-keys` the keys, and
poll `capture-pane` until the expected text shows (see README.md in this folder).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZE = (130, 40)
SIZES = (20, 5000, 20000)
TIMEOUT_S = 30.0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["TEXTUAL_ANIMATIONS"] = "none"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _make_file(folder: Path, n: int) -> Path:
    path = folder / f"d{n}" / "data.json"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path;"
            "from floortrack.demo import build_large; from floortrack.store import open_repository;"
            "p = Path(sys.argv[1]); p.parent.mkdir(parents=True);"
            "build_large(open_repository(p), sessions=int(sys.argv[2]), claims=int(sys.argv[2]))",
            str(path),
            str(n),
        ],
        env=_env(),
        check=True,
    )
    return path


def _make_app(data: str) -> Any:
    """The app as `floortrack` starts it (`tune_gc`, see tui/app.py), headless."""
    from floortrack.store import open_repository
    from floortrack.tui.app import FloortrackApp

    return FloortrackApp(
        open_repository(Path(data)), poll_interval=0, tune_gc=True, work_ahead=True
    )


def _child(args: list[str]) -> dict[str, Any]:
    """Run `tui_bench.py --child ARGS` in a fresh interpreter; its last stdout line is JSON."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{done.stderr[-3000:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    result: dict[str, Any] = json.loads(lines[-1])
    result.setdefault("wall_s", wall)
    return result


# -- children: each runs in its own interpreter ----------------------------------------------


def _child_paint(kind: str, data: str) -> None:
    """Start the app (or the bare one) headless and print a line as soon as the first frame
    that shows the data (the bare app: its table) has been composed for the terminal. The
    parent times from spawning this interpreter until that line arrives."""
    from textual.app import App

    app: App[None]
    if kind == "bare":
        sys.path.insert(0, str(HERE))
        from bare_table import BareTable

        app = BareTable()
        table_id = ""
    else:
        os.environ["FLOORTRACK_DATA"] = data

        app = _make_app(data)
        table_id = "#sessions-table"
    display = app._display

    def painted(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        from textual.widgets import DataTable

        if renderable is None:
            return
        tables = screen.query(table_id or DataTable)
        if tables and (tables.first().row_count if table_id else tables.first().columns):
            cpu = sum(os.times()[:2])  # this process's CPU so far (a steadier second measure)
            print(json.dumps({"painted": True, "cpu_s": cpu}), flush=True)
            os._exit(0)

    app._display = painted  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(TIMEOUT_S)
            raise TimeoutError("no frame showed the data")

    asyncio.run(run())


def _child_interact(data: str, out: dict[str, Any]) -> None:
    """In one app: Claims' first switch, cursor moves, opening the form, a filter keystroke, a
    save until its row shows; then every screen, and the save again."""
    os.environ["FLOORTRACK_DATA"] = data
    from textual.widgets import DataTable, Input

    app = _make_app(data)
    app.animation_level = "none"
    # The save is timed until the terminal is sent the frame that paints the new row (see
    # `save_visit`): every frame passes through here.
    display = app._display
    frame_watch: list[Any] = []  # [(screen, update) -> bool] while a save is timed

    def displayed(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if frame_watch and renderable is not None:
            frame_watch[0](screen, renderable)

    app._display = displayed  # type: ignore[method-assign]

    async def until(pilot: Any, predicate: Any, timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > deadline:
                raise TimeoutError("condition not met")
            await asyncio.sleep(0.001)
        await pilot.pause()

    def table() -> DataTable[Any]:
        return app.screen.query_one(DataTable)

    async def timed(pilot: Any, act: Any, predicate: Any) -> tuple[float, float]:
        """(wall ms, CPU ms of this process) from `act` until `predicate` holds and the
        screen has been refreshed."""
        cpu, wall = time.process_time(), time.perf_counter()
        await act()
        await until(pilot, predicate)
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000

    async def save_visit(pilot: Any, clinic: str) -> tuple[float, float]:
        await app.switch_mode("sessions")
        await until(pilot, lambda: app.screen.query("#sessions-table"))
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query("#provider"))
        form = app.screen
        form.query_one("#provider", Input).value = clinic
        form.query(".code").first(Input).focus()
        await pilot.press(*"97110", "tab", *"33")
        await pilot.pause()

        def shown() -> bool:
            if not app.screen.query("#sessions-table"):
                return False
            t = table()
            return bool(t.row_count) and str(t.get_row_at(0)[1]) == clinic

        # Timed from sending ctrl+s until the frame that paints the new row at the top of
        # the table, selected (the cursor on it, the table focused), is handed to the
        # terminal. Not until `pilot.press` returns and a `pilot.pause()` after it: those
        # wait for the process to be idle (wait_for_idle sleeps 20 ms slices until one
        # passes without work, twice in `press`, once more in `pause`), which added 40-80
        # ms after the last frame was already painted. A real terminal driver renders each
        # frame to escape sequences (headless skips it): done here too, so it is counted.
        painted: list[tuple[float, float]] = []
        done = asyncio.Event()  # waited on, not polled: polling would take CPU from the save

        def watch(screen: Any, update: Any) -> None:
            if painted:
                return
            update.render_segments(app.console)  # what a real driver would write
            if screen is not app.screen or not shown():
                return
            t = table()
            if t.cursor_row != 0 or screen.focused is not t:
                return
            y = t.region.y + (t.header_height if t.show_header else 0)  # the first row's line
            if clinic in _line_text(update, y, t.region.x, t.region.right):
                painted.append((time.perf_counter(), time.process_time()))
                done.set()

        frame_watch.append(watch)
        cpu, wall = time.process_time(), time.perf_counter()
        press = asyncio.create_task(pilot.press("ctrl+s"))
        try:
            await asyncio.wait_for(done.wait(), TIMEOUT_S)
        except TimeoutError:
            raise TimeoutError("no frame painted the saved visit") from None
        frame_watch.clear()
        await press
        await until(pilot, shown)
        ((end_wall, end_cpu),) = painted
        return (end_wall - wall) * 1000, (end_cpu - cpu) * 1000

    async def open_form(pilot: Any) -> tuple[float, float]:
        """(wall ms, CPU ms) from pressing e until the frame that paints the form is handed
        to the terminal (rendered to escape sequences, as a real driver would): like the
        save, not until the process is idle after it."""
        painted: list[tuple[float, float]] = []
        done = asyncio.Event()

        def watch(screen: Any, update: Any) -> None:
            if painted:
                return
            update.render_segments(app.console)
            if screen is app.screen and screen.query("#provider"):
                painted.append((time.perf_counter(), time.process_time()))
                done.set()

        frame_watch.append(watch)
        cpu, wall = time.process_time(), time.perf_counter()
        press = asyncio.create_task(pilot.press("e"))
        try:
            await asyncio.wait_for(done.wait(), TIMEOUT_S)
        except TimeoutError:
            raise TimeoutError("no frame painted the visit form") from None
        frame_watch.clear()
        await press
        ((end_wall, end_cpu),) = painted
        return (end_wall - wall) * 1000, (end_cpu - cpu) * 1000

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: app.data.loaded)
            await until(pilot, lambda: not [w for w in app.workers if not w.is_finished])
            await pilot.pause(0.1)
            # cursor moves
            moves = []
            for _ in range(10):
                row = table().cursor_row
                moves.append(
                    await timed(
                        pilot, lambda: pilot.press("down"), lambda r=row: table().cursor_row > r
                    )
                )
            out["cursor_ms"] = statistics.median(m[0] for m in moves)
            out["cursor_cpu_ms"] = statistics.median(m[1] for m in moves)
            # open the visit form (e) and close it again: the first time, then three more
            opens = []
            for _ in range(4):
                opens.append(await open_form(pilot))
                await pilot.press("escape")
                await until(pilot, lambda: app.screen.query("#sessions-table"))
            out["open_form_ms"], out["open_form_cpu_ms"] = opens[0]
            out["reopen_form_ms"] = statistics.median(o[0] for o in opens[1:])
            out["reopen_form_cpu_ms"] = statistics.median(o[1] for o in opens[1:])
            # a filter keystroke: "a" keeps most rows, then "ab" keeps few
            await pilot.press("slash")
            await pilot.pause()
            counts = []
            for text in ("2019", "2021", "2022", "2023"):
                box = app.screen.query_one("#sessions-filter", Input)
                before = table().row_count

                async def type_last(t: str = text, b: Input = box) -> None:
                    b.value = t[:-1]
                    await pilot.pause(0.3)  # the previous text filtered (not timed)

                await type_last()
                before = (table().row_count, str(app.screen.query_one("#sessions-status").render()))
                counts.append(
                    await timed(
                        pilot,
                        lambda t=text: pilot.press(t[-1]),
                        lambda b=before: (
                            (
                                table().row_count,
                                str(app.screen.query_one("#sessions-status").render()),
                            )
                            != b
                        ),
                    )
                )
            out["filter_key_ms"] = statistics.median(c[0] for c in counts)
            out["filter_key_cpu_ms"] = statistics.median(c[1] for c in counts)
            await pilot.press("escape")
            await pilot.pause()
            # Claims, first switch
            wall, cpu = await timed(
                pilot,
                lambda: pilot.press("3"),
                lambda: app.screen.query("#claims-table") and table().row_count,
            )
            out["claims_first_ms"], out["claims_first_cpu_ms"] = wall, cpu
            # Overview, first switch: a moment after the load, as in use (the app works its
            # figures out in the background once every record is in)
            await until(
                pilot,
                lambda: not [w for w in app.workers if w.group == "warm-up" and not w.is_finished],
            )
            wall, cpu = await timed(
                pilot,
                lambda: pilot.press("4"),
                lambda: app.screen.query("#overview") and app.screen.query_one("#overview").display,
            )
            out["overview_first_ms"], out["overview_first_cpu_ms"] = wall, cpu
            # a save, with only two screens open
            out["save_ms"], out["save_cpu_ms"] = await save_visit(pilot, "Bench Clinic One")
            print(json.dumps(out), file=sys.stderr, flush=True)
            # every screen, then the save again
            for mode in ("codes", "overview", "progress", "plans", "claims"):
                await app.switch_mode(mode)
                await pilot.pause()
                await until(pilot, lambda: not [w for w in app.workers if not w.is_finished])
            await pilot.pause(0.5)
            out["save_all_ms"], out["save_all_cpu_ms"] = await save_visit(pilot, "Bench Clinic Two")
            print(json.dumps(out), flush=True)
            os._exit(0)

    asyncio.run(run())


def _line_text(update: Any, y: int, x1: int, x2: int) -> str:
    """The text a compositor update (Textual's LayoutUpdate or ChopsUpdate) paints on screen
    line `y` between columns x1 and x2; "" if it leaves that line alone."""
    if hasattr(update, "chops"):  # ChopsUpdate: changed fragments, per line {x: strip}
        if y >= len(update.chops) or not any(span[0] == y for span in update.spans):
            return ""
        pieces = update.chops[y].items()
        return "".join(
            s.text for x, s in pieces if s is not None and x < x2 and x + len(s.text) > x1
        )
    if hasattr(update, "strips"):  # LayoutUpdate: whole lines of a region
        region = update.region
        if not region.y <= y < region.y + len(update.strips) or x2 <= region.x:
            return ""
        return "".join(s.text for s in update.strips[y - region.y])
    return ""


def _peak_mib(resource: Any) -> float:
    """This process's peak resident memory. On Linux from /proc (VmHWM, the high-water mark
    of this program's own memory): ru_maxrss carries over the peak of the process that
    started it, so under `make bench` (whose earlier benchmarks hold 20k files) it read
    356 MiB for a child that peaked at 172."""
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    for line in lines:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB -> MiB
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024  # KiB -> MiB


def _child_memory(data: str) -> None:
    """Visit every screen at this size and report the peak resident memory."""
    import resource

    os.environ["FLOORTRACK_DATA"] = data

    app = _make_app(data)

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            while not app.data.loaded:
                await asyncio.sleep(0.01)
            for mode in [*app.MODES, "sessions"]:
                await app.switch_mode(mode)
                await pilot.pause(0.2)
                while [w for w in app.workers if not w.is_finished]:
                    await asyncio.sleep(0.01)
            await pilot.pause(0.3)
            peak = _peak_mib(resource)
            print(json.dumps({"peak_mib": round(peak, 1)}), flush=True)
            os._exit(0)

    asyncio.run(run())


# -- the parent -------------------------------------------------------------------------------


def _paint(kind: str, data: Path | None, runs: int) -> float:
    times = [_child(["paint", kind, str(data or "")])["wall_s"] for _ in range(runs + 1)]
    return statistics.median(times[1:]) * 1000  # the first run warms the caches


def main(runs: int = 5) -> dict[str, Any]:
    import compileall

    compileall.compile_dir(str(ROOT / "src"), quiet=1)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="floortrack-tui-bench-") as tmp:
        files = {n: _make_file(Path(tmp), n) for n in SIZES}
        bare = _paint("bare", None, runs)
        paint = {}
        for n in SIZES:
            paint[n] = _paint("app", files[n], runs)
        bare = statistics.median([bare, _paint("bare", None, runs)])
        results["first_paint"] = {
            "bare_ms": round(bare, 1),
            **{f"app_{n}_ms": round(paint[n], 1) for n in SIZES},
            **{f"ratio_{n}": round(paint[n] / bare, 3) for n in SIZES},
        }
        print(
            f"First paint (headless, {SIZE[0]}x{SIZE[1]}): bare Textual {bare:.0f} ms; "
            + ", ".join(f"{n:,} visits {paint[n]:.0f} ms = {paint[n] / bare:.2f}x" for n in SIZES)
            + " (target <= 1.25x at every size)"
        )
        small = _child(["interact", str(files[20])])
        large = _child(["interact", str(files[5000])])
        claims_ratio = large["claims_first_ms"] / small["claims_first_ms"]
        results["interactions_5000"] = {k: round(v, 1) for k, v in large.items()}
        results["interactions_20"] = {k: round(v, 1) for k, v in small.items()}
        results["claims_first_ratio"] = round(claims_ratio, 3)
        print(
            f"Claims, first switch: 5,000 {large['claims_first_ms']:.0f} ms vs 20 "
            f"{small['claims_first_ms']:.0f} ms = {claims_ratio:.2f}x (target <= 1.5x)"
        )
        overview_ratio = large["overview_first_ms"] / small["overview_first_ms"]
        results["overview_first_ratio"] = round(overview_ratio, 3)
        print(
            f"Overview, first switch: 5,000 {large['overview_first_ms']:.0f} ms vs 20 "
            f"{small['overview_first_ms']:.0f} ms = {overview_ratio:.2f}x (target <= 1.5x)"
        )
        print(
            f"Save a new visit until its row shows (5,000, fsync): {large['save_ms']:.0f} ms "
            f"({large['save_cpu_ms']:.0f} ms CPU); after every screen {large['save_all_ms']:.0f} "
            f"ms ({large['save_all_cpu_ms']:.0f} ms CPU); 20 visits {small['save_ms']:.0f} ms = "
            f"{large['save_ms'] / small['save_ms']:.2f}x (target <= 200 ms)"
        )
        print(
            f"Filter keystroke (5,000): {large['filter_key_cpu_ms']:.0f} ms of CPU, rows shown "
            f"after {large['filter_key_ms']:.0f} ms; 20 visits "
            f"{small['filter_key_cpu_ms']:.0f} ms CPU (target < 100 ms of work)"
        )
        print(
            f"Cursor move (5,000): {large['cursor_ms']:.0f} ms ({large['cursor_cpu_ms']:.0f} ms "
            f"CPU) (target < 100 ms)"
        )
        results["open_form_ms"] = round(large["open_form_ms"], 1)
        print(
            f"Open the visit form (5,000) until it is painted: first {large['open_form_ms']:.0f}"
            f" ms ({large['open_form_cpu_ms']:.0f} ms CPU), again "
            f"{large['reopen_form_ms']:.0f} ms ({large['reopen_form_cpu_ms']:.0f} ms CPU); 20 "
            f"visits {small['open_form_ms']:.0f} ms (target < 100 ms)"
        )
        memory = _child(["memory", str(files[20000])])["peak_mib"]
        results["memory_20000_mib"] = memory
        print(f"Peak memory after every screen (20,000): {memory:.0f} MiB (target < 150 MiB)")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--only", help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    if parsed.child:
        what, *rest = parsed.child
        if what == "paint":
            _child_paint(rest[0], rest[1])
        elif what == "interact":
            _child_interact(rest[0], {})
        elif what == "memory":
            _child_memory(rest[0])
    else:
        main(parsed.runs)
