"""The application factory: configuration, extensions, blueprints and commands. Wiring only."""

from __future__ import annotations

import gc
from pathlib import Path

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application (SQLite in `instance/` unless DATABASE_URL says otherwise)."""
    app = Flask(__name__, instance_relative_config=True)
    from web import config

    app.config.update(config.load(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)

    from web import i18n, migrations, security
    from web.extensions import babel, csrf, db, login_manager

    db.init_app(app)
    migrations.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app, babel)
    security.init_app(app)

    from services import immutable, notify

    # Guards and listeners of the whole application, whichever blueprints are registered.
    immutable.protect()
    from web import unit

    unit.install()
    notify.install()

    from web import admin, auth, directory, downloads, home, review, sheets, templating, wizard

    templating.init_app(app)
    for blueprint in (
        auth.bp,
        home.bp,
        wizard.bp,
        downloads.bp,
        directory.bp,
        *review.blueprints,
        admin.bp,
        sheets.bp,
    ):
        app.register_blueprint(blueprint)

    import commands

    commands.register(app)
    # What start-up built lives as long as the process: keep it out of later full collections
    # (and, with gunicorn --preload, shared copy-on-write by the workers).
    gc.freeze()
    return app
