""" "Write appeal letter" for the selected claim: your name, where to save, paper size.
ModalScreen[WrittenLetter | None].

The format follows the file's extension (.pdf, .html, .md). The letter is built and written
by actions/letters.py on the store thread (it reads the calls and documents in the file) and
saved privately (0600). On success the dialog closes with what was written; the caller says
where it went and whether it is an appeal or a request to the clinic.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from floortrack import clock
from floortrack.model import Claim, ValidationError
from floortrack.store import StoreError
from floortrack.tui.dialogs.out_path import check_out_path
from floortrack.tui.dialogs.report_dialog import PAPERS, default_folder

if TYPE_CHECKING:
    from floortrack.actions.letters import WrittenLetter
    from floortrack.tui.data import DataService

NAME_SETTING = "letter_name"  # the name last signed, offered again
FOLDER_SETTING = "letter_folder"  # the folder last saved to


class LetterDialog(ModalScreen["WrittenLetter | None"]):
    CSS_PATH = "letter_dialog.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "write", "Write letter"),
    ]

    def __init__(
        self,
        data: DataService,
        claim: Claim,
        *,
        today: date,
        name: str = "",
        folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.data = data
        self.claim = claim
        self.today = today
        self.name_value = name
        self.folder = folder if folder is not None and folder.is_dir() else default_folder()
        self._working = False

    def compose(self) -> ComposeResult:
        claim = self.claim
        number = claim.claim_number or f"#{claim.id}"
        with Vertical(id="form"):
            yield Static(
                f"Appeal letter: {claim.payer} claim {number}", id="form-title", markup=False
            )
            yield Static(
                "A letter from this claim's own facts: the denial and what it means, the codes "
                "with your logged minutes, the authorisation, your calls, the deadline and what "
                "to enclose. Where an appeal cannot succeed it is a request to the clinic. "
                "The file's extension picks the format: .pdf, .html or .md.",
                id="form-intro",
                markup=False,
            )
            with Horizontal(classes="row"):
                yield Label("Your name", classes="label")
                yield Input(self.name_value, id="name", compact=True, placeholder="to sign it")
            with Horizontal(classes="row", id="paper-row"):
                yield Label("Paper", classes="label")
                yield Select(PAPERS, value="letter", allow_blank=False, id="paper", compact=True)
            with Horizontal(classes="row"):
                yield Label("Save to", classes="label")
                yield Input(self._suggested_path(), id="out", compact=True)
            yield Static("", id="out-error", markup=False)
            yield Checkbox(
                "Add the claim's records after the letter: one file to send",
                value=True,
                id="evidence",
                compact=True,
            )
            with Horizontal(id="buttons"):
                yield Static("", id="form-status", markup=False)
                yield Button("Cancel", id="cancel")
                yield Button("Write letter (ctrl+s)", id="write", variant="primary")

    def on_mount(self) -> None:
        self._check_out()
        self.query_one("#name" if not self.name_value else "#out", Input).focus()

    def _suggested_path(self) -> str:
        tag = re.sub(r"[^A-Za-z0-9]+", "-", self.claim.claim_number or str(self.claim.id))
        name = f"appeal-letter-{tag.strip('-')}-{self.today.isoformat()}.pdf"
        return str(self.folder / name)

    def _target(self) -> tuple[Path | None, str]:
        return check_out_path(
            self.query_one("#out", Input).value,
            self.folder,
            (".pdf", ".html", ".htm", ".md", ".markdown"),
            "letter",
            "end the file name in .pdf, .html or .md (that picks the format)",
        )

    @on(Input.Changed, "#out")
    def _check_out(self) -> bool:
        path, error = self._target()
        widget = self.query_one("#out-error", Static)
        widget.update(error)
        widget.display = bool(error)
        self.query_one("#paper-row").display = path is not None and path.suffix.lower() == ".pdf"
        self.query_one("#write", Button).disabled = path is None or self._working
        return path is not None

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#write")
    async def action_write(self) -> None:
        from floortrack.actions.letters import write_letter

        path, _ = self._target()
        if path is None or self._working or self.claim.id is None:
            return
        name = self.query_one("#name", Input).value.strip()
        paper = str(self.query_one("#paper", Select).value)
        evidence = self.query_one("#evidence", Checkbox).value
        claim_id = self.claim.id
        self._working = True
        self.query_one("#write", Button).disabled = True
        status = self.query_one("#form-status", Static)
        status.update("Writing the letter…")

        def write() -> WrittenLetter:
            repo = self.data.repo
            written = write_letter(
                repo, claim_id, path, patient_name=name, paper=paper, evidence=evidence
            )
            if name != (repo.get_setting(NAME_SETTING) or ""):
                repo.set_setting(NAME_SETTING, name)
            if str(written.path.parent) != repo.get_setting(FOLDER_SETTING):
                repo.set_setting(FOLDER_SETTING, str(written.path.parent))
            return written

        try:
            written = await self.data.call(write)
        except (ValidationError, StoreError, OSError) as error:
            message = getattr(error, "message", None) or str(error)
            status.update(f"Not written: {message}")
            self._working = False
            self._check_out()
            return
        self.dismiss(written)


async def open_letter_dialog(screen: Screen[Any], data: DataService, claim: Claim) -> None:
    """Offer the dialog for `claim`; on success, say where the letter went."""
    from floortrack.reports.letters import LetterError, LetterRecords, build_letter

    today = clock.today()
    try:  # refuse early, with the reason, when nothing on the claim was denied
        build_letter(claim, LetterRecords(plans=data.plans), today)
    except LetterError as error:
        screen.notify(
            str(error).capitalize(), title="No letter to write", severity="warning", markup=False
        )
        return
    name, folder = await data.call(
        lambda: (data.repo.get_setting(NAME_SETTING), data.repo.get_setting(FOLDER_SETTING))
    )

    def done(written: WrittenLetter | None) -> None:
        if written is None:
            return
        what = "Appeal letter" if written.letter.kind == "appeal" else "Request to the clinic"
        missing = written.letter.missing
        note = (
            f" Not recorded yet: {', '.join(m.what for m in missing)}; the letter says so."
            if missing
            else ""
        )
        screen.notify(
            f"{what} saved to {written.path}.{note}",
            title="Letter ready",
            timeout=15,
            markup=False,
        )

    screen.app.push_screen(
        LetterDialog(
            data,
            claim,
            today=today,
            name=str(name or ""),
            folder=Path(folder) if folder else None,
        ),
        done,
    )
