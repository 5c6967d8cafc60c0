"""Random values in every form of forms/ and in every POST route: never a server error, never a
traceback, and a refused request writes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .baselines import BASELINES
from .browser import row_counts
from .fuzz import FUZZ, _fields, field_names, form_classes, form_data, text_values
from .routes import routes

POSTS = [r for r in routes() if r.method == "POST"]


def test_the_fuzzer_knows_every_form_of_the_forms_package():
    names = {c.__name__ for c in form_classes()}
    assert {
        "CollectiviteForm",
        "SchoolForm",
        "LineForm",
        "CofunderForm",
        "ProjectForm",
        "SignUpForm",
    } <= names


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda c: c.__name__)
def test_a_form_validates_any_input_without_crashing(app, form_class):
    names = tuple(sorted({n for k in form_class.__mro__ for n in _fields(k)}))
    if not names:
        pytest.skip("a form without fields")

    @FUZZ
    @given(data=form_data(names))
    def validate(data):
        with app.test_request_context(method="POST", data=data):
            form = form_class()
            for field in form:  # dynamic choices are filled by the view; an empty list is the worst case
                if getattr(field, "choices", ...) is None:
                    field.choices = []
            form.validate()
            for field in form:
                assert isinstance(field.errors, (list, tuple, dict))

    validate()


@pytest.mark.parametrize("route", POSTS, ids=lambda r: r.id)
def test_random_input_to_a_route_never_breaks_it(app, world, route):
    target = "A2" if route.targets != (None,) else None  # a draft: every editing route is open
    url = route.url(world, target)
    client = world.client(app, "member_a")

    @FUZZ
    @given(data=form_data())
    def post(data):
        before = row_counts(app)
        response = client.post(url, data=data, content_type="multipart/form-data")
        body = response.get_data(as_text=True)
        assert response.status_code < 500, body[:3000]
        assert "Traceback" not in body
        if 400 <= response.status_code < 500:
            assert row_counts(app) == before, f"refused with {response.status_code} but wrote"

    post()


def _mutated(baseline_fields: dict) -> st.SearchStrategy[dict]:
    """A few fields of a valid request replaced by random values (or dropped)."""
    keys = sorted(set(baseline_fields) | set(field_names()[0]))
    return st.dictionaries(st.sampled_from(keys), st.one_of(text_values(), st.none()), min_size=1, max_size=3)


MUTATED = [r for r in POSTS if r.endpoint in BASELINES]


def test_the_main_forms_have_a_valid_baseline():
    assert {r.endpoint for r in MUTATED} >= {
        "wizard.save_collectivite",
        "wizard.edit_school",
        "wizard.edit_line",
        "wizard.edit_cofunder",
        "wizard.save_project",
        "wizard.save_inventory",
    }


@pytest.mark.parametrize("route", MUTATED, ids=lambda r: r.id)
def test_a_valid_form_with_a_few_random_fields_never_breaks_a_route(app, world, route):
    baseline = BASELINES[route.endpoint]
    url = route.url(world, baseline.target)
    client = world.client(app, baseline.role)
    with app.app_context():
        fields = baseline.data(world)
    assert client.post(url, data=fields).status_code < 400, "the baseline itself is refused"

    @FUZZ
    @given(changes=_mutated(fields))
    def post(changes):
        with app.app_context():
            data = baseline.data(world)
        data.update(changes)
        data = {k: v for k, v in data.items() if v is not None}
        before = row_counts(app)
        response = client.post(url, data=data)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, (data, body[:3000])
        assert "Traceback" not in body
        if 400 <= response.status_code < 500:
            assert row_counts(app) == before, f"refused with {response.status_code} but wrote"

    post()
