"""Generated passwords: long, random (secrets), from the shipped word list, never short."""

from __future__ import annotations

import math
import re

import pytest

from toolkit import passwords
from toolkit.errors import ProtectError
from toolkit.passwords import DEFAULT_WORDS, MIN_WORDS, generate_password
from toolkit.protect import MIN_PASSWORD_LENGTH, check_password
from toolkit.wordlist import WORDS


def test_word_list_is_large_unique_and_plain() -> None:
    assert len(WORDS) >= 1024
    assert len(set(WORDS)) == len(WORDS)
    assert all(re.fullmatch(r"[a-z]{3,11}", word) for word in WORDS)


def test_generated_password_is_words_from_the_list() -> None:
    password = generate_password()
    words = password.split("-")
    assert len(words) == DEFAULT_WORDS >= MIN_WORDS
    assert all(word in WORDS for word in words)
    assert len(password) >= 20
    assert check_password(password) == password


def test_generated_passwords_carry_at_least_60_bits() -> None:
    assert DEFAULT_WORDS * math.log2(len(set(WORDS))) >= 60


def test_generated_passwords_differ_and_use_many_words() -> None:
    generated = [generate_password() for _ in range(200)]
    assert len(set(generated)) == 200
    used = {word for password in generated for word in password.split("-")}
    assert len(used) > 500  # 1,200 draws over 1,294 words: a fixed or tiny choice would show


def test_generation_draws_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    draws: list[object] = []

    def choice(sequence: tuple[str, ...]) -> str:
        draws.append(sequence)
        return sequence[0]

    monkeypatch.setattr(passwords.secrets, "choice", choice)
    assert generate_password(5) == "-".join([WORDS[0]] * 5)
    assert draws == [WORDS] * 5


def test_fewer_than_five_words_are_refused() -> None:
    assert len(generate_password(MIN_WORDS).split("-")) == MIN_WORDS
    with pytest.raises(ValueError, match="at least 5 words"):
        generate_password(4)


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_PASSWORD_LENGTH - 1)])
def test_short_passwords_are_refused(password: str) -> None:
    with pytest.raises(ProtectError, match="shorter than 12 characters"):
        check_password(password)
