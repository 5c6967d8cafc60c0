"""URL rules whose builders are compiled when a URL is first built, not at start (issue 18).

Werkzeug compiles two Python functions per rule (`url_for` with and without extra arguments)
as the rule is added: for the application's hundred-odd rules, a fifth of `create_app`. A page
builds the URLs of a few endpoints; each builder is compiled on its first use, once per process,
by Werkzeug's own code, and then replaces the placeholder. Matching a request is unchanged (the
rule's regular parts are still parsed as it is added).
"""

from __future__ import annotations

from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    def _compile_builder(self, append_unknown: bool = True):
        name = "_build_unknown" if append_unknown else "_build"

        def build(rule: Rule, /, **values):
            real = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, name, real)  # two threads may both compile it: the same function
            return real(**values)

        return build
