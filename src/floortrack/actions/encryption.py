"""Encryption at rest: turn it on or off, change the passphrase (docs/STORAGE.md)."""

from __future__ import annotations

from floortrack.model import ValidationError
from floortrack.store import Repository


def encrypt(repo: Repository, passphrase: str) -> str:
    """Encrypt the file and its backups; returns the recovery key, to be shown once."""
    from floortrack.store import crypto, encryption

    try:
        crypto.check_passphrase(passphrase)
    except crypto.EncryptionError as exc:
        raise ValidationError(str(exc), "passphrase") from None
    return encryption.encrypt_in_place(repo, passphrase)


def decrypt(repo: Repository) -> int:
    """Store the file (and the backups its key opens) as plain JSON; returns the backups count."""
    from floortrack.store import encryption

    return encryption.decrypt_in_place(repo)


def change_passphrase(repo: Repository, new_passphrase: str) -> None:
    from floortrack.store import crypto, encryption

    try:
        encryption.change_passphrase(repo, new_passphrase)
    except crypto.EncryptionError as exc:
        raise ValidationError(str(exc), "passphrase") from None
