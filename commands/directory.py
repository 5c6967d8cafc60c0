"""The `flask directory …` commands: load the ministry's school directory files."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup

from directory.datasets import DATASETS

if TYPE_CHECKING:  # the files' readers load with the command that reads them (issue 18)
    from directory.records import ParsedFile

directory_cli = AppGroup("directory", help="Annuaire des écoles (data.education.gouv.fr).")
TITLES = {d.code: d.title for d in DATASETS}


def _describe(parsed: ParsedFile) -> list[str]:
    what = "école(s)" if parsed.dataset == "annuaire" else "ligne(s) école × rentrée"
    lines = [
        f"{parsed.name} : {TITLES[parsed.dataset]}, {len(parsed.rows)} {what} lue(s), "
        f"{parsed.skipped} établissement(s) qui ne sont pas des écoles ignoré(s), "
        f"{parsed.rejected} ligne(s) illisible(s)"
    ]
    lines += [f"  {error.render()}" for error in parsed.errors]
    if parsed.rejected > len(parsed.errors):
        lines.append(f"  … et {parsed.rejected - len(parsed.errors)} autre(s) ligne(s) illisible(s)")
    return lines


@directory_cli.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def load_command(files: tuple[str, ...]) -> None:
    """Load the annuaire de l'éducation and effectifs files as downloaded, replacing the data of
    each dataset given, in one transaction; nothing changes when a file is refused."""
    from directory.parse import read_file
    from directory.records import FileRefused
    from models import db
    from services.directory import load_directory

    parsed, refused = [], []
    for name in files:
        try:
            parsed.append(read_file(name))
        except FileRefused as exc:
            refused.append(exc.render())
    if refused:
        for message in refused + ["Rien n'a été chargé."]:
            click.echo(message, err=True)
        sys.exit(2)
    report = load_directory(parsed)
    db.session.commit()
    for item in parsed:
        click.echo("\n".join(_describe(item)))
    if report.establishments is not None:
        click.echo(f"Annuaire : {report.establishments} école(s).")
    if report.headcounts is not None:
        click.echo(f"Effectifs : {report.headcounts} ligne(s) école × rentrée.")
    if report.duplicates:
        click.echo(f"{report.duplicates} ligne(s) en double entre les fichiers : la plus récente est gardée.")


@directory_cli.command("communes")
@click.argument("file", type=click.Path(dir_okay=False))
def communes_command(file: str) -> None:
    """Load INSEE's Code officiel géographique, list of communes (v_commune_AAAA.csv as
    downloaded from insee.fr), replacing the previous list; nothing changes when it is refused."""
    from directory.communes import read_communes
    from directory.records import FileRefused
    from models import db
    from services.communes import load_communes

    try:
        parsed = read_communes(file)
    except FileRefused as exc:
        click.echo(exc.render(), err=True)
        click.echo("Rien n'a été chargé.", err=True)
        sys.exit(2)
    if not parsed.rows:
        click.echo(f"{parsed.name} : aucune commune lisible. Rien n'a été chargé.", err=True)
        sys.exit(2)
    count = load_communes(parsed)
    db.session.commit()
    click.echo(
        f"{parsed.name} : Code officiel géographique, {count} code(s) de commune chargé(s), "
        f"{parsed.rejected} ligne(s) illisible(s)"
    )
    click.echo("\n".join(f"  {error.render()}" for error in parsed.errors))
