"""Turning encryption at rest on and off, and changing the passphrase, in place.

Each runs under the write lock and is atomic: the data file is replaced in one rename, read
back and checked before anything else changes, and the backups folder follows it (sealed
with the same key, so no plain copy of an encrypted file is left behind). A copy of the
file as it was is kept in backups/ before the change (docs/STORAGE.md, "Encryption at rest").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import crypto, derived
from .atomic import atomic_write_bytes
from .backups import list_backups, write_backup
from .documents import reseal_folder
from .errors import StoreError, StoreWriteError
from .repository import Repository
from .sealed import is_encrypted


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise StoreError(path, f"it cannot be read ({exc.strerror})") from None


def _replace_checked(path: Path, raw: bytes, check: Callable[[bytes], bool]) -> None:
    try:
        atomic_write_bytes(path, raw)
        if not check(path.read_bytes()):
            raise OSError("what was written does not read back the same")
    except OSError as exc:
        raise StoreWriteError(path, f"it could not be rewritten ({exc})") from None


def _follow_in_backups(data_path: Path, transform: Callable[[bytes], bytes | None]) -> int:
    """Rewrite each backup with `transform` (None: leave it); returns how many changed."""
    changed = 0
    for backup in list_backups(data_path):
        raw = _read(backup.path)
        new = transform(raw) if raw else None
        if new is not None and new != raw:
            _replace_checked(backup.path, new, lambda back, new=new: back == new)  # type: ignore[misc]
            changed += 1
    return changed


def encrypt_in_place(repo: Repository, passphrase: str) -> str:
    """Encrypt the data file and its backups; returns the recovery key (shown once)."""
    sealer, recovery = crypto.create(passphrase)

    def op() -> str:
        plain = _read(repo.path)
        if is_encrypted(plain):
            raise StoreError(repo.path, "it is encrypted already", "use `floortrack passphrase`")
        if plain:
            write_backup(repo.path, plain, "preencrypt")
        _replace_checked(repo.path, sealer.seal(plain or _empty(repo)), lambda b: _opens(sealer, b))
        repo.sealer = sealer
        _follow_in_backups(repo.path, lambda raw: None if is_encrypted(raw) else sealer.seal(raw))
        reseal_folder(repo.path, lambda raw: None if is_encrypted(raw) else sealer.seal(raw))
        derived.forget(repo.path)  # results kept in plain text (store/derived.py) go too
        repo._reload()
        return recovery

    return repo._locked(op)


def decrypt_in_place(repo: Repository) -> int:
    """Write the data file (and the backups this key opens) as plain JSON again."""
    sealer = _current_sealer(repo)

    def op() -> int:
        plain = sealer.open(_read(repo.path))
        _replace_checked(repo.path, plain, lambda back: back == plain)
        repo.sealer = None
        count = _follow_in_backups(repo.path, lambda raw: _try_open(sealer, raw))
        reseal_folder(repo.path, lambda raw: _try_open(sealer, raw, any_header=True))
        repo._reload()
        return count

    return repo._locked(op)


def change_passphrase(repo: Repository, new_passphrase: str) -> None:
    """Lock the same data key with a new passphrase (the recovery key keeps working)."""
    renewed = crypto.with_new_passphrase(_current_sealer(repo), new_passphrase)

    def op() -> None:
        plain = renewed.open_with_key(_read(repo.path))
        _replace_checked(repo.path, renewed.seal(plain), lambda b: _opens(renewed, b))
        repo.sealer = renewed

        def reseal(raw: bytes) -> bytes | None:
            inner = _try_open(renewed, raw, any_header=True)
            return None if inner is None else renewed.seal(inner)

        _follow_in_backups(repo.path, reseal)
        repo._reload()

    repo._locked(op)


def _current_sealer(repo: Repository) -> crypto.Sealer:
    repo.reload_if_changed()
    if repo.sealer is None:
        raise StoreError(repo.path, "it is not encrypted", "encrypt it with `floortrack encrypt`")
    return repo.sealer


def _empty(repo: Repository) -> bytes:
    from . import schema

    return schema.serialize(schema.empty_tables())


def _opens(sealer: crypto.Sealer, raw: bytes) -> bool:
    try:
        sealer.open(raw)
    except crypto.EncryptionError:
        return False
    return True


def _try_open(sealer: crypto.Sealer, raw: bytes, any_header: bool = False) -> bytes | None:
    if not is_encrypted(raw):
        return None
    try:
        return sealer.open_with_key(raw) if any_header else sealer.open(raw)
    except crypto.EncryptionError:
        return None  # sealed with another key (an older encryption): left as it is
