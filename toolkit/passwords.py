"""Passwords: generated ones (random words from the shipped list, chosen with `secrets`), the
strength a pack's password needs, and password files.

A passphrase is issued "separately" (protocol 6.4): usually read out on the phone or sent in a
second message, so words beat a string of symbols; six words of the list give about 62 bits.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from toolkit.errors import ProtectError, UsageError
from toolkit.wordlist import WORDS

#: Shorter passwords are refused: the pack travels by email, the password by another channel.
MIN_PASSWORD_LENGTH = 12
#: A password file is read up to its first line end, and no further than this: /dev/zero or a
#: huge file without a line end would otherwise be read until memory runs out. Generated
#: passphrases are under 80 characters; nobody types a thousand.
MAX_PASSWORD_FILE_LINE = 1024
#: Environment variable read when no --password-file is given.
PASSWORD_ENV = "TOOLKIT_PASSWORD"

#: Words in a generated passphrase; fewer than five is never generated.
DEFAULT_WORDS = 6
MIN_WORDS = 5
SEPARATOR = "-"


def generate_password(words: int = DEFAULT_WORDS) -> str:
    """Return a passphrase of ``words`` random words joined by hyphens, e.g. ``otter-brisk-...``.

    Raises ValueError below MIN_WORDS: a shorter phrase is too easy to guess offline against an
    encrypted file that travels by email.
    """
    if words < MIN_WORDS:
        raise ValueError(f"a generated password has at least {MIN_WORDS} words")
    return SEPARATOR.join(secrets.choice(WORDS) for _ in range(words))


# Passwords people choose ----------------------------------------------------------------------

#: Words that make up most leaked passwords (a guesser tries them first, with digits and symbols
#: around them); a password made of one of them, however long the digits, is refused.
COMMON_WORDS = (
    "password", "passwort", "passcode", "letmein", "welcome", "qwerty", "azerty", "admin",
    "administrator", "iloveyou", "monkey", "dragon", "football", "baseball", "sunshine",
    "princess", "trustno", "changeme", "secret", "default", "login", "master", "shadow",
    "superman", "computer", "summer", "winter", "spring", "autumn", "january", "london",
    "england", "liverpool", "arsenal", "chelsea", "council", "safeguarding", "toolkit", "test",
)  # fmt: skip
#: Letters guessers substitute for digits and symbols ("p@ssw0rd").
_LOOKALIKES = {"a": "a@4", "e": "e3", "i": "i1!|", "l": "l1|", "o": "o0", "s": "s$5", "t": "t7+"}
#: Runs of neighbouring keys and counting sequences; a password inside one is a "keyboard walk".
_RUNS = (
    "1234567890" * 3,
    "abcdefghijklmnopqrstuvwxyz" * 2,
    "qwertyuiopasdfghjklzxcvbnm" * 2,
    "qwertzuiopasdfghjklyxcvbnm" * 2,
    "azertyuiopqsdfghjklmwxcvbn" * 2,
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/" * 2,
    "!@#$%^&*()_+" * 2,
)
#: A pattern repeated ("abcabcabcabc", "12121212..."): repeats of up to this many characters.
_MAX_REPEATED_UNIT = 4


def _word_pattern(word: str) -> str:
    return "".join(f"[{re.escape(_LOOKALIKES.get(c, c))}]" for c in word)


#: A common word (or the same word over and over), with only digits, symbols or spaces around it.
_COMMON = re.compile(
    r"[^a-z]*(?:" + "|".join(f"(?:{_word_pattern(w)})+" for w in COMMON_WORDS) + r")[^a-z]*"
)


def weakness(password: str) -> str | None:
    """Why ``password`` would fall to the first guesses of an attacker, or None.

    Length alone is no protection: twelve spaces or "password1234" are long enough and among
    the first things tried against an encrypted file that travels by email. The reasons are
    for the person choosing: they never repeat the password.
    """
    folded = password.lower()
    squeezed = "".join(folded.split())
    if not squeezed:
        return "it is only spaces"
    if len(set(squeezed)) == 1:
        return "it is one character repeated"
    if any(
        (squeezed[:size] * len(squeezed)).startswith(squeezed)
        for size in range(2, _MAX_REPEATED_UNIT + 1)
    ):
        return "it is a short pattern repeated"
    if squeezed.isdigit():
        return "it is only digits"
    core = re.sub(r"^[^a-z]+|[^a-z]+$", "", squeezed) or squeezed  # digits around a walk
    if any(core in run or core in run[::-1] for run in _RUNS):
        return "it is a run of neighbouring keys or a sequence"
    if _COMMON.fullmatch(squeezed):
        return "it is a common word with only digits or symbols added"
    return None


def check_password(password: str) -> str:
    """Return ``password`` if it is strong enough to protect a pack; raise ProtectError if not.

    The message never contains the password, only why it was refused.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ProtectError(
            f"the password is shorter than {MIN_PASSWORD_LENGTH} characters; use a longer one"
        )
    if reason := weakness(password):
        raise ProtectError(
            f"the password is too easy to guess ({reason}); use a phrase of several "
            "unrelated words, or let the toolkit generate one"
        )
    return password


def read_password_file(path: str | Path) -> str:
    """Return the first line of a password file (without its line end).

    At most MAX_PASSWORD_FILE_LINE characters are read: a longer first line (or /dev/zero, or a
    file without a line end) is refused rather than read into memory. The password itself never
    appears in an error: only the file's name does.
    """
    try:
        with open(path, encoding="utf-8-sig") as handle:
            line = handle.readline(MAX_PASSWORD_FILE_LINE + 1)
    except FileNotFoundError:
        raise ProtectError(f"{path}: no such password file") from None
    except (OSError, UnicodeDecodeError):
        raise ProtectError(f"{path}: cannot read the password file") from None
    password = line.rstrip("\r\n")
    if len(password) > MAX_PASSWORD_FILE_LINE:
        raise ProtectError(
            f"{path}: the first line is longer than {MAX_PASSWORD_FILE_LINE:,} characters; "
            "a password file holds the password alone on its first line"
        )
    if not password:
        raise ProtectError(f"{path}: the password file is empty")
    return password


def password_from(password_file: str | Path | None) -> str | None:
    """The password from ``password_file`` if given, else from $TOOLKIT_PASSWORD, else None."""
    if password_file is not None:
        return read_password_file(password_file)
    return os.environ.get(PASSWORD_ENV) or None


def write_password_file(path: Path, password: str) -> None:
    """Write ``password`` to a new file readable by its owner only (mode 0600).

    The file is created exclusively: an existing file (perhaps another pack's password) is never
    overwritten, and the mode is set at creation so the password is never readable by others.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(f"{path}: already exists; choose a new file for the password") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot create the password file ({error.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as error:
        # a full disk or Ctrl-C must not leave half a password, which the next run (told the
        # file exists) or a reader would take for the whole one
        path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise UsageError(
                f"{path}: cannot write the password file ({error.strerror or error})"
            ) from None
        raise
