"""Configuration from the environment, with safe defaults for a first run."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/ (never in git)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def database_url(instance: Path) -> str:
    """DATABASE_URL when set (postgresql://… uses psycopg 3), else SQLite in instance/."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url or f"sqlite:///{instance / 'ecole-numerique.db'}"


def load(instance: Path) -> dict:
    """Every setting of the application."""
    https = os.environ.get("HTTPS", "") == "1"
    return {
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database_url(instance),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "ecole-numerique@localhost"),
        # Practice dossiers may be deposited on a closed call (marked as practice everywhere).
        "ALLOW_PRACTICE_ON_CLOSED_CALL": os.environ.get("ALLOW_PRACTICE_ON_CLOSED_CALL", "1") == "1",
        "LOGIN_LIMIT": int(os.environ.get("LOGIN_LIMIT", "10")),
        "LOGIN_WINDOW_MINUTES": 15,
        # Who hears of an assigned dossier besides its assignee: these inspector levels of its
        # département (services.notify.inspectors_of); an unassigned dossier tells them all.
        "REVIEW_NOTIFY_LEVELS": os.environ.get("REVIEW_NOTIFY_LEVELS", "dasen"),
        # Where background jobs leave their files (batches of candidatures), under instance/.
        "JOBS_DIR": os.environ.get("JOBS_DIR", ""),
    }
