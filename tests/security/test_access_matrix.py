"""Every route of the URL map against every role: the answer follows the route's declared policy,
and no page shows a dossier the role may not see.

A new route is covered as soon as it is registered: it must carry `@policy` (web/access.py), and
each variable of its URL must have a value in tests/security/world.py.
"""

from __future__ import annotations

import pytest

from web.access import POLICIES

from .expect import acceptance_problem, allowed, leaked, page_text, refusal_problem
from .routes import routes
from .world import ORG_A, REQUEST_EXTRAS, ROLES, TARGETS

CASES = [(route, target) for route in routes() for target in route.targets]


def _resource(route, target: str | None):
    if target is not None:
        return TARGETS[target]
    return ORG_A if {"org_id", "invitation_id"} & set(route.variables) else None


def _ask(app, world, route, target, role, owner: str):
    """The role's request to the route, with the URL filled from the world."""
    if "token" in route.variables:
        world.renew_tokens(app)  # invitations and resets are single-use
    extras = REQUEST_EXTRAS.get(route.endpoint, {})
    data = extras.get("data", {}) if route.method != "GET" else None
    return world.client(app, role.name).open(
        route.url(world, target, owner),
        method=route.method,
        data=data,
        query_string=extras.get("query_string"),
    )


def _problem(route, role, response, allowed_in: bool, resource) -> str | None:
    if allowed_in:
        problem = acceptance_problem(response, role, route.method, resource)
    else:
        problem = refusal_problem(response, role)
    exempt = route.kind == "admin" and role.admin  # an administrator's pages name every account
    if not problem and not exempt and leaked(page_text(response), role):
        problem = f"the page shows dossier(s) {leaked(page_text(response), role)} the role may not see"
    return problem


@pytest.mark.parametrize("route", routes(), ids=lambda r: r.id)
def test_every_route_declares_a_known_policy(route):
    assert route.kind in POLICIES, (
        f"{route.id} (endpoint {route.endpoint}) declares no access policy: decorate the view with "
        f"@policy(kind, post=None) from web/access.py, kind one of {sorted(POLICIES)}"
    )


@pytest.mark.parametrize("route, target", CASES, ids=[f"{r.id} [{t or '-'}]" for r, t in CASES])
def test_each_role_gets_what_the_policy_says(app, world, route, target):
    assert route.kind in POLICIES, f"{route.id}: no declared policy"
    resource = _resource(route, target)
    verdicts = {role.name: allowed(route.kind, role, resource) for role in ROLES}
    problems = []
    # The refused go first: what they try must change nothing the allowed then rely on.
    for role in sorted(ROLES, key=lambda r: verdicts[r.name]):
        owner = role.name if role.signed_in else "member_a"
        response = _ask(app, world, route, target, role, owner)
        problem = _problem(route, role, response, verdicts[role.name], resource)
        if problem:
            verdict = "allowed" if verdicts[role.name] else "refused"
            problems.append(f"{role.name} ({verdict} by policy {route.kind!r}): {problem}")
    assert not problems, f"{route.method} {route.url(world, target)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("route", [r for r in routes() if r.owned], ids=lambda r: r.id)
def test_what_belongs_to_someone_is_refused_to_everyone_else(app, world, route):
    problems = []
    for role in ROLES:
        if role.name == "member_a":
            continue
        response = _ask(app, world, route, None, role, "member_a")
        problem = refusal_problem(response, role)
        if problem:
            problems.append(f"{role.name} reached member_a's: {problem}")
    assert not problems, f"{route.method} {route.url(world, None)}:\n" + "\n".join(problems)


def test_the_world_knows_the_variables_of_every_route(world):
    """A route whose URL has a variable the world cannot fill fails here with what to do."""
    for route in routes():
        for target in route.targets:
            route.url(world, target)


def test_the_matrix_covers_the_main_policies():
    kinds = {route.kind for route in routes()}
    assert {"public", "authenticated", "member", "viewer"} <= kinds
