"""`floortrack`: launch the TUI, or run a subcommand (see `floortrack --help`).

Subcommands never import Textual: it is imported only when the TUI is launched, so they
start fast. Exit codes: 0 success, 1 a user error (one line on stderr), 2 usage error,
3 the data file cannot be used (nothing written), 70 an unexpected error (one line naming a
private log file with the details; see docs/STORAGE.md, "Crashes").
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from floortrack import __version__

from .common import UserError, printable_streams

if TYPE_CHECKING:
    from floortrack.store import Repository

# Modules that add subcommands; each has register(subparsers). Order = order in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "sessions",
    "claims",
    "codes",
    "planning",
    "benefits",
    "clinics",
    "superbill",
    "calls",
    "calendar_export",
    "diary",
    "report",
    "data_io",
    "backup",
    "encryption",
    "check",
)

EPILOG = """\
With no command, the full-screen app opens. Examples:
  floortrack session add --date 2026-03-02 --provider "Bloom PT" --code 97110:25 97140:15
  floortrack claim add --service-date 2026-03-02 --payer Aetna --billed 240 --units 97110:2
  floortrack explain 97112 CO-97
  floortrack units 97110:33 97140:7
  floortrack attention
The data file: --data PATH, else $FLOORTRACK_DATA, else `floortrack path`."""


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(f"floortrack.cli.{name}").register(subparsers)
    return parser


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
    from floortrack.store import resolve_data_path

    print(resolve_data_path(args.data))
    return 0


def _error(message: str) -> None:
    print(f"floortrack: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # health data: everything we create is private (docs/STORAGE.md, S7)
    raw = list(sys.argv[1:] if argv is None else argv)
    rest, data = _extract_data_option(raw)
    with printable_streams():  # no ESC/OSC from a record ever reaches the terminal
        if set(rest) <= {"--demo"}:
            # Plain `floortrack` opens the app: skip loading every subcommand's module, it
            # counts against the first paint.
            demo = argparse.Namespace(data=data, demo=bool(rest))
            return _run_guarded(lambda: _launch_tui(demo), data, "")
        parser = build_parser()
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
    from floortrack.model import ValidationError
    from floortrack.store import NotFoundError, StoreError

    try:
        return run()
    except UserError as exc:
        _error(str(exc))
        return 1
    except ValidationError as exc:
        _error(exc.message)
        return 1
    except NotFoundError as exc:
        _error(f"{exc} (list them with `floortrack {exc.kind.split()[0]} list`)")
        return 1
    except StoreError as exc:
        _error(str(exc))
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `floortrack session list | head`: the reader left; not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


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
