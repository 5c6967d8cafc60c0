"""The budget and the état des lieux show one school at a time beside a summary of all of them,
so that their pages do not grow with the dossier; every save comes back to the same school."""

import re

from wtforms import Form, SelectField

from forms.fields import QuickSelect

from .factories import BOURG, HAMEAU, inventory_form, line_form, lines, school_form, schools, squash, text


def _two_schools(member, base):
    member.post(f"{base}/ecoles/nouvelle", school_form())
    member.post(f"{base}/ecoles/nouvelle", school_form(uai=HAMEAU, name="École du Hameau"))
    member.post(f"{base}/budget/nouvelle", line_form(label="Vidéoprojecteur du Bourg"))
    member.post(f"{base}/budget/nouvelle", line_form(school=HAMEAU, label="Tablettes du Hameau"))
    member.post(
        f"{base}/budget/nouvelle",
        line_form(school="__dossier__", category="service_ent", label="ENT commun", duration_months="12"),
    )
    return schools(int(base.rsplit("/", 1)[1]))


def test_the_budget_shows_the_chosen_school_and_sums_up_the_others(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    bourg, hameau = _two_schools(member, base)
    first = text(member.get(f"{base}/budget"))
    assert "Vidéoprojecteur du Bourg" in first and "Tablettes du Hameau" not in first
    start = first.index('id="sections-title"')
    summary = squash(first[start : first.index("</section>", start)])
    # Each school's line count and totals (3 × 1 890,00 € HT, 20 % VAT), and the dossier's lines.
    assert "École élémentaire du Bourg (" + BOURG + ") 1 5 670,00 € 6 804,00 €" in summary
    assert "École du Hameau (" + HAMEAU + ") 1 5 670,00 € 6 804,00 €" in summary
    assert "Lignes communes à tout le dossier (volet 2) 1" in summary
    assert f'href="{base}/budget?ecole={hameau.id}#school-{hameau.id}"' in first
    assert f'href="{base}/budget?ecole={bourg.id}#school-{bourg.id}" aria-current="true"' in first
    other = text(member.get(f"{base}/budget?ecole={hameau.id}"))
    assert "Tablettes du Hameau" in other and "Vidéoprojecteur du Bourg" not in other
    # The new line's form proposes the school shown.
    assert f'<option selected value="{HAMEAU}">' in other
    common = text(member.get(f"{base}/budget?ecole=dossier"))
    assert "ENT commun" in common and "Tablettes du Hameau" not in common
    assert '<option selected value="__dossier__">' in common


def test_budget_saves_come_back_to_the_lines_school(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    _bourg, hameau = _two_schools(member, base)
    line = next(ln for ln in lines(dossier_id) if ln.school_uai == HAMEAU)
    edited = member.post(
        f"{base}/budget/{line.id}", line_form(school=HAMEAU, label="Tablettes", version=str(line.version))
    )
    assert edited.headers["Location"].endswith(f"/budget?ecole={hameau.id}#line-{line.id}")
    copy = member.post(f"{base}/budget/{line.id}/dupliquer")
    assert re.search(rf"/budget\?ecole={hameau.id}#line-\d+$", copy.headers["Location"])
    # The edit page of a line shows its school, whatever the address asked.
    page = text(member.get(f"{base}/budget/{line.id}"))
    assert "Modifier la ligne « Tablettes »" in page and f'id="school-{hameau.id}"' in page
    refused = member.post(f"{base}/budget/nouvelle", line_form(school=HAMEAU, quantity="-1"))
    assert refused.status_code == 422
    assert f'id="school-{hameau.id}"' in text(refused)
    proposed = member.post(f"{base}/budget/proposer/{hameau.id}")
    assert proposed.headers["Location"].endswith(f"/budget?ecole={hameau.id}#school-{hameau.id}")


def test_the_etat_des_lieux_shows_one_school_and_comes_back_to_it(team, ctx):
    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    bourg, hameau = _two_schools(member, base)
    first = text(member.get(f"{base}/etat"))
    assert f'id="school-{bourg.id}"' in first and f'id="school-{hameau.id}"' not in first
    assert f'href="{base}/etat?ecole={hameau.id}#school-{hameau.id}"' in first
    saved = member.post(f"{base}/etat/{hameau.id}", inventory_form(hameau.version, classe_affichage=1))
    assert saved.headers["Location"].endswith(f"/etat?ecole={hameau.id}#school-{hameau.id}")
    page = text(member.get(saved.headers["Location"]))
    assert f'id="inv-{hameau.id}-classe_affichage" name="inv_classe_affichage" value="1"' in page
    refused = member.post(
        f"{base}/etat/{hameau.id}", inventory_form(hameau.version + 1, classe_affichage="deux")
    )
    assert refused.status_code == 422
    body = text(refused)
    assert f'id="school-{hameau.id}"' in body and "— École du Hameau" in squash(body)


def test_the_quick_select_writes_what_wtforms_writes():
    choices = [("a", "Bourg <b>"), ('x"y', "Hameau & co"), ("", "")]

    class Plain(Form):
        school = SelectField(choices=choices, validate_choice=False)

    class Quick(Form):
        school = SelectField(choices=choices, validate_choice=False, widget=QuickSelect())

    for data in ('x"y', "a", None):
        assert str(Quick(data={"school": data}).school()) == str(Plain(data={"school": data}).school())
