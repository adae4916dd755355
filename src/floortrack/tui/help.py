"""The `?` help screen: generated from the keys active on the screen it was opened from,
plus that screen's HELP text — never a hand-kept list that drifts from the real bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from floortrack.tui.commands import key_display

GENERAL = """\
**Everywhere:** `ctrl+p` opens the command palette (type what you want to do);
`ctrl+q` also quits. The mouse works too: click rows, buttons and the footer keys.
To copy text with the mouse, hold `shift` while you drag.
"""


def describe_keys(screen: Screen) -> list[tuple[str, str]]:
    """(key, what it does) for every binding active on `screen`, deduplicated, in order."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        text = binding.tooltip or binding.description or binding.action
        if not text or key in seen:
            continue
        seen.add(key)
        rows.append((binding.key_display or key_display(key), text))
    return rows


def help_markdown(screen: Screen) -> str:
    title = getattr(screen, "TITLE_TEXT", "") or type(screen).__name__
    lines = [f"# {title}: keys", "", "| Key | What it does |", "|---|---|"]
    for key, text in describe_keys(screen):
        safe = text.replace("|", "\\|")
        lines.append(f"| `{key}` | {safe} |")
    lines.append("")
    extra = getattr(screen, "HELP", "")
    if extra:
        lines += [extra.strip(), ""]
    lines.append(GENERAL)
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 90;
        max-width: 95%;
        height: 90%;
        border: thick $primary 60%;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-hint {
        dock: bottom;
        color: $text-muted;
        text-align: center;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.markdown = help_markdown(target)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(self.markdown, id="help-text")
        yield Static("esc closes this help", id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
