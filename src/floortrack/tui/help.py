"""The `?` help screen: generated from the keys active on the screen it was opened from,
plus that screen's HELP text — never a hand-kept list that drifts from the real bindings."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from floortrack.tui import commands

GENERAL = """\
**Everywhere:** `ctrl+p` opens the command palette (type what you want to do, e.g.
"codes" or "theme"); `ctrl+q` also quits. The mouse works too: click rows, buttons and
the keys in the footer. To copy text with the mouse, hold `shift` while you drag.
"""


def describe_keys(screen: Screen[Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(key, what it does) for every binding active on `screen`: first the floortrack
    commands in the order of the command table, then the keys of the focused widget."""
    ours: dict[str, tuple[str, str]] = {}
    others: list[tuple[str, str]] = []
    ids = [c.id for c in commands.COMMANDS]
    noun = getattr(screen, "NOUN", "record")
    for key, active in screen.active_bindings.items():
        binding = active.binding
        text = binding.tooltip or binding.description or binding.action
        shown = binding.key_display or commands.key_display(key)
        if binding.id in ids:
            ours[binding.id] = (shown, commands.command(binding.id).help.format(noun=noun))
        elif text:
            others.append((shown, text))
    return [ours[i] for i in ids if i in ours], others


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, text in rows:
        table.add_row(key, text)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen .help-heading {
        text-style: bold;
        color: $text-primary;
        margin-top: 1;
    }
    HelpScreen Markdown {
        margin: 1 0 0 0;
        padding: 0;
        background: $surface;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, target: Screen[Any]) -> None:
        super().__init__()
        self.title_text = getattr(target, "TITLE_TEXT", "") or type(target).__name__
        self.screen_keys, self.widget_keys = describe_keys(target)
        self.help_text = getattr(target, "HELP", "")
        # Plain text of everything shown, for tests and screen readers alike.
        self.text = "\n".join(
            [f"{k}  {t}" for k, t in self.screen_keys + self.widget_keys]
            + [self.help_text, GENERAL]
        )

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"{self.title_text}: keys (esc closes)", classes="help-heading")
            yield Static(_table(self.screen_keys))
            if self.widget_keys:
                yield Static("In the list or field that has the focus", classes="help-heading")
                yield Static(_table(self.widget_keys))
            if self.help_text:
                yield Markdown(self.help_text.strip())
            yield Markdown(GENERAL)

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["HelpScreen", "describe_keys"]
