import datetime as dt

import pytest
from rapidfuzz import fuzz

from pipeline.evaluate import UNIT_SOFT, match, norm
from pipeline.segment import looks_like_slides, segment
from pipeline.structure.fields import canonical_region, dates_in, find_report_date, region_mentions
from pipeline.structure.organisation import extract_units

from .conftest import gold, seed_path
from .helpers import from_text, lines, structured_text, vocabulary


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_seed_units_match_gold(prefix):
    doc = from_text(seed_path(prefix).read_text("utf-8"))
    units = extract_units(segment(doc), slides=looks_like_slides(doc))
    want = gold(prefix)["organisation_units"]
    pairs = match(
        want,
        units,
        lambda g, p: fuzz.ratio(norm(g["name"]), norm(p.name)) if g["kind"] == p.kind else 0,
        UNIT_SOFT,
    )
    assert len(pairs) == len(want) == len(units)


def test_working_group_status_from_parentheses_and_hiring():
    units = {u.name: u for u in structured_text(seed_path("000").read_text("utf-8")).units}
    assert units["Omdømme og profil"].status == "being_established"
    assert units["Byen som regional motor"].status == "established"
    assert units["prosjektleder"].status == "established"


def test_a_unit_kind_is_one_row_of_the_vocabulary(monkeypatch):
    """Unit kinds are data (unit_kinds.tsv): a row adds a word, and the first row that matches
    decides."""
    from pipeline import lexicon
    from pipeline.structure.organisation import unit_kind

    assert unit_kind("Fagforum for reiseliv") is None
    assert unit_kind("Politisk styringsgruppe") == "political_forum"  # above 'styringsgrupp'
    with vocabulary(
        monkeypatch, "unit_kinds.tsv", [(999, ["working_group", "fagforum"])], lexicon.unit_kind_patterns
    ):
        assert unit_kind("Fagforum for reiseliv") == "working_group"


def test_nynorsk_organisation():
    text = """Rapport

Organisering av prosjektet
Det er tilsett prosjektleiar i 50 % stilling.
Arbeidsgrupper
1. Reiseliv (etablert)
2. Kompetanse og rekruttering (under etablering)
Sogn regionråd er styringsgruppe for prosjektet.
"""
    got = {(u.name, u.kind, u.status) for u in structured_text(text).units}
    assert ("Reiseliv", "working_group", "established") in got
    assert ("Kompetanse og rekruttering", "working_group", "being_established") in got
    assert ("Sogn regionråd", "steering_group", None) in got
    assert ("prosjektleiar", "project_management", "established") in got


def test_groups_named_by_what_they_work_on_with_their_status():
    text = """Prosjektrapport

Organisering
Styringsgruppe: ordførerne i de seks kommunene.
Arbeidsgruppe for kompetanse (etablert)
Arbeidsgruppe for samferdsel (ikke etablert)
Arbeidsgruppe reiseliv er under etablering.
- Referansegruppe for næring og kompetanse (etablert)
Arbeidsgruppa har hatt tre møter i år.
Arbeidsgrupper:
1. Omdømme (etablert)
2. Bolig (ikkje etablert)
"""
    got = {(u.name, u.kind, u.status) for u in structured_text(text).units}
    assert {
        ("Arbeidsgruppe for kompetanse", "working_group", "established"),
        ("Arbeidsgruppe for samferdsel", "working_group", None),
        ("Arbeidsgruppe reiseliv", "working_group", "being_established"),
        ("Referansegruppe for næring og kompetanse", "reference_group", "established"),
        ("Omdømme", "working_group", "established"),
        ("Bolig", "working_group", None),
    } <= got
    assert not any(name.startswith("Arbeidsgruppa") for name, _, _ in got)


def test_a_body_opening_a_line_and_a_group_set_up_in_a_sentence():
    text = """Rapportering pr. 01.09.2016

Organisering
Prosjektleiar: Kari Nordmann
Styringsgruppa består av ordførarane i dei fem kommunane.
Det er oppretta ei arbeidsgruppe for reiseliv.
Vi har etablert ei arbeidsgruppe for å sjå på bustadbygging.
"""
    got = {(u.name, u.kind, u.status) for u in structured_text(text).units}
    assert ("Styringsgruppa", "steering_group", None) in got
    assert ("Arbeidsgruppe for reiseliv", "working_group", "established") in got
    assert not any(name.endswith(" å") for name, _, _ in got)


def test_a_predicates_subject_starts_after_the_sentence_before():
    text = """Strategisk plan

Organisering
Listerrådet har ansvaret for oppfølginga. Regionrådet er styringsgruppe.
"""
    got = {(u.name, u.kind) for u in structured_text(text).units}
    assert ("Regionrådet", "steering_group") in got
    assert not any("oppfølginga" in name for name, _ in got)


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Ålesund-regionen", "Ålesundregionen"),
        ("Ålesundregionen", "Ålesundregionen"),
        ("Region Ålesund", "Ålesundregionen"),
        ("Ålesundsregionen", "Ålesundregionen"),
        ("Sogn regionråd", "Sogn"),
        ("Alesund-regionen", "Ålesundregionen"),
    ],
)
def test_region_aliases_are_one_region(printed, canonical):
    assert canonical_region(printed) == canonical


@pytest.mark.parametrize(
    ("title", "region"),
    [
        ("Prosjektplan for Byregionprogrammet – Haugalandet\nHaugesund, 12. mars 2016", "Haugalandet"),
        ("Handlingsplan Indre Helgeland 2019", "Indre Helgeland"),
        # the county, not the region Sogn (the dev corpus's convention: a county named is the region)
        ("Sogn og Fjordane fylkeskommune\nRapport 2017", "Sogn og Fjordane"),
    ],
)
def test_a_listed_region_name_by_itself_in_the_title(title, region):
    st = structured_text(f"{title}\n\nMål\nHovedmål: Vekst i folketallet.\n")
    assert st.region == region


def test_region_found_in_text_and_unknown_region_kept_canonical():
    assert sorted(region_mentions("Rapport frå Region Ålesund og Molde-regionen")) == [
        "Molderegionen",
        "Ålesundregionen",
    ]
    assert region_mentions("Arbeidet i byregionen og i heile regionen") == []
    assert region_mentions("Status i Vinjeregionen") == ["Vinjeregionen"]


def test_the_area_a_regional_plan_is_for_is_its_region():
    # dev03: a plan area that no region table lists ('Regional plan for Hardangervidda')
    assert region_mentions("For at Regional plan for Hardangervidda skal få den virkning") == [
        "Hardangervidda"
    ]
    assert region_mentions("Regional plan for Setesdal Vesthei, Ryfylkeheiane og Setesdal Austhei") == [
        "Setesdal Vesthei"
    ]
    # a plan for a county, a plan strategy and a plan for a topic name no region here
    assert region_mentions("Regional plan for Sogn og Fjordane 2016") == []
    assert region_mentions("Regional planstrategi for Sogn og Fjordane 2016-2020") == []
    assert region_mentions("Regional plan for folkehelse") == []


def test_a_joint_municipality_or_a_districts_municipalities_name_the_region():
    assert region_mentions("1 Innherred Samkommune Postboks LEVANGER") == ["Innherred"]
    assert region_mentions("Tilbakemelding på prosjektet frå Hardangerkommunane") == ["Hardanger"]
    # a name the region table does not know, with 'kommunane': not a region
    assert region_mentions("Dei fire Vestkommunane samarbeider") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Rapportering pr. 15.02.2016", dt.date(2016, 2, 15)),
        ("Oppfølgingsmøte 28.9.21", dt.date(2021, 9, 28)),
        ("Samling 22. – 23. mars 2017", dt.date(2017, 3, 22)),
        ("Dato: 2019-11-04", dt.date(2019, 11, 4)),
        ("Møte 3. desember 2020 i Førde", dt.date(2020, 12, 3)),
        # written without spaces, the month shortened ('12.okt.2016')
        ("Dato: 12.okt.2016", dt.date(2016, 10, 12)),
        # a month and a year, no day: the first of the month (the dev corpus's 'YYYY-MM')
        ("NYHETSBREV des. 2021", dt.date(2021, 12, 1)),
        (
            "3 Bergen februar 2009 FELLES LØFT FOR NÆRINGSUTVIKLING I HORDALAND Usikker utvikling",
            dt.date(2009, 2, 1),
        ),
        # a date with a slash, as council minutes write it (dev08); a case number is no date
        ("1 STRATEGISK NÆRINGSPLAN MASFJORDEN KOMMUNE Kommunestyret 13/9 12 1", dt.date(2012, 9, 13)),
        ("Vedtatt i regionrådet 13/9-2012", dt.date(2012, 9, 13)),
        ("Vår referanse 15/02616-7", None),
        # one end of a period, or a month in running prose: no date
        ("Fase 1 - mars 2014 – mai 2015", None),
        ("Vi starta arbeidet i mars 2019 og held fram heile året med mange møte og samlingar.", None),
    ],
)
def test_report_dates(text, date):
    assert find_report_date(lines("Tittel", text)) == date


def test_a_month_name_is_one_row_of_the_vocabulary(monkeypatch):
    """Month names are data (months.tsv): a row adds a name ('october' in an English summary)."""
    from pipeline import lexicon
    from pipeline.structure import fields

    assert find_report_date(lines("Tittel", "Møte 15. october 2016")) is None
    caches = (lexicon.months, fields._words, fields._month_year)
    with vocabulary(monkeypatch, "months.tsv", [(999, ["october", "10"])], *caches):
        assert find_report_date(lines("Tittel", "Møte 15. october 2016")) == dt.date(2016, 10, 15)


def test_no_report_date_from_a_day_without_year_or_from_prose():
    assert (
        find_report_date(lines("Byregionsamling", "230 deltakarar samlast 22. – 23. mars i Ålesund.")) is None
    )
    assert dates_in("31.02.2016") == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_document_fields(prefix):
    st = structured_text(seed_path(prefix).read_text("utf-8"))
    g = gold(prefix)
    assert st.doc_type == g["doc_type"]
    assert st.region == g["region"]
    assert (st.report_date.isoformat() if st.report_date else None) == g["report_date"]


def test_a_council_that_has_met_is_established():
    from pipeline.structure.organisation import unit_status

    assert unit_status("Fredag 10. mars hadde Rådet for Region Ålesund sitt første møte.") == "established"
    assert unit_status("Rådet skal ha sitt første møte i mars.") is None
    st = structured_text(
        "Organisering\n\nRegionen er i gang. Fredag 10. mars hadde Rådet for Region Ålesund sitt første "
        "møte. Rådet har representantar frå kommunane.\n"
    )
    assert [(u.name, u.status) for u in st.units if u.kind == "advisory_council"] == [
        ("Rådet for Region Ålesund", "established")
    ]


def test_a_document_about_a_whole_county_has_it_as_its_region():
    from pipeline.structure.fields import find_region

    body = "\n\nProgrammet skal særleg stimulere til næringsutvikling og nyskaping i heile fylket.\n"
    doc = from_text("Regionalt utviklingsprogram for Hordaland 2009" + body)
    assert find_region(segment(doc)) == "Hordaland"
    # a region of its own comes first; a municipality's own document is about no region
    doc = from_text("Handlingsplan for Hardangerrådet i Hordaland" + body)
    assert find_region(segment(doc)) != "Hordaland"
    doc = from_text("Planstrategi for Jølster kommune og Regional planstrategi for Sogn og Fjordane" + body)
    assert find_region(segment(doc)) is None
    # the title a transcript site gave the file counts as title
    assert (
        find_region(segment(from_text("Innhald" + body)), "REGIONALT UTVIKLINGSPROGRAM FOR HORDALAND")
        == "Hordaland"
    )
    # a county named only further on in the text, with no region named at all (dev29)
    title = (
        "Handlingsprogram 2018-2019\n\nMål og tiltak\n\nKommunane skal redusere utsleppa med ein tredel.\n"
    )
    later = "\nBakgrunn\n\nTiltaka er kopla til det overordna målet om klimaomstilling i Sogn og Fjordane.\n"
    assert find_region(segment(from_text(title + later))) == "Sogn og Fjordane"
    assert find_region(segment(from_text(title + body))) is None
    # a county named in passing, and a region that ends a range of examples, name no region
    # (dev13: a national programme's page)
    national = (
        "Dette er Byregionprogrammet\n\nMål og tiltak\n\nProgrammet skal auke kunnskapen om samspelet.\n\n"
        "Kommunar og regionar\n\nStorleiken på regionane varierer frå Aust Lofoten med sine to "
        "kommunar til Region Namdal som har tretten kommunar. 16 fylke er representert, og det er "
        "Nordland som toppar statistikken med 25 kommunar.\n"
    )
    assert find_region(segment(from_text(national))) is None
    # the start of a range in the title area is no region either
    assert find_region(segment(from_text("Frå Lofoten til Namdal: byregionar i heile landet" + body))) is None


def test_a_date_opening_a_flattened_page_is_the_report_date():
    page = (
        "1 23. juni 2014 BÆREKRAFTIG REISEMÅL VI ER I GANG Handlingsplan for bærekraftig reisemålsutvikling "
        "1. Bakgrunn I desember 2013 ble partnerskapsavtalen fornyet og enstemmig vedtatt av formannskapet."
    )
    assert find_report_date(from_text(page).lines) == dt.date(2014, 6, 23)
    # a date inside a long sentence is no report date
    prose = "Avtalen ble fornyet og vedtatt av formannskapet og styret den 23. juni 2014 etter en lang prosess i mange ledd."
    assert find_report_date(from_text(prose).lines) is None


def test_a_date_in_a_paragraph_a_pdf_wraps_is_no_report_date():
    """A PDF wraps a paragraph into short lines, and may put a date in running text at a
    line's start: read as the paragraph it is, the date is no report date, as in the text."""
    from pipeline.records import Line

    wrapped = [
        Line("Godkjenning av fylkesplan", page=1, size=16.0, bold=True, block=1),
        Line("Miljøverndepartementet har i oversending av", page=1, size=11.0, block=2),
        Line("30.08.2006 motteke fylkesplanen til sentral godkjenning, og har", page=1, size=11.0, block=2),
        Line("sendt planen på høyring til dei andre departementa.", page=1, size=11.0, block=2),
    ]
    assert find_report_date(wrapped, paragraphs=False, layout=True) is None
    # the lines taken as they stand, the date opens a line: what the stage read before
    assert find_report_date(wrapped) == dt.date(2006, 8, 30)
    # a date that opens a paragraph of its own is still the report date
    dated = [wrapped[0], Line("30.08.2006", page=1, size=11.0, block=2), *wrapped[1:]]
    dated[2:] = [Line(ln.text, page=1, size=11.0, block=3) for ln in dated[2:]]
    assert find_report_date(dated, paragraphs=False, layout=True) == dt.date(2006, 8, 30)


def test_the_title_area_of_a_wrapped_pdf_paragraph_reaches_as_far_as_the_text():
    """A two-column PDF wraps the opening paragraph into many short lines: its title area
    still reaches the municipality the text names (a municipality's own document is about no
    region), as the same paragraph on one line does (dev19)."""
    from pipeline.records import Line, Section
    from pipeline.structure.fields import find_region

    opening = (
        "Planstrategi 2016 2020 - Vedlegg 1. Prosjektdirektiv 2. Nasjonale forventningar til "
        "regional og kommunal planlegging 3. Regional planstrategi for Sogn og Fjordane 2016 2020 "
        "(høyringsutkast) 4. Tal, prognosar og analyser for Jølster kommune 5. Gjennomføringsgrad"
    )
    words = opening.split()
    wrapped = [Line(" ".join(words[k : k + 3]), page=1, size=10.0, block=1) for k in range(0, len(words), 3)]
    assert len(wrapped) > 8  # the municipality stands after the eighth line
    section = Section(ordinal=0, kind="other", heading=None, lines=tuple(wrapped))
    assert find_region([section], paragraphs=False, layout=True) is None
    one_line = Section(ordinal=0, kind="other", heading=None, lines=(Line(opening),))
    assert find_region([one_line]) is None
    # read line by line, as before, a name in the first eight lines was taken for the region
    assert find_region([section]) is not None
