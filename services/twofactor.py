"""Two-factor authentication for inspectors and administrators (their accounts decide on public
money): a TOTP authenticator (RFC 6238, 30-second codes of 6 digits, pyotp) enrolled at the first
sign-in, then a code at each sign-in; ten single-use recovery codes stored hashed; a reset by an
administrator or on the command line when the device is lost."""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from markupsafe import Markup

from models import RecoveryCode, User, db
from models.base import utcnow

from .accounts import end_sessions

ISSUER = "École numérique"
RECOVERY_CODES = 10
# A code of the previous or the next 30-second step is accepted (a phone's clock drifts).
DRIFT_STEPS = 1
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or copied by hand


def new_secret() -> str:
    import pyotp  # loads with the first enrolment or code, not at start (issue 18)

    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code(uri: str, title: str) -> Markup:
    """The QR code of the enrolment address, as inline SVG (no request, no script, no style)."""
    import segno  # only the enrolment page needs it

    return Markup(segno.make(uri, error="m").svg_inline(scale=5, title=title, svgclass="qr-code"))


def _digits(code: str) -> str:
    return "".join(c for c in code if not c.isspace())


def check_code(secret: str, code: str, last_step: int | None, at: float | None = None) -> int | None:
    """The time step of a valid code, later than the last one accepted (a code serves once)."""
    code = _digits(code)
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    import pyotp

    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow()) if at is None else int(at // totp.interval)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def verify(user: User, code: str) -> bool:
    """A code of the user's authenticator; it cannot be used again."""
    if not user.totp_secret:
        return False
    step = check_code(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    db.session.flush()
    return True


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def _normal(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def issue_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes (the previous ones stop working); shown once, stored hashed."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """A recovery code in place of the authenticator, once."""
    if len(_normal(code)) != 10:
        return False
    found = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    db.session.flush()
    return True


def recovery_codes_left(user: User) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(RecoveryCode.id)).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        )
        or 0
    )


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Confirm an authenticator by one of its codes: its recovery codes, or None if the code is wrong."""
    step = check_code(secret, code, None)
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    return issue_recovery_codes(user)


def reset(user: User) -> None:
    """Forget the authenticator and the recovery codes (a lost device): the next sign-in enrols
    again; every session of the account ends."""
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    end_sessions(user)
