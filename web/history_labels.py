"""Names of the history's codes (parts, actions, fields) for the history page and conflicts."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from grants.fields import field_of

PART_LABELS = {
    "dossier": _l("Dossier"),
    "collectivite": _l("Collectivité"),
    "school": _l("École"),
    "line": _l("Ligne de budget"),
    "cofunder": _l("Cofinanceur"),
    "project": _l("Projet pédagogique"),
    "state": _l("État du dossier"),
    "sharing": _l("Partage avec l'inspection"),
    "attachment": _l("Pièce jointe"),
    "review": _l("Instruction"),
}
ACTION_LABELS = {
    "create": _l("création"),
    "update": _l("modification"),
    "delete": _l("suppression"),
    "import": _l("import"),
    "deposit": _l("dépôt"),
    "instruct": _l("mise en instruction"),
    "request_correction": _l("demande de correction"),
    "accept": _l("acceptation"),
    "refuse": _l("refus"),
    "close": _l("classement sans suite"),
    "practice_copy": _l("copie d'entraînement"),
    "adopt_directory": _l("reprise de l'annuaire"),
    "assign": _l("attribution à un inspecteur"),
}
FIELD_LABELS = {
    "kind": _l("type"),
    "name": _l("nom"),
    "siret": _l("SIRET"),
    "insee": _l("code INSEE"),
    "departement": _l("département"),
    "population": _l("population"),
    "vat_recovered": _l("récupération de la TVA"),
    "rep_name": _l("représentant légal"),
    "rep_title": _l("qualité"),
    "contact_name": _l("contact"),
    "contact_email": _l("courriel du contact"),
    "contact_phone": _l("téléphone du contact"),
    "seat_commune": _l("commune siège"),
    "address": _l("adresse postale"),
    "academie": _l("académie"),
    "deliberation_number": _l("numéro de la délibération"),
    "deliberation_date": _l("date de la délibération"),
    "signed_on": _l("date de la signature"),
    "uai": _l("UAI"),
    "sector": _l("secteur"),
    "classes": _l("classes"),
    "pupils": _l("élèves"),
    "inventory": _l("état des lieux"),
    "school_uai": _l("école"),
    "category": _l("catégorie"),
    "label": _l("libellé"),
    "quantity": _l("quantité"),
    "unit_price_ht": _l("prix unitaire HT"),
    "vat_rate": _l("TVA"),
    "duration_months": _l("durée (mois)"),
    "source_note": _l("source des effectifs"),
    "funder": _l("financeur"),
    "status": _l("statut"),
    "amount": _l("montant"),
    "rate": _l("taux"),
    "base": _l("base"),
    "summary": _l("résumé"),
    "pedagogy": _l("usages pédagogiques"),
    "ien": _l("IEN consulté"),
    "concertation": _l("concertation"),
    "shared": _l("partagé"),
    "lines_removed": _l("lignes retirées"),
    "from": _l("de"),
    "to": _l("vers"),
}


# Values as the pages show them -----------------------------------------------------------------


def field_label(part: str, name: str) -> str:
    """A field's name in the history and the conflict banner (grants.fields declares them)."""
    from flask_babel import gettext

    spec = field_of(part, name)
    if spec is not None:
        return gettext(spec.label)
    return str(FIELD_LABELS.get(name, name))


def show_value(part: str, name: str, value, schools: dict | None = None) -> str:
    """A stored value written as the pages write it: « 412,50 € », « 10 % », « Bornes Wi-Fi »,
    « 2 », « Oui »; an empty one as « (vide) »."""
    from flask_babel import gettext

    from .templating import label, money, number, percent

    spec = field_of(part, name)
    kind = spec.kind if spec else "text"
    if kind == "school":
        if value in (None, ""):
            return gettext("Tout le dossier")
        return (schools or {}).get(value) or str(value)
    if value is None or value == "" or (kind == "counts" and not value):
        return gettext("(vide)")
    if name == "source_note":  # written in the language of whoever added the school
        from services.directory_picks import shown_note

        return shown_note(str(value))
    try:
        if kind == "money":
            return money(Decimal(str(value)))
        if kind == "rate":
            return percent(Decimal(str(value)), 2)
        if kind in ("decimal", "int"):
            return number(Decimal(str(value)).normalize() if kind == "decimal" else int(value))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if kind == "bool":
        return gettext("Oui") if value else gettext("Non")
    if kind == "choice":
        return label(spec.choices, value)
    if kind == "counts":
        return " ; ".join(
            f"{label(spec.choices, code)} : {number(int(n))}" for code, n in sorted(dict(value).items()) if n
        )
    return str(value)


def change_rows(entry, schools: dict | None = None) -> list[tuple[str, str | None, str | None]]:
    """The rows of a history entry: (field, before, after) as the pages write them; before is
    None for a creation and after None for a removal. An état des lieux lists its items."""
    rows = []
    for name, pair in (entry.changes or {}).items():
        if name.startswith("_"):
            continue
        if not isinstance(pair, list) or len(pair) != 2:
            rows.append((field_label(entry.part, name), None, str(pair)))
            continue
        old, new = pair
        spec = field_of(entry.part, name)
        if spec is not None and spec.kind == "counts" and entry.action == "update":
            rows.extend(_count_rows(spec, old or {}, new or {}))
            continue
        # A field left empty at a creation (or empty when removed) says nothing: a label call's
        # line has no months to write « durée (mois) : (vide) » about.
        gone = new if entry.action == "create" else old if entry.action == "delete" else True
        if gone in (None, "", {}) and (spec is None or spec.kind != "school"):
            continue
        before = None if entry.action == "create" else show_value(entry.part, name, old, schools)
        after = None if entry.action == "delete" else show_value(entry.part, name, new, schools)
        rows.append((field_label(entry.part, name), before, after))
    return rows


def _count_rows(spec, old: dict, new: dict) -> list[tuple[str, str, str]]:
    from .templating import label, number

    return [
        (
            f"{field_label('school', spec.name)} — {label(spec.choices, code)}",
            number(int(old.get(code) or 0)),
            number(int(new.get(code) or 0)),
        )
        for code in sorted(set(old) | set(new))
        if int(old.get(code) or 0) != int(new.get(code) or 0)
    ]
