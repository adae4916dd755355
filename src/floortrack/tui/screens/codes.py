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
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from floortrack import clock
from floortrack.actions.edits import Resolve
from floortrack.actions.notes import set_note
from floortrack.billing import catalogue
from floortrack.billing.plans import UnitRule, session_unit_rule
from floortrack.billing.units import UnitResult, calculate_units
from floortrack.model import CodeNote, Session, SessionLine, ValidationError, normalize_code
from floortrack.tui.data import SaveResult
from floortrack.tui.dialogs.code_note import CodeNoteDialog
from floortrack.tui.messages import DataChanged
from floortrack.tui.screens.base import FloortrackScreen

SEARCH_LIMIT = 60

METHOD_TITLES: dict[str, str] = {
    "cms": "CMS 8-minute rule — Medicare and Medicare Advantage",
    "per-code": "Per-code rule — commonly used by commercial plans",
}


def note_key(entry: catalogue.Entry, query: str = "") -> str:
    """The code a personal note is stored under, the way `floortrack note CODE` stores it.

    An adjustment reason is noted with its group, as it appears on an EOB: "CO-97" when that
    is what was searched, else the contractual group "CO-97" for reason 97. Group codes get
    a prefix because "CO" alone is also a modifier."""
    if entry.kind == "carc":
        searched = catalogue.explain(query) if query.strip() else None
        if searched is not None and searched.code.endswith(f"-{entry.code}"):
            return searched.code
        return f"CO-{entry.code}"
    if entry.kind == "group":
        return f"GROUP-{entry.code}"
    return entry.code


def result_prompt(entry: catalogue.Entry) -> Text:
    """One search result on one line: the code as a patient names it, then its plain title."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{entry.label:<9} ", style="bold")
    text.append(entry.title)
    return text


def entry_detail(entry: catalogue.Entry, note: str = "", *, heading: bool = True) -> Text:
    """The readable explanation of one catalogue entry (also used by the Claims screen)."""
    text = Text()
    if heading:
        # One span, so the space between code and title survives any text extraction.
        text.append(f"{entry.label}  {entry.title}\n", style="bold")
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
        # Pelvic-floor uses are unsourced guidance: always labelled "typical" (docs/BILLING.md).
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
    names = getattr(entry, "source_names", entry.sources)  # readable names, not file ids
    if names:
        text.append(f"\nSources: {'; '.join(names)}", style="dim")
    return text


def _starts_search(event: events.Key) -> bool:
    char = event.character or ""
    if len(char) != 1 or not (char.isalnum() or char in "-."):
        return False
    return char not in "123456eEqQ"  # mode keys and this screen's own keys keep their meaning


def parse_calculator(text: str) -> list[SessionLine]:
    """'97110:33 97140:7' (spaces, commas or semicolons between) -> lines. Raises
    ValidationError with the model's own message for a bad token."""
    tokens = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
    return [SessionLine.parse(token) for token in tokens]


def unit_result_text(result: UnitResult, rule: UnitRule | None = None) -> Text:
    """One method's answer: the total, units per code, ties, and the reasoning in words.
    `rule`: the unit rule for the patient's visits (billing.plans), said on its panel."""
    text = Text()
    text.append(METHOD_TITLES.get(result.method, result.method) + "\n", style="bold")
    if rule is not None and rule.method == result.method:
        text.append(f"Your visits: {rule.label}\n", style="italic")
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

    NOUN = "note"
    CSS_PATH = "codes.tcss"
    TITLE_TEXT = "Codes"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    HELP = """\
## Codes

Look up any code from your bill or EOB: procedure codes (**97112**), modifiers (**GP**),
denial codes (**CO-97**), remark codes (**N115**) and diagnoses (**N39.3**) — or type a word
such as *biofeedback*.

- Type in the search box; use **↓** to move into the results, **/** to search again.
- **e** adds or edits your own note on the selected code (only you see it); in the search
  box, press **esc** or **↓** first (there e is a letter).
- **esc** leaves the search box or the calculator, so **1**-**6** switch screens again.
- The **unit calculator** at the bottom: type codes with minutes, e.g. `97110:33 97140:7`,
  to see how many 15-minute units each method allows, and why.

"Typical pelvic-floor use" is guidance from secondary sources, not a rule: check with your
plan or clinic.
"""

    def __init__(self, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._results: list[catalogue.Entry] = []
        self._entry: catalogue.Entry | None = None
        self._notes: dict[str, str] = {}  # normalised code -> the patient's note
        self._redirecting = False  # a typed key is on its way into the search box

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="codes-main"):
            with Vertical(id="codes-left"):
                yield Input(
                    placeholder="Search: 97112, CO-97, N39.3, biofeedback…",
                    id="code-search",
                    select_on_focus=False,
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
            self._entry = None
            self._show_nothing_found(text)

    @on(OptionList.OptionHighlighted, "#code-results")
    def _result_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = int(event.option_id or 0)
        if 0 <= index < len(self._results):
            self._show_entry(self._results[index], self.query_one("#code-search", Input).value)

    def on_key(self, event: events.Key) -> None:
        search = self.query_one("#code-search", Input)
        results = self.query_one("#code-results", OptionList)
        if self.focused is search:
            # ↓ goes into the results as in any search field; esc leaves the box so the
            # screen keys (1-6 to switch screens, e for a note) work again.
            if event.key == "escape" or (event.key == "down" and self._results):
                results.focus()
                event.stop()
            return
        if self.focused in (results, self.query_one("#code-detail")) and _starts_search(event):
            # Type-to-search from the list: a letter or a code digit (not 1-6, the screen
            # keys) starts a new search with that character.
            # focus() takes effect after the keys already queued (a fast typist, a paste):
            # those keep arriving here, so they are appended rather than starting over.
            char = event.character or ""
            search.value = search.value + char if self._redirecting else char
            search.cursor_position = len(search.value)
            self._redirecting = True
            search.focus()
            event.stop()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        search = self.query_one("#code-search", Input)
        if event.widget is search:
            self._redirecting = False
        if self._entry is not None:  # the note hint depends on where the focus is
            self._show_entry(self._entry, search.value)

    def _show_entry(self, entry: catalogue.Entry, query: str) -> None:
        self._entry = entry
        body = Text()
        # "CO-97" is answered first as a whole: the reason (97) and the group (CO, who pays).
        explained = catalogue.explain(query) if query.strip() else None
        if (
            explained
            and explained.found
            and entry in explained.entries
            and len(explained.entries) > 1
            and entry.kind in ("carc", "group")
        ):
            body.append(explained.summary + "\n\n", style="bold")
        body.append(entry_detail(entry, self._note_for(entry)))
        if not self._note_for(entry):
            body.append(f"\n\n{self._note_hint()}", style="dim")
        self.query_one("#code-detail-body", Static).update(body)

    def _note_hint(self) -> str:
        """In an input, e is a letter: say how to get to the key that adds a note."""
        if isinstance(self.focused, Input):
            return "To add your own note on this code: press esc (or ↓), then e."
        return "Press e to add your own note on this code."

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
        query = self.query_one("#code-search", Input).value
        return self._notes.get(normalize_code(note_key(entry, query)), "")

    # -- calculator -------------------------------------------------------------------

    @on(Input.Changed, "#units-input")
    def _units_changed(self, event: Input.Changed) -> None:
        self._show_calculator(event.value)

    def _show_calculator(self, text: str) -> None:
        hint = self.query_one("#units-hint", Static)
        cms = self.query_one("#units-cms", Static)
        per_code = self.query_one("#units-per-code", Static)
        results = self.query_one("#units-results", Horizontal)
        hint.display = True
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
            # The message quotes what was typed ("[/"): text, never markup.
            hint.update(Text(f"{error.message}. Write each code with its minutes, like 97110:33."))
            hint.add_class("error")
            results.display = False
            return
        hint.remove_class("error")
        hint.display = False  # the answer speaks for itself; no blank line above it
        results.display = True
        rule = session_unit_rule(Session(clock.today()), self.data.claims, self.data.plans)
        cms.update(unit_result_text(answers[0], rule))
        per_code.update(unit_result_text(answers[1], rule))

    # -- actions ----------------------------------------------------------------------

    def action_filter(self) -> None:
        search = self.query_one("#code-search", Input)
        search.focus()
        search.select_all()

    @work(group="forms")
    async def action_edit(self) -> None:
        entry = self._entry
        if entry is None:
            self.notify("Pick a code first: search for it, then press e.", severity="warning")
            return
        key = note_key(entry, self.query_one("#code-search", Input).value)

        async def submit(text: str, _resolve: Resolve) -> SaveResult[CodeNote | None]:
            return await self.data.save(
                lambda repo: set_note(repo, key, text),
                success="Note saved" if text else "Note removed",
            )

        await self.app.push_screen_wait(
            CodeNoteDialog(key, entry.title, self._note_for(entry), submit=submit)
        )

    SHOWS: ClassVar[frozenset[str]] = frozenset({"notes"})

    def on_data_changed(self, message: DataChanged) -> None:
        if message.kinds & self.SHOWS:
            self.show_data()

    def show_data(self) -> None:
        # Only notes come from the data file here (DataService.notes): redraw if they changed.
        notes = {n.code: n.text for n in self.data.notes}
        if notes != self._notes:
            self._notes = notes
            if self._entry is not None:
                self._show_entry(self._entry, self.query_one("#code-search", Input).value)
