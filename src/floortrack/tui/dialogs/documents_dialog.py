"""Open one of a claim's documents with the system viewer: ModalScreen[None].

The copy kept in documents/ is opened (after checking it against its checksum), never the
original file, which may have moved."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from floortrack.model import ClaimDocument
from floortrack.tui.evidence import DOCUMENT_KINDS
from floortrack.tui.format import fmt_date


def system_open(path: Path) -> None:
    """Open `path` with the desktop's viewer for its type; returns at once."""
    if sys.platform == "darwin":
        subprocess.Popen(["open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elif os.name == "nt":
        os.startfile(str(path))  # type: ignore[attr-defined]  # Windows only
    else:
        subprocess.Popen(
            ["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )


class DocumentsDialog(ModalScreen[None]):
    CSS_PATH = "documents_dialog.tcss"
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(
        self,
        documents: Sequence[ClaimDocument],
        data_path: Path,
        opener: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__()
        self.documents = list(documents)
        self.data_path = data_path
        self.opener = opener

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static("Documents kept with this claim", id="form-title")
            yield OptionList(
                *(
                    Option(
                        Text(
                            f"{fmt_date(d.added)}  {DOCUMENT_KINDS.get(d.kind, d.kind)}: {d.name}"
                        ),
                        id=str(d.id),
                    )
                    for d in self.documents
                ),
                id="documents",
            )
            yield Static("enter opens it with your system's viewer · esc closes", id="form-intro")

    def on_mount(self) -> None:
        options = self.query_one("#documents", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        from floortrack.store.documents import copy_path, state

        doc = next(d for d in self.documents if str(d.id) == event.option.id)
        found = state(self.data_path, doc.stored, doc.sha256)
        if found == "locked":
            # Opening it in another program needs a plain copy on disk: only where asked.
            self.notify(
                f"{doc.name} is encrypted with your data. To read it, write a plain copy where "
                f"you choose: floortrack claim documents {doc.claim_id} --out FOLDER",
                timeout=10,
                markup=False,
            )
            return
        if found != "ok":
            word = "is missing" if found == "missing" else "no longer matches its checksum"
            self.notify(f"The kept copy of {doc.name} {word}.", severity="error", markup=False)
            return
        try:
            (self.opener or system_open)(copy_path(self.data_path, doc.stored))
        except OSError as error:
            self.notify(f"Could not open {doc.name}: {error}", severity="error", markup=False)
            return
        self.notify(f"Opened {doc.name}", timeout=3, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
