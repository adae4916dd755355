"""A form of labelled fields whose record is built (and checked) by the model.

`FieldForm` shows one Input or Select per `Field`, and on every change calls `build(values)`:
the model's own constructor or an action's parser, which raises `ValidationError` naming the
field that is wrong. The message is shown under that field (once it was touched) and Save
stays disabled until `build` succeeds. Save calls `on_save(record)` (which writes through
the action layer and returns None, or the reason it was not saved: the form then stays open
with everything typed). Escape on a changed form asks before discarding it.

`ConflictDialog` asks "keep mine / take theirs" when an edit clashes with a change made
elsewhere meanwhile (actions.errors.Conflict); `save_edit` runs that flow.

Everything the user typed is shown as text, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from floortrack.actions.errors import Conflict
from floortrack.model import ValidationError

if TYPE_CHECKING:
    from floortrack.actions.edits import Resolve
    from floortrack.store import Repository
    from floortrack.tui.data import DataService

T = TypeVar("T")


@dataclass(frozen=True)
class Field:
    """One row of a form: an Input, or a Select when `options` ((label, value) pairs) are given."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    options: tuple[tuple[str, str], ...] | None = None
    hint: str = ""


FORM_CSS = """
FieldForm {
    align: center middle;
}
FieldForm > Vertical {
    width: 84;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $primary 60%;
    background: $surface;
    padding: 0 1;
}
FieldForm #form-title {
    text-style: bold;
    width: 1fr;
}
FieldForm #form-intro {
    color: $text-muted;
    width: 1fr;
}
FieldForm VerticalScroll {
    height: auto;
    max-height: 1fr;
}
FieldForm .field-row {
    height: auto;
}
FieldForm .field-row Label {
    width: 22;
    padding: 0 1 0 0;
    content-align: left middle;
    height: 1;
}
FieldForm .field-row Input, FieldForm .field-row Select {
    width: 1fr;
}
FieldForm .field-hint {
    color: $text-muted;
    padding-left: 22;
    height: auto;
}
FieldForm .field-error {
    color: $error;
    padding-left: 22;
    height: auto;
    display: none;
}
FieldForm .field-error.-shown {
    display: block;
}
FieldForm #form-status {
    color: $text-muted;
    height: auto;
    width: 1fr;
}
FieldForm #form-status.-problem {
    color: $error;
}
FieldForm #form-buttons {
    height: auto;
    align-horizontal: right;
}
FieldForm #form-buttons Button {
    margin-left: 2;
}
"""


class FieldForm(ModalScreen[T | None], Generic[T]):
    """Dismisses with the saved record, or None when cancelled."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        build: Callable[[dict[str, str]], T],
        on_save: Callable[[T], Awaitable[str | None]],
        *,
        intro: str = "",
        save_label: str = "Save",
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = tuple(fields)
        self.build = build
        self.on_save = on_save
        self.intro = intro
        self.save_label = save_label
        self.initial = {f.name: f.value for f in self.fields}
        self._touched: set[str] = set()
        self._saving = False
        self._ready = False  # widgets post Changed while they mount: check after that

    # -- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.form_title), id="form-title")
            if self.intro:
                yield Static(Text(self.intro), id="form-intro")
            with VerticalScroll():
                for spec in self.fields:
                    with Horizontal(classes="field-row"):
                        yield Label(Text(spec.label))
                        if spec.options is not None:
                            yield Select(
                                [(Text(label), value) for label, value in spec.options],
                                value=spec.value,
                                allow_blank=False,
                                id=f"field-{spec.name}",
                                compact=True,
                            )
                        else:
                            yield Input(
                                spec.value,
                                placeholder=spec.placeholder,
                                id=f"field-{spec.name}",
                                compact=True,
                            )
                    if spec.hint:
                        yield Static(Text(spec.hint), classes="field-hint")
                    yield Static("", id=f"error-{spec.name}", classes="field-error")
            yield Static("", id="form-status")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.save_label, id="save", variant="primary")

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_check)

    def _first_check(self) -> None:
        self._ready = True
        self.check()
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

    # -- values and checking --------------------------------------------------------------
    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                value = widget.value
                out[spec.name] = "" if value is Select.BLANK else str(value)
            elif isinstance(widget, Input):
                out[spec.name] = widget.value
        return out

    @property
    def changed(self) -> bool:
        return self.values() != self.initial

    def check(self, *, show_all: bool = False) -> T | None:
        """Build the record from the fields; show what is wrong; enable Save when right."""
        if not self._ready:
            return None
        for spec in self.fields:
            self.query_one(f"#error-{spec.name}", Static).remove_class("-shown")
        status = self.query_one("#form-status", Static)
        status.remove_class("-problem")
        try:
            record = self.build(self.values())
        except ValidationError as error:
            message = error.message[:1].upper() + error.message[1:] + "."
            names = {spec.name for spec in self.fields}
            where = error.field if error.field in names else ""
            if where and (show_all or where in self._touched):
                box = self.query_one(f"#error-{where}", Static)
                box.update(Text(message))
                box.add_class("-shown")
                status.update("")
            else:
                status.update(Text(f"To save: {message}"))
            self.query_one("#save", Button).disabled = True
            return None
        status.update("")
        self.query_one("#save", Button).disabled = self._saving
        return record

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        if not self._ready:
            return
        widget_id = event.control.id or ""
        if widget_id.startswith("field-"):
            self._touched.add(widget_id.removeprefix("field-"))
        self.check()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves to the next field; in the last one it saves.
        event.stop()
        last = self.fields[-1].name if self.fields else ""
        if event.input.id == f"field-{last}":
            self.action_save()
        else:
            self.focus_next()

    # -- save / cancel ---------------------------------------------------------------------
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self._saving:
            return
        record = self.check(show_all=True)
        if record is None:
            return
        self._save(record)

    @work(group="form-save")
    async def _save(self, record: T) -> None:
        self._saving = True
        save = self.query_one("#save", Button)
        save.disabled = True
        status = self.query_one("#form-status", Static)
        status.update("Saving…")
        try:
            problem = await self.on_save(record)
        finally:
            self._saving = False
        if problem is None:
            self.dismiss(record)
            return
        status.update(Text(f"Not saved: {problem}"))
        status.add_class("-problem")
        save.disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return
        self._ask_discard()

    @work(group="form-discard")
    async def _ask_discard(self) -> None:
        from floortrack.tui.dialogs.confirm import ConfirmDialog

        question = "Discard your changes? What you typed in this form is not saved."
        if await self.app.push_screen_wait(ConfirmDialog(question, "Discard")):
            self.dismiss(None)


def fmt_value(value: Any) -> str:
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class ConflictDialog(ModalScreen[str | None]):
    """The record changed elsewhere in a field this edit changes too: keep mine or take
    theirs (for every clashing field), or cancel (nothing saved, the form stays open)."""

    DEFAULT_CSS = """
    ConflictDialog {
        align: center middle;
    }
    ConflictDialog > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        border: thick $warning 60%;
        background: $surface;
        padding: 1 2;
    }
    ConflictDialog #clashes {
        width: 1fr;
        margin-bottom: 1;
    }
    ConflictDialog Horizontal {
        height: auto;
        align-horizontal: right;
    }
    ConflictDialog Button {
        margin-left: 1;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, conflict: Conflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(
            f"{self.conflict.label.capitalize()} {self.conflict.record_id} was changed "
            "elsewhere (another window or the command line) while you edited it.\n\n",
        )
        for clash in self.conflict.clashes:
            text.append(f"{clash.field.replace('_', ' ').capitalize()}\n", style="bold")
            text.append(f"  yours: {fmt_value(clash.mine)}\n")
            text.append(f"  now:   {fmt_value(clash.theirs)}\n")
        text.append("\nYour other changes are kept either way.", style="dim")
        with Vertical():
            yield Static(text, id="clashes")
            with Horizontal():
                yield Button("Cancel", id="cancel")
                yield Button("Take theirs", id="theirs")
                yield Button("Keep mine", id="mine", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


async def save_edit(
    screen: ModalScreen[Any],
    data: DataService,
    edit: Callable[[Repository, Resolve], T],
    success: str,
) -> str | None:
    """Run `edit(repo, resolve)` as one save; on a Conflict ask keep mine / take theirs and
    retry with the answer. None when saved, else why not (already shown to the user).

    Must run in a worker of `screen` (it waits for the question's answer)."""
    resolve: Resolve = None
    while True:

        def attempt(repo: Repository, resolve: Resolve = resolve) -> T | Conflict:
            try:
                return edit(repo, resolve)
            except Conflict as conflict:
                return conflict

        result = await data.save(attempt, success=None)
        if not result:
            return result.error or "see the message"
        if isinstance(result.value, Conflict):
            choice = await screen.app.push_screen_wait(ConflictDialog(result.value))
            if choice not in ("mine", "theirs"):
                return "you chose to cancel; edit again or close the form"
            resolve = "mine" if choice == "mine" else "theirs"
            continue
        screen.app.notify(success, timeout=4)
        return None
