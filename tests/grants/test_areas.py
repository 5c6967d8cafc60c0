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


def test_sizes_and_dates_are_written_the_locales_way():
    from datetime import date

    from grants.numbers import fmt_date, fmt_size

    nbsp = "\u00a0"
    assert fmt_size(0, "fr") == f"0{nbsp}octet" and fmt_size(850, "fr") == f"850{nbsp}octets"
    assert fmt_size(10_000, "fr") == f"10{nbsp}ko" and fmt_size(5_700_000, "fr") == f"5,7{nbsp}Mo"
    assert fmt_size(5_700_000, "en") == f"5.7{nbsp}MB"
    assert fmt_date(date(2027, 1, 1), "fr") == "1er janvier 2027"
    assert fmt_date(date(2027, 1, 21), "fr") == "21 janvier 2027"
    assert fmt_date(date(2027, 1, 1), "en") == "1 January 2027"
