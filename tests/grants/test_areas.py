from grants.areas import short_area_name, short_area_names


def test_the_distinctive_part_of_a_circonscriptions_name():
    assert short_area_name("Circonscription d'inspection du 1er degré de Mâcon-Nord") == "Mâcon-Nord"
    assert short_area_name("Circonscription d'inspection du Nanterre") == "Nanterre"
    assert short_area_name("Circonscription de l'Éducation nationale de Chalon") == "Chalon"
    assert short_area_name("MACON NORD") == "MACON NORD"


def test_short_names_stay_distinct():
    names = ["Circonscription d'inspection du Nanterre", "Circonscription d'inspection du Colombes"]
    assert short_area_names(names) == ["Nanterre", "Colombes"]
    twins = ["Circonscription de Mâcon", "Circonscription d'inspection de Mâcon"]
    assert len(set(short_area_names(twins))) == 2
