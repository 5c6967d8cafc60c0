"""`flask dossier export FILE -o OUT.docx`: the Word dossier of a JSON dossier."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grants.call import get_call
from grants.evaluation import evaluate
from grants.i18n import LOCALES

from .docx_dossier import build_dossier_docx


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Fichier .docx à écrire.")
@click.option("--locale", type=click.Choice(LOCALES), default="fr", show_default=True)
def export_command(file: str, output: str, locale: str = "fr") -> None:
    """Write the Word dossier of a JSON dossier (a draft: the file is outside the application)."""
    # web.cli registers this command: importing it at call time avoids a circular import.
    from web.cli import read_dossier_file

    dossier = read_dossier_file(file, locale)
    call = get_call(dossier.call)
    assert call is not None  # the loader refused unknown calls
    data = build_dossier_docx(dossier, evaluate(dossier, call), locale)
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        click.echo(f"{output}: {exc.strerror or exc}", err=True)
        sys.exit(2)
