"""The dashboard says which envelope it reads the amounts against: the call's national one when
nothing else is known, the configured one for a département when REVIEW_ENVELOPES gives it."""

from __future__ import annotations

import csv
import html
import io

from grants.call import get_call


def page_of(person, departement="71") -> str:
    body = html.unescape(
        person.get(f"/inspection/tableau-de-bord?departement={departement}").get_data(as_text=True)
    )
    return body.replace("\u202f", " ").replace("\xa0", " ")


def csv_rows(person) -> list[list[str]]:
    raw = person.get("/inspection/tableau-de-bord.csv?departement=71").get_data()
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_without_a_setting_the_dashboard_uses_the_calls_national_envelope_and_says_so(app, cast):
    app.config["REVIEW_ENVELOPES"] = ""
    cast.deposit()
    national = get_call("snee-2021").envelope_national
    page = page_of(cast.dasen)
    assert "Enveloppe nationale de l'appel" in page and "105 000 000,00 €" in page
    assert "ne publie pas d'enveloppe par département" in page and national.source in page
    assert "REVIEW_ENVELOPES" not in page
    assert [
        "Par circonscription",
        "71",
        "Enveloppe nationale de l'appel",
        "",
        "",
        "",
        "",
        "105000000,00",
    ] in csv_rows(cast.dasen)


def test_the_configured_envelope_of_the_departement_wins_and_is_named(app, cast):
    app.config["REVIEW_ENVELOPES"] = "71:100000"
    cast.deposit()
    page = page_of(cast.dasen)
    assert "Enveloppe du département" in page and "100 000,00 €" in page
    assert "par la configuration du service (REVIEW_ENVELOPES)" in page
    assert "Enveloppe nationale" not in page
    assert ["Par circonscription", "71", "Enveloppe", "", "", "", "", "100000,00"] in csv_rows(cast.dasen)
