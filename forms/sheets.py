"""Spreadsheets and JSON dossiers sent by the team."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import Optional

from forms.fields import max_length


class SheetUploadForm(FlaskForm):
    file = FileField(
        _l("Fichier CSV ou Excel (.xlsx)"),
        validators=[FileRequired(_l("Choisissez un fichier."))],
        description=_l(
            "5 Mo et 10 000 lignes au plus. Rien n'est enregistré avant votre confirmation, après l'aperçu."
        ),
    )


class ConfirmImportForm(FlaskForm):
    token = HiddenField()


class DossierUploadForm(FlaskForm):
    file = FileField(
        _l("Fichier JSON du dossier"),
        validators=[FileRequired(_l("Choisissez un fichier."))],
        description=_l(
            "Un dossier au format « dossier-snee/1 », par exemple téléchargé depuis "
            "le récapitulatif d'un dossier ; 5 Mo au plus."
        ),
    )
    title = StringField(
        _l("Titre du nouveau dossier"),
        validators=[Optional(), max_length(200)],
        description=_l("Vide : le nom de la collectivité indiqué dans le fichier."),
    )
    practice = BooleanField(
        _l("Dossier d'entraînement"),
        description=_l("Pour essayer l'outil : il est marqué comme tel partout."),
    )
