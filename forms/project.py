"""Step 6: the pedagogical project."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from .fields import TextForm

LIMIT = 20000


class ProjectForm(TextForm):
    version = HiddenField()
    summary = TextAreaField(
        _l("Résumé du projet"),
        validators=[Length(max=LIMIT)],
        description=_l("En quelques lignes : quelles écoles, quel équipement, pour quoi faire."),
    )
    pedagogy = TextAreaField(
        _l("Usages pédagogiques prévus"),
        validators=[Length(max=LIMIT)],
        description=_l("Les usages construits avec les équipes enseignantes."),
    )
    ien = TextAreaField(
        _l("Inspecteur de l'Éducation nationale consulté"),
        validators=[Length(max=LIMIT)],
        description=_l("La circonscription et l'IEN associés au projet."),
    )
    concertation = TextAreaField(
        _l("Concertation"),
        validators=[Length(max=LIMIT)],
        description=_l("Comment le projet a été co-construit (conseils des maîtres, réunions)."),
    )
