"""The application factory: configuration, extensions, blueprints and commands. Wiring only."""

from __future__ import annotations

import gc
from pathlib import Path

# Importing Flask allocates without freeing, as create_app does (below): the collector's passes
# over it find nothing to free (issue 18). Collection resumes as soon as Flask is imported.
_collecting = gc.isenabled()
gc.disable()
try:
    from flask import Flask
finally:
    if _collecting:
        gc.enable()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application (SQLite in `instance/` unless DATABASE_URL says otherwise)."""
    # Start-up allocates without freeing (modules, mappers, routes): the collector's passes
    # over it would cost a tenth of the start-up and find almost nothing (issue 18).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(test_config)
    finally:
        # What start-up built lives as long as the process: keep it out of later full
        # collections (and, with gunicorn --preload, shared copy-on-write by the workers).
        gc.freeze()
        if collecting:
            gc.enable()


def _build(test_config: dict | None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    from web import config
    from web.routing import LazyBuilderRule

    app.url_rule_class = LazyBuilderRule

    app.config.update(config.load(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)
    config.finish(app.config)

    from web import i18n, logs, migrations, security
    from web.extensions import babel, csrf, db, login_manager

    logs.init_app(app)
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

    from web import (
        admin,
        attachments,
        auth,
        directory,
        downloads,
        home,
        legal,
        members,
        review,
        sheets,
        templating,
        wizard,
    )

    templating.init_app(app)
    for blueprint in (
        auth.bp,
        home.bp,
        wizard.bp,
        downloads.bp,
        attachments.bp,
        directory.bp,
        *review.blueprints,
        admin.bp,
        members.bp,
        sheets.bp,
        legal.bp,
    ):
        app.register_blueprint(blueprint)

    import commands

    commands.register(app)
    return app
