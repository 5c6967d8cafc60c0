"""What the application knows about a dossier beyond its content: reference, state, sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from grants.workflow import STATE_LABELS as WORKFLOW_STATES

PARIS = ZoneInfo("Europe/Paris")
DRAFT = "brouillon"

# The states of the dossier's life (grants.workflow: brouillon, depose, …), named as users
# know them from the State's platform (snee-2021.md §6).
STATE_LABELS = dict(WORKFLOW_STATES)


def _now() -> datetime:
    return datetime.now(PARIS)


@dataclass(frozen=True)
class Attachment:
    """A piece attached to the dossier, as the annex list names it."""

    kind: str
    filename: str
    pages: int | None = None
    sha256: str = ""


@dataclass(frozen=True)
class ExportMeta:
    """The dossier's reference and state in the application, when the document was made, where
    and when it is signed (the seat commune; the date left blank when None), the deliberation,
    what only the application stores of the collectivité, its attachments and the attributions
    of the data used."""

    reference: str | None = None
    state: str | None = None
    generated_at: datetime = field(default_factory=_now)
    place: str | None = None
    sources: tuple[str, ...] | list[str] = ()
    # A practice dossier: its state reads « Accepté (entraînement) », never « Accepté » alone
    practice: bool = False
    signed_on: date | None = None
    deliberation_number: str = ""
    deliberation_date: date | None = None
    address: str = ""
    academie: str = ""
    school_communes: dict[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()

    @property
    def is_draft(self) -> bool:
        """A draft, or a file outside the application (no state)."""
        return self.state is None or self.state.strip().lower() == DRAFT
