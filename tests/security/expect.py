"""What a role should get from a route, from the route's declared policy (web/access.POLICIES)."""

from __future__ import annotations

import io
import zipfile

from .world import MARKERS, TARGETS, Role, Target, sees


def _inspects(role: Role, target: Target | None) -> bool:
    if not role.inspector:
        return False
    return target is None or (role.departement == target.departement and target.inspectors_see)


def allowed(kind: str, role: Role, target: Target | None) -> bool:
    """Whether the policy lets the role in, for a route about `target` (None: about nothing)."""
    if kind == "public":
        return True
    if not role.signed_in:
        return False
    rules = {
        "authenticated": lambda: True,
        "admin": lambda: role.admin,
        "member": lambda: role.org is not None if target is None else role.org == target.org,
        "viewer": lambda: (role.org is not None or role.inspector) if target is None else sees(role, target),
        "inspector": lambda: _inspects(role, target),
        "decider": lambda: role.decider and _inspects(role, target),
    }
    return rules[kind]()


def refusal_problem(response, role: Role) -> str | None:
    """Why the answer is not a proper refusal (None when it is one)."""
    status, location = response.status_code, response.headers.get("Location", "")
    if not role.signed_in and status in (301, 302, 303) and "/connexion" in location:
        return None
    if status in (403, 404) or (not role.signed_in and status == 401):
        return None
    return f"refused role got {status} {location}".strip()


def acceptance_problem(response, role: Role, method: str, target: Target | None) -> str | None:
    """Why the answer is not a proper acceptance (None when it is one)."""
    status, location = response.status_code, response.headers.get("Location", "")
    if status >= 500:
        return f"allowed role got a server error {status}"
    if role.signed_in and "/connexion?next=" in location:
        return "allowed role was sent to the sign-in page"
    if status < 400:
        return None
    if status == 403 and target is not None and not target.editable:
        return None  # a dossier past its draft is read-only: its editing pages are closed
    if method != "GET" and status in (400, 409, 413, 422):
        return None  # an empty POST may be refused as invalid
    return f"allowed role got {status}"


def leaked(body: str, role: Role) -> list[str]:
    """The dossiers the role may not see whose marker the page shows."""
    return [key for key, marker in MARKERS.items() if marker in body and not sees(role, TARGETS[key])]


def page_text(response) -> str:
    """The text of an answer; for a Word or Excel file, the text of its XML parts."""
    raw = response.get_data()
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "\n".join(
                archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")
            )
    return raw.decode("utf-8", "replace")
