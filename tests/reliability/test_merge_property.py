"""Property (issue 12): for any interleaving of two people's loads, typing and saves of
different fields of one dossier, every save is acknowledged and every acknowledged value is in
the database at the end. Each person's browser is modelled: a save sends the whole form as last
loaded, with that person's typing; a successful save reloads the page (Post/Redirect/Get)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import DossierRecord, db

from .forms import form_posting_to

# Each person edits their own fields; the collectivité step and the project's texts.
FIELDS = {
    0: ("rep_name", "contact_name", "population", "summary"),
    1: ("rep_title", "name", "contact_email", "pedagogy"),
}
PAGES = {"collectivite": ("rep_name", "contact_name", "population", "rep_title", "name", "contact_email")}


def _page_of(field: str) -> str:
    return "collectivite" if field in PAGES["collectivite"] else "projet"


def _value(field: str, n: int) -> str:
    if field == "population":
        return str(1000 + n)
    if field == "contact_email":
        return f"contact{n}@mairie.example.fr"
    return f"{field} {n}"


actions = st.lists(
    st.tuples(
        st.sampled_from(("load", "type", "save")),
        st.integers(0, 1),
        st.sampled_from(("collectivite", "projet")),
        st.integers(0, 3),
        st.integers(0, 999),
    ),
    min_size=1,
    max_size=14,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=actions)
def test_every_acknowledged_change_of_different_fields_is_kept(app, colleagues, steps):
    d = colleagues.dossier_id
    clients = {0: colleagues.first, 1: colleagues.second}
    url = {page: f"/dossiers/{d}/{page}" for page in ("collectivite", "projet")}

    def load(who: int, page: str) -> dict:
        html = clients[who].get(url[page]).get_data(as_text=True)
        return form_posting_to(html, url[page]).fields

    forms = {(who, page): load(who, page) for who in (0, 1) for page in url}
    acknowledged: dict[str, str] = {}
    for action, who, page, index, n in steps:
        if action == "load":
            forms[(who, page)] = load(who, page)
            continue
        own = [f for f in FIELDS[who] if _page_of(f) == page]
        if action == "type":
            field = own[index % len(own)]
            forms[(who, page)][field] = _value(field, n)
            continue
        form = forms[(who, page)]
        answer = clients[who].post(url[page], data=form)
        assert answer.status_code == 302, (steps, answer.get_data(as_text=True)[:500])
        acknowledged.update({f: form[f] for f in own})
        forms[(who, page)] = load(who, page)
    with app.app_context():
        rec = db.session.get(DossierRecord, d)
        stored = {f: str(getattr(rec, f) if getattr(rec, f) is not None else "") for f in acknowledged}
    assert stored == acknowledged, steps
