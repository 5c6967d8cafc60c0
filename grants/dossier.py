"""The dossier's domain types, as the interchange format and the database both describe it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Person:
    """A named person with their title or contact details."""

    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class Collectivite:
    """The applicant: a commune, an EPCI or a syndicat holding the school competence."""

    kind: str
    name: str
    siret: str
    insee: str
    departement: str = ""
    population: int | None = None
    vat_recovered: bool = True
    representative: Person = field(default_factory=Person)
    contact: Person = field(default_factory=Person)
    # The seat commune's name as the team gave it (not in the interchange format: only the check
    # against the code INSEE reads it; "" when not given).
    seat_commune: str = ""


@dataclass
class School:
    """A school of the dossier with its cycle 2-3 classes and pupils and its inventory."""

    uai: str
    name: str
    kind: str
    sector: str
    classes: int
    pupils: int
    inventory: dict[str, int] = field(default_factory=dict)
    # The school's commune as the team gave it (not in the interchange format: only the
    # directory cross-check reads it; "" when unknown).
    commune: str = ""


@dataclass
class Line:
    """A budget line: one school's (or the whole dossier's, for volet 2) expense."""

    school: str | None
    category: str
    label: str
    quantity: Decimal
    unit_price_ht: Decimal
    vat_rate: Decimal | None = None
    duration_months: int | None = None


@dataclass
class Cofunder:
    """Another funder of the project and its contribution in euros."""

    funder: str
    kind: str
    amount: Decimal
    status: str
    rate: Decimal | None = None
    base: str | None = None


@dataclass
class Project:
    """The pedagogical project's texts."""

    summary: str = ""
    pedagogy: str = ""
    ien: str = ""
    concertation: str = ""

    def length(self) -> int:
        """Characters of all the texts together, as PROJECT-MISSING and PROJECT-SHORT count them."""
        return sum(len(t.strip()) for t in (self.summary, self.pedagogy, self.ien, self.concertation))


@dataclass
class Dossier:
    """A whole candidature: who applies, for which schools, what it costs and who pays."""

    call: str
    collectivite: Collectivite
    schools: list[School] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    cofunding: list[Cofunder] = field(default_factory=list)
    project: Project = field(default_factory=Project)
