"""Every route of the URL map, as every role, with what an attacker sends instead of what the pages
send: ids of 23 digits, digits of other scripts (`²`, `١٢`, `１２`), huge texts in the path and the
query, methods the route does not take, and bodies that are not forms at all. None may answer 500
(or let an exception out of the application).

The world's own values fill the variables that are not being fuzzed, so that each request goes as
deep into the view as it can. The routes that destroy something run last.
"""

from __future__ import annotations

import pytest

from .fuzz import NASTY, field_names
from .routes import routes
from .world import ROLES

HUGE_ID = "9" * 23
# Decimal digits of other scripts match \d (werkzeug's int converter); superscripts do not.
ODD_NUMBERS = ("١٢", "１２", "²", "-1", "0", str(2**63), "1e3")
ODD_TEXTS = ("x" * 3000, "²²²²²²²²", "é" * 300, "%2e%2e%2f", "a\u202eb", "\U0001f600")
QUERY_KEYS = (
    "page",
    "uai",
    "q",
    "commune_q",
    "commune",
    "dossier",
    "next",
    "kind",
    "ref",
    "sort",
    "state",
    "departement",
    "shared",
    "lang",
    "order",
)
DESTRUCTIVE = ("supprimer", "deposer", "revoquer", "activation", "deconnexion", "decision", "etat")
WRONG_METHODS = ("PUT", "DELETE", "PATCH")


def _ordered():
    """GETs first, then POSTs, the routes that delete, deposit or decide last."""
    return sorted(routes(), key=lambda r: (r.method != "GET", any(w in r.rule for w in DESTRUCTIVE), r.rule))


def _url(route, world, target, owner, replace: dict[str, str]) -> str:
    return route.url(world, target, owner, overrides=replace)


def _path_variants(route) -> list[dict[str, str]]:
    ints = [v for v in route.variables if f"<int:{v}>" in route.rule]
    texts = [v for v in route.variables if v not in ints]
    variants = [{v: HUGE_ID for v in ints}] if ints else []
    variants += [{v: odd for v in ints} for odd in ODD_NUMBERS[:3]] if ints else []
    variants += [{v: odd for v in texts} for odd in ODD_TEXTS[:3]] if texts else []
    return variants


def _queries() -> list[dict[str, str]]:
    """Every key the views read from the query, all set to one odd value, for each odd value."""
    return [{key: odd for key in QUERY_KEYS} for odd in ("²", "²²²²²²²²", "１２", HUGE_ID, "x" * 3000)]


def _form(index: int) -> dict[str, str]:
    texts, _files = field_names()
    values = NASTY + [HUGE_ID, "²²²", "１２", "a\x01b", "a\vb"]
    return {name: values[(index + i) % len(values)] for i, name in enumerate(texts)}


def _bodies(index: int) -> list[dict]:
    """Keyword arguments of a request body: a form of wrong values, and bodies that are not forms."""
    return [
        {"data": _form(index)},
        {"data": _form(index + 7)},
        {"data": b"\xff\xfe%%%=&&=%zz", "content_type": "application/x-www-form-urlencoded"},
        {"data": b"--zz\r\nnot a part\r\n", "content_type": "multipart/form-data; boundary=yy"},
        {"data": b"{not json", "content_type": "application/json"},
        {"data": {"version": HUGE_ID, "id": HUGE_ID, "notification_id": HUGE_ID}},
    ]


def _send(client, method: str, url: str, **kwargs):
    try:
        return client.open(url, method=method, **kwargs).status_code, ""
    except Exception as exc:  # noqa: BLE001 - an exception out of the application is a 500
        return 500, f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.name)
def test_no_route_answers_500_to_hostile_requests(app, world, role):
    failures = []
    for index, route in enumerate(_ordered()):
        owner = role.name if role.signed_in else "member_a"
        target = route.targets[0]
        client = world.client(app, role.name)
        if "token" in route.variables:
            world.renew_tokens(app)
        requests = [(route.method, _url(route, world, target, owner, v), {}) for v in _path_variants(route)]
        url = _url(route, world, target, owner, {})
        requests += [(route.method, url, {"query_string": query}) for query in _queries()]
        if route.method == "POST":
            requests += [("POST", url, body) for body in _bodies(index)]
        requests += [(m, url, {}) for m in WRONG_METHODS]
        for method, address, kwargs in requests:
            status, error = _send(client, method, address, **kwargs)
            if status >= 500:
                failures.append(f"{method} {address[:120]} {sorted(kwargs)}: {status} {error[:300]}")
    assert not failures, f"{len(failures)} answers of 500 as {role.name}:\n" + "\n".join(failures)
