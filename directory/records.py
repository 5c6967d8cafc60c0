"""What the directory files say, once read: establishments, headcounts, and what went wrong."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Establishment:
    """A school of the annuaire de l'éducation, in the call's vocabulary."""

    uai: str
    name: str
    kind: str  # elementaire, primaire, maternelle
    sector: str  # public, prive_sous_contrat, prive_hors_contrat
    contract: str  # the private contract as the annuaire words it (spelling fixed), "" if public
    nature: str
    commune_code: str
    commune: str
    postcode: str
    departement: str
    circonscription: str
    siret: str
    updated: str = ""  # date_maj_ligne, ISO: the newest row wins when files overlap


@dataclass(frozen=True, slots=True)
class Headcount:
    """One school at one rentrée: its classes and its pupils per level."""

    uai: str
    rentree: int
    classes: int
    pupils: int
    preelementary: int
    elementary: int
    ulis: int
    cp: int
    ce1: int
    ce2: int
    cm1: int
    cm2: int


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that could not be read: its line in the file and why (a French message with params)."""

    line: int
    message: str
    params: dict = field(default_factory=dict)

    def render(self) -> str:
        """The French sentence."""
        return f"ligne {self.line} : {self.message % self.params}"


@dataclass
class ParsedFile:
    """One file read: which dataset it is, its rows, what was skipped and what was unreadable."""

    name: str
    dataset: str  # annuaire or effectifs
    rows: list = field(default_factory=list)
    skipped: int = 0  # establishments that are not schools
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first ones, for the report


class FileRefused(Exception):
    """A file that is none of the known datasets, or that cannot be opened."""

    def __init__(self, name: str, message: str, params: dict | None = None):
        super().__init__(name, message, params)
        self.name, self.message, self.params = name, message, params or {}

    def render(self) -> str:
        """The French sentence, naming the file."""
        return f"{self.name} : {self.message % self.params}"
