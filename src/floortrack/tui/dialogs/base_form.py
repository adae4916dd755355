"""The one form framework: every modal form (visit, diary day, claim, claim update, payment,
appeal, code note) is a `Form` (docs/ARCHITECTURE.md, "Forms").

- Each Input carries Textual `Validator`s that adapt the model's own parse/check functions
  (`Check(model.parse_money)`, `whole(...)`, `date_check(...)`); no rule is restated here.
- `build()` turns the widgets into what the form hands back: a new record's values, or for
  an edit only the fields the user changed (`actions.edits.changed_fields` against `base`,
  the record the form opened). Messages appear next to their fields once the field was
  touched (all of them after ctrl+s); Save stays disabled until the form is valid.
- Save awaits the caller's `submit` (an action run through `DataService.save`). On failure
  the form stays open with everything typed and says why next to the field. When the same
  field was changed elsewhere meanwhile (`Conflict`), a `ConflictDialog` lists each clash
  with yours and theirs; Keep mine / Take theirs retries with `resolve=`, Cancel keeps the
  form open.
- Escape closes an untouched form at once and asks before discarding typed changes.
- Every dialog here is opened with `push_screen_wait` from a `@work` method.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Generic, Literal, TypeVar

from rich.text import Text
from textual import events, on, work
from textual._context import NoActiveAppError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from floortrack.actions.edits import Resolve
from floortrack.actions.errors import Conflict
from floortrack.model import ValidationError, check_not_future, parse_date, parse_int
from floortrack.tui.data import SaveResult

ResultT = TypeVar("ResultT")
_UNSEEN = object()  # a widget the last check did not see
SavedT = TypeVar("SavedT")

# Runs the action for what the form built (with `resolve` after a conflict).
Submit = Callable[[ResultT, Resolve], Awaitable[SaveResult[SavedT]]]

FORM_KEYS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("escape", "cancel", "Cancel"),
    Binding("ctrl+s", "save", "Save"),
]


class Check(Validator):
    """A Textual Validator adapting one of the model's parse/check functions: `parse(text)`
    returns the value or raises ValidationError, whose message is the failure shown.

    An empty field passes unless `required` says what to type."""

    def __init__(self, parse: Callable[[str], object], *, required: str = "") -> None:
        super().__init__()
        self.parse = parse
        self.required = required

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text:
            return self.failure(self.required) if self.required else self.success()
        try:
            self.parse(text)
        except ValidationError as error:
            return self.failure(error.message)
        return self.success()

    def value(self, text: str) -> Any:
        """The parsed value of a valid text (None for an empty one)."""
        return self.parse(text.strip()) if text.strip() else None


def whole(field: str, low: int, high: int, what: str | None = None, required: str = "") -> Check:
    """A whole number in a range (model.parse_int): "2.5" is refused, never read as 25."""
    return Check(lambda text: parse_int(text, field, low, high, what), required=required)


def date_check(
    field: str, today: date | None = None, what: str = "A visit", required: str = ""
) -> Check:
    """A YYYY-MM-DD date (model.parse_date), not after `today` when one is given."""

    def parse(text: str) -> date:
        day = parse_date(text, field)
        return day if today is None else check_not_future(day, today, field, what)

    return Check(parse, required=required)


def each(parse: Callable[[str], object], *, required: str = "") -> Check:
    """Several values separated by spaces or commas, each checked by `parse`."""

    def parse_all(text: str) -> list[object]:
        return [parse(token) for token in split_tokens(text)]

    return Check(parse_all, required=required)


def split_tokens(text: str) -> list[str]:
    return [t for t in text.replace(",", " ").replace(";", " ").split() if t]


def show_text(box: Static, text: str) -> None:
    """Put `text` in `box` unless it shows it already: every update lays the form out again,
    and a form is checked on each keystroke."""
    if box.content != text:
        box.update(text)


class Form(ModalScreen[SavedT | None], Generic[ResultT, SavedT]):
    """Subclasses compose their widgets (Inputs with validators), a `#form-error` Static, a
    `#form-status` Static and `#cancel` / `#save` Buttons; list in FIELDS the ids whose
    message goes in a `#<id>-error` Static; and implement `build()`."""

    BINDINGS = FORM_KEYS
    FIELDS: ClassVar[tuple[str, ...]] = ()
    # Fields whose messages show as soon as another field changes (their rule depends on it).
    ALSO_TOUCHES: ClassVar[dict[str, tuple[str, ...]]] = {}
    SAVING = "Saving…"

    def __init__(self, submit: Submit[ResultT, SavedT] | None = None) -> None:
        super().__init__()
        self.submit = submit
        self.touched: set[str] = set()
        self.show_all = False  # after a save attempt every message shows
        self._saving = False
        self._resumed = False
        self._styles_read = self._own_styles_read()
        self._initial: tuple[object, ...] | None = None
        # Each Input's and Select's value when the form was last checked (see _changed).
        self._checked: dict[Widget, object] = {}
        self._preset_breakpoints()

    def _own_styles_read(self) -> bool:
        # Textual styles a pushed screen before it reads the screen's own CSS_PATH; only if
        # that was read before (tui/ahead.py) is the screen styled in full at its mount.
        try:
            stylesheet = self.app.stylesheet
        except NoActiveAppError:
            return False
        return all(stylesheet.has_source(str(path), "") for path in self.css_path)

    def _preset_breakpoints(self) -> None:
        """The size classes (VERTICAL_BREAKPOINTS, ...) the screen's first Resize would add,
        set before it is first styled: added on that Resize, they restyled the whole form
        once more on every opening."""
        try:
            app = self.app
        except RuntimeError:  # made outside a running app: the Resize sets them
            return
        width, height = app.size
        for size, own, default in (
            (width, self.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS),
            (height, self.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS),
        ):
            breakpoints = default if own is None else own
            # As Textual picks them: the class of the largest breakpoint the size reaches.
            reached = [(low, name) for low, name in breakpoints or () if size >= low]
            if reached:
                self.add_class(max(reached)[1], update=False)

    # -- what subclasses provide -----------------------------------------------------------
    def build(self) -> tuple[ResultT | None, dict[str, str]]:
        """What Save hands to `submit`, or per field what is wrong (both may be given)."""
        raise NotImplementedError

    def nothing_to_save(self, result: ResultT) -> bool:
        """True for an edit that changes nothing: Save then just closes the form."""
        return False

    def show_extra(self, result: ResultT | None, errors: dict[str, str]) -> None:
        """Anything else the form shows as it is checked (units, the balance after...)."""

    # -- the fields ------------------------------------------------------------------------
    def text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def field_errors(self, inputs: Iterable[Input] | None = None) -> dict[str, str]:
        """The first failure of each Input's validators, by Input id."""
        errors: dict[str, str] = {}
        for widget in self.query(Input) if inputs is None else inputs:
            if not widget.validators or not widget.id:
                continue
            result = widget.validate(widget.value)
            if result is not None and not result.is_valid:
                errors[widget.id] = result.failure_descriptions[0]
        return errors

    def parsed(self, name: str, widget: Input | None = None) -> Any:
        """The value of a valid Input through its `Check` (None when empty or invalid)."""
        box = widget or self.query_one(f"#{name}", Input)
        check = next((v for v in box.validators if isinstance(v, Check)), None)
        if check is None:
            return box.value
        try:
            return check.value(box.value)
        except ValidationError:
            return None

    # -- checking as you type --------------------------------------------------------------
    def check(self) -> ResultT | None:
        """Show every message and Save's state; the result when the form can be saved."""
        if not self.is_mounted or not self.query("#save"):
            return None
        return self._check()

    def check_on_mount(self) -> None:
        """The first check, from on_mount (before `is_mounted` is set), so that the first
        frame shows the messages and Save's state instead of a second layout after it.

        An Input or Select made with a value posts Changed as it mounts, which touches its
        field (`touch`); those fields are touched here, so that their Changed then finds
        nothing new to check."""
        if not self.query("#save"):
            return
        for widget in self.query("Input, Select").results(Widget):
            if isinstance(widget, Input) and widget.value or isinstance(widget, Select):
                name = widget.id or ""
                self.touched.add(name)
                self.touched.update(self.ALSO_TOUCHES.get(name, ()))
        self._check()

    def _check(self) -> ResultT | None:
        result, errors = self.build()
        self.show_errors(errors)
        self.show_extra(result, errors)
        valid = result is not None and not errors
        self.query_one("#save", Button).disabled = not valid or self._saving
        if not self._saving:
            status = self.query_one("#form-status", Static)
            show_text(status, "" if valid else self.status_text(errors))
            status.remove_class("-problem")
        self._checked = {
            widget: widget.value
            for widget in self.query("Input, Select").results(Widget)
            if isinstance(widget, (Input, Select))
        }
        return result if valid else None

    def status_text(self, errors: dict[str, str]) -> str:
        """What the status line says while the form cannot be saved."""
        count = len(errors)
        return f"{count} thing{'s' if count != 1 else ''} to fix"

    def message_shown(self, name: str) -> bool:
        return self.show_all or name in self.touched

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message in its field's `#<id>-error`; the others in `#form-error`."""
        for name in self.FIELDS:
            box = self.query_one(f"#{name}-error", Static)
            message = errors.get(name, "") if self.message_shown(name) else ""
            show_text(box, message)
            box.display = bool(message)
        general = [m for name, m in errors.items() if name not in self.FIELDS]
        if self.query("#form-error"):
            box = self.query_one("#form-error", Static)
            show_text(box, "\n".join(general))
            box.display = bool(general)

    def touch(self, name: str) -> None:
        self.touched.add(name)
        self.touched.update(self.ALSO_TOUCHES.get(name, ()))
        self.check()

    def _changed(self, widget: Input | Select[Any], value: object) -> None:
        name = widget.id or ""
        if (
            self._checked.get(widget, _UNSEEN) == value
            and name in self.touched
            and self.touched.issuperset(self.ALSO_TOUCHES.get(name, ()))
        ):
            # The last check saw this value and touching changes nothing (the Changed an
            # Input posts as it mounts): checking again would show the same. A later change
            # posts its own Changed, so nothing is missed.
            return
        self.touch(name)

    @on(Input.Changed)
    def _form_input_changed(self, event: Input.Changed) -> None:
        self._changed(event.input, event.value)

    @on(Select.Changed)
    def _form_select_changed(self, event: Select.Changed) -> None:
        self._changed(event.select, event.value)

    @on(TextArea.Changed)
    def _form_area_changed(self, event: TextArea.Changed) -> None:
        self.touch(event.text_area.id or "")

    @on(SelectionList.SelectedChanged)
    def _form_picked(self, event: SelectionList.SelectedChanged[Any]) -> None:
        self.touch(event.selection_list.id or "")

    @on(events.ScreenResume)
    def _form_resumed(self, event: events.ScreenResume) -> None:
        # Handled before Screen's own handler (Textual goes down the class order), which
        # restyles the whole screen when `refresh_styles` is set. The first resume follows
        # the form's mount, which styled every widget of it already if its own CSS had
        # been read (see _own_styles_read): restyling them all again was half the style
        # work of opening a form. Otherwise, and on a later resume (back from a dialog over
        # the form), it restyles as usual.
        if not self._resumed:
            self._resumed = True
            if self._styles_read:
                event.refresh_styles = False

    @on(events.Mount)
    def _form_mounted(self) -> None:
        # After the subclass's own on_mount (prefills included): what "unchanged" means.
        self.call_after_refresh(self._remember_initial)

    def _remember_initial(self) -> None:
        self._initial = self._values()

    def _values(self) -> tuple[object, ...]:
        values: list[object] = []
        for widget in self.query("Input, Select, TextArea, SelectionList").results(Widget):
            if isinstance(widget, (Input, Select)):
                values.append((widget.id, widget.value))
            elif isinstance(widget, TextArea):
                values.append((widget.id, widget.text))
            elif isinstance(widget, SelectionList):
                values.append((widget.id, tuple(sorted(map(str, widget.selected)))))
        return tuple(values)

    def is_changed(self) -> bool:
        """Has anything been typed or picked since the form opened?"""
        return self._initial is not None and self._values() != self._initial

    # -- keys and buttons ------------------------------------------------------------------
    @on(Button.Pressed)
    def _form_button(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            event.stop()
            self.action_save()
        elif event.button.id == "cancel":
            event.stop()
            self.action_cancel()

    @on(Input.Submitted)
    def _form_submitted(self, event: Input.Submitted) -> None:
        # Enter in a field moves on; Enter in the note (the last field) saves (when valid).
        event.stop()
        if event.input.id == "note":
            self.action_save()
        else:
            self.focus_next()

    @work(group="form")
    async def action_cancel(self) -> None:
        if self._saving:
            return
        if self.is_changed():
            from floortrack.tui.dialogs.confirm import ConfirmDialog

            if not await self.app.push_screen_wait(
                ConfirmDialog("Discard what you typed in this form?", "Discard")
            ):
                return
        self.dismiss(None)

    def set_status(self, text: str, *, problem: bool = False) -> None:
        status = self.query_one("#form-status", Static)
        status.update(text)
        status.set_class(problem, "-problem")
        status.display = True

    @work(group="form")
    async def action_save(self) -> None:
        if self._saving:
            return
        self.show_all = True
        result = self.check()
        if result is None:
            return
        if self.nothing_to_save(result):
            self.notify("Nothing changed.", timeout=3)
            self.dismiss(None)
            return
        if self.submit is None:  # nobody to write it: the form hands back what it built
            self.dismiss(result)  # type: ignore[arg-type]
            return
        resolve: Resolve = None
        while True:
            self._saving = True
            self.query_one("#save", Button).disabled = True
            self.set_status(self.SAVING)
            try:
                outcome = await self.submit(result, resolve)
            finally:
                self._saving = False
            if outcome.conflict is not None:
                self.set_status("Changed elsewhere meanwhile: choose what to keep")
                choice = await self.app.push_screen_wait(ConflictDialog(outcome.conflict))
                if choice is None:
                    self.set_status("Not saved: the record was changed elsewhere.", problem=True)
                    self.check()
                    return
                resolve = choice
                continue
            if outcome:
                self.dismiss(outcome.value)
                return
            # Nothing was saved: keep everything typed, say why (next to its field too).
            self.check()
            if outcome.field in self.FIELDS:
                self.touched.add(outcome.field)
                self.show_errors({outcome.field: outcome.error})
            self.set_status(f"Not saved: {outcome.error}", problem=True)
            return


def _shown(value: object) -> str:
    """A field's value as the patient would read it."""
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    return str(value)


class ConflictDialog(ModalScreen[Literal["mine", "theirs"] | None]):
    """The record changed elsewhere in a field this edit also changes: each clash with
    yours and theirs. Dismisses with "mine", "theirs" or None (Cancel: back to the form)."""

    DEFAULT_CSS = """
    ConflictDialog {
        align: center middle;
    }
    ConflictDialog > #conflict {
        width: 80;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        border: thick $warning 60%;
        background: $surface;
        padding: 1 2;
    }
    ConflictDialog #conflict-title {
        text-style: bold;
        margin-bottom: 1;
    }
    ConflictDialog .clash {
        height: auto;
        margin-bottom: 1;
    }
    ConflictDialog #conflict-buttons {
        height: auto;
        align-horizontal: right;
    }
    ConflictDialog Button {
        margin-left: 2;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, conflict: Conflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        conflict = self.conflict
        with Vertical(id="conflict"):
            yield Static(
                Text(
                    f"This {conflict.label} was changed elsewhere while you edited it "
                    "(another window or the command line)."
                ),
                id="conflict-title",
            )
            for clash in conflict.clashes:
                text = Text()
                text.append(clash.field.replace("_", " ").capitalize(), style="bold")
                text.append("\n  yours:  ")
                text.append(_shown(clash.mine))
                text.append("\n  theirs: ")
                text.append(_shown(clash.theirs))
                yield Static(text, classes="clash")
            yield Static(
                Text("Your other changes are saved either way.", style="dim"), classes="clash"
            )
            with Horizontal(id="conflict-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Take theirs", id="theirs")
                yield Button("Keep mine", id="mine", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#mine", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        self.dismiss("mine" if choice == "mine" else "theirs" if choice == "theirs" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
