"""The published datasets, by their columns: which file is which, whatever the year's headers."""

from __future__ import annotations

from dataclasses import dataclass

from grants.i18n import N_

from .text import header_key


@dataclass(frozen=True)
class Column:
    """A column we read: our name, its header in the latest files, other headers it had."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def header_keys(self) -> tuple[str, ...]:
        return tuple(header_key(h) for h in (self.header, *self.aliases))


@dataclass(frozen=True)
class Dataset:
    """A dataset of data.education.gouv.fr and the columns we need from it."""

    code: str
    title: str
    columns: tuple[Column, ...]

    def locate(self, headers: list[str]) -> tuple[dict[str, int], list[str]]:
        """Where each column is (field → index) and the headers of the required ones missing."""
        index = {}
        for i, header in enumerate(headers):
            index.setdefault(header_key(header), i)
        found, missing = {}, []
        for column in self.columns:
            at = next((index[k] for k in column.header_keys() if k in index), None)
            if at is not None:
                found[column.field] = at
            elif column.required:
                missing.append(column.header)
        return found, missing


ANNUAIRE = Dataset(
    "annuaire",
    N_("Annuaire de l'éducation"),
    (
        Column("uai", "Identifiant_de_l_etablissement"),
        Column("name", "Nom_etablissement"),
        Column("type", "Type_etablissement"),
        Column("status", "Statut_public_prive"),
        Column("commune_code", "Code_commune"),
        Column("commune", "Nom_commune"),
        Column("maternelle", "Ecole_maternelle"),
        Column("elementaire", "Ecole_elementaire"),
        Column("siret", "SIREN_SIRET"),
        Column("contract", "Type_contrat_prive"),
        Column("contract_code", "Code_type_contrat_prive", required=False),
        Column("postcode", "Code_postal", ("Code postal",), required=False),
        Column("departement", "Code_departement", required=False),
        Column("circonscription", "nom_circonscription", required=False),
        Column("nature_code", "code_nature", required=False),
        Column("nature", "libelle_nature", required=False),
        Column("state", "etat", required=False),
        Column("updated", "date_maj_ligne", required=False),
    ),
)

EFFECTIFS = Dataset(
    "effectifs",
    N_("Effectifs et nombre de classes par école"),
    (
        Column("rentree", "Rentrée scolaire"),
        Column("uai", "Numéro de l'école"),
        Column("classes", "Nombre total de classes"),
        Column("pupils", "Nombre total d'élèves"),
        Column("preelementary", "Nombre d'élèves en pré-élémentaire hors ULIS"),
        Column("elementary", "Nombre d'élèves en élémentaire hors ULIS"),
        Column("ulis", "Nombre d'élèves en ULIS"),
        Column("cp", "Nombre d'élèves en CP hors ULIS"),
        Column("ce1", "Nombre d'élèves en CE1 hors ULIS"),
        Column("ce2", "Nombre d'élèves en CE2 hors ULIS"),
        Column("cm1", "Nombre d'élèves en CM1 hors ULIS"),
        Column("cm2", "Nombre d'élèves en CM2 hors ULIS"),
    ),
)

DATASETS = (ANNUAIRE, EFFECTIFS)


def detect(headers: list[str]) -> tuple[Dataset, dict[str, int], list[str]]:
    """The dataset the headers belong to (where its columns are), or the closest one with the
    headers of its required columns that are missing."""
    located = [(dataset, *dataset.locate(headers)) for dataset in DATASETS]
    return min(located, key=lambda item: len(item[2]) / len([c for c in item[0].columns if c.required]))
