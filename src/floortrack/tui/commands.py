"""The one command table: every key of every mode screen is declared here, once.

From this table come the screens' BINDINGS (hence the footer), the ctrl+p palette entries
and the `?` help screen. A screen that does not implement an action (say `action_delete`)
simply does not show or offer that command (FloortrackScreen.check_action).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    id: str
    key: str  # Textual key spec; "e,enter" binds both keys
    action: str  # action string run on the screen ("new") or the app ("app.quit")
    label: str  # short footer label
    help: str  # one line for the palette and the help screen
    title: str = ""  # palette title; "{noun}" becomes the screen's NOUN ("New session")
    footer: bool = True
    palette: bool = True
    optional: bool = False  # only offered where the screen defines action_<name>


MODE_TITLES: dict[str, str] = {
    "sessions": "Sessions",
    "codes": "Codes",
    "claims": "Claims",
    "overview": "Overview",
    "progress": "Progress",
    "plans": "Plans",
}

COMMANDS: tuple[Command, ...] = (
    Command("new", "n", "new", "New", "Add a new {noun}", "New {noun}", optional=True),
    Command(
        "edit",
        "e",
        "edit",
        "Edit",
        "Edit or open the selected {noun}",
        "Edit {noun}",
        optional=True,
    ),
    Command(
        "delete",
        "d",
        "delete",
        "Delete",
        "Delete the selected {noun} (asks first)",
        "Delete {noun}",
        optional=True,
    ),
    Command(
        "undo",
        "u",
        "undo",
        "Undo",
        "Undo the last delete (brings the {noun} back)",
        "Undo delete",
        footer=False,
        optional=True,
    ),
    Command(
        "filter", "slash", "filter", "Filter", "Filter or search this list", "Filter", optional=True
    ),
    # Claims only (the screens that define action_pay / action_appeal). `p` is also the
    # Progress screen's period key: a screen offers only the commands it implements.
    Command(
        "pay",
        "p",
        "pay",
        "Pay",
        "Record a payment you made to the clinic for the selected {noun}",
        "Record payment",
        optional=True,
    ),
    Command(
        "appeal",
        "a",
        "appeal",
        "Appeal",
        "Record an appeal of the selected {noun}, or its outcome",
        "Record appeal",
        optional=True,
    ),
    Command(
        "letter",
        "L",
        "letter",
        "Letter",
        "Write an appeal letter for the selected {noun} (PDF, HTML or Markdown)",
        "Write appeal letter",
        footer=False,
        optional=True,
    ),
    Command(
        "log_call",
        "c",
        "log_call",
        "Call",
        "Log a call with the insurer or clinic about the selected {noun}",
        "Log a call",
        footer=False,
        optional=True,
    ),
    Command(
        "open_document",
        "o",
        "open_document",
        "Open document",
        "Open a document kept with the selected {noun} (EOB, letter) in your viewer",
        "Open document",
        footer=False,
        optional=True,
    ),
    Command(
        "correct",
        "x",
        "correct",
        "Correct",
        "Correct the selected {noun}: units, billed, claim number, adjustments or a "
        "mistaken status",
        "Correct {noun}",
        footer=False,  # in the help, the palette and the claim's pane; the footer is full
        optional=True,
    ),
    Command(
        "next_page",
        "right_square_bracket",
        "next_page",
        "Next page",
        "Show the next 500 rows",
        "Next page",
        footer=False,
        optional=True,
    ),
    Command(
        "prev_page",
        "left_square_bracket",
        "prev_page",
        "Prev page",
        "Show the previous 500 rows",
        "Previous page",
        footer=False,
        optional=True,
    ),
    Command(
        "cycle_period",
        "p",
        "cycle_period",
        "Period",
        "Show the next period (4 weeks, 3 months, year, all)",
        "Next period",
        optional=True,
    ),
    Command(
        "report",
        "r",
        "report",
        "Report",
        "Make a report (PDF, HTML or Markdown) for a clinic or insurer",
        "Make report",
        footer=False,  # in the help and the palette; the footers stay as they were
        optional=True,
    ),
    Command(
        "clinics",
        "c",
        "clinics",
        "Clinics",
        "Your clinics (NPI, network status, fees) and the superbill check",
        "Clinics",
        footer=False,  # on the Overview; its footer stays as it was
        optional=True,
    ),
    *(
        Command(
            f"mode_{name}",
            str(number),
            f"app.switch_mode('{name}')",
            title,
            f"Show the {title} screen",
            f"Switch to {title}",
            footer=False,
        )
        for number, (name, title) in enumerate(MODE_TITLES.items(), start=1)
    ),
    Command(
        "help", "question_mark", "app.show_help", "Help", "Show every key of this screen", "Help"
    ),
    Command(
        "quit", "q", "app.quit", "Quit", "Quit floortrack (your data is already saved)", "Quit"
    ),
    Command(
        "import_fhir",
        "",
        "app.import_fhir",
        "Import claims",
        "Import claims from your insurer's app or Blue Button file (FHIR), with a preview",
        "Import claims from your insurer (FHIR)",
        footer=False,
    ),
    Command(
        "calls",
        "",
        "app.show_calls",
        "Calls",
        "List every call you logged with the insurer or clinic",
        "Show calls",
        footer=False,
    ),
    Command(
        "calendar",
        "",
        "app.export_calendar",
        "Calendar",
        "Export deadlines and follow-ups as a calendar file (.ics)",
        "Export calendar",
        footer=False,
    ),
    Command(
        "export",
        "",
        "app.export_data",
        "Export",
        "Export your data: everything as JSON, or visits and claims as CSV",
        "Export data",
        footer=False,
    ),
    Command(
        "backup",
        "",
        "app.backup_now",
        "Backup",
        "Copy your data file now into the backups folder",
        "Backup now",
        footer=False,
    ),
    Command(
        "restore",
        "",
        "app.restore_backup",
        "Restore",
        "Replace your data with a kept backup (asks first; your data now is kept too)",
        "Restore from a backup",
        footer=False,
    ),
    Command(
        "screenshot",
        "",
        "app.screenshot",
        "Screenshot",
        "Save an SVG picture of this screen (into Downloads, else the data folder)",
        "Screenshot",
        footer=False,
    ),
    Command(
        "toggle_dark",
        "",
        "app.toggle_dark",
        "Dark/light",
        "Switch between a dark and a light theme",
        "Toggle dark/light",
        footer=False,
    ),
    Command(
        "theme",
        "",
        "app.change_theme",
        "Theme",
        "Pick a colour theme (it is remembered)",
        "Theme",
        footer=False,
    ),
)

_BY_ID = {command.id: command for command in COMMANDS}


def command(command_id: str) -> Command:
    return _BY_ID[command_id]


def optional_actions() -> frozenset[str]:
    return frozenset(c.action for c in COMMANDS if c.optional)


def bindings(commands: Iterable[Command] = COMMANDS) -> list[BindingType]:
    """Screen BINDINGS: never priority, so q, n, d and / still type into an Input."""
    return [
        Binding(
            c.key, c.action, c.label, show=c.footer, id=c.id, tooltip=c.help.format(noun="record")
        )
        for c in commands
        if c.key
    ]


def key_display(key: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "escape": "esc",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))
