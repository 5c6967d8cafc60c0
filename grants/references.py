"""What the reference lists say of a dossier: INSEE's communes for the seat's code, the school
directory for schools typed by hand. Pure: the lists are passed in, already read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .dossier import Dossier
from .findings import WARNING, Finding
from .i18n import N_
from .identifiers import insee_is_valid
from .labels import SCHOOL_KIND_LABELS, SECTOR_LABELS
from .params import Msg, OfName, SchoolName

INSEE_UNKNOWN, INSEE_NOT_SEAT, DIRECTORY_DIFFERS = "ID-INSEE-UNKNOWN", "ID-INSEE-NOT-SEAT", "DIR-DIFFERS"
SEAT_OTHER = "ID-SEAT-COMMUNE"
# Rules of this module, beside the call's catalogue (severity, title).
REFERENCE_RULES = {
    INSEE_UNKNOWN: (WARNING, N_("Code INSEE présent dans le code officiel géographique")),
    INSEE_NOT_SEAT: (WARNING, N_("Code INSEE d'une commune, non d'un arrondissement")),
    DIRECTORY_DIFFERS: (WARNING, N_("Écoles conformes à l'annuaire de l'éducation")),
    SEAT_OTHER: (WARNING, N_("Commune siège conforme au code INSEE")),
}
FIELD_LABELS = {
    "name": N_("nom"),
    "kind": N_("type d'école"),
    "sector": N_("secteur"),
    "commune": N_("commune"),
}
_TYPE_LABELS = {
    "ARM": N_("un arrondissement municipal"),
    "COMD": N_("une commune déléguée"),
    "COMA": N_("une commune associée"),
}


@dataclass(frozen=True)
class KnownCommune:
    """A code of INSEE's Code officiel géographique and what it names."""

    code: str
    typecom: str  # COM, ARM, COMD, COMA
    name: str
    departement: str
    parent: str = ""
    parent_name: str = ""

    def with_parent_name(self, name: str) -> KnownCommune:
        """The same code, knowing its parent commune's name."""
        return replace(self, parent_name=name)


@dataclass(frozen=True)
class DirectorySchool:
    """A school as the directory describes it."""

    uai: str
    name: str
    kind: str
    sector: str
    commune: str


def seat_commune(insee: str, communes: dict[str, KnownCommune] | None) -> KnownCommune | None:
    """The commune of the seat's code, when the list is loaded and knows it as a commune."""
    found = (communes or {}).get(insee)
    return found if found is not None and found.typecom == "COM" else None


def check_seat_code(
    dossier: Dossier, communes: dict[str, KnownCommune] | None, postcode_of: list[str] = ()
) -> list[Finding]:
    """A well-formed code INSEE is one of the list's communes (None: no list loaded, no check);
    `postcode_of` names the communes whose postal code the typed code is, if any."""
    insee = dossier.collectivite.insee
    if communes is None or not insee_is_valid(insee):
        return []
    found = communes.get(insee)
    if found is None:
        return [_unknown(insee, postcode_of)]
    if found.typecom != "COM":
        return [
            Finding(
                INSEE_NOT_SEAT,
                WARNING,
                "collectivite.insee",
                N_(
                    "Le code INSEE « %(insee)s » désigne %(what)s, %(name)s, et non une commune : "
                    "indiquez le code de la commune %(parent)s (%(parent_code)s)."
                ),
                {
                    "insee": insee,
                    "what": Msg(_TYPE_LABELS.get(found.typecom, found.typecom)),
                    "name": found.name,
                    "parent": found.parent_name or found.parent,
                    "parent_code": found.parent,
                },
            )
        ]
    return []


def check_seat_name(dossier: Dossier, communes: dict[str, KnownCommune] | None) -> list[Finding]:
    """The seat commune the team typed is the commune of its code INSEE (spelt as they like),
    when the list knows that code as a commune."""
    given = dossier.collectivite.seat_commune.strip()
    known = seat_commune(dossier.collectivite.insee, communes)
    if not given or known is None or same_commune(given, known.name):
        return []
    return [
        Finding(
            SEAT_OTHER,
            WARNING,
            "collectivite.seat_commune",
            N_(
                "La commune siège « %(given)s » n'est pas celle du code INSEE %(insee)s, « %(known)s » "
                "(code officiel géographique) : corrigez la commune siège ou le code INSEE."
            ),
            {"given": given, "insee": known.code, "known": known.name},
        )
    ]


def _unknown(insee: str, postcode_of: list[str]) -> Finding:
    if postcode_of:
        message = N_(
            "Le code « %(insee)s » n'est pas un code INSEE du code officiel géographique : c'est le code "
            "postal %(communes)s. Indiquez le code INSEE de la commune siège (5 caractères, sur "
            "insee.fr)."
        )
    else:
        message = N_(
            "Le code « %(insee)s » a la forme d'un code INSEE mais ne figure pas dans le code officiel "
            "géographique : vérifiez-le (ce n'est pas le code postal) sur insee.fr."
        )
    return Finding(
        INSEE_UNKNOWN,
        WARNING,
        "collectivite.insee",
        message,
        {"insee": insee, "communes": OfName(", ".join(postcode_of))},
    )


# Words of a school's name that repeat its kind or sector (compared apart, field by field).
_GENERIC = frozenset(
    [
        "ECOLE",
        "ELEMENTAIRE",
        "PRIMAIRE",
        "MATERNELLE",
        "PUBLIQUE",
        "PUBLIC",
        "PRIVEE",
        "PRIVE",
        "MIXTE",
        "GROUPE",
        "SCOLAIRE",
    ]
)
_ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE"}


def same_name(a: str, b: str) -> bool:
    """Two spellings of one school's name: accents, case, punctuation, « St »/« Saint » and the
    words that only repeat its kind or sector (« école primaire privée ») set aside."""
    return _plain_name(a) == _plain_name(b)


def _plain_name(text: str) -> tuple[str, ...]:
    bare = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().upper()
    words = re.sub(r"[^A-Z0-9]+", " ", bare).split()
    return tuple(_ABBREVIATIONS.get(w, w) for w in words if w not in _GENERIC)


def same_commune(a: str, b: str) -> bool:
    """Two spellings of one commune's name: accents, case, hyphens and punctuation, « St »/« Saint »
    and « Ste »/« Sainte » set aside (« ST-MALO » is « Saint-Malo »)."""
    return _plain_words(a) == _plain_words(b)


def _plain_words(text: str) -> tuple[str, ...]:
    bare = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().upper()
    return tuple(_ABBREVIATIONS.get(w, w) for w in re.sub(r"[^A-Z0-9]+", " ", bare).split())


def differences(school, reference: DirectorySchool) -> list[tuple[str, str, str]]:
    """(field, typed, directory's) for each of name, kind, sector and commune (when the dossier
    gives one) that the directory disagrees with."""
    found = []
    if not same_name(school.name, reference.name):
        found.append(("name", school.name, reference.name))
    for name in ("kind", "sector"):
        if getattr(school, name) != getattr(reference, name):
            found.append((name, getattr(school, name), getattr(reference, name)))
    commune = getattr(school, "commune", "")
    if commune and reference.commune and not same_commune(commune, reference.commune):
        found.append(("commune", commune, reference.commune))
    return found


def _shown(field: str, value: str) -> str | Msg:
    labels = {"kind": SCHOOL_KIND_LABELS, "sector": SECTOR_LABELS}.get(field)
    return Msg(labels[value]) if labels and value in labels else value


def check_directory(dossier: Dossier, directory: dict[str, DirectorySchool]) -> list[Finding]:
    """One warning per field of a school that the directory, for its UAI, gives otherwise."""
    found = []
    for i, school in enumerate(dossier.schools):
        reference = directory.get(school.uai)
        for field, typed, known in differences(school, reference) if reference else ():
            found.append(
                Finding(
                    DIRECTORY_DIFFERS,
                    WARNING,
                    f"schools[{i}].{field}",
                    N_(
                        "L'école %(name)s (UAI %(uai)s) : %(field)s « %(typed)s » dans le dossier, "
                        "« %(known)s » dans l'annuaire de l'éducation. Reprenez les données de "
                        "l'annuaire, ou corrigez l'UAI si ce n'est pas cette école."
                    ),
                    {
                        "name": SchoolName(school.name),
                        "uai": school.uai,
                        "field": Msg(FIELD_LABELS[field]),
                        "typed": _shown(field, typed),
                        "known": _shown(field, known),
                    },
                )
            )
    return found
