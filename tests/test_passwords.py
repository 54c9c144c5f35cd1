"""Generated passwords: long, random (secrets), from the shipped word list, never short."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from toolkit import passwords
from toolkit.errors import ProtectError
from toolkit.passwords import (
    DEFAULT_WORDS,
    MIN_PASSWORD_LENGTH,
    MIN_WORDS,
    check_password,
    generate_password,
)
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


@pytest.mark.parametrize(
    "password",
    [
        " " * 12,
        "\t \t \t \t \t \t ",
        "aaaaaaaaaaaa",
        "AAAAAAAAAAAAAAAAAAAAAAAA",
        "password1234",
        "Password123!",
        "P@ssw0rd2026",
        "passwordpassword",
        "Welcome 2026!!",
        "letmein12345",
        "qwertyuiop12",
        "123456789012",
        "000000000000",
        "07700900123 ",
        "qwertyuiopas",
        "abcdefghijklmnop",
        "1qaz2wsx3edc4rfv",
        "zyxwvutsrqpo",
        "abcabcabcabc",
        "121212121212",
        "ab ab ab ab ab ab",
    ],
)
def test_obvious_passwords_of_twelve_characters_or_more_are_refused(password: str) -> None:
    """Issue 14 item 15: twelve spaces, twelve a's and password1234 were accepted."""
    assert len(password) >= MIN_PASSWORD_LENGTH
    with pytest.raises(ProtectError, match="too easy to guess") as refused:
        check_password(password)
    if password.strip():
        assert password.strip() not in str(refused.value)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "marigold-quarry-lantern",
        "Oakview review, Tuesday 3pm!",
        "password-otter-brisk-lantern",  # a common word among others is a phrase
        "Tr0ub4dor&3xyz",
    ],
)
def test_phrases_and_mixed_passwords_are_accepted(password: str) -> None:
    assert check_password(password) == password


def test_every_generated_passphrase_passes_the_check() -> None:
    for words in (MIN_WORDS, DEFAULT_WORDS):
        for _ in range(2000):
            password = generate_password(words)
            assert check_password(password) == password


def test_protect_refuses_a_weak_password_without_showing_it(tmp_path: Path) -> None:
    from tests.cli_run import password_file_at, run_keeping_secret
    from tests.test_protect import docx_bytes
    from toolkit.protect import is_encrypted

    record = tmp_path / "record.docx"
    record.write_bytes(docx_bytes())
    weak = "password1234"
    result = run_keeping_secret(
        weak, "protect", record, "--password-file", password_file_at(tmp_path / "pw", weak)
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("the password is too easy to guess (it is a common word")
    assert not is_encrypted(record.read_bytes())
