"""Numbers typed on an English page are read the English way: « 1,890 » is one thousand eight
hundred and ninety there (it was saved as 1.89, and the page said « Saved. »)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from forms.fields import parse_french_number
from models import LineRecord, db


@pytest.mark.parametrize(
    ("typed", "locale", "read"),
    [
        ("1,890", "en", Decimal("1890")),
        ("12,345,678.5", "en", Decimal("12345678.5")),
        ("1,5", "en", Decimal("1.5")),  # not a thousands group: a decimal comma
        ("1,890", "fr", Decimal("1.890")),
        ("1 890,50", "fr", Decimal("1890.50")),
        ("1,234.56", "fr", Decimal("1234.56")),
        ("deux", "en", None),
    ],
)
def test_a_number_is_read_in_the_pages_language(typed, locale, read):
    assert parse_french_number(typed, locale) == read


def _add_line(member, dossier_id: int, price: str):
    return member.post(
        f"/dossiers/{dossier_id}/budget/nouvelle",
        {
            "school": "__dossier__",
            "category": "service_ent",
            "label": "ENT",
            "quantity": "1",
            "unit_price_ht": price,
            "vat_rate": "20",
            "duration_months": "12",
        },
    )


def test_an_english_page_saves_1890_for_one_thousand_eight_hundred_and_ninety(app, team):
    member, _org, dossier_id = team
    member.get("/langue/en")
    assert _add_line(member, dossier_id, "1,890").status_code == 302
    with app.app_context():
        line = db.session.scalar(sa.select(LineRecord).where(LineRecord.dossier_id == dossier_id))
        assert line.unit_price_ht == Decimal("1890.00")
        line_id = line.id
    page = member.get(f"/dossiers/{dossier_id}/budget/{line_id}").get_data(as_text=True)
    assert 'value="1,890"' in page  # shown as it is read back


def test_the_example_of_a_refused_amount_is_written_in_the_pages_language(team):
    member, _org, dossier_id = team
    member.get("/langue/en")
    page = _add_line(member, dossier_id, "lots").get_data(as_text=True)
    assert "for example 1,234.56" in page and "1 234,56" not in page
    member.get("/langue/fr")
    page = _add_line(member, dossier_id, "beaucoup").get_data(as_text=True)
    assert "par exemple 1\u202f234,56" in page or "par exemple 1 234,56" in page


def test_the_language_chosen_before_signing_in_stays_after(app, actor):
    person = actor("lang@mairie.example.fr", "Lena Moreau")
    person.signup()
    person.post("/deconnexion")
    person.get("/langue/en")
    answer = person.post("/connexion", {"email": "lang@mairie.example.fr", "password": "motdepasse-solide"})
    assert answer.status_code == 302
    assert '<html lang="en">' in person.get("/").get_data(as_text=True)
