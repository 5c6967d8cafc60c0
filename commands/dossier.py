"""The `flask dossier …` commands of the public contract."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click
from flask.cli import AppGroup

import exports
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


@dossier_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="Fichier .docx à écrire."
)
@click.option("--locale", type=click.Choice(LOCALES), default="fr", show_default=True)
def export_command(file: str, output: str, locale: str = "fr") -> None:
    """Write the Word dossier of a JSON dossier (a draft: the file is outside the application)."""
    dossier = read_dossier_file(file, locale)
    call = get_call(dossier.call)
    assert call is not None  # the loader refused unknown calls
    data = exports.build_dossier_docx(dossier, evaluate(dossier, call), locale)
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        click.echo(f"{output}: {exc.strerror or exc}", err=True)
        sys.exit(2)


@dossier_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--organisation",
    "org_name",
    default=None,
    help="Collectivité (compte) qui recevra le dossier ; créée si besoin (par défaut : celle du dossier).",
)
@click.option("--title", default=None, help="Titre du dossier (par défaut : le nom de la collectivité).")
def import_command(file: str, org_name: str | None, title: str | None) -> None:
    """Store a JSON dossier as a new draft and print its id."""
    from models import db
    from services.dossiers import import_dossier
    from services.organisations import organisation_named

    dossier = read_dossier_file(file, "fr")
    org = organisation_named(org_name or dossier.collectivite.name, dossier)
    rec = import_dossier(org, None, dossier, title or dossier.collectivite.name)
    db.session.commit()
    click.echo(rec.id)


@dossier_cli.command("dump")
@click.argument("dossier_id", type=int)
def dump_command(dossier_id: int) -> None:
    """Print a stored dossier in the interchange format."""
    from grants.loader import dossier_to_data
    from services.convert import to_domain
    from services.dossiers import load

    rec = load(dossier_id)
    if rec is None:
        _fail([f"dossier {dossier_id}: introuvable / not found"])
    click.echo(json.dumps(dossier_to_data(to_domain(rec)), ensure_ascii=False, indent=2))


@dossier_cli.command("refresh")
@click.argument("dossier_ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Tous les dossiers.")
def refresh_command(dossier_ids: tuple[int, ...], every: bool) -> None:
    """After a change made by hand in the database (SQL): evaluate these dossiers again and give
    each a new revision, so that every worker's kept evaluation and panels and the stored ones
    (keyed by the revision) are missed, and drop their stored rows."""
    import sqlalchemy as sa

    from models import DossierRecord, db
    from services import stored
    from services.dossiers import load, refresh

    if every == bool(dossier_ids):
        _fail(["des numéros de dossier ou --all / dossier ids or --all"])
    known = set(db.session.scalars(sa.select(DossierRecord.id)))
    ids = sorted(known) if every else list(dict.fromkeys(dossier_ids))
    missing = [str(dossier_id) for dossier_id in ids if dossier_id not in known]
    if missing:
        _fail([f"dossier {', '.join(missing)}: introuvable / not found"])
    for dossier_id in ids:
        rec = load(dossier_id, for_update=True)
        last_editor = rec.updated_by_id
        refresh(rec, None)  # a new revision: its figures, the list's, and a new key everywhere
        rec.updated_by_id = last_editor  # a hand edit is nobody's: the last editor stays
        stored.forget({dossier_id})
        db.session.commit()
        click.echo(f"{dossier_id}: revision {rec.revision}")


demo_cli = AppGroup("demo", help="Données de démonstration.")

DEMO_FILE = Path(__file__).resolve().parent.parent / "tests" / "examples" / "ville-14-ecoles.json"
DEMO_EMAIL, DEMO_PASSWORD = "demo@ville.example.fr", "demo-ecole-numerique"


@demo_cli.command("load")
def demo_load() -> None:
    """A realistic collectivité, its team account and its dossier (idempotent)."""
    from models import db
    from services import accounts
    from services.dossiers import import_dossier
    from services.organisations import organisation_named

    user = accounts.find_user(DEMO_EMAIL) or accounts.create_user(DEMO_EMAIL, "Karim Benali", DEMO_PASSWORD)
    dossier = read_dossier_file(str(DEMO_FILE), "fr")
    org = organisation_named(dossier.collectivite.name, dossier, member=user)
    if not org_has_dossiers(org.id):
        import_dossier(org, user, dossier, "Socle numérique 2021 — écoles de la ville")
    db.session.commit()
    click.echo(f"Démo : connectez-vous avec {DEMO_EMAIL} / {DEMO_PASSWORD}")


def org_has_dossiers(org_id: int) -> bool:
    from models import DossierRecord, db

    return (
        db.session.scalar(db.select(DossierRecord.id).where(DossierRecord.organisation_id == org_id).limit(1))
        is not None
    )


user_cli = AppGroup("user", help="Comptes : administrateurs et inspecteurs.")


@user_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrateur")
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account."""
    from models import db
    from services import accounts

    if accounts.find_user(email):
        _fail([f"{email}: un compte existe déjà / already exists"])
    from services import admin_log

    user = accounts.create_user(email, name, password)
    user.is_admin = True
    admin_log.record(None, "admin_created", user)
    db.session.commit()
    click.echo(user.id)


@user_cli.command("reset-2fa")
@click.argument("email")
def reset_second_factor(email: str) -> None:
    """Forget an account's authenticator and recovery codes (a lost phone): its sessions end, and
    the next sign-in enrols a new one. For an administrator who cannot sign in any more."""
    from models import db
    from services import accounts, admin_log, twofactor

    user = accounts.find_user(email)
    if user is None:
        _fail([f"{email}: aucun compte / no such account"])
    twofactor.reset(user)
    admin_log.record(None, "second_factor_reset", user)
    db.session.commit()
    click.echo(f"{user.email}: double authentification réinitialisée / two-factor authentication reset")


@user_cli.command("create-inspector")
@click.argument("email")
@click.option("--name", required=True, help="Prénom et nom.")
@click.option(
    "--level",
    type=click.Choice(["ien", "dasen", "dan"]),
    required=True,
    help="ien : circonscription ; dasen : département ; dan : académie (dasen et dan décident).",
)
@click.option(
    "--departement",
    "departements",
    multiple=True,
    required=True,
    help="Un département couvert (répéter l'option : --departement 92 --departement 93).",
)
@click.option(
    "--circonscription",
    "circonscriptions",
    multiple=True,
    help="Une circonscription de l'IEN, telle que l'annuaire la nomme (répéter l'option).",
)
@click.password_option()
def create_inspector_command(
    email: str,
    name: str,
    level: str,
    departements: tuple[str, ...],
    password: str,
    circonscriptions: tuple[str, ...] = (),
) -> None:
    """Create an inspector's account with the départements they cover."""
    import re

    from forms.review import DEPARTEMENT_RE
    from models import db
    from services import accounts
    from services.inspectors import create_inspector

    codes = [d.strip().upper() for d in departements]
    wrong = [d for d in codes if not re.match(DEPARTEMENT_RE, d)]
    if wrong:
        _fail([f"--departement: {', '.join(wrong)} (01-95, 2A, 2B, 971-978)"])
    if accounts.find_user(email):
        _fail([f"{email}: un compte existe déjà / already exists"])
    from services import admin_log

    user = create_inspector(email, name, level, codes, password)
    if circonscriptions:
        from services.inspectors import set_circonscriptions

        set_circonscriptions(user, [(codes[0], c) for c in circonscriptions])
    admin_log.record(None, "inspector_created", user, f"{level.upper()} {', '.join(user.departements)}")
    db.session.commit()
    click.echo(user.id)


@dossier_cli.command("recount")
def recount_command() -> None:
    """Store again the list figures (blocking points, step statuses) of every dossier that can
    still be deposited: once after an upgrade that changes what they hold (issue 15: the call's
    window is no longer stored in them, the lists add it as they read them)."""
    from models import db
    from services.sessions import recount

    total = sum(recount(call_id) for call_id in known_calls())
    db.session.commit()
    click.echo(f"{total} dossier(s) recounted")
