"""The forms of a page, read as a browser reads them: every field with the value it shows, so a
simulated user sends back what the page holds (hidden versions and the values shown included)
with only its own changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: dict[str, str] = field(default_factory=dict)

    def data(self, **changes: str) -> dict[str, str]:
        """The fields as the browser sends them, with `changes` typed over them."""
        return {**self.fields, **changes}


class _Parser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url, self.forms, self._form = page_url, [], None
        self._select: str | None = None
        self._first_option: str | None = None
        self._option_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: unescape(v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action") or self.page_url, (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields[a["name"]] = a.get("value", "on")
            elif kind in ("submit", "button", "image"):
                self._form.buttons[a["name"]] = a.get("value", "")
            elif kind != "file":
                self._form.fields[a["name"]] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self._form.buttons[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select, self._first_option = a["name"], None
        elif tag == "option" and self._select:
            value = a.get("value")
            self._option_value = value
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._form.fields[self._select] = value if value is not None else ""
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            self._form.fields.setdefault(self._select, self._first_option or "")
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.fields[self._textarea] = "".join(self._text).removeprefix("\n")
            self._textarea = None


def forms(html: str, page_url: str = "") -> list[Form]:
    """Every form of the page, in order."""
    parser = _Parser(page_url)
    parser.feed(html)
    return parser.forms


def form_to(html: str, action_part: str, page_url: str = "") -> Form | None:
    """The first POST form whose action contains `action_part` (the page itself when empty)."""
    for form in forms(html, page_url):
        if form.method == "post" and action_part in form.action:
            return form
    return None
