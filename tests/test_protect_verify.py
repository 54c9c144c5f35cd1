"""Verification of every encryption, at the cost of one key derivation per file (issue 10, Also).

Encrypting a file derives its password hash once (100,000 SHA-512 rounds); reading it back to
verify it used to derive it again. Verification now reuses the hash for the salt, rounds and
algorithm read back from the file, and still reads everything else afresh: each test below
breaks one part of a real encryption and expects the file to be refused, nothing written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import msoffcrypto
import pytest
from msoffcrypto.method.ecma376_agile import ECMA376Agile

import toolkit.protect
from tests.test_protect_small import SIZES, msoffcrypto_decrypt, office_file
from toolkit.errors import ProtectError
from toolkit.protect import decrypt_bytes, derive_password_hash, encrypt_bytes

PASSWORD = "juniper-tollgate-meadow"


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The salts of every password hash derived (msoffcrypto's one derivation function, which
    its reader and the toolkit both call), in order."""
    salts: list[bytes] = []
    real = ECMA376Agile._derive_iterated_hash_from_password

    def counted(password: str, salt: bytes, algorithm: str, spins: int) -> Any:
        salts.append(salt)
        return real(password, salt, algorithm, spins)

    monkeypatch.setattr(ECMA376Agile, "_derive_iterated_hash_from_password", counted)
    return salts


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_encrypting_and_verifying_derives_the_password_hash_once(
    derivations: list[bytes], kind: str
) -> None:
    plain = office_file(kind, 9000)
    encrypted = encrypt_bytes(plain, PASSWORD)
    assert len(derivations) == 1
    # what was written opens with msoffcrypto's own reader, password verifier and HMAC checked
    assert msoffcrypto_decrypt(encrypted, PASSWORD) == plain
    # each file has its own salt: a hash derived for one cannot open another
    encrypt_bytes(plain, PASSWORD)
    assert len(derivations) == 4  # 1, then 2 by msoffcrypto (key, then verifier), then 1
    assert derivations[0] != derivations[-1]


def test_decrypting_derives_the_password_hash_once(derivations: list[bytes]) -> None:
    plain = office_file("docx", 5000)
    encrypted = encrypt_bytes(plain, PASSWORD)
    del derivations[:]
    assert decrypt_bytes(encrypted, PASSWORD) == plain
    assert len(derivations) == 1
    with pytest.raises(ProtectError, match="^wrong password$"):
        decrypt_bytes(encrypted, PASSWORD + "x")


def test_a_password_hash_opens_only_the_key_encryptor_it_was_derived_for() -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    info = OOXMLFile(io.BytesIO(encrypt_bytes(office_file("docx", 3000), PASSWORD))).info
    right = derive_password_hash(PASSWORD, info["passwordSalt"], 100_000)
    assert right.opens(info)
    assert "value=" not in repr(right)  # a secret: never in a message or a log
    assert not derive_password_hash(PASSWORD, bytes(16), 100_000).opens(info)
    assert not derive_password_hash(PASSWORD, info["passwordSalt"], 99_999).opens(info)


def test_the_small_file_fault_is_still_caught_with_the_hash_reused(
    derivations: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the workaround (no padding to a whole segment) msoffcrypto misplaces a short
    package in its container: the verification reads the container afresh and refuses it,
    though the password hash is not derived again."""
    monkeypatch.setattr(toolkit.protect, "SEGMENT", 0)
    with pytest.raises(ProtectError, match="could not be decrypted again.*nothing was written"):
        encrypt_bytes(office_file("docx", 3000), PASSWORD)
    assert len(derivations) == 1


def _tampered(monkeypatch: pytest.MonkeyPatch, change: Callable[[Any], None]) -> None:
    """Make the toolkit's encryption parameters pass through ``change`` before use."""
    real = toolkit.protect._encryption_parameters

    def parameters(password: str) -> tuple[Any, Any]:
        info, keys = real(password)
        change(info)
        return info, keys

    monkeypatch.setattr(toolkit.protect, "_encryption_parameters", parameters)


def _flip(data: bytes) -> bytes:
    return bytes([data[0] ^ 1]) + data[1:]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("encryptedVerifierHashValue", "could not be decrypted again"),
        ("encryptedVerifierHashInput", "could not be decrypted again"),
        ("encryptedKeyValue", "could not be decrypted again"),
    ],
)
def test_a_broken_key_encryptor_is_refused_with_the_hash_reused(
    monkeypatch: pytest.MonkeyPatch, derivations: list[bytes], field: str, message: str
) -> None:
    """The password verifier and the wrapped key are read back from every file: a file whose
    password would be refused (or would unwrap another key) by Word is never written."""
    _tampered(monkeypatch, lambda info: setattr(info, field, _flip(getattr(info, field))))
    with pytest.raises(ProtectError, match=message):
        encrypt_bytes(office_file("xlsx", 6000), PASSWORD)
    assert len(derivations) == 1


def test_a_salt_written_other_than_derived_is_opened_by_deriving_afresh(
    monkeypatch: pytest.MonkeyPatch, derivations: list[bytes]
) -> None:
    """A key encryptor that names a salt the hash was not derived under is not opened with
    that hash: the file is read as any reader would (and here refused: its keys were made
    under another salt)."""
    _tampered(monkeypatch, lambda info: setattr(info.encryptedKey, "saltValue", bytes(16)))
    with pytest.raises(ProtectError, match="could not be decrypted again"):
        encrypt_bytes(office_file("docx", 6000), PASSWORD)
    assert len(derivations) > 1
    assert set(derivations[1:]) == {bytes(16)}


@pytest.mark.parametrize(
    "damage",
    [
        lambda payload: payload[:-1] + bytes([payload[-1] ^ 1]),  # the last segment's last byte
        lambda payload: payload[:-16],  # the last AES block lost
        lambda payload: payload[:4104] + payload[4104 + 16 :],  # a block lost in the middle
    ],
    ids=["changed", "cut-short", "block-lost"],
)
def test_a_damaged_package_is_refused(
    monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]
) -> None:
    """Segments written wrong (the integrity HMAC is computed over them as written, as a
    faulty library would) are found by decrypting every segment again."""
    real = ECMA376Agile.encrypt_payload

    def faulty(*args: Any) -> bytes:
        return damage(real(*args))

    monkeypatch.setattr(ECMA376Agile, "encrypt_payload", staticmethod(faulty))
    with pytest.raises(ProtectError, match="nothing was written"):
        encrypt_bytes(office_file("docx", 12_000), PASSWORD)


def test_every_size_round_trips_through_msoffcrypto_with_its_password_check() -> None:
    """The files written with the reused hash are exactly what a reader derives: msoffcrypto's
    own load_key(verify_password=True) opens each, at sizes around every segment boundary."""
    for size in SIZES[::3]:
        plain = office_file("docx", size)
        office = msoffcrypto.OfficeFile(io.BytesIO(encrypt_bytes(plain, PASSWORD)))
        office.load_key(password=PASSWORD, verify_password=True)
        back = io.BytesIO()
        office.decrypt(back, verify_integrity=True)
        assert back.getvalue() == plain, size


def test_the_intermediate_key_is_a_full_256_bit_random_key() -> None:
    """msoffcrypto pads a 16-byte random key with 0x36 to 32 bytes; the toolkit's is random
    throughout (the standard's keyBits, 256)."""
    _, keys = toolkit.protect._encrypt(office_file("docx", 3000), PASSWORD)
    assert len(keys.key) == 32
    assert keys.key[16:] != b"\x36" * 16
