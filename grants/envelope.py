"""Which envelope the département's dashboard reads its amounts against: the one configured for
the département (REVIEW_ENVELOPES), else the call's for the département, else the call's
national envelope; each says where it comes from. Pure: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .call import CallDefinition

SETTING = "setting"  # REVIEW_ENVELOPES
CALL_DEPARTEMENT = "call_departement"  # the call's figure for this département
CALL_NATIONAL = "call_national"  # the call's national envelope (no per-département figure)


@dataclass(frozen=True)
class Envelope:
    amount: Decimal
    origin: str  # SETTING, CALL_DEPARTEMENT or CALL_NATIONAL
    source: str  # the setting's name, or the call's source for the figure
    call_title: str = ""

    @property
    def national(self) -> bool:
        return self.origin == CALL_NATIONAL


def envelope_for(
    call: CallDefinition | None, departement: str, configured: dict[str, Decimal]
) -> Envelope | None:
    """The envelope of `departement`, or None when neither the configuration nor the call knows one."""
    code = departement.upper()
    if code in configured:
        return Envelope(configured[code], SETTING, "REVIEW_ENVELOPES")
    if call is None:
        return None
    if code in call.envelope_departements:
        known = call.envelope_departements[code]
        return Envelope(known.value, CALL_DEPARTEMENT, known.source, call.title)
    if call.envelope_national is not None:
        return Envelope(
            call.envelope_national.value, CALL_NATIONAL, call.envelope_national.source, call.title
        )
    return None
