"""The application factory: configuration, extensions, blueprints and commands. Wiring only."""

from __future__ import annotations

from flask import Flask

from web.cli import dossier_cli


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application (SQLite in `instance/` unless DATABASE_URL says otherwise)."""
    app = Flask(__name__, instance_relative_config=True)
    if test_config:
        app.config.update(test_config)
    app.cli.add_command(dossier_cli)
    return app
