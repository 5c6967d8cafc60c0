"""The load test's simulated browser reads a page's forms as a browser sends them back."""

from loadtest.forms import form_to, forms

PAGE = """<!doctype html><html><body>
<form method="post" action="/deconnexion"><input type="hidden" name="csrf_token" value="t"></form>
<form method="POST" action="/dossiers/3/ecoles/nouvelle?x=1&amp;y=2">
  <input type="hidden" name="version" value="7">
  <input name="name" value="École &amp; collège">
  <input name="blank">
  <input name="off" value="no" disabled>
  <input type="file" name="upload">
  <input type="checkbox" name="ticked" value="yes" checked><input type="checkbox" name="unticked">
  <input type="radio" name="sector" value="public"><input type="radio" name="sector" value="prive" checked>
  <select name="kind"><option value="maternelle">M</option><option value="elementaire" selected>É</option></select>
  <select name="first"><option value="a">A</option><option value="b">B</option></select>
  <select name="untitled"><option> Sans  valeur </option><option value="v">V</option></select>
  <textarea name="summary">
Ligne 1 &lt;b&gt;
Ligne 2</textarea>
  <input type="submit" name="go" value="Enregistrer"><button name="then" value="next">Suite</button>
</form>
<form><input name="q" value="1"></form>
</body></html>"""


def test_every_field_is_read_with_the_value_the_page_shows():
    deconnexion, school, search = forms(PAGE, "/dossiers/3/ecoles")
    assert (deconnexion.action, deconnexion.method, deconnexion.fields) == (
        "/deconnexion",
        "post",
        {"csrf_token": "t"},
    )
    assert school.action == "/dossiers/3/ecoles/nouvelle?x=1&y=2" and school.method == "post"
    assert school.fields == {
        "version": "7",
        "name": "École & collège",
        "blank": "",
        "ticked": "yes",
        "sector": "prive",
        "kind": "elementaire",
        "first": "a",
        "untitled": "Sans valeur",
        "summary": "Ligne 1 <b>\nLigne 2",
    }
    assert school.buttons == {"go": "Enregistrer", "then": "next"}
    # A form without an action goes to the page itself; without a method it is a GET.
    assert (search.action, search.method, search.fields) == ("/dossiers/3/ecoles", "get", {"q": "1"})


def test_the_data_sent_is_the_page_s_fields_with_the_person_s_changes_typed_over():
    school = form_to(PAGE, "nouvelle")
    assert school is not None
    sent = school.data(name="Autre", pupils="60")
    assert sent["name"] == "Autre" and sent["pupils"] == "60" and sent["version"] == "7"
    assert school.fields["name"] == "École & collège"  # the form itself is unchanged
    assert form_to(PAGE, "supprimer") is None
    assert forms("") == []
