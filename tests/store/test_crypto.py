"""The encrypted envelope: right secret opens it, anything else (or any changed byte) is refused."""

from __future__ import annotations

import pytest

from floortrack.store import crypto

PLAIN = b'{"sessions": {"1": {"date": "2026-03-02", "note": "Nguy\xe1\xbb\x85n"}}}'


@pytest.fixture(scope="module")
def sealed() -> tuple[bytes, str]:
    sealer, recovery = crypto.create("correct horse battery")
    return sealer.seal(PLAIN), recovery


def test_the_passphrase_opens_what_was_sealed(sealed: tuple[bytes, str]) -> None:
    raw, _ = sealed
    assert crypto.is_encrypted(raw) and PLAIN not in raw
    assert crypto.unlock(raw, passphrase="correct horse battery").open(raw) == PLAIN


def test_a_wrong_passphrase_is_refused(sealed: tuple[bytes, str]) -> None:
    with pytest.raises(crypto.WrongSecret, match="passphrase is wrong"):
        crypto.unlock(sealed[0], passphrase="correct horse batterY")


def test_the_recovery_key_opens_it_and_sets_a_new_passphrase(sealed: tuple[bytes, str]) -> None:
    raw, recovery = sealed
    sealer = crypto.unlock(raw, recovery=recovery.lower().replace("-", " "))
    renewed = crypto.with_new_passphrase(sealer, "a brand new phrase")
    again = renewed.seal(sealer.open(raw))
    assert crypto.unlock(again, passphrase="a brand new phrase").open(again) == PLAIN
    with pytest.raises(crypto.WrongSecret):
        crypto.unlock(again, passphrase="correct horse battery")
    assert crypto.unlock(again, recovery=recovery).open(again) == PLAIN  # recovery still works


def test_every_save_uses_a_fresh_nonce(sealed: tuple[bytes, str]) -> None:
    sealer = crypto.unlock(sealed[0], passphrase="correct horse battery")
    assert sealer.seal(PLAIN) != sealer.seal(PLAIN)


@pytest.mark.parametrize("where", [0, 25, 40, -1, -20])
def test_one_changed_byte_anywhere_is_refused(sealed: tuple[bytes, str], where: int) -> None:
    raw = bytearray(sealed[0])
    raw[where] ^= 0x01
    with pytest.raises(crypto.EncryptionError):
        crypto.unlock(bytes(raw), passphrase="correct horse battery")


def test_a_truncated_file_is_refused(sealed: tuple[bytes, str]) -> None:
    for size in (5, len(crypto.MAGIC) + 2, len(sealed[0]) - 1):
        with pytest.raises(crypto.EncryptionError):
            crypto.unlock(sealed[0][:size], passphrase="correct horse battery")


def test_each_file_gets_its_own_salt() -> None:
    a, _ = crypto.create("same passphrase!")
    b, _ = crypto.create("same passphrase!")
    assert a.header != b.header and a.data_key != b.data_key


def test_a_short_passphrase_is_refused() -> None:
    with pytest.raises(crypto.EncryptionError, match="at least 8"):
        crypto.create("short")
