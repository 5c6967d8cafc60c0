"""Names of the history's codes (parts, actions, fields) for the history page and conflicts."""

from flask_babel import lazy_gettext as _l

PART_LABELS = {
    "dossier": _l("Dossier"), "collectivite": _l("Collectivité"), "school": _l("École"),
    "line": _l("Ligne de budget"), "cofunder": _l("Cofinanceur"), "project": _l("Projet pédagogique"),
    "state": _l("État du dossier"), "sharing": _l("Partage avec l'inspection"),
}
ACTION_LABELS = {
    "create": _l("création"), "update": _l("modification"), "delete": _l("suppression"),
    "import": _l("import"), "deposit": _l("dépôt"), "instruct": _l("mise en instruction"),
    "request_correction": _l("demande de correction"), "accept": _l("acceptation"),
    "refuse": _l("refus"), "close": _l("classement sans suite"),
}
FIELD_LABELS = {
    "kind": _l("type"), "name": _l("nom"), "siret": _l("SIRET"), "insee": _l("code INSEE"),
    "departement": _l("département"), "population": _l("population"),
    "vat_recovered": _l("récupération de la TVA"), "rep_name": _l("représentant légal"),
    "rep_title": _l("qualité"), "contact_name": _l("contact"), "contact_email": _l("courriel du contact"),
    "contact_phone": _l("téléphone du contact"), "uai": _l("UAI"), "sector": _l("secteur"),
    "classes": _l("classes"), "pupils": _l("élèves"), "inventory": _l("état des lieux"),
    "school_uai": _l("école"), "category": _l("catégorie"), "label": _l("libellé"),
    "quantity": _l("quantité"), "unit_price_ht": _l("prix unitaire HT"), "vat_rate": _l("TVA"),
    "duration_months": _l("durée (mois)"), "funder": _l("financeur"), "status": _l("statut"),
    "amount": _l("montant"), "rate": _l("taux"), "base": _l("base"), "summary": _l("résumé"),
    "pedagogy": _l("usages pédagogiques"), "ien": _l("IEN consulté"), "concertation": _l("concertation"),
    "shared": _l("partagé"), "lines_removed": _l("lignes retirées"), "from": _l("de"), "to": _l("vers"),
}
