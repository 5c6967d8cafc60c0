"""`flask privacy purge`: remove what has outlived its retention period (RETENTION_LOG_DAYS) and
list the dossiers past RETENTION_DOSSIER_YEARS for the archivist."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from models import db
from models.base import utcnow
from services import privacy

privacy_cli = AppGroup("privacy", help="Données personnelles : durées de conservation.")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Delete sign-in attempts and notifications older than RETENTION_LOG_DAYS."""
    now = utcnow()
    removed = privacy.purge(now, current_app.config["RETENTION_LOG_DAYS"])
    db.session.commit()
    click.echo(
        f"login attempts removed: {removed['login_attempts']}, notifications removed: {removed['notifications']}"
    )
    years = current_app.config["RETENTION_DOSSIER_YEARS"]
    old = privacy.dossiers_past_retention(now, years)
    click.echo(f"dossiers unchanged for more than {years} years (to offer to the archives): {len(old)}")
    for reference in old:
        click.echo(f"  {reference}")
