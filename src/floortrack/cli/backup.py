"""`floortrack backup [--out PATH]`, `floortrack restore FILE [--yes]` and `backup list`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .common import UserError, info, open_repo


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="copy the data file now (into the backups folder, or --out PATH)",
        description="Copy the data file now. Without --out the copy goes to the backups folder "
        "beside the data file, where floortrack also keeps a rotating daily copy. "
        "`floortrack backup --list` shows them.",
    )
    backup.add_argument("--out", metavar="PATH", help="write the copy to this file instead")
    backup.add_argument("--list", action="store_true", help="list the kept backups, newest first")
    backup.set_defaults(handler=backup_command)

    restore = subparsers.add_parser(
        "restore",
        help="replace the data with a backup copy (checked first; current data kept as a backup)",
    )
    restore.add_argument(
        "file",
        metavar="FILE",
        help="a backup copy of the data file (add an export with `floortrack import`)",
    )
    restore.add_argument("--yes", action="store_true", help="do not ask before replacing")
    restore.set_defaults(handler=restore_command)


def backup_command(args: argparse.Namespace) -> int:
    from floortrack.actions import data_io

    repo = open_repo(args)
    if args.list:
        backups = data_io.list_backups(repo)
        if not backups:
            info("No backups yet. Make one with: floortrack backup")
            return 0
        for b in backups:
            plural = "" if b.records == 1 else "s"
            records = "" if b.records is None else f"  {b.records} record{plural}"
            print(f"{b.when:%Y-%m-%d %H:%M}  {b.reason:<10}{records}  {b.path}")
        return 0
    target = data_io.backup(repo, Path(args.out) if args.out else None)
    print(target)
    info(f"Backed up {repo.path} to {target}.")
    return 0


def _ask(question: str) -> bool:
    if not sys.stdin.isatty():
        info(question)
    try:
        answer = input("" if not sys.stdin.isatty() else question + " ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def restore_command(args: argparse.Namespace) -> int:
    from floortrack.actions import data_io
    from floortrack.store import StoreError, resolve_data_path

    from .secrets import unlock_with_passphrase

    unlock = unlock_with_passphrase("Passphrase of the backup to restore: ")
    source = Path(args.file).expanduser()
    # Validate before asking: a corrupt file is refused (exit 3) and nothing is touched.
    try:
        incoming = data_io.check_backup(source, unlock)
    except StoreError as exc:
        hint = "; ".join(h for h in (exc.hint, "nothing was restored; your data is unchanged") if h)
        raise type(exc)(exc.path, exc.reason, hint) from None
    # The current file is not opened: it may be the corrupt one the user wants to replace.
    data_path = resolve_data_path(getattr(args, "data", None))
    # Only opened to see whether it can be read (a ten-year file is not read twice); no file
    # yet is fine: the restore makes it.
    if data_path.exists():
        try:
            data_path.open("rb").close()
        except OSError as exc:
            info(f"Note: the current data file cannot be read ({exc.strerror}).")
    current = data_io.current_counts(data_path)
    what = "a file floortrack cannot read" if current is None else data_io.describe_counts(current)
    if data_io.is_encrypted_file(data_path):
        what = "an encrypted file"
    if not args.yes:
        question = (
            f"Replace the data in {data_path} ({what}) with {source} "
            f"({data_io.describe_counts(incoming)})? The current data is kept as a backup. [y/N]"
        )
        if not _ask(question):
            raise UserError("restore cancelled; nothing was changed")
    result = data_io.restore_data_file(data_path, source, unlock)
    if result.previous_backup is not None:
        info(f"The data you had is kept in {result.previous_backup}.")
    info(f"Restored {data_io.describe_counts(result.counts)} from {source}.")
    return 0
