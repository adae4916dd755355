""" "Make report": choose format, period or claim, and where to save. ModalScreen[Path | None].

The packet is built from the app's snapshot lists in a thread (a long PDF takes a moment) and
written with the store's atomic write, so a half-written file is never left behind. On
success the dialog closes with the file's path and the caller says where it went.

Other screens can offer it too: `open_report_dialog(screen, claim_id)` (e.g. the Claims
screen with the selected denied claim).
"""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Select, Static

from floortrack import clock
from floortrack.billing import lifecycle, progress
from floortrack.model import Authorization, Call, Claim, DiaryEntry, Plan, Session

if TYPE_CHECKING:
    from floortrack.tui.data import DataService

FOLDER_SETTING = "report_folder"  # the folder the last report went to, offered next time

FORMATS: tuple[tuple[str, str], ...] = (("PDF", "pdf"), ("HTML page", "html"), ("Markdown", "md"))
PAPERS: tuple[tuple[str, str], ...] = (("US Letter", "letter"), ("A4", "a4"))
ALL_CLAIMS = "all"


def default_folder() -> Path:
    home = Path.home()
    documents = home / "Documents"
    return documents if documents.is_dir() else home


def claim_choice(claim: Claim) -> Text:
    """A Select prompt: Text, because the payer and number are the patient's own text."""
    status = lifecycle.current_status(claim).replace("_", " ")
    number = claim.claim_number or f"#{claim.id}"
    return Text(f"{claim.first_service.isoformat()}  {claim.payer} {number}  ({status})")


class ReportDialog(ModalScreen[Path | None]):
    CSS_PATH = "report_dialog.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "make", "Make report"),
    ]

    def __init__(
        self,
        *,
        sessions: list[Session],
        claims: list[Claim],
        plans: list[Plan],
        diary: list[DiaryEntry],
        today: date,
        claim_id: int | None = None,
        folder: Path | None = None,
        auths: list[Authorization] | None = None,
    ) -> None:
        super().__init__()
        self.sessions, self.claims, self.plans, self.diary = sessions, claims, plans, diary
        self.auths = auths or []
        self.today = today
        self.claim_id = claim_id if any(c.id == claim_id for c in claims) else None
        self.folder = folder if folder is not None and folder.is_dir() else default_folder()
        self._last_suggested = ""
        self._working = False

    def compose(self) -> ComposeResult:
        newest = sorted(self.claims, key=lambda c: (c.first_service, c.id or 0), reverse=True)
        claim_options = [("All claims in the period", ALL_CLAIMS)] + [
            (claim_choice(c), str(c.id)) for c in newest
        ]
        periods = [(label, key) for key, (label, _) in progress.PERIODS.items()]
        with Vertical(id="form"):
            yield Static("Make a report", id="form-title")
            yield Static(
                "A packet for a clinic's billing office or your insurer: visits with codes, "
                "minutes and units; claims with amounts, history and denial codes explained; "
                "bill-check findings; and your diary summary.",
                id="form-intro",
            )
            with Horizontal(classes="row"):
                yield Label("Claim", classes="label")
                yield Select(
                    claim_options,
                    value=str(self.claim_id) if self.claim_id else ALL_CLAIMS,
                    allow_blank=False,
                    id="claim",
                    compact=True,
                )
            with Horizontal(classes="row", id="period-row"):
                yield Label("Period", classes="label")
                # The last year by default, as on the command line: a PDF of ten years of
                # visits is thousands of pages (asked for with "All time").
                yield Select(periods, value="1y", allow_blank=False, id="period", compact=True)
            with Horizontal(classes="row"):
                yield Label("Format", classes="label")
                yield Select(FORMATS, value="pdf", allow_blank=False, id="format", compact=True)
            with Horizontal(classes="row", id="paper-row"):
                yield Label("Paper", classes="label")
                yield Select(PAPERS, value="letter", allow_blank=False, id="paper", compact=True)
            with Horizontal(classes="row"):
                yield Label("Save to", classes="label")
                self._last_suggested = self._suggested_path()
                yield Input(self._last_suggested, id="out", compact=True)
            yield Static("", id="out-error")
            with Horizontal(id="buttons"):
                yield Static("", id="form-status")
                yield Button("Cancel", id="cancel")
                yield Button("Make report (ctrl+s)", id="make", variant="primary")

    def on_mount(self) -> None:
        self._sync()
        self.query_one("#claim", Select).focus()

    # -- fields ----------------------------------------------------------------------------
    @property
    def fmt(self) -> str:
        return str(self.query_one("#format", Select).value)

    @property
    def chosen_claim(self) -> int | None:
        value = str(self.query_one("#claim", Select).value)
        return None if value == ALL_CLAIMS else int(value)

    def _suggested_path(self) -> str:
        fmt = self.fmt if self.is_mounted else "pdf"
        claim_id = self.chosen_claim if self.is_mounted else self.claim_id
        name = "floortrack-packet"
        if claim_id is not None:
            claim = next(c for c in self.claims if c.id == claim_id)
            tag = re.sub(r"[^A-Za-z0-9]+", "-", claim.claim_number or str(claim.id)).strip("-")
            name = f"floortrack-claim-{tag}"
        return str(self.folder / f"{name}-{self.today.isoformat()}.{fmt}")

    @on(Select.Changed)
    def _select_changed(self) -> None:
        self._sync()

    def _sync(self) -> None:
        self.query_one("#paper-row").display = self.fmt == "pdf"
        # A claim's packet covers that claim's dates; the period applies to "all claims".
        self.query_one("#period-row").display = self.chosen_claim is None
        self._say_how_long()
        out = self.query_one("#out", Input)
        if out.value == self._last_suggested:  # not typed over: follow format and claim
            self._last_suggested = self._suggested_path()
            out.value = self._last_suggested
        self._check_out()

    def _say_how_long(self) -> None:
        """Before a report of everything: how much that is, when it is more than a year."""
        if self._working:
            return
        status = self.query_one("#form-status", Static)
        period = str(self.query_one("#period", Select).value)
        first = progress.earliest(self.diary, self.sessions)
        year_ago = progress.period_range("1y", self.today)[0]
        if self.chosen_claim is None and period == "all" and first and first < year_ago:
            visits, claims = len(self.sessions), len(self.claims)
            status.update(
                f"All time, since {first.isoformat()}: {visits:,} visits and {claims:,} "
                "claims. A report of all of them is long and takes a while to make."
            )
        else:
            status.update("")

    @on(Input.Changed, "#out")
    def _out_changed(self) -> None:
        self._check_out()

    def _target(self) -> tuple[Path | None, str]:
        text = self.query_one("#out", Input).value.strip()
        if not text:
            return None, "type where to save the report"
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            return None, f"{path} is a folder: add a file name"
        if not path.parent.is_dir():
            return None, f"the folder {path.parent} does not exist"
        return path, ""

    def _check_out(self) -> bool:
        path, error = self._target()
        widget = self.query_one("#out-error", Static)
        widget.update(error)
        widget.display = bool(error)
        self.query_one("#make", Button).disabled = path is None or self._working
        return path is not None

    # -- actions ---------------------------------------------------------------------------
    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#make")
    async def action_make(self) -> None:
        from floortrack.reports import ReportError, ReportRequest, make_report
        from floortrack.store.atomic import atomic_write_bytes

        path, _ = self._target()
        if path is None or self._working:
            return
        claim_id = self.chosen_claim
        start = None
        if claim_id is None:
            period = str(self.query_one("#period", Select).value)
            first = progress.earliest(self.diary, self.sessions)
            start = progress.period_range(period, self.today, first)[0]
        request = ReportRequest(self.today, start, None, claim_id)
        fmt, paper = self.fmt, str(self.query_one("#paper", Select).value)
        self._working = True
        self.query_one("#make", Button).disabled = True
        status = self.query_one("#form-status", Static)
        status.update("Making the report…")
        data = getattr(self.app, "data", None)
        calls: list[Call] = []
        if data is not None:  # the calls are not in the screens' snapshot: read them once
            calls = await data.call(lambda: data.repo.calls.all())

        def build_and_write() -> None:
            payload = make_report(
                request,
                fmt,
                self.sessions,
                self.claims,
                self.plans,
                self.diary,
                paper=paper,
                auths=self.auths,
                calls=calls,
            )
            atomic_write_bytes(path.resolve(), payload)

        try:
            await asyncio.to_thread(build_and_write)
        except (ReportError, OSError) as error:
            status.update(f"Not written: {getattr(error, 'strerror', None) or error}")
            self._working = False
            self._check_out()
            return
        self.dismiss(path.resolve())


def open_report_dialog(screen: Screen[Any], data: DataService, claim_id: int | None = None) -> None:
    """Show the dialog for `screen`; on success, tell the user where the file is."""

    def done(path: Path | None) -> None:
        if path is not None:
            screen.notify(f"Report saved to {path}", title="Report ready", timeout=12, markup=False)
            folder = str(path.parent)
            if folder != data.repo.get_setting(FOLDER_SETTING):
                screen.app.run_worker(
                    data.save(lambda repo: repo.set_setting(FOLDER_SETTING, folder), success=None),
                    group="settings",
                )

    remembered = data.repo.get_setting(FOLDER_SETTING)  # in memory: no I/O on this thread

    screen.app.push_screen(
        ReportDialog(
            sessions=data.sessions,
            claims=data.claims,
            plans=data.plans,
            diary=data.diary,
            today=clock.today(),
            claim_id=claim_id,
            folder=Path(remembered) if isinstance(remembered, str) else None,
            auths=data.auths,
        ),
        done,
    )
