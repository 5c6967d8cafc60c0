"""One row of a directory file, turned into a school or a headcount (or a reason it can't be)."""

from __future__ import annotations

import re

from grants.i18n import N_
from grants.identifiers import normalize_uai, uai_is_valid

from .records import Establishment, Headcount
from .text import normalize

MATERNELLE_NATURES = ("101", "102", "103")  # école maternelle, … d'application, … spécialisée
# The annuaire writes some contract labels with a zero for the letter O (« C0NTRAT SIMPLE »).
_ZERO_FOR_O = re.compile(r"(?<=[A-Z])0|0(?=[A-Z])")
HORS_CONTRAT_CODES = ("10",)
COUNTS = ("classes", "pupils", "preelementary", "elementary", "ulis", "cp", "ce1", "ce2", "cm1", "cm2")


class RowProblem(ValueError):
    """Why a row can't be read (a French message and its parameters)."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


def _uai(value: str) -> str:
    uai = normalize_uai(value)
    if not uai_is_valid(uai):
        raise RowProblem(N_("UAI illisible « %(uai)s »"), uai=value)
    return uai


def is_school(values: dict[str, str]) -> bool:
    """An école (maternelle, élémentaire, primaire): not a collège, a lycée, a service."""
    kind = normalize(values.get("type", ""))
    if kind:
        return kind == "ECOLE"
    return values.get("nature_code", "").startswith("1")


def school_kind(values: dict[str, str]) -> str:
    """Maternelle, élémentaire, or primaire when the school has both."""
    maternelle, elementaire = values.get("maternelle") == "1", values.get("elementaire") == "1"
    if maternelle and elementaire:
        return "primaire"
    if maternelle or elementaire:
        return "maternelle" if maternelle else "elementaire"
    if values.get("nature_code") in MATERNELLE_NATURES or "MATERNELLE" in normalize(values.get("nature", "")):
        return "maternelle"
    return "primaire" if "PRIMAIRE" in normalize(values.get("name", "")) else "elementaire"


def contract_label(value: str) -> str:
    """The contract as written, spelling fixed: `C0NTRAT SIMPLE` → `CONTRAT SIMPLE`."""
    label = _ZERO_FOR_O.sub("O", " ".join(value.upper().split()))
    return "" if label == "SANS OBJET" else label


def sector(values: dict[str, str]) -> tuple[str, str]:
    """(sector, contract): public; private under contract; private outside any contract."""
    status = normalize(values.get("status", ""))
    if status == "PUBLIC":
        return "public", ""
    if status != "PRIVE":
        raise RowProblem(
            N_("statut public ou privé illisible « %(status)s »"), status=values.get("status", "")
        )
    label = contract_label(values.get("contract", ""))
    if "HORS CONTRAT" in label or (not label and values.get("contract_code") in HORS_CONTRAT_CODES):
        return "prive_hors_contrat", label or "HORS CONTRAT"
    if "CONTRAT" in label:
        return "prive_sous_contrat", label
    # Private with no contract named: not eligible until someone shows the contract.
    return "prive_hors_contrat", ""


def departement(values: dict[str, str]) -> str:
    """`035` → `35`, `02A` → `2A`, `971` stays; from the commune's code when the column is absent."""
    code = values.get("departement", "").strip().upper()
    if len(code) == 3 and code.startswith("0"):
        return code[1:]
    if code:
        return code
    commune = values.get("commune_code", "")
    return commune[:3] if commune.startswith("97") else commune[:2]


def establishment(values: dict[str, str]) -> Establishment | None:
    """The school a row of the annuaire describes; None when the row is not a school."""
    if not is_school(values) or normalize(values.get("state", "")) == "FERME":
        return None
    uai = _uai(values["uai"])
    name = " ".join(values["name"].split())
    if not name:
        raise RowProblem(N_("nom de l'école vide (UAI %(uai)s)"), uai=uai)
    school_sector, contract = sector(values)
    return Establishment(
        uai=uai,
        name=name[:200],
        kind=school_kind(values),
        sector=school_sector,
        contract=contract,
        nature=values.get("nature", "").strip()[:100],
        commune_code=values["commune_code"].strip()[:5],
        commune=values["commune"].strip()[:100],
        postcode=values.get("postcode", "").strip()[:5],
        departement=departement(values),
        circonscription=" ".join(values.get("circonscription", "").split())[:200],
        siret=re.sub(r"\D", "", values["siret"])[:14],
        updated=values.get("updated", "").strip()[:10],
    )


def _count(values: dict[str, str], name: str) -> int:
    text = values[name].strip().replace("\u202f", "").replace(" ", "")
    if not text:
        return 0
    if not text.isdigit():
        raise RowProblem(
            N_("nombre illisible « %(value)s » dans la colonne %(column)s"), value=values[name], column=name
        )
    return int(text)


def headcount(values: dict[str, str]) -> Headcount:
    """A school at a rentrée, from a row of the effectifs file."""
    uai = _uai(values["uai"])
    rentree = values["rentree"].strip()[:4]
    if not (rentree.isdigit() and len(rentree) == 4):
        raise RowProblem(N_("rentrée scolaire illisible « %(value)s »"), value=values["rentree"])
    return Headcount(uai, int(rentree), **{name: _count(values, name) for name in COUNTS})
