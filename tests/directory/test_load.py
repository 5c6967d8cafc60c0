"""`flask directory load`: counts, refusals, unreadable rows reported, reloading replaces."""

import sqlalchemy as sa

from models import DirectoryEstablishment, DirectoryHeadcount, DirectoryLoad, DirectoryTerm, db

from .conftest import ANNUAIRE_2023, ANNUAIRE_2026, EFFECTIFS, FERRY, FILES, VAUX_CHALON


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_loading_the_three_files_reports_what_was_read(loaded, ctx):
    out = loaded.output
    assert (
        "annuaire-2026.csv : Annuaire de l'éducation, 7 école(s) lue(s), 2 établissement(s) qui ne sont pas des écoles ignoré(s), 2 ligne(s) illisible(s)"
        in out
    )
    assert "ligne 11 : UAI illisible « 0710010B »" in out
    assert "Annuaire : 8 école(s)." in out and "Effectifs : 11 ligne(s) école × rentrée." in out
    assert "1 ligne(s) en double entre les fichiers : la plus récente est gardée." in out
    assert (count(DirectoryEstablishment), count(DirectoryHeadcount), count(DirectoryLoad)) == (8, 11, 3)


def test_the_most_recently_updated_row_wins_whatever_the_file_order(load, ctx):
    assert load(ANNUAIRE_2026, ANNUAIRE_2023).exit_code == 0
    assert db.session.get(DirectoryEstablishment, FERRY).name == "Ecole élémentaire Jules Ferry"


def test_reloading_replaces_the_old_data(loaded, load, ctx):
    result = load(ANNUAIRE_2023)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert sorted(db.session.scalars(sa.select(DirectoryEstablishment.uai))) == [FERRY, VAUX_CHALON]
    assert set(db.session.scalars(sa.select(DirectoryTerm.uai))) == {FERRY, VAUX_CHALON}
    # the headcounts were not in this load: they are kept
    assert count(DirectoryHeadcount) == 11
    assert sorted(db.session.scalars(sa.select(DirectoryLoad.filename))) == [
        "annuaire-2023.csv",
        "effectifs.csv",
    ]


def test_a_file_that_is_no_dataset_is_refused_and_nothing_changes(loaded, load, ctx):
    result = load(ANNUAIRE_2023, FILES / "pas-un-jeu-de-donnees.csv")
    assert result.exit_code == 2
    assert "pas-un-jeu-de-donnees.csv : ce n'est pas un fichier de données reconnu" in result.output
    assert "colonnes manquantes : Identifiant_de_l_etablissement" in result.output
    assert "Rien n'a été chargé." in result.output
    assert count(DirectoryEstablishment) == 8


def test_a_missing_file_is_an_error_message_not_a_traceback(load):
    result = load(FILES / "absent.csv")
    assert result.exit_code == 2 and "absent.csv : fichier illisible" in result.output
    assert "Traceback" not in result.output


def test_unreadable_rows_are_counted_and_the_others_loaded(load, ctx):
    result = load(FILES / "effectifs-lignes-illisibles.csv")
    assert result.exit_code == 0, result.output
    assert "1 ligne(s) école × rentrée lue(s)" in result.output and "3 ligne(s) illisible(s)" in result.output
    assert "ligne 4 : UAI illisible « 0710003A »" in result.output
    assert count(DirectoryHeadcount) == 1


def test_a_load_without_files_is_a_usage_error(load):
    assert load().exit_code == 2


def test_the_samples_of_effectifs_alone_leave_the_schools(loaded, load, ctx):
    assert load(EFFECTIFS).exit_code == 0
    assert count(DirectoryEstablishment) == 8
