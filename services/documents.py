"""The documents of a dossier (the candidature, the verification report) as the team's pages
see it: the evaluation of the recap (`evaluated_now`), the application's facts (`export_meta`)."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from models import DossierRecord

from .attachments import with_attachments
from .dossiers import evaluated_now
from .filing import export_meta


def candidature_documents(rec: DossierRecord, build: Callable, locale: str) -> bytes:
    """`build(dossier, evaluation, locale, meta)` of the stored dossier, with the recap's findings
    (the call's window checked now, the pieces checked against the call's), and the directory's licence when a school came from it."""
    result = with_attachments(evaluated_now(rec))  # the pieces missing, the warnings they answer
    sources = (
        (_("Source : ministère de l'Éducation nationale, Annuaire de l'éducation, Licence Ouverte"),)
        if any(s.source_note for s in rec.schools)
        else ()
    )
    return build(result.dossier, result.evaluation, locale, export_meta(rec, sources))
