"""The `flask dossier …` commands of the public contract."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from grants.call import get_call, known_calls
from grants.evaluation import evaluate, evaluation_to_data
from grants.i18n import LOCALES
from grants.loader import Dossier, DossierError, dossier_from_json

dossier_cli = AppGroup("dossier", help="Évaluer, exporter, importer un dossier au format JSON.")


def read_dossier_file(path: str, locale: str) -> Dossier:
    """The dossier of a JSON file; exits with code 2 and every problem on stderr otherwise."""
    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        _fail([f"{path}: {exc.strerror or exc}"])
    try:
        return dossier_from_json(text, tuple(known_calls()))
    except DossierError as exc:
        _fail(exc.render(locale))


def _fail(messages: list[str]) -> None:
    for message in messages:
        click.echo(message, err=True)
    sys.exit(2)


def _parse_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        _fail([f"--at: ISO 8601 expected (2021-03-31T18:00:00), got {value!r}"])
    return None


@dossier_cli.command("evaluate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--at", "at", default=None, help="Instant ISO 8601 (heure de Paris si sans fuseau).")
@click.option("--locale", type=click.Choice(LOCALES), default="fr", show_default=True)
def evaluate_command(file: str, at: str | None, locale: str) -> None:
    """Print the evaluation of a JSON dossier."""
    instant = _parse_at(at)
    dossier = read_dossier_file(file, locale)
    call = get_call(dossier.call)
    assert call is not None  # the loader refused unknown calls
    data = evaluation_to_data(evaluate(dossier, call, instant), locale)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
