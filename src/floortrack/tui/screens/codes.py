"""Codes (2): what the codes on a bill or EOB mean, and how many units the minutes allow.

Left: search as you type across procedure codes, modifiers, denial codes and diagnoses
(billing.catalogue.search). Right: the selected code in plain words, with the patient's own
note (e edits it). Bottom: the unit calculator (billing.units) under both methods side by side.
Every fact comes from billing/; this module only lays it out.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from floortrack.billing import catalogue
from floortrack.billing.units import UnitResult, calculate_units
from floortrack.model import SessionLine, ValidationError
from floortrack.tui.dialogs.code_note import CodeNoteDialog
from floortrack.tui.screens.base import FloortrackScreen

SEARCH_LIMIT = 60

_KIND_SHORT: dict[str, str] = {
    "procedure": "procedure",
    "modifier": "modifier",
    "group": "group",
    "carc": "denial",
    "rarc": "remark",
    "diagnosis": "diagnosis",
}

METHOD_TITLES: dict[str, str] = {
    "cms": "CMS 8-minute rule — Medicare and Medicare Advantage",
    "per-code": "Per-code rule — commonly used by commercial plans",
}


def note_key(entry: catalogue.Entry) -> str:
    """The key a personal note is stored under. Adjustment reasons and group codes get a
    prefix because their bare codes collide with modifiers (CARC 59 / modifier 59, group CO /
    modifier CO)."""
    if entry.kind == "carc":
        return f"CARC-{entry.code}"
    if entry.kind == "group":
        return f"GROUP-{entry.code}"
    return entry.code


def result_prompt(entry: catalogue.Entry) -> Text:
    """One search result: the code as a patient names it, its kind, its plain title."""
    text = Text()
    text.append(f"{entry.label:<14}", style="bold")
    text.append(f"{_KIND_SHORT.get(entry.kind, entry.kind):<10}", style="dim")
    text.append(entry.title)
    return text


def entry_detail(entry: catalogue.Entry, note: str = "", *, heading: bool = True) -> Text:
    """The readable explanation of one catalogue entry (also used by the Claims screen)."""
    text = Text()
    if heading:
        text.append(f"{entry.label}", style="bold")
        text.append(f"  {entry.title}\n", style="bold")
        text.append(f"{catalogue.KIND_LABELS.get(entry.kind, entry.kind)}", style="dim")
        if entry.kind == "procedure" and entry.timed is not None:
            text.append(
                " · timed: billed in 15-minute units"
                if entry.timed
                else " · untimed: 1 unit per visit however long it takes",
                style="dim",
            )
        text.append("\n\n")
    text.append(entry.meaning + "\n")
    if entry.kind == "diagnosis" and entry.billable is False:
        more = (
            f" Use a more specific code: {', '.join(entry.use_instead)}."
            if entry.use_instead
            else ""
        )
        text.append(f"\nNot billable on its own.{more}\n", style="bold")
    if entry.typical_use:
        # domain.md: pelvic-floor uses are UNVERIFIED guidance; always labelled "typical".
        text.append("\nTypical pelvic-floor use ", style="bold")
        text.append("(guidance, not a rule)\n", style="dim")
        text.append(entry.typical_use + "\n")
    if entry.pitfalls:
        text.append("\nWatch out for\n", style="bold")
        for pitfall in entry.pitfalls:
            text.append(f"  • {pitfall}\n")
    if entry.next_step:
        text.append("\nWhat to do next\n", style="bold")
        text.append(entry.next_step + "\n")
    if note:
        text.append("\nYour note\n", style="bold")
        text.append(note + "\n", style="italic")
    if entry.sources:
        text.append(f"\nSource: {', '.join(entry.sources)}", style="dim")
    return text


def parse_calculator(text: str) -> list[SessionLine]:
    """'97110:33 97140:7' (spaces, commas or semicolons between) -> lines. Raises
    ValidationError with the model's own message for a bad token."""
    tokens = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
    return [SessionLine.parse(token) for token in tokens]


def unit_result_text(result: UnitResult) -> Text:
    """One method's answer: the total, units per code, ties, and the reasoning in words."""
    text = Text()
    text.append(METHOD_TITLES.get(result.method, result.method) + "\n", style="bold")
    text.append(
        f"{result.total_units} unit{'s' if result.total_units != 1 else ''} in all "
        f"({result.total_timed_minutes} timed minutes)\n",
        style="bold",
    )
    for code, units in result.units.items():
        minutes = result.minutes.get(code)
        kind = "timed" if result.timed.get(code) else "untimed"
        shown = f"{minutes} min" if minutes is not None else "no minutes"
        line = f"  {code:<7}{units} unit{'s' if units != 1 else ' '}  ({shown}, {kind})"
        tied = any(code in tie.codes for tie in result.ties)
        text.append(line + ("  TIE" if tied else "") + "\n", style="bold" if tied else "")
    for note in result.notes:
        text.append(f"• {note}\n", style="dim" if note.startswith(("Per-code", "Under")) else "")
    return text


class CodesScreen(FloortrackScreen):
    """Look codes up, read them in plain words, keep a note on them, count units."""

    CSS_PATH = "codes.tcss"
    TITLE_TEXT = "Codes"
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar = [(0, "-short"), (32, "-tall")]
    HELP = """\
## Codes

Look up any code from your bill or EOB: procedure codes (**97112**), modifiers (**GP**),
denial codes (**CO-97**), remark codes (**N115**) and diagnoses (**N39.3**) — or type a word
such as *biofeedback*.

- Type in the search box; use **↓** to move into the results, **/** to search again.
- **e** adds or edits your own note on the selected code (only you see it).
- The **unit calculator** at the bottom: type codes with minutes, e.g. `97110:33 97140:7`,
  to see how many 15-minute units each method allows, and why.

"Typical pelvic-floor use" is guidance from secondary sources, not a rule: check with your
plan or clinic.
"""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._results: list[catalogue.Entry] = []
        self._selected: catalogue.Entry | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="codes-main"):
            with Vertical(id="codes-left"):
                yield Input(
                    placeholder="Search: 97112, CO-97, N39.3, biofeedback…",
                    id="code-search",
                )
                yield OptionList(id="code-results")
            with VerticalScroll(id="code-detail"):
                yield Static(id="code-detail-body")
        with Vertical(id="calculator"):
            yield Input(
                placeholder="Unit calculator: codes with minutes, e.g. 97110:33 97140:7",
                id="units-input",
            )
            with VerticalScroll(id="units-scroll"):
                yield Static(id="units-hint")
                with Horizontal(id="units-results"):
                    yield Static(id="units-cms", classes="units-method")
                    yield Static(id="units-per-code", classes="units-method")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#code-detail", VerticalScroll).can_focus = True
        self._run_search("")
        self._show_calculator("")
        self.query_one("#code-search", Input).focus()

    # -- search -----------------------------------------------------------------------

    @on(Input.Changed, "#code-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._run_search(event.value)

    @on(Input.Submitted, "#code-search")
    def _search_submitted(self) -> None:
        if self._results:
            self.query_one("#code-results", OptionList).focus()

    def _run_search(self, text: str) -> None:
        # catalogue.search is in-memory and sub-millisecond: fine on every keystroke.
        self._results = catalogue.search(text, limit=SEARCH_LIMIT)
        results = self.query_one("#code-results", OptionList)
        results.clear_options()
        results.add_options(
            [Option(result_prompt(entry), id=str(i)) for i, entry in enumerate(self._results)]
        )
        if self._results:
            results.highlighted = 0
            self._show_entry(self._results[0], text)
        else:
            self._selected = None
            self._show_nothing_found(text)

    @on(OptionList.OptionHighlighted, "#code-results")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = int(event.option_id or 0)
        if 0 <= index < len(self._results):
            self._show_entry(self._results[index], self.query_one("#code-search", Input).value)

    def on_key(self, event: object) -> None:
        # ↓ from the search box goes into the results, as in any search field.
        key = getattr(event, "key", "")
        search = self.query_one("#code-search", Input)
        if key == "down" and self.focused is search and self._results:
            self.query_one("#code-results", OptionList).focus()
            getattr(event, "stop", lambda: None)()

    def _show_entry(self, entry: catalogue.Entry, query: str) -> None:
        self._selected = entry
        body = entry_detail(entry, self._note_for(entry))
        # "CO-97" explains both halves: the reason (97) and the group (CO, who pays).
        explained = catalogue.explain(query) if query.strip() else None
        if (
            explained
            and explained.found
            and entry in explained.entries
            and len(explained.entries) > 1
            and entry.kind in ("carc", "group")
        ):
            body.append("\n\n")
            body.append(f"{explained.code}\n", style="bold")
            body.append(explained.summary)
        if not self._note_for(entry):
            body.append("\n\nPress e to add your own note on this code.", style="dim")
        self.query_one("#code-detail-body", Static).update(body)

    def _show_nothing_found(self, query: str) -> None:
        explained = catalogue.explain(query)
        text = Text()
        text.append(explained.summary + "\n")
        for note in explained.notes:
            text.append(f"\n{note}\n", style="dim")
        if explained.suggestions:
            text.append("\nDid you mean: ", style="bold")
            text.append(", ".join(f"{e.label} ({e.title})" for e in explained.suggestions))
        self.query_one("#code-detail-body", Static).update(text)

    def _note_for(self, entry: catalogue.Entry) -> str:
        try:
            return self.ft_app.repo.note_for(note_key(entry))
        except Exception:  # notes are a nicety: never let them break the explainer
            return ""

    # -- calculator -------------------------------------------------------------------

    @on(Input.Changed, "#units-input")
    def _units_changed(self, event: Input.Changed) -> None:
        self._show_calculator(event.value)

    def _show_calculator(self, text: str) -> None:
        hint = self.query_one("#units-hint", Static)
        cms = self.query_one("#units-cms", Static)
        per_code = self.query_one("#units-per-code", Static)
        results = self.query_one("#units-results", Horizontal)
        if not text.strip():
            hint.update(
                "Type the codes and minutes from a visit to see how many 15-minute units each "
                "billing method allows, and why."
            )
            hint.remove_class("error")
            results.display = False
            return
        try:
            lines = parse_calculator(text)
            answers = [calculate_units(lines, method) for method in ("cms", "per-code")]
        except ValidationError as error:
            hint.update(f"{error.message}. Write each code with its minutes, like 97110:33.")
            hint.add_class("error")
            results.display = False
            return
        hint.remove_class("error")
        hint.update("")
        results.display = True
        cms.update(unit_result_text(answers[0]))
        per_code.update(unit_result_text(answers[1]))

    # -- actions ----------------------------------------------------------------------

    def action_filter(self) -> None:
        search = self.query_one("#code-search", Input)
        search.focus()
        search.select_all()

    def action_edit(self) -> None:
        entry = self._selected
        if entry is None:
            self.notify("Pick a code first: search for it, then press e.", severity="warning")
            return
        key = note_key(entry)

        def saved(text: str | None) -> None:
            if text is None:
                return
            self.data.save(
                lambda repo: repo.set_note(key, text),
                success="Note saved" if text else "Note removed",
            )

        self.app.push_screen(CodeNoteDialog(entry.label, entry.title, self._note_for(entry)), saved)

    def data_changed(self) -> None:
        # Only notes come from the data file here; redraw the selected code to show them.
        if self._selected is not None:
            self._show_entry(self._selected, self.query_one("#code-search", Input).value)
