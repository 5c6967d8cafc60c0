"""`flask backup create FILE` and `flask backup restore FILE`: the whole database, SQLite or
PostgreSQL (see SECURITY.md for the routine and where to keep the copies)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

backup_cli = AppGroup("backup", help="Sauvegarder et restaurer la base de données.")


def _url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(2)


@backup_cli.command("create")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def create_command(out: Path) -> None:
    """Write a backup of the database to OUT (SQLite: a database file; PostgreSQL: pg_dump's
    format) and the attachments' files to OUT.pieces/ beside it."""
    from services.attachments import folder, referenced_digests
    from services.backup import BackupError, create, pieces_folder, save_pieces

    try:
        create(_url(), out)
        copied, missing = save_pieces(folder(), referenced_digests(), out)
    except (BackupError, OSError) as exc:
        _fail(f"backup: {exc}")
    click.echo(f"{out} ({out.stat().st_size} octets / bytes)")
    click.echo(f"{pieces_folder(out)} : {copied} pièce(s) jointe(s) / attachment(s)")
    if missing:
        _fail(
            f"backup: {len(missing)} pièce(s) absente(s) du stockage / missing from the store: {', '.join(missing)}"
        )


@backup_cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def restore_command(file: Path, yes: bool) -> None:
    """Replace the whole content of the database by the backup FILE."""
    from models import db
    from services.backup import BackupError, kind_of, restore

    try:
        kind_of(file)
    except BackupError as exc:
        _fail(f"restore: {exc}")
    if not yes:
        click.confirm(
            "Tout le contenu actuel de la base sera remplacé par la sauvegarde. Continuer ?", abort=True
        )
    from services.attachments import folder, referenced_digests
    from services.backup import restore_pieces

    try:
        restore(_url(), file, db.engine)
        placed, missing = restore_pieces(file, folder(), referenced_digests())
    except (BackupError, OSError) as exc:
        _fail(f"restore: {exc}")
    click.echo(f"{file}: restauré / restored ({placed} pièce(s) jointe(s) / attachment(s))")
    if missing:
        _fail(f"restore: {len(missing)} pièce(s) introuvable(s) / not found: {', '.join(missing)}")
