"""`floortrack`: launch the TUI, or run a subcommand (see `floortrack --help`).

Subcommands never import Textual: it is imported only when the TUI is launched, so they
start fast. Exit codes: 0 success, 1 a user error (one line on stderr), 2 usage error,
3 the data file cannot be used (nothing written), 70 an unexpected error (one line naming a
private log file with the details; see docs/STORAGE.md, "Crashes").
"""

from __future__ import annotations

import os
import sys

from floortrack import __version__

from .errors import UserError
from .streams import printable_streams

# Only the interpreter's start-up set is imported up front (argparse, re and typing cost
# more than the interpreter itself): `floortrack path` runs on that alone. typing's flag,
# without importing typing; mypy reads it alike.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Collection, Sequence

    from floortrack.store import Repository

# Every subcommand: (name, module, help line), in the order of `floortrack --help`. Only the
# module of the command typed is imported; the others appear in --help (and in the usage
# error for an unknown command) from this table alone. Each module's register(subparsers)
# adds its commands; tests/cli/test_registry.py checks that importing every module and
# registering gives exactly these names and help lines, so the table cannot drift.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("session", "sessions", "log and look up therapy visits"),
    ("claim", "claims", "track insurance claims"),
    (
        "explain",
        "codes",
        "what a code means: procedure (97110), modifier (GP), denial (CO-97), remark "
        "(N115), diagnosis (N39.3)",
    ),
    ("units", "codes", "how many 15-minute units your minutes allow"),
    ("audit", "codes", "check a claim's billed units against your logged minutes"),
    ("note", "codes", "your own note on a code (e.g. the wording on your EOB)"),
    ("plan", "planning", "your insurance plans (deadlines, visit limits)"),
    ("auth", "planning", "prior authorisations (visits approved)"),
    ("attention", "planning", "what needs your action now, most urgent first, with next steps"),
    ("summary", "planning", "visits, money and denials for a year"),
    (
        "benefits",
        "benefits",
        "deductible and out-of-pocket met, visits used, the next visit's likely cost",
    ),
    ("clinic", "clinics", "clinics: NPI, tax ID, network status with each payer, fees"),
    ("profile", "clinics", "your name, date of birth and address"),
    (
        "superbill",
        "superbill",
        "an itemised superbill for an out-of-network claim (PDF, HTML or Markdown)",
    ),
    (
        "call",
        "calls",
        "log calls with the insurer or clinic: who, reference, what was said, follow-up",
    ),
    (
        "calendar",
        "calendar_export",
        "write deadlines and follow-ups as a calendar file (.ics) to import",
    ),
    ("diary", "diary", "daily symptom and exercise diary"),
    ("report", "report", "write a visit and claim packet (Markdown, HTML or PDF)"),
    ("export", "data_io", "write all data as JSON, or sessions/claims as CSV"),
    (
        "import",
        "data_io",
        "add records from a JSON export, a sessions/claims CSV, or your insurer's FHIR "
        "claim data (all or nothing)",
    ),
    ("backup", "backup", "copy the data file now (into the backups folder, or --out PATH)"),
    (
        "restore",
        "backup",
        "replace the data with a backup copy (checked first; current data kept as a backup)",
    ),
    ("encrypt", "encryption", "encrypt the data file and its backups with a passphrase"),
    ("decrypt", "encryption", "store the data file as plain JSON again"),
    ("passphrase", "encryption", "change the passphrase of an encrypted file"),
    ("check", "check", "validate the data file; --resign accepts a deliberate hand edit"),
)

# The modules that add subcommands, in the order of the table.
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(module for _, module, _ in COMMANDS))

EPILOG = """\
With no command, the full-screen app opens. Examples:
  floortrack session add --date 2026-03-02 --provider "Bloom PT" --code 97110:25 97140:15
  floortrack claim add --service-date 2026-03-02 --payer Aetna --billed 240 --units 97110:2
  floortrack explain 97112 CO-97
  floortrack units 97110:33 97140:7
  floortrack attention
The data file: --data PATH, else $FLOORTRACK_DATA, else `floortrack path`."""


def build_parser(load: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line. `load` names the command modules to import and register for
    real (None: all of them); every other command is only listed, with its help line."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser(
        prog="floortrack",
        description="Your own record of physical-therapy visits and insurance claims.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"floortrack {__version__}")
    parser.add_argument("--data", metavar="PATH", help="the data file to use")
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a throwaway copy of sample data"
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    path_cmd = subparsers.add_parser("path", help="print the data file in use")
    path_cmd.set_defaults(handler=_path)
    registered: set[str] = set()
    for name, module, help_line in COMMANDS:
        if load is not None and module not in load:
            subparsers.add_parser(name, help=help_line, add_help=False)
        elif module not in registered:  # a module adds all its commands, in table order
            registered.add(module)
            importlib.import_module(f"floortrack.cli.{module}").register(subparsers)
    return parser


def _modules_for(rest: Sequence[str]) -> set[str]:
    """The command module the arguments need: that of the first word that is not an option
    (--data is already taken out, and the other options before a command take no value)."""
    command = next((arg for arg in rest if not arg.startswith("-")), None)
    return {module for name, module, _ in COMMANDS if name == command}


def _extract_data_option(argv: list[str]) -> tuple[list[str], str | None]:
    """Accept --data anywhere on the line (before or after the subcommand)."""
    rest: list[str] = []
    data: str | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--data":
            if i + 1 >= len(argv):
                rest.append(arg)  # let argparse report the missing value
                break
            data = argv[i + 1]
            i += 2
            continue
        if arg.startswith("--data="):
            data = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return rest, data


def _path(args: argparse.Namespace) -> int:
    return _print_path(args.data)


def _print_path(data: str | None) -> int:
    from floortrack.store.paths import resolve_data_name

    print(resolve_data_name(data))
    return 0


def _error(message: str) -> None:
    print(f"floortrack: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # health data: everything we create is private (docs/STORAGE.md, S7)
    raw = list(sys.argv[1:] if argv is None else argv)
    rest, data = _extract_data_option(raw)
    with printable_streams():  # no ESC/OSC from a record ever reaches the terminal
        if rest == ["path"]:  # nothing to parse: no argparse (docs/ARCHITECTURE.md)
            return _run_guarded(lambda: _print_path(data), data, "path")
        if set(rest) <= {"--demo"}:
            # Plain `floortrack` opens the app: skip loading every subcommand's module, it
            # counts against the first paint.
            import argparse

            demo = argparse.Namespace(data=data, demo=bool(rest))
            return _run_guarded(lambda: _launch_tui(demo), data, "")
        parser = build_parser(load=_modules_for(rest))
        args = parser.parse_args(rest)
        args.data = data
        handler = getattr(args, "handler", None)
        if handler is None:
            return _run_guarded(lambda: _launch_tui(args), data, "")
        command = next((a for a in rest if not a.startswith("-")), "")
        return _run_guarded(lambda: int(handler(args) or 0), data, command)


CRASH_EXIT = 70  # EX_SOFTWARE (sysexits.h): an internal error


def _run_guarded(run: Callable[[], int], data: str | None = None, command: str = "") -> int:
    """Run a command; turn the user's and the file's problems into one line and an exit code.

    Anything unexpected exits 70 with one line; its traceback goes to a private log file,
    never to the terminal (it could show record contents)."""
    try:
        return _run_checked(run)
    except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
        return _crashed(exc, data, command)


def _crashed(exc: BaseException, data: str | None, command: str) -> int:
    from floortrack.store import resolve_data_path
    from floortrack.store.crashlog import write_crash_log

    try:
        data_path = resolve_data_path(data)
    except Exception:  # noqa: BLE001 - a broken path must not hide the crash
        data_path = None
    log = write_crash_log(exc, data_path, command)
    where = f"the details are in {log}" if log else "the details could not be logged"
    _error(
        f"an unexpected error stopped this command ({type(exc).__name__}); records saved "
        f"before it are kept. Please report it; {where}"
    )
    return CRASH_EXIT


def _run_checked(run: Callable[[], int]) -> int:
    try:
        return run()
    except UserError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `floortrack session list | head`: the reader left; not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        code = _explained(exc)
        if code is None:
            raise
        return code


def _explained(exc: Exception) -> int | None:
    """The exit code of an error the user or the file caused (its line printed), else None.

    The model and the store are imported only here, once something failed: `floortrack path`
    or `explain` must not pay for them up front."""
    from floortrack.model import ValidationError
    from floortrack.store import NotFoundError, StoreError

    if isinstance(exc, ValidationError):
        _error(exc.message)
        return 1
    if isinstance(exc, NotFoundError):
        _error(f"{exc} (list them with `floortrack {exc.kind.split()[0]} list`)")
        return 1
    if isinstance(exc, StoreError):
        _error(str(exc))
        return 3
    return None


def _launch_tui(args: argparse.Namespace) -> int:
    if args.demo:
        return _launch_demo()
    from .common import open_repo

    repo = _unlock_in_app(args) or open_repo(args)  # a bad file is refused here, before
    from floortrack.tui import run  # the screen is taken over

    run(repo, demo=False)
    return 0


def _unlock_in_app(args: argparse.Namespace) -> Repository | None:
    """An encrypted file, no passphrase file, on a terminal: ask in the app's own window."""
    from floortrack.store import resolve_data_path

    from .secrets import PASSPHRASE_FILE

    path = resolve_data_path(getattr(args, "data", None))
    if os.environ.get(PASSPHRASE_FILE) or not sys.stdin.isatty():
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError:
        return None
    from floortrack.store.sealed import is_encrypted

    if not is_encrypted(head):
        return None
    from floortrack.store import crypto, open_repository
    from floortrack.tui.unlock import UnlockApp

    def opener(passphrase: str) -> Repository:
        return open_repository(path, unlock=lambda raw: crypto.unlock(raw, passphrase=passphrase))

    repo = UnlockApp(path.name, opener).run()
    if repo is None:
        raise UserError("the data file stays locked (no passphrase given)")
    return repo


def _launch_demo() -> int:
    """Sample data in a throwaway folder: the real data file is never opened."""
    import shutil
    import tempfile
    from pathlib import Path

    from floortrack.clock import today
    from floortrack.demo import build_demo
    from floortrack.store import open_repository

    folder = Path(tempfile.mkdtemp(prefix="floortrack-demo-"))
    try:
        repo = open_repository(folder / "demo.json")
        build_demo(repo, today())
        from floortrack.tui import run

        run(repo, demo=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0
