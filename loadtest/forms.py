"""The forms of a page, read as a browser reads them: every field with the value it shows, so a
simulated user sends back what the page holds (hidden versions and the values shown included)
with only its own changes.

The page is parsed by lxml (libxml2's HTML parser, in C): the load generator runs on the same
CPUs as the server it measures, and the standard library's HTMLParser cost about a tenth of a
page's server time per form read."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: dict[str, str] = field(default_factory=dict)

    def data(self, **changes: str) -> dict[str, str]:
        """The fields as the browser sends them, with `changes` typed over them."""
        return {**self.fields, **changes}


_CONTROLS = "descendant::*[self::input or self::button or self::select or self::textarea]"


def _option_value(option) -> str:
    """What a browser sends for an option: its value, else its text."""
    value = option.get("value")
    return value if value is not None else " ".join(option.text_content().split())


def _read(element, page_url: str) -> Form:
    form = Form(element.get("action") or page_url, (element.get("method") or "get").lower())
    for control in element.xpath(_CONTROLS):
        name, tag = control.get("name"), control.tag
        if not name:
            continue
        if tag == "input":
            if control.get("disabled") is not None:
                continue
            kind = (control.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if control.get("checked") is not None:
                    form.fields[name] = control.get("value", "on")
            elif kind in ("submit", "button", "image"):
                form.buttons[name] = control.get("value", "")
            elif kind != "file":
                form.fields[name] = control.get("value", "")
        elif tag == "button":
            form.buttons[name] = control.get("value", "")
        elif tag == "select":
            options = control.xpath("descendant::option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            form.fields[name] = _option_value(chosen[-1]) if chosen else ""
        elif tag == "textarea":
            form.fields[name] = (control.text or "").removeprefix("\n")
    return form


def forms(html: str, page_url: str = "") -> list[Form]:
    """Every form of the page, in order."""
    if not html.strip():
        return []
    root = lxml.html.document_fromstring(html)
    return [_read(element, page_url) for element in root.iter("form")]


def form_to(html: str, action_part: str, page_url: str = "") -> Form | None:
    """The first POST form whose action contains `action_part` (the page itself when empty)."""
    for form in forms(html, page_url):
        if form.method == "post" and action_part in form.action:
            return form
    return None
