"""The key bar at the bottom of every mode screen: Textual's Footer, rebuilt only when the keys
it shows change.

Textual's Footer removes and mounts all its keys again each time its screen says its bindings
may have changed, and a screen says so whenever a dialog is pushed over it or popped off it,
although its keys are the same. That rebuild (about 15 keys, each styled and laid out) cost
20 ms of every form opening and every save, and a second layout of the screen below. This one
keeps its keys when what they would show is unchanged (benchmarks/tui_bench.py).
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that skips rebuilding when the keys it would show are the ones it shows."""

    _shown: Hashable | None = None  # what the last compose showed (None: not composed yet)

    def _keys(self) -> Hashable:
        """Everything Footer.compose reads to build its keys."""
        app = self.app
        return (
            tuple(
                (key, binding, app.get_key_display(binding), enabled, tooltip)
                for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
        )

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        # Nothing composed (bindings not ready yet, or none to show): always rebuild next time.
        self._shown = self._keys() if keys else None
        yield from keys

    async def recompose(self) -> None:
        # Footer recomposes after the refresh that follows a change of bindings, once focus
        # has settled (a filter box focused shows only its own keys): compared then, not when
        # the change is announced, when the focused widget may not have moved yet.
        if self._shown is not None and self._keys() == self._shown:
            return  # the same keys as shown: nothing to rebuild
        await super().recompose()
