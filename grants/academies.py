"""The académie of each département: the State's education districts, as data.

Source: the list of the académies and of their départements (ministère de l'Éducation nationale,
education.gouv.fr, « Les académies » ; code de l'éducation, ressort des académies), as it stands
since 1 January 2020, when the académies of Caen and Rouen merged into the académie de Normandie
(décret n° 2019-1055 du 15 octobre 2019) and Mayotte became an académie of its own. Overseas:
Saint-Barthélemy and Saint-Martin (977, 978) depend on the académie de Guadeloupe, and
Saint-Pierre-et-Miquelon's education service (975) on the académie de Normandie. New Caledonia,
French Polynesia and Wallis-and-Futuna have vice-rectorats, no académie: they are not listed.

Pure data and one function: no Flask, no database.
"""

from __future__ import annotations

ACADEMIES: dict[str, tuple[str, ...]] = {
    "Aix-Marseille": ("04", "05", "13", "84"),
    "Amiens": ("02", "60", "80"),
    "Besançon": ("25", "39", "70", "90"),
    "Bordeaux": ("24", "33", "40", "47", "64"),
    "Clermont-Ferrand": ("03", "15", "43", "63"),
    "Corse": ("2A", "2B"),
    "Créteil": ("77", "93", "94"),
    "Dijon": ("21", "58", "71", "89"),
    "Grenoble": ("07", "26", "38", "73", "74"),
    "Lille": ("59", "62"),
    "Limoges": ("19", "23", "87"),
    "Lyon": ("01", "42", "69"),
    "Montpellier": ("11", "30", "34", "48", "66"),
    "Nancy-Metz": ("54", "55", "57", "88"),
    "Nantes": ("44", "49", "53", "72", "85"),
    "Nice": ("06", "83"),
    "Normandie": ("14", "27", "50", "61", "76", "975"),
    "Orléans-Tours": ("18", "28", "36", "37", "41", "45"),
    "Paris": ("75",),
    "Poitiers": ("16", "17", "79", "86"),
    "Reims": ("08", "10", "51", "52"),
    "Rennes": ("22", "29", "35", "56"),
    "Strasbourg": ("67", "68"),
    "Toulouse": ("09", "12", "31", "32", "46", "65", "81", "82"),
    "Versailles": ("78", "91", "92", "95"),
    "Guadeloupe": ("971", "977", "978"),
    "Martinique": ("972",),
    "Guyane": ("973",),
    "La Réunion": ("974",),
    "Mayotte": ("976",),
}

ACADEMIE_OF: dict[str, str] = {dept: name for name, depts in ACADEMIES.items() for dept in depts}


def departement_of_insee(insee: str | None) -> str:
    """The département of a commune's INSEE code (`92012` → `92`, `2A004` → `2A`, `97411` → `974`)."""
    code = (insee or "").strip().upper()
    if len(code) != 5:
        return ""
    return code[:3] if code.startswith("97") else code[:2]


def academie_of(departement: str | None = None, insee: str | None = None) -> str:
    """The académie of a département (its code, `92`, `2A`, `974`), else of the commune's INSEE
    code; empty when unknown (a collectivité d'outre-mer with a vice-rectorat)."""
    code = (departement or "").strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return ACADEMIE_OF.get(code) or ACADEMIE_OF.get(departement_of_insee(insee), "")
