"""Absolute links for e-mails, built from the one configured address (APP_URL), never from the
request: a forged Host header cannot put another site's address in a reset link."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The absolute address of a page, at APP_URL (works in a request, a command or a worker)."""
    base = urlsplit(current_app.config["APP_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
