"""Schools picked in the directory: their figures for the call, what to know before adding them,
adding them to a dossier, and what the directory says about the dossier's schools."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext

from directory.cycles import Cycle23, counted, rentree_before
from directory.records import Headcount
from grants.call import CallDefinition
from grants.i18n import N_
from models import DirectoryEstablishment, DirectoryHeadcount, DossierRecord, SchoolRecord, User

from . import directory
from .schools import add_school


@dataclass(frozen=True)
class Flag:
    """Something to know about a school before adding it (a French message and its params)."""

    severity: str  # blocking, warning, info
    message: str
    params: dict = field(default_factory=dict)


@dataclass
class Pick:
    """A school of the directory as the dossier would receive it."""

    school: DirectoryEstablishment
    figures: Cycle23 | None
    flags: list[Flag]
    in_dossier: bool = False

    @property
    def eligible(self) -> bool:
        return not any(f.severity == "blocking" for f in self.flags)


def rentree_of(call: CallDefinition | None) -> int | None:
    """The rentrée whose figures a dossier of that call uses (None: the latest published)."""
    return rentree_before(call.opens.year, call.opens.month) if call else None


def _figures(h: DirectoryHeadcount | None, call: CallDefinition | None) -> Cycle23 | None:
    """The classes and pupils the call counts (cycles 2 and 3 when no call is known)."""
    if h is None:
        return None
    head = Headcount(**{name: getattr(h, name) for name in Headcount.__slots__})
    return counted(head, call.class_count if call else "cycles_2_3")


def _siren(siret: str) -> str:
    return "".join(c for c in siret or "" if c.isdigit())[:9]


def manager_differs(school: DirectoryEstablishment, rec: DossierRecord | None) -> bool:
    """A public school whose managing body (SIREN) is not the dossier's collectivité."""
    return bool(
        rec
        and school.sector == "public"
        and len(_siren(rec.siret)) == 9
        and len(_siren(school.siret)) == 9
        and _siren(school.siret) != _siren(rec.siret)
    )


def _eligibility(school: DirectoryEstablishment, call: CallDefinition | None) -> list[Flag]:
    if call is None:
        return []
    if school.kind not in call.school_kinds:
        # The call says why in its own words (`directory.kind_refused` of its `[wording]`).
        own = call.text("directory.kind_refused")
        return [Flag("blocking", own or N_("Type d'école que l'appel ne retient pas : non éligible."))]
    if school.sector not in call.school_sectors:
        if school.contract:
            return [Flag("blocking", N_("Privée hors contrat : non éligible."))]
        return [
            Flag("blocking", N_("Privée, sans contrat indiqué par l'annuaire : non éligible sans contrat."))
        ]
    if school.sector in call.private_sectors_needing_parity:
        return [
            Flag(
                "warning",
                N_("Privée sous contrat (%(contract)s) : éligible, avec la justification de parité."),
                {"contract": school.contract.capitalize()},
            )
        ]
    return []


def flags(
    school: DirectoryEstablishment,
    figures: Cycle23 | None,
    call: CallDefinition | None,
    rec: DossierRecord | None,
) -> list[Flag]:
    """Eligibility, managing body and figures, before the school is added."""
    found = _eligibility(school, call)
    if manager_differs(school, rec):
        found.append(
            Flag(
                "warning",
                N_("Gérée par un autre organisme que la collectivité du dossier (SIRET %(siret)s)."),
                {"siret": school.siret},
            )
        )
    if figures is None:
        found.append(Flag("info", N_("Effectifs non publiés pour cette école : classes et élèves à saisir.")))
    elif figures.estimated:
        found.append(
            Flag(
                "info",
                N_("École primaire : classes de cycles 2 et 3 estimées au prorata des élèves d'élémentaire."),
            )
        )
    return found


def picks(
    schools: list[DirectoryEstablishment], call: CallDefinition | None, rec: DossierRecord | None = None
) -> list[Pick]:
    """The schools with their figures for the call's rentrée and what to know about them."""
    heads = directory.latest_headcounts([s.uai for s in schools], rentree_of(call))
    present = {s.uai for s in rec.schools} if rec else set()
    result = []
    for school in schools:
        figures = _figures(heads.get(school.uai), call)
        result.append(Pick(school, figures, flags(school, figures, call, rec), school.uai in present))
    return result


def source_note(figures: Cycle23 | None) -> str:
    """« d'après l'annuaire, rentrée 2020 », and whether the classes are an estimate."""
    if figures is None:
        return gettext("d'après l'annuaire (effectifs non publiés)")
    if figures.estimated:
        return gettext("d'après l'annuaire, rentrée %(year)s (classes estimées)", year=figures.rentree)
    return gettext("d'après l'annuaire, rentrée %(year)s", year=figures.rentree)


_NOTE_STARTS = ("d'après l'annuaire", "from the directory")


def shown_note(note: str) -> str:
    """A stored source note in the reader's language: the note is written in the language of
    whoever added the school, and is made again from its year and estimate flag."""
    if not note.startswith(_NOTE_STARTS):
        return note
    year = re.search(r"\b(\d{4})\b", note)
    if year is None:
        return gettext("d'après l'annuaire (effectifs non publiés)")
    if "estim" in note:
        return gettext("d'après l'annuaire, rentrée %(year)s (classes estimées)", year=year.group(1))
    return gettext("d'après l'annuaire, rentrée %(year)s", year=year.group(1))


def school_values(pick: Pick) -> dict:
    """What a SchoolRecord receives from the directory."""
    s, figures = pick.school, pick.figures
    return {
        "uai": s.uai,
        "name": s.name,
        "kind": s.kind,
        "sector": s.sector,
        "classes": figures.classes if figures else 0,
        "pupils": figures.pupils if figures else 0,
        "commune": s.commune or "",
        "circonscription": s.circonscription,
        "source_note": source_note(figures),
    }


def add_from_directory(
    rec: DossierRecord, user: User | None, uais: list[str], call: CallDefinition | None
) -> tuple[list[SchoolRecord], list[str]]:
    """Add the directory's schools of those UAIs (flushes); returns them and the UAIs not added
    (already in the dossier, or unknown)."""
    found = directory.by_uai(uais)
    added, refused = [], []
    for uai in dict.fromkeys(uais):
        present = {s.uai for s in rec.schools}
        if uai in present or uai not in found:
            refused.append(uai)
            continue
        pick = picks([found[uai]], call, rec)[0]
        added.append(add_school(rec, user, school_values(pick)))
    return added, refused


def add_picked(
    rec: DossierRecord, user: User | None, values: dict, call: CallDefinition | None
) -> SchoolRecord:
    """Add a school as the team completed it after picking it: the directory adds its
    circonscription, its commune when the team left it blank, and its source note while the
    figures are still the directory's."""
    school = directory.by_uai([values["uai"]]).get(values["uai"])
    if school is not None:
        pick = picks([school], call, rec)[0]
        known = school_values(pick)
        values = dict(
            values, circonscription=school.circonscription, commune=values.get("commune") or known["commune"]
        )
        if (values["classes"], values["pupils"]) == (known["classes"], known["pupils"]):
            values["source_note"] = known["source_note"]
    return add_school(rec, user, values)


@dataclass
class DossierNotes:
    """What the directory says about a dossier's schools, shown on the Schools step."""

    loaded: bool
    other_managers: list[tuple[SchoolRecord, str]]  # public schools managed by another SIREN
    circonscriptions: list[tuple[str, list[str]]]  # circonscription (IEN) → names of its schools


def dossier_notes(rec: DossierRecord) -> DossierNotes:
    """The managing body of each public school checked against the collectivité's SIRET, and the
    circonscriptions (so the IEN) the dossier concerns."""
    found = directory.by_uai([s.uai for s in rec.schools]) if rec.schools else {}
    others, circonscriptions = [], {}
    for school in rec.schools:
        entry = found.get(school.uai)
        if entry is not None and manager_differs(entry, rec):
            others.append((school, entry.siret))
        name = school.circonscription or (entry.circonscription if entry else "")
        if name:
            circonscriptions.setdefault(name, []).append(school.name)
    return DossierNotes(directory.is_loaded(), others, sorted(circonscriptions.items()))
