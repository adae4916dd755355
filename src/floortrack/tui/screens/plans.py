"""Plans (6): the insurance plans and the prior authorisations, with what is used and left.

Top: one row per plan — its type, the unit rule it uses (and why), the visit limit with the
visits counted this plan year (billing.limits), appeal and filing windows. Bottom: the
authorisations with visits used and left. `tab` moves between the two tables; `n`, `e`, `d`
and `u` act on the one with the focus, through actions/plans.py (the same rules as
`floortrack plan` and `floortrack auth`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from floortrack import clock
from floortrack.actions import plans as plan_actions
from floortrack.actions.edits import Resolve, changed_fields
from floortrack.billing import limits
from floortrack.billing import plans as plan_rules
from floortrack.model import Authorization, Plan
from floortrack.store import Repository
from floortrack.tui.format import fmt_date, plural
from floortrack.tui.messages import DataChanged
from floortrack.tui.screens.base import DeleteUndoScreen

PLAN_TYPE_NAMES = {
    "commercial": "commercial",
    "medicare": "Medicare",
    "medicare_advantage": "Medicare Adv.",
    "other": "other",
}
UNIT_RULE_NAMES = {"cms": "CMS 8-minute", "per-code": "per-code"}

PLAN_COLUMNS = ("Payer", "Type", "Unit rule", "Visits this year", "Appeal", "Filing", "Member ID")
# Below NARROW_WIDTH the plans table keeps the first columns only (the pane below says the
# rest in words), so nothing is cut off at 80 columns.
NARROW_WIDTH = 100
NARROW_PLAN_COLUMNS = 5
NARROW_AUTH_CELLS = (0, 3, 4, 5, 6, 7)  # payer, until, visits, used, left, state
AUTH_COLUMNS = ("Payer", "Auth #", "From", "Until", "Visits", "Used", "Left", "")

Record = Plan | Authorization


def unit_rule_text(plan: Plan) -> str:
    """The rule and why: chosen on the plan, or following from its type."""
    method = plan_rules.rule_for_plan(plan, plan.payer).method
    name = UNIT_RULE_NAMES.get(method, method)
    return name if plan.unit_method else f"{name} (type)"


def window_text(window: plan_rules.Window) -> str:
    return window.length_text + (" (typical)" if window.typical else "")


def plan_row(plan: Plan, used: limits.VisitLimit | None) -> tuple[str | Text, ...]:
    if plan.visit_limit is None:
        visits = "no limit"
    else:
        count = used.used if used is not None else 0
        visits = f"{count} of {plan.visit_limit}"
    terms = plan_rules.terms(plan)
    return (
        Text(plan.payer),
        PLAN_TYPE_NAMES.get(plan.plan_type, plan.plan_type),
        unit_rule_text(plan),
        visits,
        window_text(terms.appeal),
        window_text(terms.filing),
        Text(plan.member_id or "—"),
    )


def auth_state(use: limits.AuthUsage) -> Text:
    if use.days_left < 0:
        return Text("ended", style="dim")
    if not use.active:
        return Text("not started")
    if use.remaining <= 0:
        return Text("all used", style="bold red")
    if use.running_out or use.expiring:
        return Text("running out", style="bold yellow")
    return Text("active", style="green")


def auth_row(use: limits.AuthUsage) -> tuple[str | Text, ...]:
    auth = use.auth
    return (
        Text(auth.payer),
        Text(auth.number or "—"),
        fmt_date(auth.start),
        fmt_date(auth.end),
        Text(str(auth.visits), justify="right"),
        Text(str(use.used), justify="right"),
        Text(str(max(use.remaining, 0)), justify="right"),
        auth_state(use),
    )


def plan_detail(plan: Plan, used: limits.VisitLimit | None) -> Text:
    """The selected plan in sentences: where each figure comes from."""
    terms = plan_rules.terms(plan)
    text = Text()
    text.append(plan.payer, style="bold")
    rule = plan_rules.rule_for_plan(plan, plan.payer)
    method = UNIT_RULE_NAMES.get(rule.method, rule.method)
    text.append(f" · units by the {method} rule ({rule.reason})\n")
    if plan.visit_limit is not None and used is not None:
        left = max(plan.visit_limit - used.used, 0)
        text.append(
            f"{plural(used.used, 'visit')} counted this plan year ({fmt_date(used.year_start)} "
            f"to {fmt_date(used.year_end)}), {left} left. "
        )
    text.append(
        f"Appeal within {terms.appeal.length_text} of {terms.appeal.basis} "
        f"({terms.appeal.source}).",
        style="dim",
    )
    text.append(f" Filing limit {window_text(terms.filing)}.", style="dim")
    if plan.member_id:
        text.append(f"\nMember ID: {plan.member_id}")
    if plan.note:
        text.append("\nNote: ")
        text.append(plan.note)
    return text


class PlansScreen(DeleteUndoScreen[Record]):
    """The plans table, the authorisations table, and the selected plan in words."""

    TITLE_TEXT = "Plans"
    MODE = "plans"
    NOUN = "plan"
    CSS_PATH = "plans.tcss"
    AUTO_FOCUS = "#plans-table"
    HELP = """\
## Plans

Your insurance plans and prior authorisations. A plan sets the rules floortrack uses for the
claims with that payer: the unit rule (CMS 8-minute or per code), the visit limit per plan
year, and the appeal and filing windows (blank: the typical figures for the plan type).

- **tab** moves between the plans and the authorisations.
- **n** adds, **e** or **enter** edits, **d** deletes (asks first) the selected plan or
  authorisation — whichever table has the focus. **u** brings back the last one deleted.

An authorisation shows the visits used (visits with that payer between its dates) and left.
"""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__()
        self._plans: list[Plan] = []
        self._usage: dict[int, limits.VisitLimit] = {}
        self._auths: list[limits.AuthUsage] = []
        self._want: Record | None = None  # a record just added: select it when listed

    def compose_body(self) -> ComposeResult:
        yield Static("Insurance plans", classes="pane-title")
        yield Static("", id="plans-empty", classes="empty-line")
        yield DataTable(id="plans-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plan-detail")
        yield Static("Prior authorisations", classes="pane-title")
        yield Static("", id="auths-empty", classes="empty-line")
        yield DataTable(id="auths-table", cursor_type="row", zebra_stripes=True)

    def _plan_columns(self, width: int) -> tuple[str, ...]:
        return PLAN_COLUMNS if width >= NARROW_WIDTH else PLAN_COLUMNS[:NARROW_PLAN_COLUMNS]

    @staticmethod
    def _auth_cells(width: int) -> tuple[int, ...]:
        return tuple(range(len(AUTH_COLUMNS))) if width >= NARROW_WIDTH else NARROW_AUTH_CELLS

    def on_resize(self, event: events.Resize) -> None:
        wanted = self._plan_columns(event.size.width)
        table = self.query_one("#plans-table", DataTable)
        if len(table.columns) != len(wanted):
            table.clear(columns=True)
            table.add_columns(*wanted)
            auths = self.query_one("#auths-table", DataTable)
            auths.clear(columns=True)
            auths.add_columns(*(AUTH_COLUMNS[i] for i in self._auth_cells(event.size.width)))
            self.data_changed()

    def on_mount(self) -> None:
        columns = self._plan_columns(self.app.size.width)
        self.query_one("#plans-table", DataTable).add_columns(*columns)
        cells = self._auth_cells(self.app.size.width)
        self.query_one("#auths-table", DataTable).add_columns(*(AUTH_COLUMNS[i] for i in cells))

    # -- rendering --------------------------------------------------------------------------
    SHOWS: ClassVar[frozenset[str]] = frozenset({"plans", "auths", "sessions", "claims"})

    def on_data_changed(self, message: DataChanged) -> None:
        if message.kinds & self.SHOWS:
            self.data_changed()

    def data_changed(self) -> None:
        data, today = self.data, clock.today()
        self._plans = sorted(data.plans, key=lambda p: p.payer.lower())
        self._usage = {
            p.id: limits.visit_limit(p, data.sessions, data.claims, data.plans, today, data.auths)
            for p in self._plans
            if p.id is not None and p.visit_limit is not None
        }
        self._auths = sorted(
            (
                limits.auth_usage(a, data.sessions, data.claims, data.plans, data.auths, today)
                for a in data.auths
            ),
            key=lambda u: (u.auth.end, u.auth.id or 0),
            reverse=True,
        )
        plans_table = self.query_one("#plans-table", DataTable)
        want, self._want = self._want, None
        keep_plan = want if isinstance(want, Plan) else self._selected_plan()
        plans_table.clear()
        shown = len(plans_table.columns)
        plans_table.add_rows([plan_row(p, self._usage.get(p.id or 0))[:shown] for p in self._plans])
        auths_table = self.query_one("#auths-table", DataTable)
        keep_auth = want if isinstance(want, Authorization) else self._selected_auth()
        auths_table.clear()
        wide = len(auths_table.columns) == len(AUTH_COLUMNS)
        cells = tuple(range(len(AUTH_COLUMNS))) if wide else NARROW_AUTH_CELLS
        auths_table.add_rows([tuple(auth_row(u)[i] for i in cells) for u in self._auths])
        self._restore_cursor(plans_table, [p.id for p in self._plans], keep_plan)
        self._restore_cursor(auths_table, [u.auth.id for u in self._auths], keep_auth)
        self.query_one("#plans-empty", Static).update(
            ""
            if self._plans
            else "No plans yet — press n to add your insurance plan (payer, type, visit limit)."
        )
        self.query_one("#plans-empty").display = not self._plans
        self.query_one("#auths-empty", Static).update(
            ""
            if self._auths
            else "No authorisations — if your plan approves visits in advance, press tab, "
            "then n, to add one."
        )
        self.query_one("#auths-empty").display = not self._auths
        self._show_detail()

    @staticmethod
    def _restore_cursor(
        table: DataTable[object], ids: list[int | None], keep: Record | None
    ) -> None:
        if keep is not None and keep.id in ids:
            table.move_cursor(row=ids.index(keep.id), animate=False)

    def _selected_plan(self) -> Plan | None:
        row = self.query_one("#plans-table", DataTable).cursor_row
        return self._plans[row] if 0 <= row < len(self._plans) else None

    def _selected_auth(self) -> Authorization | None:
        row = self.query_one("#auths-table", DataTable).cursor_row
        return self._auths[row].auth if 0 <= row < len(self._auths) else None

    @on(DataTable.RowHighlighted, "#plans-table")
    def _show_detail(self) -> None:
        plan = self._selected_plan()
        detail = self.query_one("#plan-detail", Static)
        detail.display = plan is not None
        if plan is not None:
            detail.update(plan_detail(plan, self._usage.get(plan.id or 0)))

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        self.action_edit()

    def _on_auths(self) -> bool:
        """Do n/e/d act on the authorisations (their table has the focus)?"""
        return self.focused is self.query_one("#auths-table", DataTable)

    def _select_new(self, record: Record | None) -> None:
        """After an add: list again with the new record selected."""
        if record is not None:
            self._want = record
            self.data_changed()

    def select_id(self, record_id: int) -> object:
        return None  # data_changed keeps the cursor on the record it showed

    # -- new / edit ---------------------------------------------------------------------------
    def action_new(self) -> None:
        if self._on_auths():
            self._auth_form(None)
        else:
            self._plan_form(None)

    def action_edit(self) -> None:
        if self._on_auths():
            auth = self._selected_auth()
            if auth is None:
                self.notify("No authorisation yet: press n to add one.")
                return
            self._auth_form(auth)
            return
        plan = self._selected_plan()
        if plan is None:
            self.notify("No plan yet: press n to add one.")
            return
        self._plan_form(plan)

    def _plan_form(self, plan: Plan | None) -> None:
        from floortrack.tui.dialogs.field_form import save_edit
        from floortrack.tui.dialogs.plan_forms import plan_form, plan_values

        async def save(edited: Plan) -> str | None:
            if plan is None or plan.id is None:
                values = plan_values(edited)
                result = await self.data.save(
                    lambda repo: plan_actions.add_plan(repo, **values),
                    success=f"Plan for {edited.payer} added",
                )
                self._select_new(result.value)
                return None if result else result.error
            plan_id, changes = plan.id, changed_fields(plan, edited)
            if not changes:
                return None  # nothing changed: nothing to write

            def edit(repo: Repository, resolve: Resolve) -> Plan:
                return plan_actions.edit_plan(repo, plan_id, changes, base=plan, resolve=resolve)

            return await save_edit(form, self.data, edit, f"Plan for {edited.payer} saved")

        form = plan_form(plan, save)
        self.app.push_screen(form)

    def _auth_form(self, auth: Authorization | None) -> None:
        from floortrack.tui.dialogs.field_form import save_edit
        from floortrack.tui.dialogs.plan_forms import auth_form, auth_values

        async def save(edited: Authorization) -> str | None:
            if auth is None or auth.id is None:
                values = auth_values(edited)
                result = await self.data.save(
                    lambda repo: plan_actions.add_auth(repo, **values),
                    success=f"Authorisation for {edited.payer} added",
                )
                self._select_new(result.value)
                return None if result else result.error
            auth_id, changes = auth.id, changed_fields(auth, edited)
            if not changes:
                return None

            def edit(repo: Repository, resolve: Resolve) -> Authorization:
                return plan_actions.edit_auth(repo, auth_id, changes, base=auth, resolve=resolve)

            return await save_edit(form, self.data, edit, "Authorisation saved")

        plan = self._selected_plan()
        form = auth_form(
            auth, save, payer=plan.payer if plan is not None else "", today=clock.today()
        )
        self.app.push_screen(form)

    # -- delete / undo ------------------------------------------------------------------------
    def action_delete(self) -> None:
        if self._on_auths():
            auth = self._selected_auth()
            if auth is None or auth.id is None:
                self.notify("No authorisation selected.")
                return
            auth_id = auth.id
            self.confirm_delete(
                f"Delete the authorisation with {auth.payer} ({plural(auth.visits, 'visit')}, "
                f"{fmt_date(auth.start)} to {fmt_date(auth.end)})?\n"
                "You can undo this with u right after.",
                lambda repo: plan_actions.delete_auth(repo, auth_id),
                "Authorisation deleted — press u to undo",
            )
            return
        plan = self._selected_plan()
        if plan is None or plan.id is None:
            self.notify("No plan selected.")
            return
        plan_id = plan.id
        self.confirm_delete(
            f"Delete the plan for {plan.payer}?\nIts claims and visits stay; they are then "
            "counted by the typical rules. You can undo this with u right after.",
            lambda repo: plan_actions.delete_plan(repo, plan_id),
            f"Plan for {plan.payer} deleted — press u to undo",
        )

    async def action_undo(self) -> None:
        await self.undo_delete(_restore, _restored)


def _restore(repo: Repository, record: Record) -> Record:
    if isinstance(record, Plan):
        return plan_actions.restore_plan(repo, record)
    return plan_actions.restore_auth(repo, record)


def _restored(record: Record) -> str:
    if isinstance(record, Plan):
        return f"Restored the plan for {record.payer}"
    return f"Restored the authorisation with {record.payer}"
