"""Every logged call, newest first (the palette's "Show calls"): ModalScreen[int | None].

Enter on a call about a claim closes the list with that claim's id, and the app shows the
claim on the Claims screen; its detail lists the call with the claim's others."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from floortrack.model import Call
from floortrack.tui.format import fmt_date


def call_prompt(call: Call) -> Text:
    text = Text()
    text.append(f"{fmt_date(call.on)}  {call.with_whom}", style="bold")
    if call.rep:
        text.append(f" · {call.rep}")
    if call.reference:
        text.append(f"  ref {call.reference}", style="dim")
    if call.claim_id:
        text.append(f"  claim {call.claim_id}", style="dim")
    text.append(f"\n  {call.note}")
    if call.follow_up:
        text.append(f"\n  follow up by {fmt_date(call.follow_up)}", style="dim")
    return text


class CallsDialog(ModalScreen[int | None]):
    CSS_PATH = "documents_dialog.tcss"  # the same small centred list
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, calls: Sequence[Call]) -> None:
        super().__init__()
        self.calls = sorted(calls, key=lambda c: (c.on, c.id or 0), reverse=True)

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static("Your calls", id="form-title")
            if self.calls:
                yield OptionList(
                    *(Option(call_prompt(c), id=str(c.id)) for c in self.calls), id="documents"
                )
                yield Static("enter shows the call's claim · esc closes", id="form-intro")
            else:
                yield Static(
                    "No calls logged yet. On the Claims screen, c logs a call about the "
                    "selected claim.",
                    id="form-intro",
                )

    def on_mount(self) -> None:
        if self.calls:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        call = next(c for c in self.calls if str(c.id) == event.option.id)
        if call.claim_id is None:
            self.notify("This call is not about a claim.", severity="warning")
            return
        self.dismiss(call.claim_id)

    def action_close(self) -> None:
        self.dismiss(None)
