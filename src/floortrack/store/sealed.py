"""How an encrypted data file starts, without importing the cryptography it needs.

A plain file never pays for loading `cryptography` (tens of milliseconds at start-up): the
repository looks at the first bytes, and only an encrypted file brings in store/crypto.py."""

from __future__ import annotations

MAGIC = b"floortrack-encrypted\n"


def is_encrypted(raw: bytes | memoryview) -> bool:
    return bytes(raw[: len(MAGIC)]) == MAGIC
