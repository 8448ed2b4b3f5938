"""PINs and passwords kept as scrypt hashes: the real cost, the rules for a new one, hostile hashes."""

from __future__ import annotations

import time

import pytest

from microoffice.core.errors import ValidationError
from microoffice.core.people import secrets


def test_the_real_cost_is_slow_and_stored_with_the_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets, "COST", secrets.Cost())  # undo the tests' quick setting
    assert (secrets.N, secrets.R, secrets.P) == (2**15, 8, 1)
    stored = secrets.hash_secret("246810")
    kind, n, r, p, salt, digest = stored.split("$")
    assert (kind, n, r, p) == ("scrypt", "32768", "8", "1")
    assert len(salt) == 24 and len(digest) == 44  # 16 and 32 bytes, base64
    assert "246810" not in stored
    assert secrets.verify("246810", stored)
    assert not secrets.verify("246811", stored)


def test_each_hash_has_its_own_salt() -> None:
    one, two = secrets.hash_secret("246810"), secrets.hash_secret("246810")
    assert one != two
    assert secrets.verify("246810", one) and secrets.verify("246810", two)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "246810",
        "md5$1$1$1$AAAA$AAAA",
        "scrypt$1099511627776$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=",  # 2^40: a bomb
        "scrypt$16384$999$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 43 + "=",  # not a power of two
        "scrypt$16384$8$1$not base64!$" + "A" * 43 + "=",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",  # too short
    ],
)
def test_a_malformed_or_hostile_hash_matches_nothing_and_costs_nothing(stored: str) -> None:
    started = time.perf_counter()
    assert not secrets.verify("246810", stored)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("secret", "field_message"),
    [
        ("", "Choose a PIN (six digits or more) or a password"),
        ("12345", "A PIN needs at least 6 digits"),
        ("abc1234", "A password needs at least 8 characters"),
        (" 2468101", "Leave out spaces at the start and the end"),
        ("x" * 201, "Use at most 200 characters"),
    ],
)
def test_a_new_secret_is_long_enough(secret: str, field_message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        secrets.check_new_secret(secret)
    assert refused.value.errors == {"secret": field_message}


def test_a_good_pin_and_password_pass_and_must_be_typed_the_same_twice() -> None:
    secrets.check_new_secret("246810")
    secrets.check_new_secret("correct horse")
    with pytest.raises(ValidationError) as refused:
        secrets.check_new_secret("246810", "246801")
    assert refused.value.errors == {"confirm": "The two entries are not the same"}


def test_recovery_codes_read_alike_however_typed() -> None:
    code = secrets.new_recovery_code()
    assert len(code) == 29 and code.count("-") == 4
    assert set(code.replace("-", "")) <= set(secrets.CODE_ALPHABET)
    stored = secrets.hash_secret(secrets.normal_code(code))
    typed = " ".join(code.lower().split("-"))
    assert secrets.verify(secrets.normal_code(typed), stored)
    assert secrets.new_recovery_code() != code
