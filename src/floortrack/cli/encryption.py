"""`floortrack encrypt | decrypt | passphrase`: encryption at rest, opted in and out."""

from __future__ import annotations

import argparse
from typing import Any

from . import secrets
from .common import info, open_repo


def register(subparsers: Any) -> None:
    enc = subparsers.add_parser(
        "encrypt", help="encrypt the data file and its backups with a passphrase"
    )
    enc.set_defaults(handler=encrypt_command)
    dec = subparsers.add_parser("decrypt", help="store the data file as plain JSON again")
    dec.set_defaults(handler=decrypt_command)
    pw = subparsers.add_parser("passphrase", help="change the passphrase of an encrypted file")
    pw.add_argument(
        "--recovery",
        action="store_true",
        help="unlock with the recovery key instead of the current passphrase",
    )
    pw.set_defaults(handler=passphrase_command)


def encrypt_command(args: argparse.Namespace) -> int:
    from floortrack.actions import encryption

    repo = open_repo(args)
    passphrase = secrets.ask("New passphrase: ", confirm=True)
    recovery = encryption.encrypt(repo, passphrase)
    print(recovery)
    info(
        f"Encrypted {repo.path} and its backups. The line above is your recovery key: write it "
        "down and keep it apart from this computer. Without the passphrase or this key the data "
        "cannot be read by anyone, you included. It is shown only this once."
    )
    return 0


def decrypt_command(args: argparse.Namespace) -> int:
    from floortrack.actions import encryption

    repo = open_repo(args, unlock=secrets.unlock_with_passphrase())
    count = encryption.decrypt(repo)
    info(
        f"Decrypted {repo.path}: it is plain JSON again"
        + (f", and so are its {count} backup{'' if count == 1 else 's'}." if count else ".")
    )
    return 0


def passphrase_command(args: argparse.Namespace) -> int:
    from floortrack.actions import encryption
    from floortrack.store import crypto

    if args.recovery:

        def by_recovery(raw: bytes) -> crypto.Sealer:
            key = secrets.ask("Recovery key: ", variable=secrets.RECOVERY_FILE)
            return crypto.unlock(raw, recovery=key)

        repo = open_repo(args, unlock=by_recovery)
    else:
        repo = open_repo(args, unlock=secrets.unlock_with_passphrase())
    new = secrets.ask("New passphrase: ", variable=secrets.NEW_PASSPHRASE_FILE, confirm=True)
    encryption.change_passphrase(repo, new)
    info("Passphrase changed. Your recovery key still works.")
    return 0
