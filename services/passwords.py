"""Password hashing with Argon2id.

The parameters are OWASP's recommended minimum for Argon2id (19 MiB of memory, 2 passes, one
lane): a check costs a few tens of milliseconds of one CPU, so that the sign-ins of a deadline
morning do not hold a small server's CPUs for seconds (argon2-cffi's defaults, 64 MiB, 3 passes,
4 lanes, cost six times as much). A hash made with other parameters still verifies, and is made
again with these at the next successful sign-in (`needs_rehash`). argon2-cffi loads with the
first hash or check, not at start (issue 18)."""

from __future__ import annotations

from functools import cache

MEMORY_KIB, TIME_COST, PARALLELISM = 19 * 1024, 2, 1
MIN_LENGTH = 10


@cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM)


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _hasher().hash(password)


def check_password(hashed: str, password: str) -> bool:
    """Whether the password matches the hash (made with these parameters or others)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    """Whether the hash was made with other parameters than today's (to be made again once the
    password is known to match)."""
    from argon2.exceptions import InvalidHashError

    try:
        return _hasher().check_needs_rehash(hashed)
    except InvalidHashError:
        return True
