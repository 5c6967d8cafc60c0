"""Flask-Migrate, loaded when a migration runs rather than when the application starts.

Importing flask_migrate imports Alembic (about a third of the start-up time), which serving
pages never needs. `init_app` puts a stand-in where Flask-Migrate keeps its state; the first
use (`flask db …`, or `flask_migrate.upgrade()` in tests and scripts) replaces it with the
real extension.
"""

from __future__ import annotations

import click
from flask import Flask, g
from flask.cli import ScriptInfo, with_appcontext


class _Deferred:
    """Stands for Flask-Migrate's state until something reads it."""

    def __init__(self, app: Flask, db, directory: str):
        self._app, self._db, self._directory = app, db, directory

    def __getattr__(self, name: str):
        return getattr(load(self._app, self._db, self._directory), name)


def load(app: Flask, db, directory: str):
    """The real Flask-Migrate state of the application (imports Alembic once)."""
    from flask_migrate import Migrate

    state = app.extensions.get("migrate")
    if isinstance(state, _Deferred) or state is None:
        Migrate(app, db, directory=directory)
    return app.extensions["migrate"]


class _DbGroup(click.Group):
    """`flask db …`: Flask-Migrate's own subcommands, imported when the group is invoked."""

    def _real(self, ctx: click.Context) -> click.Group:
        from flask_migrate.cli import db as real

        app = ctx.ensure_object(ScriptInfo).load_app()
        app.extensions["migrate"].directory  # noqa: B018 - loads the real state
        return real

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real(ctx).list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str):
        return self._real(ctx).get_command(ctx, name)


@click.group(cls=_DbGroup, name="db")
@click.option("-d", "--directory", default=None, help='Migration script directory (default is "migrations")')
@click.option("-x", "--x-arg", multiple=True, help="Additional arguments consumed by custom env.py scripts")
@with_appcontext
def db_command(directory, x_arg):
    """Perform database migrations."""
    g.directory = directory  # read by Flask-Migrate's get_config, as its own group does
    g.x_arg = x_arg


def init_app(app: Flask, db, directory: str) -> None:
    """Register the stand-in and the `db` command group."""
    app.extensions["migrate"] = _Deferred(app, db, directory)
    app.cli.add_command(db_command)


__all__ = ["init_app", "load"]
