"""Password hashing with Argon2id (argon2-cffi loads with the first hash or check: issue 18)."""

from __future__ import annotations

from functools import cache

MIN_LENGTH = 10


@cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher().hash(password)


def check_password(hashed: str, password: str) -> bool:
    """Whether the password matches the hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
