import pytest

from pipeline.records import Extracted
from pipeline.segment import heading_kind, segment

from .conftest import gold, seed_path
from .helpers import from_text, pdf_line, structured_text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_sections_match_gold(prefix):
    doc = from_text(seed_path(prefix).read_text("utf-8"))
    got = [(s.kind, s.heading) for s in segment(doc) if s.kind != "other"]
    assert got == [(s["kind"], s["heading"]) for s in gold(prefix)["sections"]]


def test_every_line_belongs_to_exactly_one_section_and_preamble_has_no_heading():
    doc = from_text(seed_path("000").read_text("utf-8"))
    sections = segment(doc)
    assert sections[0].heading is None
    assert sum(len(s.lines) for s in sections) + sum(1 for s in sections if s.heading) == len(doc.lines)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Vurdering av framdrifta i arbeidet", "progress"),
        ("Skildring av aktivitetane fram til no", "activities"),
        ("Organisering av prosjektet", "organisation"),
        ("Avvik frå prosjektplanen", "deviations"),
        ("Hovudmål og delmål", "goals"),
        ("Vurdering av framdriZen", "progress"),  # a broken glyph
        ("Beskrivelse av aktivitetne", "activities"),  # a typo
        ("Samarbeid med Hardanger", "other"),
        ("Vik", "other"),
        ("Målgrupper", "other"),
        ("Arbeidet i styringsgruppa", "activities"),
        ("Arbeidet følger planen", "other"),  # "arbeidet i" is one letter off, but "følger" goes on
        ("Fokusområder og aktiviteter", "activities"),  # areas and the work done in them
        ("Attraktivitet og omdømme", "other"),
    ],
)
def test_heading_lexicon_is_fuzzy_in_both_varieties(heading, kind):
    assert heading_kind(heading)[0] == kind


def test_nynorsk_report_template_is_segmented():
    text = """Rapportering pr. 1. mars 2017

Sunnfjordregionen

Organisatoriske endringar i høve til prosjektplanen
Styringsgruppa er uendra.

Presisering av mål for prosjektet
Hovudmål: Auke samhandlinga mellom kommunane.

Skildring av aktivitetane fram til no
Vi har halde tre verkstader.

Vurdering av framdrifta i arbeidet
Framdrifta er i tråd med planen.
"""
    kinds = [s.kind for s in segment(from_text(text)) if s.kind != "other"]
    assert kinds == ["organisation", "goals", "activities", "progress"]


def test_layout_headings_start_sections_and_bold_body_lines_do_not():
    lines = (
        pdf_line("Årsrapport 2019", 1, size=18, bold=True),
        pdf_line("Organisering", 2, size=13, bold=True),
        pdf_line("Styringsgruppa", 3, size=10, bold=True),
        pdf_line("Styringsgruppa møtest fire gonger i året og har ansvaret for prosjektet.", 3, size=10),
        pdf_line("Mål og tiltak", 4, size=13, page=2, bold=True),
        pdf_line("Hovudmål: Fleire arbeidsplassar i regionen.", 5, size=10, page=2),
    )
    sections = segment(Extracted(lines=lines, n_pages=2, layout=True))
    assert [(s.kind, s.heading) for s in sections] == [
        ("other", "Årsrapport 2019"),
        ("organisation", "Organisering"),
        ("goals", "Mål og tiltak"),
    ]
    assert sections[1].page_start == 1 and sections[2].page_end == 2


@pytest.mark.parametrize("with_title", [True, False])
def test_a_title_below_a_running_header_is_the_title_whatever_its_words(with_title):
    head = [pdf_line("Byregionprogrammet – Elverumregionen", 1, size=8)]
    title = [pdf_line("Statusrapport 2. halvår 2017", 2, size=18, bold=True)] if with_title else []
    body = [
        pdf_line("Mål", 3, size=13, bold=True),
        pdf_line("Hovedmål: Elverumregionen skal vokse.", 4, size=10),
        pdf_line("Framdrift", 5, size=13, bold=True),
        pdf_line("Prosjektet er i rute.", 6, size=10),
    ]
    sections = segment(Extracted(lines=tuple(head + title + body), n_pages=1, layout=True))
    kinds = [(s.kind, s.heading) for s in sections if s.heading]
    expected = [("goals", "Mål"), ("progress", "Framdrift")]
    assert kinds == ([("other", "Statusrapport 2. halvår 2017")] if with_title else []) + expected


def _headings(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.heading) for s in segment(from_text(text)) if s.heading]


def test_a_label_over_a_paragraph_is_a_heading_and_a_goal_label_is_not():
    # the form of dev32: a goal label and a chapter label look alike, ':' and blank lines both
    text = (
        "Visjon, overordna mål og verdigrunnlag\n\n"
        "Overordna mål:\n\nHjelmeland kommune skal vere eit berekraftig og nyskapande samfunn "
        "som er attraktivt for næringsliv og befolkning.\n\n"
        "Verdigrunnlag og leiarfilosofi:\n\nFor å oppnå dei overordna måla, ynskjer kommunen å "
        "bygge tillit og truverd gjennom respekt, omsorg og openheit.\n"
    )
    heads = [h for _, h in _headings(text)]
    assert "Verdigrunnlag og leiarfilosofi:" in heads
    assert "Overordna mål:" not in heads


def test_a_label_and_title_line_is_a_heading_and_a_credit_or_field_is_not():
    text = (
        "Lierne\n\nOmstillingsperiode 2015-2021. Lierne har utfordringer med nedleggelse av arbeidsplasser.\n\n"
        "Foto: Harald Håvik\n\n"
        "Fagområde: Tilflytting\n\nKommunen har mista folk i mange år, og det er få nye arbeidsplassar.\n\n"
        "Utfordringene: Bakgrunn for omstillingsstatus\n\n"
        "Bakgrunnen for at Lierne kommune søker om omstillingsstatus er nedgang i sysselsettingen.\n"
    )
    heads = [h for _, h in _headings(text)]
    assert "Utfordringene: Bakgrunn for omstillingsstatus" in heads
    assert not any(h.startswith(("Foto", "Fagområde")) for h in heads)
    assert "Foto: Harald Håvik" in from_text(text).furniture


def test_an_item_of_a_labelled_series_standing_alone_is_no_heading():
    # dev24's work packages, one to a block: 'AP 2.' is an item like 'AP 1.' and 'AP 3.'
    text = (
        "Prosjekt Bioøkonomi i Namdalen\n\nProsjektets hovedmål er hentet fra strategien:\n\n"
        "Økt verdiskaping innen bioøkonomien.\n\nAP 1. Kunnskap og kompetanse om bioøkonomi.\n\n"
        "AP 2. Næringsutvikling og verdiskapning\n\nAP 3. Helhetlig forvaltning av ressursene.\n\n"
        "Prosjektet ledes av Val FoU.\n"
    )
    heads = [h for _, h in _headings(text)]
    assert not any(h.startswith("AP ") for h in heads)
    # a label and a number with no series around it is still a heading ('Fase 2' over its paragraph)
    assert "Fase 2" in [
        h for _, h in _headings("Fase 2\n\nArbeidet i fase 2 starta i 2019 med ei forstudie.\n")
    ]


def test_the_line_a_goal_lead_in_announces_is_no_heading():
    # seed 003's form, its lines set apart: the goal under 'Mål for nettverksarenaer:'
    text = (
        "Måloppnåelse\n\nI felles workshop kom det fram at tilliten bør utvikles.\n\n"
        "Mål for nettverksarenaer:\n\n"
        "Styrke samarbeidet og gjennomslagskraften for næringslivets utfordringer\n\n"
        "Det er enighet om at det trengs flere møteplasser.\n"
    )
    heads = [h for _, h in _headings(text)]
    assert "Styrke samarbeidet og gjennomslagskraften for næringslivets utfordringer" not in heads
    assert [(g.level, g.text) for g in structured_text(text).goals] == [
        ("sub_goal", "Styrke samarbeidet og gjennomslagskraften for næringslivets utfordringer")
    ]


def test_lead_ins_and_sentences_standing_alone_are_no_headings():
    text = (
        "Resultat\n\nDet er totalt behandlet 140 saker i perioden.\n\n"
        "Dette har bidratt til\n\n • Økt aktivitet / flere møteplasser\n • Bedre samhold gjennom dugnad\n\n"
        "Se hele presentasjonen som ble vist\n\nHar du innspill til områdene, send en e-post.\n\n"
        "Dette er Byregionprogrammet\n\nProgrammet skal styrke samspelet mellom by og omland.\n"
    )
    heads = [h for _, h in _headings(text)]
    assert "Dette har bidratt til" not in heads
    assert "Se hele presentasjonen som ble vist" not in heads
    assert "Dette er Byregionprogrammet" in heads  # a title that says what the page is


def test_a_transcripts_cover_title_below_its_date_is_no_heading():
    text = (
        'Handlingsplan for reiselivet\n\nDownload "Handlingsplan for reiselivet"\n\nTranskript\n\n'
        "1 23. juni 2014 BÆREKRAFTIG REISEMÅL VI ER I GANG 23.juni 2014 Handlingsplan for "
        "bærekraftig reisemålsutvikling 1. Bakgrunn I desember 2013 ble partnerskapsavtalen fornyet "
        "og enstemmig vedtatt av formannskapet og styret. Denne avtalen har en overordnet målsetting "
        "om å sikre en langsiktig utvikling av Hol som reisemål, sosialt, økonomisk og kulturelt.\n"
    )
    heads = [h for _, h in _headings(text)]
    assert "BÆREKRAFTIG REISEMÅL VI ER I GANG" not in heads
    assert "1. Bakgrunn" in heads


def test_a_question_about_the_projects_owner_is_about_its_organisation():
    assert heading_kind("2. Hvem er juridisk eier av prosjektet?")[0] == "organisation"
    assert heading_kind("Kven er eigar av prosjektet?")[0] == "organisation"
    assert heading_kind("Prosjekter / interkommunalt samarbeid:")[0] == "activities"


def test_a_transcripts_title_in_sentence_case_between_sentences_is_a_heading():
    text = (
        'Regionalt utviklingsprogram\n\nDownload "Regionalt utviklingsprogram"\n\nTranskript\n\n'
        "3 Næringslivet i Hordaland har bak seg ei lang oppgangstid. Kor sterk verknaden av dette "
        "vert for næringslivet er usikkert, men vi må vere førebudd på vanskelegare tider. Felles "
        "satsing mot konsekvensane av finanskrise og nedgongstider Regionalt utviklingsprogram 2009 "
        "gjev retning for bruken av alle næringsretta verkemiddel. Listene: c. Felles fotodatabase kr "
        "d. Turguiding for barn kr Profileringsprosjekt langrenn blir gjennomført i samarbeid med "
        "regionrådet. Geografisk spenner Hallingdal frå Flå til Hol. Prosjektet styrker samarbeidet mellom "
        "kommunene Ålesund og Giske. Kommunen startet arbeidet med planen Ørsta og Volda.\n"
    )
    heads = [h for _, h in _headings(text)]
    assert "Felles satsing mot konsekvensane av finanskrise og nedgongstider" in heads
    assert not any(h.startswith(("Turguiding", "Geografisk", "Prosjektet", "Kommunen")) for h in heads)


def test_a_subtitle_after_a_transcripts_heading_in_capitals_is_a_heading():
    text = (
        'Regionalt utviklingsprogram\n\nDownload "Regionalt utviklingsprogram"\n\nTranskript\n\n'
        "3 Bergen februar 2009 FELLES LØFT FOR NÆRINGSUTVIKLING I HORDALAND Usikker utvikling for "
        "næringslivet Næringslivet i Hordaland har bak seg ei lang oppgangstid. Men tillit og tru på "
        "framtida er no svekka blant bedrifter og hushald verda rundt som følgje av fallande bustad- og "
        "aksjeprisar. HANDLINGSPLAN Regionrådet for Hallingdal vedtok planen i mars.\n"
    )
    heads = [h for _, h in _headings(text)]
    assert heads[:2] == ["FELLES LØFT FOR NÆRINGSUTVIKLING I HORDALAND", "Usikker utvikling for næringslivet"]
    assert not any(h.startswith("Regionrådet") for h in heads)  # a sentence's subject, two words


def test_a_label_over_one_item_heads_it_as_over_several():
    """An annual page's blocks, the first with one item under its label (dev16's form)."""
    text = (
        "Årsmelding\n\nI årsmeldingane fortel vi om aktiviteten i regionrådet.\n\n"
        "Årsmelding 2022\n\nProsjekter / interkommunalt samarbeid:\n\n • Oppvekst\n\n"
        "Politisk arbeid:\n\n • Styremøter og representantskapsmøter\n\n"
        "Årsmelding 2021\n\nProsjekter / interkommunalt samarbeid:\n\n • Samhandling innan helse\n"
        " • Energieffektivisering\n"
    )
    heads = [h for _, h in _headings(text)]
    assert heads.count("Prosjekter / interkommunalt samarbeid:") == 2
    assert "Politisk arbeid:" in heads


def test_the_same_heading_twice_in_a_row_is_one_heading():
    """A PDF that styles a link's text like the heading it points to: 'Årsmelding 2020'
    closes one block in the heading's font, and the block it points to opens with it."""
    lines = (
        pdf_line("Årsmelding 2021", 1, size=14, bold=True),
        pdf_line("• Ny strategi for regionrådet", 2),
        pdf_line("Årsmelding 2020", 3, size=14, bold=True),
        pdf_line("Årsmelding 2020", 4, size=14, bold=True),
        pdf_line("• Møte med samferdselsministeren", 5),
    )
    sections = segment(Extracted(lines=lines, n_pages=1, layout=True))
    assert [s.heading for s in sections] == ["Årsmelding 2021", "Årsmelding 2020"]
    assert [ln.text for ln in sections[1].lines] == ["• Møte med samferdselsministeren"]


def test_a_large_title_a_narrow_column_wraps_over_six_lines_is_read_whole():
    """A two-column PDF wraps a 26-point title over six lines, words broken where the
    column ends: the heading is all of them, not its first three."""
    title = ["Hordaland", "fylke –", "Handlingsprog", "ram for", "næringsutvikli", "ng"]
    lines = tuple(pdf_line(t, 2, size=26) for t in title) + (
        pdf_line("Handlingsprogram for næringsutvikling i Hordaland er styrande", 3),
        pdf_line("for bruken av næringsretta utviklingsmidlar.", 3),
    )
    sections = segment(Extracted(lines=lines, n_pages=1, layout=True))
    assert [s.heading for s in sections] == [" ".join(title)]
    assert [ln.text for ln in sections[0].lines] == [ln.text for ln in lines[6:]]


def test_a_large_title_whose_first_wrapped_line_ends_in_a_comma_is_one_heading():
    """dev32's two-column PDF: 'Visjon,' / 'overordna mål' / 'og' / 'verdigrunnlag' in 26
    points is the title, judged whole, not a line ending in a comma."""
    title = ["Visjon,", "overordna mål", "og", "verdigrunnlag"]
    lines = tuple(pdf_line(t, 2, size=26) for t in title) + (
        pdf_line("Kommuneplanen 2011-2023.", 3),
        pdf_line("Visjonen gjev uttrykk for eit ynske om eit positivt samspel.", 4),
    )
    sections = segment(Extracted(lines=lines, n_pages=1, layout=True))
    assert [s.heading for s in sections] == ["Visjon, overordna mål og verdigrunnlag"]


def test_a_large_title_wrapped_after_its_colon_is_one_heading():
    """'Utviklingsprogrammet for byregioner – Fase 2:' / 'Rapportering pr. 15.02.2014' in a
    large font, one block: one title, as on one line; a large line that ends its sentence
    ends its heading."""
    body = (
        pdf_line("Prosjekteier er Ålesund kommune, og det er ansatt prosjektleder i 100 % stilling.", 3),
        pdf_line("Styringsgruppen består av rådmennene i de fem deltakerkommunene.", 3),
    )

    def headings(title: list[str]) -> list[str | None]:
        lines = tuple(pdf_line(t, 2, size=20) for t in title) + body
        return [s.heading for s in segment(Extracted(lines=lines, n_pages=1, layout=True))]

    wrapped = ["Utviklingsprogrammet for byregioner – Fase 2:", "Rapportering pr. 15.02.2014"]
    assert headings(wrapped) == [" ".join(wrapped)]
    assert len(headings(["Utviklingsprogrammet er avsluttet.", "Rapportering pr. 15.02.2014"])) == 2


def test_a_transcript_wrapped_at_72_columns_reads_as_the_transcript():
    """A transcript site's text (each PDF page one line) saved hard-wrapped: each block is
    one page again, so its inline headings are read as in the unwrapped text."""
    import textwrap

    body = "Kommunene og næringslivet går sammen om en rekrutteringskampanje for regionen. " * 4
    pages = [
        "1 Utkast til kampanjeplan En nyhetsdrevet kampanje for regionen. " + body,
        "2 Kampanje for mer hjernekraft og handlingskraft Vi skal hevde oss i toppen. " + body,
        "3 En nyhetsdrevet kampanje Kommunene, NTNU og næringslivet går sammen. " + body,
    ]
    head = 'Utkast til kampanjeplan\n\nDownload "Utkast til kampanjeplan En nyhetsdrevet kampanje"\n\nTranskript\n\n'

    def headings(wrap: bool) -> list[str | None]:
        text = head + "\n\n".join("\n".join(textwrap.wrap(p, 72)) if wrap else p for p in pages) + "\n"
        return [s.heading for s in segment(from_text(text)) if s.heading]

    assert headings(wrap=False) == [
        "Kampanje for mer hjernekraft og handlingskraft",
        "En nyhetsdrevet kampanje",
    ]
    assert headings(wrap=True) == headings(wrap=False)


def test_a_contact_cards_label_on_a_web_page_is_a_heading():
    """A web page's contact cards, as text: an area's name over the person for it and a
    phone number ('Kultur' / 'Carina Stokke' / 'Rådgiver' / 'Tlf. ...') heads the card; a
    person's name over a title and a number is the card itself, not a heading."""
    doc = from_text(
        "Handlingsprogram\n\nFylkesplanen har tre satsingsområde.\n\nKontaktpersonar\n\n"
        "Ingunn Bekken Sjåholm\nAss.fylkesplansjef\n71 28 02 46 /\nMob. +4790746923\n\n"
        "Kultur\nCarina Stokke\nRådgiver\nTlf. 71 25 89 02 / Mob. 482 62 671\n\n"
        "Samferdsel\nGry Halvorsen\nRådgivar\nTlf. 71 25 81 84\n"
    )
    assert [(s.heading, s.kind) for s in segment(doc)] == [
        ("Handlingsprogram", "other"),
        ("Kontaktpersonar", "other"),
        ("Kultur", "other"),
        ("Samferdsel", "other"),
    ]
