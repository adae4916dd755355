"""Encryption at rest: the same bytes floortrack writes, sealed with AES-256-GCM.

Layout of an encrypted file (docs/STORAGE.md, "Encryption at rest"):

    MAGIC | header length (4 bytes, big-endian) | header (JSON) | nonce (12) | ciphertext+tag

The header is versioned and names the cipher and the key-derivation parameters; it holds two
key slots, each the file's random data key wrapped by a key-encryption key: one derived from
the passphrase with Argon2id and a per-slot random salt, one from the recovery key (random,
high-entropy, so HKDF suffices). The whole header is authenticated with the contents (it is
the AEAD's associated data), so changing one byte anywhere makes the file refuse to open.
Every save uses a fresh random nonce; the slow derivation happens once per process, at unlock.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .sealed import MAGIC, is_encrypted

__all__ = ["MAGIC", "Sealer", "create", "is_encrypted", "unlock", "with_new_passphrase"]
FORMAT_VERSION = 1
NONCE_BYTES = 12
# About 0.2 s on a laptop core (measured by benchmarks/): slow enough to make guessing a
# passphrase expensive, fast enough to unlock without a wait worth noticing.
ARGON2 = {"memory_kib": 65536, "iterations": 3, "lanes": 1}
MAX_HEADER = 64 * 1024


class EncryptionError(Exception):
    """The encrypted file cannot be opened; the message says why, in a patient's words."""


class WrongSecret(EncryptionError):
    """The passphrase (or recovery key) does not open this file."""


class NoSecret(EncryptionError):
    """No passphrase could be asked for (no terminal, no passphrase file)."""


class DamagedEncryption(EncryptionError):
    """The file was changed or cut short after it was written: it is refused whole."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise DamagedEncryption("its encryption header is damaged")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise DamagedEncryption("its encryption header is damaged") from None


def _passphrase_kek(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return Argon2id(
        salt=salt,
        length=32,
        iterations=params["iterations"],
        lanes=params["lanes"],
        memory_cost=params["memory_kib"],
    ).derive(passphrase.encode("utf-8"))


def _recovery_kek(recovery: str, salt: bytes) -> bytes:
    key = normalise_recovery_key(recovery).encode("ascii")
    return HKDF(hashes.SHA256(), 32, salt, b"floortrack recovery key").derive(key)


def normalise_recovery_key(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def new_recovery_key() -> str:
    """160 random bits, written as 8 groups of 4 letters and digits for writing down."""
    raw = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _slot(kind: str, kek: bytes, data_key: bytes, salt: bytes) -> dict[str, str]:
    nonce = os.urandom(NONCE_BYTES)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, b"floortrack key slot: " + kind.encode())
    return {"kind": kind, "salt": _b64(salt), "wrapped": _b64(nonce + wrapped)}


def _unwrap(slot: dict[str, Any], kek: bytes) -> bytes | None:
    blob = _unb64(slot.get("wrapped"))
    kind = str(slot.get("kind", "")).encode()
    try:
        return AESGCM(kek).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], b"floortrack key slot: " + kind
        )
    except InvalidTag:
        return None


@dataclass(frozen=True)
class Sealer:
    """An unlocked file's data key and header: seals and opens its contents."""

    data_key: bytes
    header: bytes  # the JSON header, exactly as written (it is authenticated)

    def _aad(self) -> bytes:
        return MAGIC + struct.pack(">I", len(self.header)) + self.header

    def seal(self, plaintext: bytes | memoryview) -> bytes:
        nonce = os.urandom(NONCE_BYTES)  # fresh on every save: GCM must never reuse one
        return (
            self._aad()
            + nonce
            + AESGCM(self.data_key).encrypt(nonce, bytes(plaintext), self._aad())
        )

    def open(self, raw: bytes | memoryview) -> bytes:
        header, _ = _split(raw)
        if header != self.header:
            # Another process changed the passphrase: its header is the file's now.
            raise WrongSecret("its passphrase was changed by another floortrack")
        return self.open_with_key(raw)

    def open_with_key(self, raw: bytes | memoryview) -> bytes:
        """Open bytes sealed with this data key under any header (an older passphrase's)."""
        header, body = _split(raw)
        aad = MAGIC + struct.pack(">I", len(header)) + header
        try:
            return AESGCM(self.data_key).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], aad)
        except InvalidTag:
            raise DamagedEncryption(
                "it was changed or cut short outside floortrack (it fails its integrity check)"
            ) from None


def _split(raw: bytes | memoryview) -> tuple[bytes, bytes]:
    data = bytes(raw)
    if not is_encrypted(data):
        raise DamagedEncryption("it is not an encrypted floortrack file")
    start = len(MAGIC)
    if len(data) < start + 4:
        raise DamagedEncryption("it is cut short")
    (size,) = struct.unpack(">I", data[start : start + 4])
    if size > MAX_HEADER or len(data) < start + 4 + size + NONCE_BYTES + 16:
        raise DamagedEncryption("it is cut short or its header is damaged")
    return data[start + 4 : start + 4 + size], data[start + 4 + size :]


def _header_doc(header: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(header)
    except ValueError:
        raise DamagedEncryption("its encryption header is damaged") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("slots"), list):
        raise DamagedEncryption("its encryption header is damaged")
    version = doc.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise DamagedEncryption("it was encrypted by a newer floortrack: upgrade floortrack")
    if doc.get("cipher") != "AES-256-GCM" or doc.get("kdf", {}).get("name") != "argon2id":
        raise DamagedEncryption("it uses an encryption floortrack does not know")
    return doc


def _header(slots: list[dict[str, str]], params: dict[str, int]) -> bytes:
    doc = {
        "format": "floortrack-encrypted",
        "version": FORMAT_VERSION,
        "cipher": "AES-256-GCM",
        "kdf": {"name": "argon2id", **params},
        "slots": slots,
    }
    return json.dumps(doc, sort_keys=True).encode("ascii")


def create(passphrase: str) -> tuple[Sealer, str]:
    """A new data key locked by `passphrase` and by a new recovery key (returned once)."""
    check_passphrase(passphrase)
    data_key = AESGCM.generate_key(256)
    recovery = new_recovery_key()
    salt_p, salt_r = os.urandom(16), os.urandom(16)
    slots = [
        _slot("passphrase", _passphrase_kek(passphrase, salt_p, ARGON2), data_key, salt_p),
        _slot("recovery", _recovery_kek(recovery, salt_r), data_key, salt_r),
    ]
    return Sealer(data_key, _header(slots, ARGON2)), recovery


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < 8:
        raise EncryptionError("a passphrase needs at least 8 characters (a few words is best)")


def unlock(
    raw: bytes | memoryview, passphrase: str | None = None, recovery: str | None = None
) -> Sealer:
    """The file's Sealer, from its passphrase or its recovery key; checks the contents too."""
    header, _ = _split(raw)
    doc = _header_doc(header)
    params = {k: int(doc["kdf"][k]) for k in ARGON2}
    slots = {str(s.get("kind")): s for s in doc["slots"] if isinstance(s, dict)}
    data_key: bytes | None = None
    if passphrase is not None and "passphrase" in slots:
        kek = _passphrase_kek(passphrase, _unb64(slots["passphrase"].get("salt")), params)
        data_key = _unwrap(slots["passphrase"], kek)
    if data_key is None and recovery is not None and "recovery" in slots:
        kek = _recovery_kek(recovery, _unb64(slots["recovery"].get("salt")))
        data_key = _unwrap(slots["recovery"], kek)
    if data_key is None:
        what = "recovery key" if recovery is not None and passphrase is None else "passphrase"
        raise WrongSecret(f"the {what} is wrong")
    sealer = Sealer(data_key, header)
    sealer.open(raw)  # a tampered body is refused now, not at the first save
    return sealer


def with_new_passphrase(sealer: Sealer, passphrase: str) -> Sealer:
    """The same data key (and recovery slot) locked by a new passphrase."""
    check_passphrase(passphrase)
    doc = _header_doc(sealer.header)
    salt = os.urandom(16)
    params = {k: int(doc["kdf"][k]) for k in ARGON2}
    slots = [s for s in doc["slots"] if s.get("kind") != "passphrase"]
    slots.insert(
        0, _slot("passphrase", _passphrase_kek(passphrase, salt, params), sealer.data_key, salt)
    )
    return Sealer(sealer.data_key, _header(slots, params))
