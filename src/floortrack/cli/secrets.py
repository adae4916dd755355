"""Getting a passphrase: from a terminal, or from a private file named in the environment.

Never from the command line, where other users could read it in the process list. For
scripts and tests, FLOORTRACK_PASSPHRASE_FILE names a file holding it; the file must be
private (mode 0600) or it is refused (docs/STORAGE.md, "Encryption at rest")."""

from __future__ import annotations

import getpass
import os
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import UserError

if TYPE_CHECKING:
    from floortrack.store.crypto import Sealer

PASSPHRASE_FILE = "FLOORTRACK_PASSPHRASE_FILE"
NEW_PASSPHRASE_FILE = "FLOORTRACK_NEW_PASSPHRASE_FILE"
RECOVERY_FILE = "FLOORTRACK_RECOVERY_FILE"


def _from_file(variable: str) -> str | None:
    name = os.environ.get(variable, "").strip()
    if not name:
        return None
    try:
        fd = os.open(
            name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError as exc:
        raise UserError(f"{variable} names {name}, which cannot be read ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"{variable} must name a regular file ({name} is not one)")
        if os.name != "nt" and stat.S_IMODE(st.st_mode) & 0o077:
            raise UserError(
                f"{name} (from {variable}) can be read by others: make it private with "
                f"`chmod 600 {name}`"
            )
        text = os.read(fd, 4096).decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise UserError(f"{name} (from {variable}) is not UTF-8 text") from None
    finally:
        os.close(fd)
    return text.rstrip("\r\n")


def ask(prompt: str, variable: str = PASSPHRASE_FILE, confirm: bool = False) -> str:
    """The secret from `variable`'s file, else typed at the terminal (twice if `confirm`)."""
    given = _from_file(variable)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UserError(
            f"a passphrase is needed: run this on a terminal, or name a private file (0600) "
            f"holding it in {variable}"
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise UserError("the two passphrases differ; nothing was changed")
    return first


def unlock_with_passphrase(
    prompt: str = "Passphrase for your floortrack file: ",
) -> Callable[[bytes], Sealer]:
    """The repository's unlock callback: asks only when the file turns out to be encrypted,
    and only once (a restore opens the backup twice: to check it, then to restore it)."""
    given: list[str] = []

    def unlock(raw: bytes) -> Sealer:
        from floortrack.store import crypto

        try:
            if not given:
                given.append(ask(prompt))
            passphrase = given[0]
        except UserError as exc:  # the file cannot be used without it: exit 3, like a bad file
            raise crypto.NoSecret(str(exc)) from None
        return crypto.unlock(raw, passphrase=passphrase)

    return unlock
