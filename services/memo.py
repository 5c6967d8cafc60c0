"""Answers read once per request: what a request asks several times and cannot change while it
runs unless the request itself changes it (the published session of a call, whether a
reference list is loaded). Outside a request (a command, a test's own session) nothing is kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import g, has_request_context

T = TypeVar("T")
_MISSING = object()


def once_per_request(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s answer, computed at the first ask of this request."""
    if not has_request_context():
        return compute()
    kept = g.setdefault("_memo", {})
    found = kept.get(key, _MISSING)
    if found is _MISSING:
        found = kept[key] = compute()
    return found


def forget(area: str) -> None:
    """Drop this request's answers of an area (the first element of their key), after a change."""
    if has_request_context():
        kept = g.get("_memo")
        if kept:
            for key in [k for k in kept if k[0] == area]:
                del kept[key]
