"""Generated passwords: random words from the shipped list, chosen with `secrets`.

A passphrase is issued "separately" (protocol 6.4): usually read out on the phone or sent in a
second message, so words beat a string of symbols; six words of the list give about 62 bits.
"""

from __future__ import annotations

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
