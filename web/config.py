"""Configuration from the environment, with safe defaults for a first run."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

# Without ALLOWED_HOSTS, only the machine itself (development and tests).
DEVELOPMENT_HOSTS = "localhost,127.0.0.1,::1"


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
    upload_max = int(os.environ.get("UPLOAD_MAX_BYTES", "5000000"))
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
        "MAX_CONTENT_LENGTH": max(6 * 1024 * 1024, upload_max + 1024 * 1024),
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
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # Outgoing mail: the first retry after this many seconds, doubling; failed after so many tries.
        "MAIL_RETRY_SECONDS": float(os.environ.get("MAIL_RETRY_SECONDS", "30")),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "8")),
        # The one public address of the site: every link in an e-mail starts with it.
        "APP_URL": os.environ.get("APP_URL", ""),
        # The host names requests may use (comma-separated; "*" for any); APP_URL's is added.
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", DEVELOPMENT_HOSTS),
        # Attachments: where their files live (default: instance/uploads), their size (under
        # MAX_CONTENT_LENGTH so the user gets the attachment page's message) and a PDF's pages.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance / "uploads"),
        # Decimal units, as grants.numbers.fmt_size shows them: 5 000 000 bytes is « 5 Mo ».
        "UPLOAD_MAX_BYTES": upload_max,
        "UPLOAD_MAX_PAGES": int(os.environ.get("UPLOAD_MAX_PAGES", "300")),
        # The PDF of the candidature (LibreOffice headless): seconds before a conversion is killed.
        "PDF_TIMEOUT": float(os.environ.get("PDF_TIMEOUT", "60")),
        # The public-sector pages (mentions légales, données personnelles, accessibilité).
        "PUBLISHER": os.environ.get("PUBLISHER", ""),
        "PUBLISHER_ADDRESS": os.environ.get("PUBLISHER_ADDRESS", ""),
        "PUBLICATION_DIRECTOR": os.environ.get("PUBLICATION_DIRECTOR", ""),
        "HOST": os.environ.get("HOST", ""),
        "PRIVACY_CONTACT": os.environ.get("PRIVACY_CONTACT", ""),
        "ACCESSIBILITY_CONTACT": os.environ.get("ACCESSIBILITY_CONTACT", ""),
        # How long dossiers (public records) and logs (sign-in attempts, notifications) are kept.
        "RETENTION_DOSSIER_YEARS": int(os.environ.get("RETENTION_DOSSIER_YEARS", "10")),
        "RETENTION_LOG_DAYS": int(os.environ.get("RETENTION_LOG_DAYS", "365")),
        # Who hears of an assigned dossier besides its assignee: these inspector levels of its
        # département (services.notify.inspectors_of); an unassigned dossier tells them all.
        "REVIEW_NOTIFY_LEVELS": os.environ.get("REVIEW_NOTIFY_LEVELS", "dasen"),
        "REVIEW_NOTIFY_PRACTICE": os.environ.get("REVIEW_NOTIFY_PRACTICE", "") == "1",
        "JOB_STALL_SECONDS": int(os.environ.get("JOB_STALL_SECONDS", "30") or 30),
        # Where background jobs leave their files (batches of candidatures), under instance/.
        "JOBS_DIR": os.environ.get("JOBS_DIR", ""),
    }


def finish(config) -> None:
    """Settings derived from others, once the test or deployment values are in: APP_URL (from
    SERVER_NAME, else the development server) and the list of host names served (None: any)."""
    if not config.get("APP_URL"):
        server = config.get("SERVER_NAME")
        scheme = config.get("PREFERRED_URL_SCHEME", "http")
        config["APP_URL"] = f"{scheme}://{server}" if server else "http://127.0.0.1:5000"
    config["APP_URL"] = config["APP_URL"].rstrip("/")
    hosts = config.get("ALLOWED_HOSTS", DEVELOPMENT_HOSTS)
    if isinstance(hosts, str):
        hosts = [h.strip() for h in hosts.split(",") if h.strip()]
    if "*" in hosts:
        config["SERVED_HOSTS"] = None
        return
    own = urlsplit(config["APP_URL"]).hostname
    server = (config.get("SERVER_NAME") or "").split(":")[0]
    config["SERVED_HOSTS"] = sorted({*hosts, *(h for h in (own, server) if h)})
