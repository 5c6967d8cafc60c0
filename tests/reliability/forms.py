"""Reading a page's forms as a browser would: each field with the value the page shows, so that a
test can change one field and send the rest as it was (version and CSRF token included)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", "")))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self._input(a)
        elif tag == "select":
            self._select, self._first_option = a.get("name"), None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
                self.forms[-1].fields.setdefault(self._select, self._first_option)
            if "selected" in a:
                self.forms[-1].fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1].fields[self._textarea] = ""

    def _input(self, a: dict) -> None:
        kind = a.get("type", "text")
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        if kind not in ("submit", "button", "file"):
            self.forms[-1].fields[a["name"]] = a.get("value", "y" if kind == "checkbox" else "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self.forms:
            text = self.forms[-1].fields[self._textarea]
            # a browser drops the newline that follows <textarea>
            self.forms[-1].fields[self._textarea] = (
                text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            )
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data


def forms_of(html: str) -> list[Form]:
    """Every form of the page, in order."""
    reader = _Reader()
    reader.feed(html)
    return reader.forms


def form_posting_to(html: str, action: str) -> Form:
    """The form of the page whose action ends with `action`."""
    found = [f for f in forms_of(html) if f.action.split("#")[0].endswith(action)]
    assert found, f"no form posting to {action}: {[f.action for f in forms_of(html)]}"
    return found[0]
