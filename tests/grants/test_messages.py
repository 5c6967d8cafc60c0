"""Every finding is a sentence a city team reads, in French or in English, with its values."""

import re
from datetime import datetime
from decimal import Decimal

import pytest
from babel.numbers import format_currency

from grants.dossier import Person, Project
from grants.findings import RULES
from grants.numbers import fmt_money
from grants.params import Money

from . import factories as f


def _one_school(**school_changes):
    s = f.school(**school_changes)
    return f.dossier(schools=[s], lines=[f.equipment(s.uai), f.service()])


def _spread_over_ten_schools():
    many = [f.school(n, classes=30) for n in range(1, 11)]
    return f.dossier(schools=many, lines=[f.equipment(s.uai, "100500.00") for s in many] + [f.service()])


S1 = f.school()
# One dossier per rule of the catalogue, each breaking that rule.
GALLERY = {
    "ID-SIRET": lambda: f.dossier(collectivite=f.collectivite(siret="21750001600018")),
    "ID-SIRET-KIND": lambda: f.dossier(collectivite=f.collectivite(siret=f.siret("200054781"))),
    "ID-INSEE": lambda: f.dossier(collectivite=f.collectivite(insee="20000")),
    "ID-REPRESENTATIVE": lambda: f.dossier(
        collectivite=f.collectivite(representative=Person(name="Claire Moreau"))
    ),
    "ID-UAI": lambda: _one_school(uai="0710001S"),
    "ID-UAI-DEPT": lambda: _one_school(prefix="021"),
    "ELIG-APPLICANT": lambda: f.dossier(collectivite=f.collectivite(kind="association")),
    "ELIG-SCHOOL-KIND": lambda: f.dossier(schools=[S1, f.school(2, kind="maternelle")]),
    "ELIG-PRIVATE": lambda: _one_school(sector="prive_sous_contrat"),
    "ELIG-NO-SCHOOL": lambda: f.dossier(schools=[], lines=[f.service()]),
    "ELIG-NO-EXPENSE": lambda: f.dossier(lines=[f.outside(S1.uai)]),
    "DUP-UAI": lambda: f.dossier(schools=[S1, f.school(name="Annexe")]),
    "LINE-SCHOOL": lambda: f.dossier(lines=[f.equipment(f.school(9).uai), f.service()]),
    "LINE-CATEGORY": lambda: f.dossier(lines=[f.equipment(S1.uai, category="drone"), f.service()]),
    "LINE-OUTSIDE": lambda: f.dossier(lines=[f.equipment(S1.uai), f.service(), f.outside(S1.uai, "1234.50")]),
    "EQ-CAP-CLASS": lambda: f.dossier(
        schools=[f.school(classes=2)], lines=[f.equipment(S1.uai, "12345.67"), f.service()]
    ),
    "EQ-MIN-SCHOOL": lambda: f.dossier(lines=[f.equipment(S1.uai, "2999.99"), f.service()]),
    "EQ-CAP-DOSSIER": _spread_over_ten_schools,
    "SRV-DURATION": lambda: f.dossier(lines=[f.equipment(S1.uai), f.service("1800.00", 36)]),
    "SRV-NONE": lambda: f.dossier(lines=[f.equipment(S1.uai)]),
    "SRV-CAP-PUPIL": lambda: f.dossier(lines=[f.equipment(S1.uai), f.service("2345.60")]),
    "NEED-MET": lambda: _one_school(inventory={"classe_affichage": 4}),
    "SCHOOL-AT-SOCLE": lambda: _one_school(inventory=f.full_socle(4)),
    "FIN-OVERFUNDED": lambda: f.dossier(cofunding=[f.cofunder("4500.00", kind="prive")]),
    "FIN-MIN-OWN": lambda: f.dossier(cofunding=[f.cofunder("3000.00")]),
    "PROJECT-MISSING": lambda: f.dossier(project=Project()),
    "PROJECT-SHORT": lambda: f.dossier(project=f.project(120)),
    "CALL-CLOSED": lambda: f.dossier(),
}
# The rules of the second call, with its dossiers.
LABEL_GALLERY = {
    "ELIG-POPULATION": lambda: f.label_dossier(collectivite=f.collectivite(population=3501)),
    "ELIG-GROUPING": lambda: f.label_dossier(
        collectivite=f.collectivite(kind="syndicat", siret=f.siret("257104448"))
    ),
    "SCHOOL-FLOOR": lambda: f.label_dossier(lines=[f.equipment(S1.uai, "2999.99")]),
    "SCHOOL-CAP": lambda: f.label_dossier(lines=[f.equipment(S1.uai, "14000.01")]),
}
GALLERY.update(LABEL_GALLERY)
AT = {"CALL-CLOSED": datetime(2021, 4, 2, 9, 30)}


# Computed beside the contract's evaluation, from the stored dossier's attachments (none here).
PIECES_GALLERY = {"PIECE-MISSING": lambda: f.dossier()}
GALLERY.update(PIECES_GALLERY)


def finding_of(rule: str):
    from grants.pieces import with_pieces

    call = f.LABEL if rule in LABEL_GALLERY else f.SNEE
    dossier = GALLERY[rule]()
    evaluation = f.evaluated(dossier, call, at=AT.get(rule))
    if rule in PIECES_GALLERY:
        evaluation = with_pieces(evaluation, dossier, attached=())
    found = [x for x in evaluation.findings if x.rule == rule]
    assert found, f"the gallery's dossier for {rule} does not break it"
    return found[0]


def test_the_gallery_breaks_every_rule_of_the_catalogue():
    assert set(GALLERY) == set(RULES)


@pytest.mark.parametrize("rule", sorted(RULES))
@pytest.mark.parametrize("locale", ["fr", "en"])
def test_every_finding_renders_as_a_complete_sentence(rule, locale):
    text = finding_of(rule).render(locale)
    assert "%(" not in text and "%)" not in text
    assert len(text) > 40 and text.rstrip()[-1] in ".!"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_finding_is_translated_to_english(rule):
    finding = finding_of(rule)
    french, english = finding.render("fr"), finding.render("en")
    assert english != french
    # French words that a translation leaves behind only when it is missing.
    assert not re.search(r"\b(école|dossier de|n'est pas|dépasse|ligne)\b", english), english


@pytest.mark.parametrize("rule", sorted(RULES))
@pytest.mark.parametrize("locale", ["fr", "en"])
def test_amounts_are_written_as_the_reader_writes_them(rule, locale):
    finding = finding_of(rule)
    text = finding.render(locale)
    named = set(re.findall(r"%\((\w+)\)s", finding.message))
    for name, value in finding.params.items():
        if isinstance(value, Money) and name in named:
            assert fmt_money(value.value, locale) in text


def test_french_amounts_group_thousands_and_put_the_euro_after():
    expected = format_currency(Decimal("12345.67"), "EUR", locale="fr_FR")
    assert re.fullmatch(r"12\s345,67\s€", expected)  # whichever no-break spaces Babel uses
    assert expected in finding_of("EQ-CAP-CLASS").render("fr")


def test_english_amounts_put_the_euro_first():
    assert "€12,345.67" in finding_of("EQ-CAP-CLASS").render("en")


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_the_per_class_cap_message_states_the_values_tested(locale):
    # 12,345.67 € for 2 classes at 3,500 €: a cap of 7,000 €, 5,345.67 € not subsidised.
    text = finding_of("EQ-CAP-CLASS").render(locale)
    for amount in ("12345.67", "3500.00", "7000.00", "5345.67"):
        assert fmt_money(Decimal(amount), locale) in text
    assert " 2 " in text
    # The school is named once, without « l'école École … » in French.
    assert ("l'école élémentaire n° 1" if locale == "fr" else "École élémentaire n° 1") in text
    assert "école École" not in text


def test_the_per_class_cap_message_says_ttc_when_vat_is_not_recovered():
    d = f.dossier(
        schools=[f.school(classes=2)],
        lines=[f.equipment(S1.uai, "6000.00"), f.service()],
        collectivite=f.collectivite(vat_recovered=False),
    )
    [finding] = [x for x in f.evaluated(d).findings if x.rule == "EQ-CAP-CLASS"]
    assert fmt_money(Decimal("7200.00"), "fr") + " TTC" in finding.render("fr")
    assert "HT" not in finding.render("fr")


def test_the_min_own_message_gives_the_share_and_the_gap():
    text = finding_of("FIN-MIN-OWN").render("fr")
    # Own 1,000 € of 12,000 € of public financing: 8.33 %, 1,400 € short of 2,400 €.
    assert "8,33" in text and fmt_money(Decimal("1400.00"), "fr") in text


def test_the_catalogues_are_read_once_and_each_set_of_directories_keeps_its_own():
    """Rendering thousands of messages must not read the .po files again; and merging the web's
    catalogue into the rules' must not leak its messages into the rules' own catalogue."""
    from pathlib import Path

    from grants import i18n

    root = Path(__file__).resolve().parents[2]
    web_dirs = (root / "grants" / "translations", root / "translations")
    assert i18n.translations("en") is i18n.translations("en")
    assert i18n.translations("en", web_dirs) is i18n.translations("en", web_dirs)
    web_only = "Classes / élèves"  # a page's words, in the web catalogue alone
    assert i18n.translations("en", web_dirs).gettext(web_only) == "Classes / pupils"
    assert i18n.translations("en").gettext(web_only) == web_only
    assert i18n.translations("fr").ngettext("jour", "jours", 0) == "jour"
