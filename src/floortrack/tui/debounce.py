"""Typing into a filter: a key after a pause filters at once; keys typed in quick
succession wait until typing pauses (each restarts the wait), so typing "bloom" filters ten
years of records twice, not five times (docs/ARCHITECTURE.md,
"From a key press to the file and back")."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

from textual.dom import DOMNode
from textual.timer import Timer

FILTER_DEBOUNCE = 0.15  # s: keys closer than this wait for the pause, not each filtering


class KeyDebounce:
    """Runs `apply` for each key in a filter, as said above; `now()` runs a waiting one
    at once (Enter), `cancel()` drops it (the filter closed)."""

    def __init__(self, owner: DOMNode, apply: Callable[[], None]) -> None:
        self._owner = owner
        self._apply = apply
        self._timer: Timer | None = None
        self._last_key = 0.0  # time.monotonic() of the last key

    def key(self) -> None:
        self.cancel()
        now = monotonic()
        quick = now - self._last_key < FILTER_DEBOUNCE
        self._last_key = now
        if quick:
            self._timer = self._owner.set_timer(FILTER_DEBOUNCE, self._fire)
        else:
            self._fire()

    def now(self) -> None:
        if self._timer is not None:
            self.cancel()
            self._fire()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _fire(self) -> None:
        self._timer = None
        self._apply()
