"""Human names of the call's codes, translatable, for pages, documents and messages."""

from __future__ import annotations

from .i18n import N_

CATEGORY_LABELS = {
    "classe_affichage": N_("Vidéoprojecteur, TBI/TNI ou écran interactif"),
    "classe_poste_enseignant": N_("Ordinateur portable de l'enseignant"),
    "classe_visualiseur": N_("Visualiseur (facultatif)"),
    "classe_audio": N_("Micro et enceintes"),
    "classe_capture": N_("Appareil photo ou vidéo"),
    "mobile_tablettes": N_("Classe mobile de tablettes"),
    "mobile_portables": N_("Classe mobile d'ordinateurs portables"),
    "mobile_rangement": N_("Chariot ou valise de charge et de rangement"),
    "direction_poste": N_("Ordinateur de la direction"),
    "direction_impression": N_("Imprimante, copieur ou scanner en réseau"),
    "reseau_cablage": N_("Câblage, raccordement des classes"),
    "reseau_wifi": N_("Bornes Wi-Fi"),
    "reseau_actif": N_("Commutateurs, routeurs, pare-feu"),
    "service_ent": N_("Espace numérique de travail (ENT)"),
    "ressource_numerique": N_("Ressources pédagogiques numériques"),
    "formation": N_("Formation"),
    "maintenance": N_("Maintenance, assistance"),
    "mobilier": N_("Mobilier"),
    "abonnement_internet": N_("Abonnement d'accès à internet"),
    "consommables": N_("Consommables"),
    "autre": N_("Autre dépense"),
}

# A family of the référentiel (Category.volet): what a call that names none shows. A call names its
# volets in its `[wording]` (`volet.<n>`: « Volet 1 : … » for the 2021 call).
VOLET_LABELS = {
    1: N_("Équipement et réseaux"),
    2: N_("Services et ressources numériques"),
    0: N_("Hors subvention"),
}

APPLICANT_LABELS = {
    "commune": N_("Commune"),
    "epci": N_("EPCI (communauté, métropole)"),
    "syndicat": N_("Syndicat (SIVU, SIVOM, syndicat mixte)"),
}

SCHOOL_KIND_LABELS = {
    "elementaire": N_("Élémentaire"),
    "primaire": N_("Primaire"),
    "maternelle": N_("Maternelle"),
}

SECTOR_LABELS = {
    "public": N_("Public"),
    "prive_sous_contrat": N_("Privé sous contrat"),
    "prive_hors_contrat": N_("Privé hors contrat"),
}

COFUNDING_KIND_LABELS = {
    "departement": N_("Département"),
    "region": N_("Région"),
    "detr": N_("DETR"),
    "dsil": N_("DSIL"),
    "europe": N_("Union européenne"),
    "autre_public": N_("Autre financeur public"),
    "prive": N_("Financeur privé"),
}

COFUNDING_STATUS_LABELS = {"requested": N_("Demandé"), "granted": N_("Accordé")}

COFUNDING_BASE_LABELS = {
    "equipment": N_("de l'équipement HT"),
    "services": N_("des services"),
    "project": N_("du coût du projet"),
}

SEVERITY_LABELS = {"blocking": N_("Bloquant"), "warning": N_("Avertissement"), "info": N_("Information")}


def category_label(code: str) -> str:
    """The name of a budget category (its code when unknown)."""
    return CATEGORY_LABELS.get(code, code)


BASE_LABELS = {"ht": N_("HT"), "ttc": N_("TTC")}

# The filed document (exports/): the call's timetable, the pieces (the programme that funds a call
# is its `document.programme` wording).
MILESTONE_LABELS = {
    "call_opens": N_("Ouverture de l'appel à projets"),
    "call_closes": N_("Date limite de dépôt des candidatures"),
    "deliberation": N_("Délibération de la collectivité"),
    "notification": N_("Notification de la décision et convention avec l'académie"),
    "works": N_("Acquisitions et installation dans les écoles, après la notification"),
    "justification": N_("Transmission des justificatifs des dépenses et versement du solde"),
}
PIECE_LABELS = {
    "deliberation": N_("Délibération de la collectivité"),
    "devis": N_("Devis des fournisseurs"),
    "rib": N_("Relevé d'identité bancaire (RIB)"),
    "parite": N_("Calcul de parité avec les écoles privées sous contrat"),
    "non_commencement": N_("Attestation de non-commencement des travaux"),
    "autre": N_("Autre pièce"),
}

# How a call's document names the classes it counts (CallDefinition.class_count).
CLASS_COUNT_LABELS = {
    "cycles_2_3": N_("Classes de cycles 2 et 3"),
    "all": N_("Classes, maternelle comprise"),
}
# The State's subsidy of each part of a call's funding (grants.funding.Part.key), as the
# summary and the financing plan name it when the call does not (`part.<key>.subsidy` and
# `part.<key>.funder` of its `[wording]`: the 2021 call's volets).
PART_SUBSIDY_LABELS = {
    "equipment": N_("Subvention de l'État, équipement et réseaux"),
    "services": N_("Subvention de l'État, services et ressources"),
    "schools": N_("Subvention de l'État, écoles (dans la bande de l'appel)"),
}
PART_FUNDER_LABELS = {
    "equipment": N_("État — équipement et réseaux"),
    "services": N_("État — services et ressources"),
    "schools": N_("État — subvention par école"),
}
