"""Asking for the passphrase of an encrypted data file, before the app opens.

A small app of its own, run before the main one: the main app needs an open repository, and
an encrypted file cannot be opened without the passphrase. A wrong passphrase says so and
asks again; Escape or ctrl+q leaves without opening anything (docs/STORAGE.md, "Encryption
at rest")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

if TYPE_CHECKING:
    from floortrack.store import Repository

# Given a passphrase: the open repository, or an error message for a wrong one.
Opener = Callable[[str], "Repository"]


class UnlockApp(App["Repository | None"]):
    """One question: the passphrase. Returns the open repository (None if the user left)."""

    CSS = """
    Screen { align: center middle; }
    #unlock { width: 64; height: auto; border: round $accent; padding: 1 2; }
    #unlock-problem { color: $error; height: auto; }
    #unlock-title { text-style: bold; }
    """
    BINDINGS = [Binding("escape", "leave", "Leave"), Binding("ctrl+q", "leave", "Leave")]

    def __init__(self, file_name: str, opener: Opener) -> None:
        super().__init__()
        self.file_name = file_name
        self.opener = opener

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield Static("Your floortrack data is encrypted", id="unlock-title")
            yield Static(f"Passphrase for {self.file_name}:", markup=False)
            yield Input(password=True, id="passphrase", placeholder="passphrase")
            yield Static("", id="unlock-problem", markup=False)
            yield Static("enter unlocks · esc leaves", classes="hint")

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value:
            self.query_one("#unlock-problem", Static).update("Unlocking…")
            event.input.disabled = True
            self._try(event.value)

    @work(thread=True, exclusive=True)
    def _try(self, passphrase: str) -> None:
        from floortrack.store import StoreError

        try:
            repo = self.opener(passphrase)  # one key derivation: about 0.2 s
        except StoreError as error:
            self.call_from_thread(self._wrong, error.reason)
            return
        self.call_from_thread(self.exit, repo)

    def _wrong(self, reason: str) -> None:
        self.query_one("#unlock-problem", Static).update(
            f"Not unlocked: {reason}. Try again (the recovery key can set a new passphrase: "
            "floortrack passphrase --recovery)."
        )
        box = self.query_one("#passphrase", Input)
        box.disabled = False
        box.value = ""
        box.focus()

    def action_leave(self) -> None:
        self.exit(None)
