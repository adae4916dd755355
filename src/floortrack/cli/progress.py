"""Progress on stderr for commands that can take more than a second (a PDF of a long history,
an import, an export), shown only when stderr is a terminal: piped or captured stderr (scripts,
tests) gets nothing from here.

The line is written to the terminal itself, past the control-character filter of
`printable_streams`, because it needs a carriage return to redraw itself; what it shows (a file
name too) is `printable` first. It is erased when the work ends, and what the command says
goes through `info` as usual.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

from .common import info, printable, raw_stderr

REDRAW_EVERY = 0.1  # seconds: often enough to look alive, rarely enough to cost nothing
ERASE = "\r\x1b[K"  # back to the start of the line, clear it


def terminal() -> Any | None:
    """The real stderr if it is a terminal, else None."""
    stream = raw_stderr()
    try:
        return stream if stream.isatty() else None
    except (AttributeError, ValueError):  # closed or replaced by something without isatty
        return None


class Progress:
    """`update(done, total)` redraws "<what>: 45% (detail)" at most every REDRAW_EVERY s."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._out = terminal()
        self._drawn = 0.0
        self._shown = False

    def update(self, done: int, total: int, detail: str = "") -> None:
        if self._out is None:
            return
        now = time.monotonic()
        if self._shown and done < total and now - self._drawn < REDRAW_EVERY:
            return  # the first and the last are always drawn
        share = f": {100 * done // total}%" if total > 0 else ""
        extra = f" ({detail})" if detail else ""
        self._draw(f"{self._what}{share}{extra}")
        self._drawn = now

    def note(self, text: str) -> None:
        """A stage without a count ("Reading the data file...")."""
        if self._out is not None:
            self._draw(text)
            self._drawn = time.monotonic()

    def say(self, message: str) -> None:
        """A notice for the user (stderr, as `info`), on a line of its own."""
        self.done()
        info(message)

    def _draw(self, text: str) -> None:
        assert self._out is not None
        with contextlib.suppress(OSError, ValueError):
            self._out.write(f"{ERASE}{printable(text)}")  # a file name may hold controls
            self._out.flush()
        self._shown = True

    def done(self) -> None:
        if self._out is not None and self._shown:
            with contextlib.suppress(OSError, ValueError):
                self._out.write(ERASE)
                self._out.flush()
            self._shown = False


@contextlib.contextmanager
def progress(what: str) -> Iterator[Progress]:
    """A Progress erased when the block ends, however it ends."""
    shown = Progress(what)
    try:
        yield shown
    finally:
        shown.done()


@contextlib.contextmanager
def working(what: str) -> Iterator[None]:
    """ "<what>... 3 s" redrawn each second while a step without its own count runs (an
    action of actions/ that reports no progress of its own)."""
    shown = Progress(what)
    if terminal() is None:
        yield
        return
    stop = threading.Event()
    start = time.monotonic()

    def tick() -> None:
        shown.note(f"{what}...")
        while not stop.wait(1.0):
            shown.note(f"{what}... {time.monotonic() - start:.0f} s")

    ticker = threading.Thread(target=tick, name="floortrack-progress", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()
        shown.done()
