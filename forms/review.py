"""The inspectors' forms: a comment, a reason, an avis, a decision, an inspector's account."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, ValidationError

from forms.fields import max_length
from grants.workflow import AVIS_LABELS
from models.accounts import INSPECTOR_LEVELS
from services.review import BODY_MAX

from .accounts import EMAIL
from .fields import DecimalTextField, TextForm

TEXT_LENGTH = max_length(BODY_MAX)
LEVEL_CHOICES = [
    ("ien", _l("IEN (circonscription)")),
    ("dasen", _l("IA-DASEN (département)")),
    ("dan", _l("DAN (académie)")),
]
assert [c for c, _ in LEVEL_CHOICES] == list(INSPECTOR_LEVELS)
DEPARTEMENT_RE = r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9])$"


class CommentForm(TextForm):
    """A new thread at an anchor, or an answer in a thread."""

    kind = HiddenField()
    ref = HiddenField()
    body = TextAreaField(
        _l("Commentaire"),
        validators=[DataRequired(_l("Écrivez votre commentaire.")), TEXT_LENGTH],
        description=_l(
            "Texte simple, %(max)d caractères au plus. L'équipe le voit à cet endroit du dossier.",
            max=BODY_MAX,
        ),
    )


class ReasonForm(TextForm):
    """The reasons of a request for correction."""

    reason = TextAreaField(
        _l("Ce que l'équipe doit corriger"),
        id="correction-reason",
        validators=[DataRequired(_l("Indiquez ce qui doit être corrigé.")), TEXT_LENGTH],
        description=_l("Le dossier revient à l'équipe, modifiable, jusqu'à un nouveau dépôt."),
    )


class AvisForm(TextForm):
    """An avis and its motivation."""

    value = RadioField(
        _l("Avis"),
        id="avis-value",
        choices=[(k, _l(v)) for k, v in AVIS_LABELS.items()],
        validate_choice=False,
        validators=[
            AnyOf(
                list(AVIS_LABELS),
                message=_l("Choisissez un avis : favorable, favorable avec réserves ou défavorable."),
            )
        ],
    )
    motivation = TextAreaField(
        _l("Motivation"),
        id="avis-motivation",
        validators=[DataRequired(_l("Motivez l'avis.")), TEXT_LENGTH],
        description=_l("Les raisons de l'avis ; l'équipe les lit."),
    )


class DecisionForm(TextForm):
    """A decision and its motivation."""

    action = SelectField(
        _l("Décision"),
        id="decision-action",
        choices=[("accept", _l("Accepter")), ("refuse", _l("Refuser")), ("close", _l("Classer sans suite"))],
        validate_choice=False,
        validators=[
            AnyOf(
                ("accept", "refuse", "close"),
                message=_l("Choisissez une décision : accepter, refuser ou classer sans suite."),
            )
        ],
    )
    reason = TextAreaField(
        _l("Motivation de la décision"),
        id="decision-reason",
        validators=[DataRequired(_l("Motivez la décision.")), TEXT_LENGTH],
    )
    granted = DecimalTextField(
        _l("Montant accordé (€)"),
        id="decision-granted",
        description=_l(
            "Pour une acceptation : la subvention accordée, qui peut être inférieure à la subvention demandée."
        ),
    )
    convention = StringField(
        _l("Numéro de convention"),
        id="decision-convention",
        validators=[max_length(60)],
        description=_l("Pour une acceptation : le numéro de la convention attributive."),
    )
    override = TextAreaField(
        _l("Décider sans avis sur le dépôt actuel : pourquoi"),
        id="decision-override",
        validators=[TEXT_LENGTH],
        description=_l(
            "Seulement si aucun avis n'a été donné sur le dépôt actuel : la raison de décider sans lui."
        ),
    )


class AssignForm(TextForm):
    """Who has the dossier (an inspector of its département, or nobody)."""

    assignee = SelectField(_l("Attribuer à"), id="assign-assignee", choices=[], validate_choice=True)


class ViewForm(TextForm):
    """A name for the inbox's current filters."""

    name = StringField(
        _l("Nom de la vue"),
        id="view-name",
        validators=[
            DataRequired(_l("Nom de la vue : donnez-lui un nom, par exemple « Mes dossiers déposés »")),
            max_length(80),
        ],
    )
    query = HiddenField()


def departements_filter(value: str | None) -> list[str]:
    """« 92, 93 » or « 92 93 » as a list of codes."""
    return [code.strip().upper() for code in (value or "").replace(",", " ").split() if code.strip()]


class ScopeForm(TextForm):
    """An inspector's level and départements."""

    level = SelectField(
        _l("Niveau"),
        choices=LEVEL_CHOICES,
        validate_choice=False,
        validators=[AnyOf(INSPECTOR_LEVELS, message=_l("Choisissez un niveau : IEN, IA-DASEN ou DAN."))],
        description=_l("Seuls les niveaux IA-DASEN et DAN prennent les décisions."),
    )
    departements = StringField(
        _l("Départements couverts"),
        validators=[DataRequired(_l("Indiquez au moins un département.")), max_length(200)],
        description=_l("Codes séparés par des espaces ou des virgules : 92 93 94."),
    )

    def validate_departements(self, field) -> None:
        """Every code is a département's."""
        codes = departements_filter(field.data)
        wrong = [c for c in codes if not re.match(DEPARTEMENT_RE, c)]
        if wrong:
            raise ValidationError(
                _l(
                    "Codes de département inconnus : %(codes)s (01 à 95, 2A, 2B, 971 à 978).",
                    codes=", ".join(wrong),
                )
            )
        if len(codes) > 30:
            raise ValidationError(_l("30 départements au plus."))

    circonscriptions = TextAreaField(
        _l("Circonscriptions (IEN)"),
        validators=[max_length(4000)],
        description=_l(
            "Une par ligne, telle que l'annuaire de l'éducation la nomme ; précédée du département "
            "quand il y en a plusieurs (« 71 MACON NORD »). Les dossiers de leurs écoles sont "
            "attribués à cet inspecteur."
        ),
    )

    def validate_circonscriptions(self, field) -> None:
        CirconscriptionsMixin.validate_circonscriptions(self, field)


def circonscriptions_filter(value: str | None, departements: list[str]) -> list[tuple[str, str]]:
    """One circonscription a line: « 71 MACON NORD », or the name alone when the inspector
    covers one département."""
    pairs = []
    for line in (value or "").splitlines():
        words = line.split()
        if not words:
            continue
        if re.match(DEPARTEMENT_RE, words[0].upper()) and len(words) > 1:
            pairs.append((words[0].upper(), " ".join(words[1:])))
        else:
            pairs.append((departements[0] if len(departements) == 1 else "", " ".join(words)))
    return pairs


class CirconscriptionsMixin:
    def validate_circonscriptions(self, field) -> None:
        """Each line names a département the inspector covers, unless they cover only one."""
        codes = departements_filter(self.departements.data)
        pairs = circonscriptions_filter(field.data, codes)
        wrong = [name for d, name in pairs if d not in codes]
        if wrong:
            raise ValidationError(
                _l(
                    "Circonscriptions : précédez chaque nom du code d'un département couvert "
                    "(par exemple « 71 MACON NORD ») : %(names)s.",
                    names=", ".join(wrong),
                )
            )
        if len(pairs) > 50 or any(len(name) > 200 for _d, name in pairs):
            raise ValidationError(_l("Circonscriptions : 50 au plus, de 200 caractères au plus."))


class InspectorForm(ScopeForm):
    """A new inspector's account."""

    email = EmailField(_l("Courriel"), validators=EMAIL)
    name = StringField(
        _l("Prénom et nom"), validators=[DataRequired(_l("Indiquez le nom.")), max_length(200)]
    )
