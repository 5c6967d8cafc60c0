"""Step 6: the pedagogical project."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField

from forms.fields import max_length

from .fields import TextForm

LIMIT = 20000
# The summary is « a few lines » (the Word document's first page quotes it whole).
SUMMARY_LIMIT = 3000


class ProjectForm(TextForm):
    version = HiddenField()
    summary = TextAreaField(
        _l("Résumé du projet"),
        validators=[max_length(SUMMARY_LIMIT)],
        description=_l("En quelques lignes : quelles écoles, quel équipement, pour quoi faire."),
    )
    pedagogy = TextAreaField(
        _l("Usages pédagogiques prévus"),
        validators=[max_length(LIMIT)],
        description=_l("Les usages construits avec les équipes enseignantes."),
    )
    ien = TextAreaField(
        _l("Inspecteur de l'Éducation nationale consulté"),
        validators=[max_length(LIMIT)],
        description=_l("La circonscription et l'IEN associés au projet."),
    )
    concertation = TextAreaField(
        _l("Concertation"),
        validators=[max_length(LIMIT)],
        description=_l("Comment le projet a été co-construit (conseils des maîtres, réunions)."),
    )
