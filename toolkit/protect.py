"""Password protection of Office files (ECMA-376 agile encryption, AES-256), in memory only.

Nothing here writes to disk: callers pass bytes and get bytes, so that no plaintext copy of a
protected document is ever left behind.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from toolkit.errors import ProtectError

#: Shorter passwords are refused: the pack travels by email, the password by another channel.
MIN_PASSWORD_LENGTH = 12
#: Environment variable read when no --password-file is given.
PASSWORD_ENV = "TOOLKIT_PASSWORD"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def is_encrypted(data: bytes) -> bool:
    """True when ``data`` is an encrypted Office file (an OLE container), not a plain zip."""
    return data.startswith(_OLE_MAGIC)


def check_password(password: str) -> str:
    """Return ``password`` if it is strong enough to protect a pack; raise ProtectError if not."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ProtectError(
            f"the password is shorter than {MIN_PASSWORD_LENGTH} characters; use a longer one"
        )
    return password


def encrypt_bytes(plain: bytes, password: str) -> bytes:
    """Return ``plain`` (a .docx or .xlsx) encrypted with ``password``."""
    from msoffcrypto.format.ooxml import OOXMLFile

    if not plain.startswith(_ZIP_MAGIC):
        raise ProtectError("not a Word or Excel file (.docx/.xlsx), so it cannot be encrypted")
    check_password(password)
    encrypted = io.BytesIO()
    try:
        OOXMLFile(io.BytesIO(plain)).encrypt(password, encrypted)
    except Exception as error:  # msoffcrypto raises bare Exceptions on bad input
        raise ProtectError(f"could not encrypt: {error}") from error
    return encrypted.getvalue()


def decrypt_bytes(data: bytes, password: str | None) -> bytes:
    """Return the plain Office file inside encrypted ``data`` (or ``data`` itself if not encrypted).

    Raises ProtectError for a wrong or missing password, or data that is no Office file at all.
    """
    if data.startswith(_ZIP_MAGIC):
        return data
    if not is_encrypted(data):
        raise ProtectError("not a Word or Excel file (neither a .docx/.xlsx nor an encrypted one)")
    if not password:
        raise ProtectError("the file is password protected; give the password with --password-file")
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    plain = io.BytesIO()
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=password, verify_password=True)
        office.decrypt(plain)
    except InvalidKeyError:
        raise ProtectError("wrong password") from None
    except Exception as error:  # corrupt containers raise assorted errors
        raise ProtectError(
            f"cannot decrypt: the file is damaged or not an Office file ({error})"
        ) from None
    return plain.getvalue()


def read_password_file(path: str | Path) -> str:
    """Return the first line of a password file (without its line end).

    The password itself never appears in an error: only the file's name does.
    """
    try:
        with open(path, encoding="utf-8-sig") as handle:
            password = handle.readline().rstrip("\r\n")
    except FileNotFoundError:
        raise ProtectError(f"{path}: no such password file") from None
    except (OSError, UnicodeDecodeError):
        raise ProtectError(f"{path}: cannot read the password file") from None
    if not password:
        raise ProtectError(f"{path}: the password file is empty")
    return password


def password_from(password_file: str | Path | None) -> str | None:
    """The password from ``password_file`` if given, else from $TOOLKIT_PASSWORD, else None."""
    if password_file is not None:
        return read_password_file(password_file)
    return os.environ.get(PASSWORD_ENV) or None
