"""Random JSON, and valid dossiers with one part replaced by random JSON, given to `flask dossier
evaluate`, `flask dossier import` and the dossier upload page: a clear refusal (exit code 2, a
4xx page) or a result, never a traceback, and a refused file writes nothing."""

from __future__ import annotations

import json
import traceback

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import EXAMPLES

from .browser import row_counts
from .fuzz import FUZZ
from .routes import routes

VALID = json.loads((EXAMPLES / "petite-commune.json").read_text())
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["", "0750655E", "1e999", "-1", "12,5", "2021-03-31", "snee-2021"]),
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


PATHS = [p for p in _paths(VALID) if p]


@st.composite
def mutated_dossiers(draw):
    """The valid example with one value replaced by random JSON, or removed."""
    data = json.loads(json.dumps(VALID))
    path = draw(st.sampled_from(PATHS))
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(ANY_JSON)
    return json.dumps(data).encode()


DOCUMENTS = st.one_of(
    mutated_dossiers(),
    ANY_JSON.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
    st.just(b"\xef\xbb\xbf{}"),
    st.just(b'{"format": "dossier-snee/1"'),
)


def _no_traceback(result) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(result.exception)))
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), result.output


def test_the_valid_example_goes_through(app, tmp_path):
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps(VALID))
    result = app.test_cli_runner().invoke(args=["dossier", "import", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ["evaluate", "import"])
def test_a_command_refuses_a_bad_file_cleanly(app, tmp_path, command):
    path, runner = tmp_path / "dossier.json", app.test_cli_runner()

    @FUZZ
    @given(document=DOCUMENTS)
    def run(document):
        path.write_bytes(document)
        before = row_counts(app)
        result = runner.invoke(args=["dossier", command, str(path)])
        _no_traceback(result)
        if result.exit_code == 2 or command == "evaluate":
            assert row_counts(app) == before
        if result.exit_code == 2:
            assert result.output.strip(), "refused without saying why"

    run()


def _upload_routes():
    return [r for r in routes() if r.method == "POST" and r.rule.endswith("/dossiers/import")]


def test_the_dossier_upload_page_refuses_a_bad_file_cleanly(app, world):
    if not _upload_routes():
        pytest.skip("no JSON upload route")
    client = world.client(app, "member_a")
    urls = [r.url(world, None) for r in _upload_routes()]

    @FUZZ
    @given(document=DOCUMENTS)
    def upload(document):
        import io

        for url in urls:
            before = row_counts(app)
            response = client.post(
                url,
                data={"file": (io.BytesIO(document), "dossier.json"), "title": "Essai"},
                content_type="multipart/form-data",
            )
            body = response.get_data(as_text=True)
            assert response.status_code < 500 and "Traceback" not in body, body[:2000]
            if response.status_code >= 400:
                assert row_counts(app) == before

    upload()
