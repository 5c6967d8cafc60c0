"""Security headers on every answer, and error pages that never show a traceback."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, abort, got_request_exception, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError
from werkzeug.routing import IntegerConverter
from werkzeug.wsgi import get_host

# The largest id a database column holds (BIGINT, and SQLite's INTEGER).
MAX_ID = 2**63 - 1

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def local_target(target: str, default: str) -> str:
    """`target` when it is a page of this site, else `default`: no open redirect through
    `?next=` (browsers read `/\\evil` and `/<tab>/evil` as `//evil`, another site)."""
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 or ord(c) == 127 for c in target)
    ):
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` of ASCII digits up to a database id: `/dossiers/99999999999999999999999` or
    `/dossiers/١٢` is a page that does not exist (404), not an overflow in the database driver."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def id_from_text(value: str | None) -> int | None:
    """An id sent in a query or a form (`?dossier=12`): ASCII digits within a database id, else None."""
    if value is None or not re.fullmatch(r"[0-9]{1,19}", value) or int(value) > MAX_ID:
        return None
    return int(value)


def add_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static":
        # Dossiers, their files and the pages of a signed-in person stay out of every cache
        # (the browser's, a shared computer's, a proxy's); only CSS and scripts may be kept.
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def refuse_nul_characters():
    """A NUL character in a field can only be forged, and PostgreSQL refuses it in text:
    a bad request, not a server error."""
    for source in (request.args, request.form):
        if any("\x00" in value for _name, values in source.lists() for value in values):
            abort(400)


def release_database(sender=None, **extra) -> None:
    """A failed request gives back its transaction at once: nothing half-written stays, the write
    lock of SQLite is released for the other workers, and the error page's own queries (the
    header's notification count) run in a fresh transaction instead of the failed one."""
    from models import db

    db.session.rollback()  # the connection goes back to the pool; loaded objects reload on use


def _error(code: int, title: str, text: str):
    return render_template("error.html", code=code, title=title, text=text), code


class HostGuard:
    """Answers 400 to a request whose Host is not one of the site's names, before Flask sees it:
    nothing can then be built from a forged Host (links in e-mails come from APP_URL anyway)."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        hosts = self.app.config.get("SERVED_HOSTS")
        if hosts is not None:
            try:
                get_host(environ, trusted_hosts=hosts)
            except SecurityError:
                body = "400 Bad Request: unknown host / hôte inconnu\n".encode()
                start_response(
                    "400 Bad Request",
                    [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
                )
                return [body]
        return self.wsgi_app(environ, start_response)


def init_app(app: Flask) -> None:
    """Before the blueprints: the id converter of every route, headers, error pages."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.wsgi_app = HostGuard(app, app.wsgi_app)
    app.after_request(add_headers)
    app.before_request(refuse_nul_characters)
    got_request_exception.connect(release_database, app, weak=False)

    @app.errorhandler(400)
    def bad_request(exc):
        return _error(
            400,
            _("Requête invalide"),
            _(
                "La page envoyée n'a pas pu être lue. Rechargez-la et recommencez : ce qui était déjà "
                "enregistré est conservé."
            ),
        )

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return _error(
            400,
            _("Formulaire expiré"),
            _(
                "La page était ouverte depuis trop longtemps ou a été envoyée deux fois. Rechargez-la "
                "et recommencez : ce qui était déjà enregistré est conservé."
            ),
        )

    @app.errorhandler(403)
    def forbidden(exc):
        return _error(403, _("Accès refusé"), _("Vous n'avez pas accès à cette page."))

    @app.errorhandler(404)
    def not_found(exc):
        return _error(404, _("Page introuvable"), _("Cette page n'existe pas ou plus."))

    @app.errorhandler(405)
    def not_allowed(exc):
        return _error(405, _("Action impossible"), _("Cette adresse ne s'utilise pas ainsi."))

    @app.errorhandler(413)
    def too_large(exc):
        from services.attachments import limit_text

        return _error(
            413,
            _("Fichier trop volumineux"),
            _(
                "Le fichier envoyé dépasse la taille permise (%(max)s). Réduisez-le et recommencez.",
                max=limit_text(),
            ),
        )

    @app.errorhandler(429)
    def too_many(exc):
        return _error(
            429,
            _("Trop de tentatives"),
            _("Trop de tentatives en peu de temps. Patientez quelques minutes avant de réessayer."),
        )

    @app.errorhandler(500)
    def server_error(exc):
        release_database()
        return _error(
            500,
            _("Erreur du serveur"),
            _(
                "Une erreur est survenue de notre côté ; rien de ce qui était enregistré n'est perdu. "
                "Réessayez dans un instant."
            ),
        )


def readable_target(path: str, referrer: str | None = None) -> str:
    """A page of this site that a GET can open, for a link made on the answer to a POST (the
    language switch of a refused form): `path` when GET serves it, else the page the form was
    on (the Referer, when it is one of ours that GET serves), else the nearest parent path that
    GET serves (`/dossiers/1/budget/nouvelle` → `/dossiers/1/budget`), else the home page."""
    from flask import current_app, request
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import RequestRedirect

    adapter = current_app.url_map.bind_to_environ(request.environ)

    def readable(candidate: str) -> bool:
        try:
            adapter.match(urlsplit(candidate).path, method="GET")
        except RequestRedirect:
            return True
        except HTTPException:
            return False
        return True

    path = local_target(path, "/")
    if readable(path):
        return path
    if referrer:
        parts = urlsplit(referrer)
        if parts.netloc == request.host and parts.path:
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local_target(local, "") and readable(local):
                return local
    segments = urlsplit(path).path.rstrip("/").split("/")
    while len(segments) > 1:
        segments.pop()
        parent = "/".join(segments) or "/"
        if readable(parent):
            return parent
    return "/"


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of an absolute URL, the port written out when it is the scheme's
    default; None for a URL without one (relative, `null`) or with a port that is no number."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if not scheme or not host:
        return None
    return scheme, host, port if port is not None else _DEFAULT_PORTS.get(scheme)


def is_own_origin(url: str | None) -> bool:
    """Whether a URL (a Referer) is of this site's own origin: the scheme, host and port the
    request was made to."""
    if not url:
        return False
    own = _origin(request.host_url)
    return own is not None and _origin(url) == own
