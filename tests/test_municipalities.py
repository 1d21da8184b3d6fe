import datetime as dt

import pytest

from pipeline.structure.municipalities import find_municipalities

from .conftest import gold, seed_path
from .helpers import from_text


def names(text, date=None):
    return sorted(m.name for m in find_municipalities(text, date))


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_municipalities_match_gold(prefix):
    g = gold(prefix)
    date = dt.date.fromisoformat(g["report_date"]) if g["report_date"] else None
    text = "\n".join(ln.text for ln in from_text(seed_path(prefix).read_text("utf-8")).lines)
    assert names(text, date) == sorted(g["municipalities"])


def test_number_valid_at_report_date_and_2020_and_2024_numbers():
    # Haram was merged into Ålesund in 2020 and is a municipality of its own again from 2024
    (m,) = find_municipalities("Haram kommune deltek.", dt.date(2016, 2, 15))
    assert (m.kommunenummer, m.kommunenummer_2020, m.kommunenummer_2024) == ("1534", "1507", "1580")
    (m,) = find_municipalities("Ålesund kommune deltek.", dt.date(2021, 5, 1))
    assert (m.kommunenummer, m.kommunenummer_2020, m.kommunenummer_2024) == ("1507", "1507", "1508")
    (m,) = find_municipalities("Ålesund kommune deltek.", dt.date(2016, 5, 1))
    assert (m.kommunenummer, m.kommunenummer_2020, m.kommunenummer_2024) == ("1504", "1507", "1508")
    # Skånland (1913), in Tjeldsund from 2020, is in Troms's Tjeldsund (5512) on the 2024 map
    (m,) = find_municipalities("Skånland kommune deltek.", dt.date(2018, 5, 1))
    assert (m.kommunenummer, m.kommunenummer_2024) == ("1913", "5512")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi tok båten til ei lita vik ved fjorden.", []),
        ("Vik kommune deltek i samarbeidet.", ["Vik"]),
        ("Kommunane Høyanger, Vik og Balestrand samarbeider.", ["Balestrand", "Høyanger", "Vik"]),
        ("Det er eit nes ut i fjorden. Nes er fint.", []),
        ("Vi møttest på Os for å drøfte saka.", []),
        ("Hole i vegen er eit problem. Bø er eit ord.", []),
        ("Re kan bety mykje.", []),
        ("Vi var på øya Sula i helga.", []),
        ("Sula, Giske og Haram deltek.", ["Giske", "Haram", "Sula"]),
        ("Mo i Rana er tredje største by i Nord-Norge.", []),
        ("Ordførarane i Lurøy, Hemnes, Nesna og Rana.", ["Hemnes", "Lurøy", "Nesna", "Rana"]),
        ("nettverk med de to andre byregionene i fylket; Molde og Kristiansund.", []),
        ("Molderegionen med kommunane Molde, Aukra og Rauma.", ["Aukra", "Molde", "Rauma"]),
        ("eit sterkare samarbeid med Voss og Hardanger", []),
        # a district's name that is a municipality's too: coordinated municipalities
        ("arbeidsplasser i Hole, Jevnaker og Ringerike", ["Hole", "Jevnaker", "Ringerike"]),
        ("Ulvik og Voss samarbeider om reiseliv", ["Ulvik", "Voss"]),
        # a surname: "kommune" on the line before does not make it a municipality
        ("- Per Olsen, Åmot kommune\nProsjektleder: Anne Berg", ["Åmot"]),
        ("Berg kommune og Lenvik kommune", ["Berg", "Lenvik"]),
        ("Kommunane Berg, Torsken og Tranøy", ["Berg", "Torsken", "Tranøy"]),
        # a name that is part of something else (the dev corpus's conventions)
        ("Kontaktpersonar\nCarina Stokke\nRådgiver", []),
        ("Prosjektgruppe Thor Ove Farsund Anne-Grete Nøttingnes", []),
        ("kari-anne.opsal@harstad.kommune.no", []),
        ("3 Bergen februar 2009 FELLES LØFT FOR NÆRINGSUTVIKLING", []),
        ("Nord-Trøndelag Fylkeskommune Steinkjer 26.januar 2005", []),
        ("i samarbeid med Universitetet i Tromsø og Norgesuniversitetet", []),
        ("Utviklingsforum Ålesund lufthamn Vigra", []),
        ("Kunnskapsmiljøene og storbyen Trondheim er våre fortrinn", []),
        # still a municipality: a title before its name, a list, a sentence's first word
        ("Ordfører Skånland kommune", ["Skånland"]),
        ("Ordførarane i Hemsedal, Gol og Ål.", ["Gol", "Hemsedal", "Ål"]),
        ("Regionen består av Molde, Aukra og Rauma.", ["Aukra", "Molde", "Rauma"]),
        ("I Bergen er det mange bedrifter.", ["Bergen"]),
    ],
)
def test_context_rules_guard_against_false_positives(text, expected):
    assert names(text, dt.date(2016, 1, 1)) == expected


def test_namesakes_resolve_to_the_county_of_the_other_mentions():
    found = {
        m.name: m.kommunenummer
        for m in find_municipalities("Kommunane Bø, Hadsel og Sortland samarbeider.", dt.date(2018, 1, 1))
    }
    assert found["Bø"] == "1867"  # Bø i Nordland, not Bø i Telemark (0821)


def test_a_year_in_the_title_dates_the_names_when_no_date_is_given():
    from .helpers import structured_text

    st = structured_text(
        "Årsmelding 2019\nNordfjordrådet\n\nVi arbeider for at Stad skipstunnel vert bygd, saman med Stryn kommune.\n"
    )
    assert [m.name for m in st.municipalities] == ["Stryn"]  # Stad became a municipality in 2020


def test_bilingual_names_keep_the_form_the_document_used():
    found = {
        m.name: (m.kommunenummer, m.kommunenummer_2020)
        for m in find_municipalities("Kommunane Steinkjer og Snåsa samarbeider.", dt.date(2016, 6, 30))
    }
    assert found == {"Snåsa": ("1736", "5041"), "Steinkjer": ("1702", "5006")}


def test_hyphenated_names_and_compounds_tokenise_as_the_norwegian_rules_do():
    from pipeline.structure.municipalities import _matcher

    tokenize, _ = _matcher()
    text = "  Ålesund-regionen, Nord-Fron og Sula.\n\nMo i Rana  kommune\n"
    doc = tokenize(text)
    assert doc.text == text  # nothing lost: spans map back to the text
    assert [t.text for t in doc if not t.is_space][:4] == ["Ålesund-regionen", ",", "Nord-Fron", "og"]
    assert names("Ålesund-regionen og Nord-Fron kommune.", dt.date(2016, 1, 1)) == ["Nord-Fron"]


def test_members_and_municipalities_named_in_passing():
    text = (
        "Prosjektet eies av Kongsvinger kommune på vegne av de seks kommunene Eidskog, Grue, Kongsvinger, "
        "Nord-Odal, Sør-Odal og Åsnes.\nVi deltok på Hallingtreff, med gjester fra Oslo, Trondheim, Bergen.\n"
    )
    roles = {m.name: m.role for m in find_municipalities(text, dt.date(2017, 9, 1))}
    assert {n for n, r in roles.items() if r == "member"} == {
        "Eidskog",
        "Grue",
        "Kongsvinger",
        "Nord-Odal",
        "Sør-Odal",
        "Åsnes",
    }
    assert roles["Oslo"] == roles["Trondheim"] == roles["Bergen"] == "mentioned"


def test_an_undated_document_takes_its_numbers_from_one_era():
    """Skånland was merged into Tjeldsund in 2020: beside it, Harstad gets its number of
    the same (2019) table, not the 2020 one."""
    found = {
        m.name: m.kommunenummer
        for m in find_municipalities("Skånland kommune og Harstad kommune samarbeider.")
    }
    assert found == {"Skånland": "1913", "Harstad": "1903"}


def test_two_names_of_one_municipality_are_one_mention():
    found = find_municipalities(
        "Kommunene Harstad, Skånland og Tjeldsund samarbeider. Dielddanuorri - Tjeldsund kommune er med.",
        dt.date(2018, 1, 1),
    )
    numbers = [m.kommunenummer for m in found]
    assert sorted(numbers) == sorted(set(numbers))
    tjeldsund = next(m for m in found if m.kommunenummer == "1852")
    assert tjeldsund.mentions == 2 and tjeldsund.name in ("Tjeldsund", "Dielddanuorri - Tjeldsund")


def test_a_transcript_sites_title_names_municipalities_too():
    from pipeline.segment import segment
    from pipeline.structure import structure

    doc = from_text(
        "Handlingsplan for reisemålsutvikling på Geilo og i Hol kommune\n\nStørrelse: px\n\n"
        'Download "Handlingsplan for reisemålsutvikling på Geilo og i Hol kommune"\n\nTranskript\n\n'
        "1 Partnerskapet mellom Hol og Geilo Turist er fornyet og vedtatt av formannskapet.\n"
    )
    assert "Hol" in [m.name for m in structure(doc, segment(doc)).municipalities]


def test_a_line_of_thousands_of_names_is_searched_for_whose_they_are_once(monkeypatch):
    """Whether a line says whose municipalities it lists ('kommunene ...') is looked up once
    per line, not once per name on it: a 60 kB line of names took 26 s, its cost the
    square of its length. The answer is the same for every name on the line."""
    from pipeline.structure import municipalities

    searched = []
    cue = municipalities._MEMBER_CUE

    class Counting:
        def search(self, text):
            searched.append(len(text))
            return cue.search(text)

    monkeypatch.setattr(municipalities, "_MEMBER_CUE", Counting())
    line = "Samarbeidet omfatter kommunene " + "Gol, Ål og Hol, " * 1000 + "Flå og Nes."
    roles = {m.name: m.role for m in find_municipalities(f"Regionrådet\n\n{line}\n\nMøte i Hemsedal.")}
    assert roles == {
        "Gol": "member",
        "Ål": "member",
        "Hol": "member",
        "Flå": "member",
        "Nes": "member",
        "Hemsedal": "mentioned",
    }
    assert len(searched) == 1
