"""Choice lists shared by the forms, translated when rendered."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from grants.labels import (
    APPLICANT_LABELS,
    CATEGORY_LABELS,
    COFUNDING_BASE_LABELS,
    COFUNDING_KIND_LABELS,
    COFUNDING_STATUS_LABELS,
    SCHOOL_KIND_LABELS,
    SECTOR_LABELS,
)


def lazy_choices(labels: dict) -> list[tuple[str, object]]:
    """(code, lazily translated label) pairs."""
    return [(code, _l(label)) for code, label in labels.items()]


APPLICANT_CHOICES = lazy_choices(APPLICANT_LABELS)
SCHOOL_KIND_CHOICES = lazy_choices(SCHOOL_KIND_LABELS)
SECTOR_CHOICES = lazy_choices(SECTOR_LABELS)
CATEGORY_CHOICES = lazy_choices(CATEGORY_LABELS)
COFUNDING_KIND_CHOICES = lazy_choices(COFUNDING_KIND_LABELS)
COFUNDING_STATUS_CHOICES = lazy_choices(COFUNDING_STATUS_LABELS)
COFUNDING_BASE_CHOICES = lazy_choices(COFUNDING_BASE_LABELS)
