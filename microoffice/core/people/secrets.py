"""PINs, passwords and recovery codes: kept only as slow salted hashes (hashlib.scrypt).

A stored hash reads "scrypt$n$r$p$salt$hash" (salt and hash in base64), so the cost can rise
later without locking anybody out: each hash is checked with the parameters it was made with.
Parameters read back from a file are bounded before use, so a hostile file cannot make a check
take minutes or gigabytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from microoffice.core.errors import ValidationError

N, R, P = 2**15, 8, 1  # about 32 MiB and a tenth of a second per check
DKLEN = 32
MAX_N, MAX_R, MAX_P = 2**20, 16, 4
MAX_LENGTH = 200
PIN_DIGITS = 6
PASSWORD_CHARACTERS = 8
# Recovery codes avoid letters and digits that read alike (0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_GROUPS, CODE_GROUP_LENGTH = 5, 5


@dataclass(frozen=True)
class Cost:
    n: int = N
    r: int = R
    p: int = P


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    maxmem = 128 * r * n * p + 16 * 1024 * 1024
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=DKLEN, maxmem=maxmem
    )


COST = Cost()  # what new hashes are made with


def hash_secret(secret: str, cost: Cost | None = None) -> str:
    cost = cost or COST
    salt = secrets.token_bytes(16)
    digest = _scrypt(secret, salt, cost.n, cost.r, cost.p)
    b64 = base64.b64encode
    return f"scrypt${cost.n}${cost.r}${cost.p}${b64(salt).decode()}${b64(digest).decode()}"


def verify(secret: str, stored: str) -> bool:
    """True when `secret` matches the stored hash; False for anything malformed."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or len(secret) > MAX_LENGTH:
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    if not (1 < n <= MAX_N and n & (n - 1) == 0 and 0 < r <= MAX_R and 0 < p <= MAX_P):
        return False
    if len(expected) != DKLEN or not salt:
        return False
    return hmac.compare_digest(_scrypt(secret, salt, n, r, p), expected)


def check_new_secret(secret: str, confirm: str | None = None, field: str = "secret") -> None:
    """A PIN of at least six digits, or a password of at least eight characters."""
    if not secret:
        raise ValidationError({field: "Choose a PIN (six digits or more) or a password"})
    if len(secret) > MAX_LENGTH:
        raise ValidationError({field: f"Use at most {MAX_LENGTH} characters"})
    if secret.isdigit() and len(secret) < PIN_DIGITS:
        raise ValidationError({field: f"A PIN needs at least {PIN_DIGITS} digits"})
    if not secret.isdigit() and len(secret) < PASSWORD_CHARACTERS:
        raise ValidationError(
            {field: f"A password needs at least {PASSWORD_CHARACTERS} characters"}
        )
    if secret != secret.strip():
        raise ValidationError({field: "Leave out spaces at the start and the end"})
    if confirm is not None and confirm != secret:
        raise ValidationError({"confirm": "The two entries are not the same"})


def new_recovery_code() -> str:
    """Shown once to the owner at set-up; only its hash is kept."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normal_code(code: str) -> str:
    """A recovery code as typed (any case, spaces or dashes) in its one spelling."""
    return "".join(ch for ch in code.upper() if ch.isalnum())
