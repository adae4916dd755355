"""Clinics: each clinic's NPI, tax ID, network status and fees, and the superbill check.

Opened from the Overview (`c`, or "Clinics" in the command palette); `escape` goes back. Top:
the clinics. Bottom: the selected clinic, then the superbill check for one month of its
visits (billing/superbill.py): what an insurer would reject, each problem next to the line it
is about. `,` and `.` move a month back and forward. `n` new, `e`/enter edit, `d` delete
(`u` undoes). Writing the superbill is one command, shown under the check.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from floortrack import clock
from floortrack.actions import clinics as clinic_actions
from floortrack.actions.edits import Resolve
from floortrack.actions.profile import current_profile
from floortrack.actions.superbill import plan_to_file_with
from floortrack.billing.deadlines import add_months
from floortrack.billing.npi import npi_problem
from floortrack.billing.superbill import Superbill, build_superbill
from floortrack.model import Claim, Clinic, Plan, Profile, Session
from floortrack.tui.data import SaveResult
from floortrack.tui.dialogs.clinic_form import ClinicForm
from floortrack.tui.format import fmt_money
from floortrack.tui.messages import DataChanged
from floortrack.tui.screens.base import DeleteUndoScreen
from floortrack.tui.widgets.empty import EmptyState

COLUMNS = ("Name", "NPI", "Tax ID", "Network", "Fees")


def month_bounds(first: date) -> tuple[date, date]:
    start = first.replace(day=1)
    return start, add_months(start, 1) - timedelta(days=1)


def latest_month(clinic: Clinic, sessions: Sequence[Session], today: date) -> date:
    """The first day of the newest month with a visit at the clinic (else this month)."""
    name = clinic.name.casefold()
    days = [s.date for s in sessions if s.provider.casefold() == name]
    return (max(days) if days else today).replace(day=1)


def npi_cell(clinic: Clinic) -> Text:
    if not clinic.npi:
        return Text("none", style="dim")
    if npi_problem(clinic.npi):
        return Text(f"{clinic.npi} invalid", style="bold red")
    return Text(clinic.npi)


def clinic_row(clinic: Clinic) -> tuple[Text | str, ...]:
    return (
        clinic.name,
        npi_cell(clinic),
        clinic.tax_id or "—",
        ", ".join(f"{p}: {s}" for p, s in clinic.networks) or "—",
        str(len(clinic.fees)) + (" code" if len(clinic.fees) == 1 else " codes"),
    )


def clinic_text(clinic: Clinic) -> Text:
    text = Text()
    text.append(clinic.name + "\n", style="bold")
    rows = (
        ("NPI", clinic.npi or "—"),
        ("Tax ID", clinic.tax_id or "—"),
        ("Address", clinic.address.replace("\n", ", ") or "—"),
        ("Phone", clinic.phone or "—"),
        ("Place of service", clinic.place_of_service),
        ("Network", ", ".join(f"{p}: {s} of network" for p, s in clinic.networks) or "—"),
        ("Fees", ", ".join(f"{c} {fmt_money(f)}" for c, f in clinic.fees) or "—"),
    )
    for label, value in rows:
        text.append(f"{label:<18}", style="bold")
        text.append(value + "\n")
    problem = npi_problem(clinic.npi) if clinic.npi else None
    if problem:
        text.append(f"  {problem}\n", style="bold red")
    return text


def check_text(bill: Superbill) -> Text:
    """The superbill check: general problems first, then each line with its own problems."""
    text = Text()
    month = bill.start.strftime("%B %Y")
    text.append(f"\nSuperbill check, {month}", style="bold")
    visits, lines = len(bill.visits), len(bill.lines)
    text.append(f"  {visits} visit{'s' if visits != 1 else ''}, {lines} line")
    text.append("s" if lines != 1 else "")
    text.append(f", {fmt_money(bill.total_charged)} charged\n")
    general = [f for f in bill.findings if f.where != "line"]
    for finding in general:
        text.append("  ✗ ", style="bold red")
        text.append(finding.message + "\n")
    for visit in bill.visits:
        for line in visit.lines:
            mods = "-".join(line.modifiers)
            minutes = "—" if line.minutes is None else f"{line.minutes} min"
            text.append(f"  {line.day.isoformat()}  {line.code:<6}{('-' + mods) if mods else ''}")
            units = f"{line.units} unit{'s' if line.units != 1 else ''}"
            text.append(f"  {units:<8} {minutes:>7}")
            text.append(f"  {fmt_money(line.charge):>9}\n")
            for finding in bill.findings:
                if (
                    finding.where == "line"
                    and finding.day == line.day
                    and finding.code == line.code
                ):
                    text.append("      ✗ ", style="bold red")
                    text.append(finding.message + "\n")
        for finding in bill.findings:
            if finding.where == "line" and finding.day == visit.day and not finding.code:
                text.append("      ✗ ", style="bold red")
                text.append(finding.message + "\n")
    if bill.ok:
        text.append("  ✓ Nothing an insurer would reject.\n", style="bold green")
    text.append(
        f'\nWrite it: floortrack superbill --clinic "{bill.clinic.name}" --from '
        f"{bill.start.isoformat()} --to {bill.end.isoformat()} --out superbill.pdf",
        style="dim",
    )
    if not bill.diagnoses:
        text.append("\n(add your diagnoses once: floortrack profile set --diagnosis N39.41)", "dim")
    return text


def superbill_for(
    clinic: Clinic,
    month: date,
    profile: Profile,
    plans: Sequence[Plan],
    sessions: Sequence[Session],
    claims: Sequence[Claim],
) -> Superbill:
    start, end = month_bounds(month)
    plan = plan_to_file_with(plans, clinic)
    return build_superbill(
        clinic, profile, plan, sessions, claims, start, end, list(profile.diagnoses)
    )


class ClinicsScreen(DeleteUndoScreen[Clinic]):
    TITLE_TEXT = "Clinics"
    NOUN = "clinic"
    BINDINGS: ClassVar = [  # added to the shared keys (Textual merges)
        Binding("escape", "app.pop_screen", "Back"),
        Binding("comma", "month(-1)", "Month back"),
        Binding("full_stop", "month(1)", "Month on"),
    ]
    DEFAULT_CSS = """
    ClinicsScreen #clinics-table {
        height: auto;
        max-height: 12;
    }
    ClinicsScreen #clinic-detail {
        height: 1fr;
        border-top: solid $primary 40%;
        padding: 0 1;
    }
    """
    HELP = """\
## Clinics

Your clinics: NPI (checked by its last digit), tax ID, address, network status with each
plan, and their fee per code. Below the selected clinic: the **superbill check** for a month
of its visits — what an insurer would reject, each problem next to its line.

- **n** new clinic, **e** / **enter** edit, **d** delete (**u** undoes).
- **,** and **.** move the check a month back and forward.
- **escape** goes back to the Overview.
"""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Clinic] = []
        self.month: date | None = None
        self._month_for: int | None = None  # the clinic the month was chosen for

    def compose_body(self) -> ComposeResult:
        yield EmptyState(
            "No clinics yet — press n to add one: its NPI, tax ID, network status with your "
            "plan and its fees make superbills and out-of-network claims work.",
            id="clinics-empty",
        )
        table: DataTable[Text | str] = DataTable(id="clinics-table", cursor_type="row")
        yield table
        with VerticalScroll(id="clinic-detail"):
            yield Static("", id="clinic-detail-body")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        if not self.data.loaded:
            self.data_changed()

    SHOWS: ClassVar[frozenset[str]] = frozenset(
        {"clinics", "sessions", "claims", "plans", "profiles"}
    )

    def on_data_changed(self, message: DataChanged) -> None:
        if message.kinds & self.SHOWS:
            self.data_changed()

    def data_changed(self) -> None:
        selected = self.selected()
        self.rows = sorted(self.data.clinics, key=lambda c: c.name.casefold())
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows([clinic_row(c) for c in self.rows])
        empty = not self.rows
        self.query_one(EmptyState).display = empty
        table.display = not empty
        self.query_one("#clinic-detail").display = not empty
        if selected is not None and selected.id is not None:
            self.select_id(selected.id)
        self._show_selected()

    def selected(self) -> Clinic | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        return self.rows[row] if self.rows and 0 <= row < len(self.rows) else None

    def select_id(self, record_id: int) -> bool:
        for index, clinic in enumerate(self.rows):
            if clinic.id == record_id:
                self.query_one(DataTable).move_cursor(row=index)
                self._show_selected()
                return True
        return False

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        body = self.query_one("#clinic-detail-body", Static)
        clinic = self.selected()
        if clinic is None:
            body.update("")
            return
        if self.month is None or self._month_for != clinic.id:
            self.month = latest_month(clinic, self.data.sessions, clock.today())
            self._month_for = clinic.id
        bill = superbill_for(
            clinic,
            self.month,
            current_profile(self.data.profiles),
            self.data.plans,
            self.data.sessions,
            self.data.claims,
        )
        text = clinic_text(clinic)
        text.append_text(check_text(bill))
        body.update(text)

    def action_month(self, step: int) -> None:
        if self.month is None:
            return
        self.month = add_months(self.month, step)
        self._show_selected()

    # -- new / edit / delete ---------------------------------------------------------------
    def action_new(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        clinic = self.selected()
        if clinic is None:
            self.notify("No clinic selected — press n to add one.")
            return
        self._open_form(clinic)

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        self.action_edit()

    @work(group="forms")
    async def _open_form(self, clinic: Clinic | None) -> None:
        async def submit(record: Clinic, resolve: Resolve) -> SaveResult[Clinic]:
            if clinic is None or clinic.id is None:
                result = await self.data.save(
                    lambda repo: clinic_actions.add_clinic(
                        repo,
                        name=record.name,
                        npi=record.npi,
                        tax_id=record.tax_id,
                        address=record.address,
                        phone=record.phone,
                        place_of_service=record.place_of_service,
                        networks=dict(record.networks),
                        fees=dict(record.fees),
                        note=record.note,
                    ),
                    success=f"Added {record.name}",
                )
                return result
            from floortrack.actions.edits import changed_fields

            base, record_id = clinic, clinic.id
            changes = changed_fields(base, record)
            result = await self.data.save(
                lambda repo: clinic_actions.edit_clinic(
                    repo, record_id, changes, base=base, resolve=resolve
                ),
                success=f"Saved {record.name}",
            )
            return result

        others = [c for c in self.data.clinics if clinic is None or c.id != clinic.id]
        saved = await self.app.push_screen_wait(ClinicForm(clinic, others=others, submit=submit))
        if saved is not None and saved.id is not None:
            self.data_changed()  # the snapshot has it already; DataChanged may still be queued
            self.select_id(saved.id)
        self.query_one(DataTable).focus()

    def action_delete(self) -> None:
        clinic = self.selected()
        if clinic is None or clinic.id is None:
            self.notify("No clinic selected.")
            return
        record_id, name = clinic.id, clinic.name
        self.confirm_delete(
            f"Delete the clinic {name}?\nYour visits keep its name. You can undo this with u.",
            lambda repo: clinic_actions.delete_clinic(repo, record_id),
            f"Deleted {name} — press u to undo",
        )

    async def action_undo(self) -> None:
        await self.undo_delete(
            clinic_actions.restore_clinic, lambda record: f"Restored {record.name}"
        )
