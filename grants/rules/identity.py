"""Identifiers: SIRET, code INSEE, UAI, and the same school twice."""

from __future__ import annotations

from ..findings import Context, Finding, finding
from ..i18n import N_
from ..identifiers import (
    insee_departement,
    insee_is_valid,
    is_ascii_digits,
    siret_is_valid,
    uai_check_letter,
    uai_departement,
    uai_is_valid,
)
from ..params import Msg, SchoolName


def check_siret(ctx: Context) -> list[Finding]:
    """The SIRET has 14 digits and a valid key; its SIREN fits the kind of collectivité."""
    c = ctx.dossier.collectivite
    if not c.siret.strip():
        return [
            finding(
                "ID-SIRET",
                "collectivite.siret",
                N_(
                    "Le SIRET de la collectivité n'est pas indiqué : saisissez ses 14 chiffres, recopiés "
                    "depuis l'avis de situation SIRENE de la collectivité."
                ),
            )
        ]
    if not siret_is_valid(c.siret):
        return [
            finding(
                "ID-SIRET",
                "collectivite.siret",
                N_(
                    "Le SIRET « %(siret)s » n'est pas valide : il faut 14 chiffres dont le dernier est une "
                    "clé de contrôle. Recopiez-le depuis l'avis de situation SIRENE de la collectivité."
                ),
                siret=c.siret,
            )
        ]
    prefix = ctx.call.siren_prefix_commune if c.kind == "commune" else ctx.call.siren_prefix_grouping
    if c.kind in ctx.call.applicant_kinds and not c.siret.startswith(prefix):
        return [
            finding(
                "ID-SIRET-KIND",
                "collectivite.siret",
                N_(
                    "Le SIREN d'une collectivité de ce type commence par « %(prefix)s », celui-ci par "
                    "« %(start)s » : vérifiez que le SIRET est bien celui de la collectivité et non d'un "
                    "autre organisme."
                ),
                prefix=prefix,
                start=c.siret[:2],
            )
        ]
    return []


def check_insee(ctx: Context) -> list[Finding]:
    """The code INSEE is a real département part and a commune number, not a postal code."""
    insee = ctx.dossier.collectivite.insee
    if insee_is_valid(insee):
        return []
    if not insee.strip():
        return [
            finding(
                "ID-INSEE",
                "collectivite.insee",
                N_(
                    "Le code INSEE de la commune siège n'est pas indiqué : saisissez-le (5 caractères, "
                    "commençant par le département ; ce n'est pas le code postal). Retrouvez-le dans le "
                    "code officiel géographique de l'INSEE."
                ),
            )
        ]
    return [
        finding(
            "ID-INSEE",
            "collectivite.insee",
            N_(
                "Le code INSEE « %(insee)s » n'est pas valide : il compte 5 caractères, commence par le "
                "département (01 à 95, 2A, 2B, 971 à 978, 984 à 989) et n'est pas le code postal. "
                "Retrouvez-le dans le code officiel géographique de l'INSEE."
            ),
            insee=insee,
        )
    ]


def check_representative(ctx: Context) -> list[Finding]:
    """Someone signs the dossier: the legal representative's name and title are given."""
    rep = ctx.dossier.collectivite.representative
    # Said only in the message below: the English catalogue gives each part with its verb
    # (« the title is », « the name and the title are ») for « incomplete: … missing ».
    missing = [
        (what, part)
        for what, part, value in ((N_("le nom"), "name", rep.name), (N_("la qualité"), "title", rep.title))
        if not value.strip()
    ]
    if not missing:
        return []
    # The contract's path is the representative; `parts` says which of his fields are missing, so
    # that a form shows the finding at each of them.
    return [
        finding(
            "ID-REPRESENTATIVE",
            "collectivite.representative",
            N_(
                "Le représentant légal de la collectivité n'est pas complet (il manque %(missing)s) : c'est "
                "lui qui signe le dossier. Indiquez son nom et sa qualité (par exemple « Maire » ou "
                "« Président »)."
            ),
            missing=Msg(missing[0][0]) if len(missing) == 1 else Msg(N_("le nom et la qualité")),
            parts=" ".join(part for _what, part in missing),
        )
    ]


def _departement(ctx: Context) -> str | None:
    c = ctx.dossier.collectivite
    return c.departement or insee_departement(c.insee)


def check_uais(ctx: Context) -> list[Finding]:
    """Each UAI is well formed, has the right letter, lies in the collectivité's département."""
    found: list[Finding] = []
    dept = _departement(ctx)
    for i, school in enumerate(ctx.dossier.schools):
        path = f"schools[{i}].uai"
        if not uai_is_valid(school.uai):
            found.append(
                finding(
                    "ID-UAI",
                    path,
                    _uai_message(school.uai),
                    uai=school.uai,
                    name=SchoolName(school.name),
                    letter=_expected_letter(school.uai),
                )
            )
        elif dept and uai_departement(school.uai) != dept:
            found.append(
                finding(
                    "ID-UAI-DEPT",
                    path,
                    N_(
                        "L'école %(name)s (UAI %(uai)s) relève du département %(school_dept)s, la "
                        "collectivité du %(dept)s : vérifiez l'UAI, ou confirmez que la collectivité a bien "
                        "la compétence scolaire pour cette école."
                    ),
                    name=SchoolName(school.name),
                    uai=school.uai,
                    school_dept=uai_departement(school.uai),
                    dept=dept,
                )
            )
    return found


def _expected_letter(uai: str) -> str:
    return uai_check_letter(uai[:7]) if len(uai) == 8 and is_ascii_digits(uai[:7]) else ""


def _uai_message(uai: str) -> str:
    if _expected_letter(uai):
        return N_(
            "L'UAI « %(uai)s » de l'école %(name)s n'est pas valide : avec ces 7 premiers "
            "caractères, la lettre de contrôle devrait être « %(letter)s ». Vérifiez le numéro "
            "sur l'annuaire de l'éducation."
        )
    return N_(
        "L'UAI « %(uai)s » de l'école %(name)s n'est pas valide : il s'écrit avec 7 chiffres "
        "(dont le département, par exemple 092) puis une lettre de contrôle, comme 0750655E."
    )


def check_duplicates(ctx: Context) -> list[Finding]:
    """The same UAI twice is one school entered twice."""
    seen: dict[str, int] = {}
    found = []
    for i, school in enumerate(ctx.dossier.schools):
        if school.uai in seen:
            found.append(
                finding(
                    "DUP-UAI",
                    f"schools[{i}].uai",
                    N_(
                        "L'UAI %(uai)s figure deux fois (écoles %(first)s et %(second)s) : une école ne "
                        "peut être présentée qu'une fois. Fusionnez les deux fiches ou corrigez l'UAI."
                    ),
                    uai=school.uai,
                    first=ctx.dossier.schools[seen[school.uai]].name,
                    second=school.name,
                )
            )
        else:
            seen[school.uai] = i
    return found


CHECKS = (check_siret, check_insee, check_representative, check_uais, check_duplicates)
