"""The dashboard names the call its envelope is, in French, the envelope's source included."""

from __future__ import annotations

from grants.call import get_call

from .test_envelope import page_of


def test_the_dashboard_names_the_call_and_gives_a_french_source(app, cast):
    app.config["REVIEW_ENVELOPES"] = ""
    cast.deposit()
    page = page_of(cast.dasen)
    call = get_call("snee-2021")
    assert f"L'enveloppe est celle de l'appel « {call.title} »" in page
    assert "page de l'appel" in page and "page of the call" not in page and "announced" not in page
