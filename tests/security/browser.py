"""Acting like a browser against the application with CSRF protection on: read the form's token,
send it back; count the rows of every table to show that a refused request wrote nothing."""

from __future__ import annotations

import re

import sqlalchemy as sa

from models import db

_INPUT = re.compile(r"<input[^>]*\bname=\"csrf_token\"[^>]*>")
_VALUE = re.compile(r"\bvalue=\"([^\"]+)\"")


def csrf_token(html: str) -> str:
    """The CSRF token of the first form of a page."""
    field = _INPUT.search(html)
    assert field, "no csrf_token field in the page"
    value = _VALUE.search(field.group(0))
    assert value, field.group(0)
    return value.group(1)


def submit(client, page: str, data: dict, action: str | None = None, **kw):
    """Open `page`, then post `data` with the page's token to `action` (the page by default)."""
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(action or page, data={**data, "csrf_token": token}, **kw)


def sign_in(client, email: str, password: str):
    """Sign in through the form, as a person would."""
    return submit(client, "/connexion", {"email": email, "password": password})


# What a page stores by reading, not by being told: the evaluation and funding panel of the
# saved revision (services.stored), written by any GET or refused POST that renders them.
DERIVED_TABLES = {"stored_panels"}


def row_counts(app) -> dict[str, int]:
    """The number of rows of every table that holds what people wrote (not the derived caches)."""
    with app.app_context(), db.engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in db.metadata.sorted_tables
            if t.name not in DERIVED_TABLES
        }
