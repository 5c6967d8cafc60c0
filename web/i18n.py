"""Language of each request and the catalogues of every area, read from their .po files."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, request, session
from flask_babel import Domain, get_translations
from flask_login import current_user

from grants.i18n import LOCALES, translations

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIRS = (ROOT / "grants" / "translations", ROOT / "exports" / "translations", ROOT / "translations")


class PoDomain(Domain):
    """Every area's catalogue merged; French (the source language) needs none."""

    def get_translations(self):
        from flask_babel import get_locale

        current = get_locale()
        cached = g.get("_po_translations")
        # The same Babel locale object as the last call (every message of a page): its catalogue.
        if cached is None or cached[0] is not current:
            cached = g._po_translations = (current, translations(str(current or "fr"), CATALOG_DIRS))
        return cached[1]


def select_locale() -> str:
    """The language chosen on the page, else the account's, else the browser's, else French."""
    chosen = session.get("lang")
    if chosen in LOCALES:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    return request.accept_languages.best_match(LOCALES) or "fr"


def request_translations():
    """The request's catalogue, as Flask-Babel's `get_translations()` finds it, in one look-up
    once found (a page of 80 schools asks for it some 300 times): kept beside Flask-Babel's own
    locale in `g`, for as long as that locale is the same object (`force_locale` replaces it)."""
    try:
        ctx = g._flask_babel
    except (AttributeError, RuntimeError):  # before Flask-Babel's first look-up, or no context
        return get_translations()
    kept = getattr(ctx, "po_translations", None)
    if kept is not None and kept[0] is getattr(ctx, "babel_locale", None):
        return kept[1]
    found = get_translations()
    ctx.po_translations = (getattr(ctx, "babel_locale", None), found)
    return found


def init_app(app: Flask, babel) -> None:
    babel.init_app(app, locale_selector=select_locale, default_domain="messages")
    babel.domain_instance = PoDomain()
    # The templates' `_()`, Flask-Babel's own callables but for the catalogue's look-up.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
