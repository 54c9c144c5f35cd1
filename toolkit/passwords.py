"""Generated passwords: random words from the shipped list, chosen with `secrets`.

A passphrase is issued "separately" (protocol 6.4): usually read out on the phone or sent in a
second message, so words beat a string of symbols; six words of the list give about 62 bits.
"""

from __future__ import annotations

import re
import secrets

from toolkit.wordlist import WORDS

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
