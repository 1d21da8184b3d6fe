from pipeline.segment import segment
from pipeline.structure.goals import extract_goals, match_labelled
from pipeline.structure.units import split_label_run, strip_label

from .conftest import gold, seed_path
from .helpers import from_text, goal_tree, pdf_line, structured_text


def _goals(prefix):
    return structured_text(seed_path(prefix).read_text("utf-8")).goals


def test_alesund_report_has_26_measures_each_under_its_sub_goal():
    goals = _goals("000")
    measures = [g for g in goals if g.level == "measure"]
    assert len(measures) == 26
    for m in measures:
        parent = goals[m.parent]
        assert parent.level == "sub_goal" and m.number.split(".")[0] == parent.number
    numbers = [m.number for m in measures]
    assert numbers.count("2.2") == 2 and "6.3" not in numbers  # kept as printed


def test_alesund_goals_match_gold_exactly():
    got = [(g.level, g.number, g.text) for g in _goals("000")]
    assert got == [(g["level"], g["number"], g["text"]) for g in gold("000")["goals"]]


def test_loose_goal_forms_of_the_rana_report():
    got = [(g.level, g.label, g.text) for g in _goals("003")]
    assert got == [(g["level"], g["label"], g["text"]) for g in gold("003")["goals"]]


def test_slide_goal_and_no_goals_from_agreements():
    goals = _goals("004")
    assert [(g.level, g.label) for g in goals] == [("main_goal", "MÅL")]
    assert not _goals("002")


def test_cross_references_resolve_or_stay_dangling():
    st = structured_text(seed_path("000").read_text("utf-8"))
    refs = {
        (
            st.goals[r.from_goal].number,
            r.target_number,
            st.goals[r.target_goal].number if r.target_goal is not None else None,
        )
        for r in st.references
    }
    assert refs == {("5.3", "4.2", None), ("6.6", "1.5", "1.5"), ("6.7", "1.6", "1.6")}


def test_nynorsk_labels_and_numbering_forms():
    text = """Mål og tiltak
Hovudmål: Regionen skal vere ein attraktiv stad å bu og arbeide.
Delmål 1: Styrkje samarbeidet mellom kommunane.
Tiltak 1.1: Etablere eit felles plankontor.
Tiltak 1.2.1: Kartleggje behovet for
areal til næring.
Delmål 2) Betre kollektivtilbodet.
TILTAK:
a) Samordne rutetidene.
b) Greie ut bestillingstransport.
"""
    st = structured_text(text)
    got = goal_tree(st)
    assert got == [
        ("main_goal", None, "Regionen skal vere ein attraktiv stad å bu og arbeide.", None),
        ("sub_goal", "1", "Styrkje samarbeidet mellom kommunane.", None),
        ("measure", "1.1", "Etablere eit felles plankontor.", "1"),
        ("measure", "1.2.1", "Kartleggje behovet for areal til næring.", "1"),
        ("sub_goal", "2", "Betre kollektivtilbodet.", None),
        ("measure", "a)", "Samordne rutetidene.", "2"),
        ("measure", "b)", "Greie ut bestillingstransport.", "2"),
    ]


def test_action_plan_theme_and_bulleted_measures():
    text = """Handlingsplan 2022

TEMA: Reiseliv
Mål: Fleire heilårsarbeidsplassar i reiselivet.
TILTAK:
• Utvikle ein felles destinasjonsstrategi
• Samarbeid om fellesgodefinansiering

TEMA: Samferdsel
TILTAK:
• Påverke NTP og RTP for rassikring
"""
    st = structured_text(text)
    got = [
        (g.level, g.label, g.text, st.goals[g.parent].text if g.parent is not None else None)
        for g in st.goals
    ]
    assert got[0] == ("sub_goal", "TEMA", "Reiseliv", None)
    assert (
        "measure",
        "TILTAK",
        "Utvikle ein felles destinasjonsstrategi",
        "Fleire heilårsarbeidsplassar i reiselivet.",
    ) in got
    assert got[-1] == ("measure", "TILTAK", "Påverke NTP og RTP for rassikring", "Samferdsel")


def test_labelled_line_matcher():
    assert match_labelled("Delmål 3. Bestemme og ta i bruk strategier") == (
        "sub_goal",
        "3",
        "Delmål",
        "Bestemme og ta i bruk strategier",
    )
    assert match_labelled("Mål for samferdsel:")[2] == "Mål for samferdsel"
    assert match_labelled("Delmål og tiltak:") is None
    assert match_labelled("Målet med rådet er å samarbeide") is None


def test_activities_link_to_sub_goals():
    st = structured_text(seed_path("000").read_text("utf-8"))
    linked = {st.goals[a.sub_goal].number for a in st.activities if a.sub_goal is not None}
    assert linked == {"1", "2", "3", "4", "5", "6", "7"}
    first = next(a for a in st.activities if a.number == "1")
    assert "Byregionkonferansen" in first.text


def test_goals_from_segmented_sections_only_once():
    doc = from_text(seed_path("000").read_text("utf-8"))
    goals, _ = extract_goals(segment(doc))
    assert len(goals) == len({(g.number, g.text) for g in goals}) + 0  # no activity repeats a goal


def test_goal_label_alone_on_its_line_and_a_plain_goal_statement():
    text = """Prosjektplan

Målsetting:
Regionen skal ha 20 000 innbyggjarar i 2030.

Delmål 1
Fleire arbeidsplassar i privat sektor.
"""
    got = [(g.level, g.label, g.number, g.text) for g in structured_text(text).goals]
    assert got == [
        ("main_goal", "Målsetting", None, "Regionen skal ha 20 000 innbyggjarar i 2030."),
        ("sub_goal", "Delmål", "1", "Fleire arbeidsplassar i privat sektor."),
    ]


def test_unnumbered_measure_lines_under_a_sub_goal():
    text = """Mål og tiltak
Delmål 1: Betre kollektivtilbod.
Tiltak: Samordne rutetidene mellom kommunane.
Tiltak: Greie ut bestillingstransport.
"""
    st = structured_text(text)
    got = [
        (g.level, g.label, g.text, st.goals[g.parent].number if g.parent is not None else None)
        for g in st.goals
    ]
    assert got == [
        ("sub_goal", "Delmål", "Betre kollektivtilbod.", None),
        ("measure", "Tiltak", "Samordne rutetidene mellom kommunane.", "1"),
        ("measure", "Tiltak", "Greie ut bestillingstransport.", "1"),
    ]


def test_the_project_models_goals_and_a_goal_label_heading_a_list():
    st = structured_text(
        "Prosjektplan\n\n2. Mål\n"
        "Samfunnsmål: Regionen skal ha vekst i folketall og arbeidsplasser.\n"
        "Effektmål:\n"
        "- Flere unge flytter tilbake etter endt utdanning.\n"
        "- Økt pendling mellom kommunene.\n"
        "Resultatmål: Et felles næringsfond er etablert innen 2017.\n"
        "Delmål:\n"
        "1. Bedre samarbeid mellom kommunene og næringslivet.\n"
    )
    got = [(g.level, g.label, g.text) for g in st.goals]
    assert got == [
        ("main_goal", "Samfunnsmål", "Regionen skal ha vekst i folketall og arbeidsplasser."),
        ("sub_goal", "Effektmål", "Flere unge flytter tilbake etter endt utdanning."),
        ("sub_goal", "Effektmål", "Økt pendling mellom kommunene."),
        ("sub_goal", "Resultatmål", "Et felles næringsfond er etablert innen 2017."),
        ("sub_goal", "Delmål", "Bedre samarbeid mellom kommunene og næringslivet."),
    ]


def test_a_deviation_on_a_measure_is_not_a_new_measure():
    st = structured_text(
        "Samling 14. juni 2017\n\nMål og tiltak\n"
        "Delmål 1: Auka tal arbeidsplassar med 500 innan 2020\n"
        "Tiltak 1.1 Etablere næringsforum\n"
        "Tiltak 1.2 Rekruttere gründerar\n\n"
        "Avvik\n"
        "Tiltak 1.2 er utsett til 2018\n"
    )
    assert [(g.level, g.number, g.text) for g in st.goals] == [
        ("sub_goal", "1", "Auka tal arbeidsplassar med 500 innan 2020"),
        ("measure", "1.1", "Etablere næringsforum"),
        ("measure", "1.2", "Rekruttere gründerar"),
    ]
    assert [s.kind for s in st.sections if s.kind != "other"] == ["goals", "deviations"]


def test_numbered_strategies_under_numbered_goals():
    st = structured_text(
        "Strategisk plan for Lister 2018–2022\n\nMål og strategiar\n"
        "Mål 1: Auke folketalet i Lister med 2 % innan 2022.\n"
        "Strategi 1.1 Marknadsføre regionen mot unge vaksne.\n"
        "Strategi 1.2: Leggje til rette for fleire bustader i sentrum.\n"
        "Mål 2: Fleire arbeidsplassar i privat sektor.\n"
        "Strategi 2.1 Styrkje næringsapparatet.\n"
        "Strategi: Samarbeid på tvers av kommunegrensene.\n"
    )
    got = goal_tree(st)
    assert got[:5] == [
        ("sub_goal", "1", "Auke folketalet i Lister med 2 % innan 2022.", None),
        ("measure", "1.1", "Marknadsføre regionen mot unge vaksne.", "1"),
        ("measure", "1.2", "Leggje til rette for fleire bustader i sentrum.", "1"),
        ("sub_goal", "2", "Fleire arbeidsplassar i privat sektor.", None),
        ("measure", "2.1", "Styrkje næringsapparatet.", "2"),
    ]
    assert got[5][:3] == ("sub_goal", None, "Samarbeid på tvers av kommunegrensene.")


def test_items_right_under_a_sub_goal_are_its_measures():
    st = structured_text(
        "Statusrapport\n\nMål\n"
        "Hovedmål: Elverumregionen skal ha 1000 nye innbyggere innen 2025.\n"
        "Delmål 1: Styrke næringslivet\n"
        "a) Etablere næringshage\n"
        "b) Utvikle bedriftsnettverk\n"
        "Delmål 2: Bedre omdømmet gjennom:\n"
        "- en ny nettside\n"
    )
    got = [(g.level, g.text, st.goals[g.parent].number if g.parent is not None else None) for g in st.goals]
    assert ("measure", "Etablere næringshage", "1") in got and (
        "measure",
        "Utvikle bedriftsnettverk",
        "1",
    ) in got
    assert not any(text == "en ny nettside" for _, text, _ in got)  # a goal ending in ":" goes on below


def test_a_goal_label_whose_next_line_is_completed_by_the_items_below():
    st = structured_text(
        "Visjon og mål\n\nOverordna mål:\n\nHjelmeland kommune skal vere\n\n"
        " • Berekraftig og nyskapande samfunn\n\n • Innbyggjarfokusert og kvalitetsmedviten\n"
    )
    assert [(g.level, g.text) for g in st.goals] == [
        ("main_goal", "Berekraftig og nyskapande samfunn"),
        ("main_goal", "Innbyggjarfokusert og kvalitetsmedviten"),
    ]


def test_goals_stated_in_a_sentence_are_read_by_the_rules():
    """'Det overordna målet ... er å ...', 'Hovudmålet er ...' and 'Første tiltak er å ...' in
    running text, among sentences full of other goal words ('mål', 'tiltak') that state none."""
    text = """Prosjektplan

Bakgrunn
Kommunane har mange mål for arbeidet, og målsetjingane vart drøfta i fleire møte med målgruppene. Det overordna målet med prosjektet er å styrkje samarbeidet om næringsutvikling i regionen. Vi måler framdrifta kvart år.

Organisering
Styringsgruppa har møte kvar månad. Hovudmålet er auka folketal i alle kommunane innan 2030.

Tiltak
Vi har mange tiltak på gang, og tiltaka er omtala i handlingsplanen. Første tiltak er å kartleggje ledige næringsareal.
"""
    goals, _ = extract_goals(segment(from_text(text)))
    assert [(g.level, g.text) for g in goals] == [
        ("main_goal", "styrkje samarbeidet om næringsutvikling i regionen."),
        ("main_goal", "auka folketal i alle kommunane innan 2030."),
        ("measure", "kartleggje ledige næringsareal."),
    ]
    # the two main goals are read in sections of their own: no window around one covers the other
    assert goals[0].section_ordinal != goals[1].section_ordinal


def test_a_goal_word_that_a_wrapped_line_starts_with_is_no_label():
    """A PDF wraps 'for det enkelte' / 'satsingsområde. Enkeltståande prosjekt ...': the line
    goes on with the sentence before it, so its first word is no 'Satsingsområde' label;
    a label that opens its line after a finished sentence still is one."""
    from pipeline.records import Extracted

    def goals(lines: list[str]) -> list[tuple[str, str]]:
        doc = Extracted(tuple(pdf_line(t, 1) for t in lines), n_pages=1, layout=True)
        return [(g.level, g.text) for g in extract_goals(segment(doc))[0]]

    wrapped = [
        "Fylkesplanen blir følgt opp gjennom handlingsprogram for det enkelte",
        "satsingsområde. Enkeltståande prosjekt og tiltak er i enkelte tilfelle føremålstenlege.",
    ]
    assert goals(wrapped) == []
    stated = [
        "Fylkesplanen blir følgt opp gjennom handlingsprogram.",
        "Satsingsområde: Kultur og kompetanse.",
    ]
    assert goals(stated) == [("sub_goal", "Kultur og kompetanse.")]


def goals_of_sentence(sentence: str) -> list[tuple[str, str]]:
    """(level, text) of the goals of one sentence under a plan's title."""
    return [(g.level, g.text) for g in structured_text(f"Handlingsplan 2024\n\n{sentence}\n").goals]


def test_goals_listed_in_the_sentence_that_names_them_in_the_plural():
    """'Hovudmåla våre er å A, B, samt C' and 'Innsatsområdene er A, B og C': goals in the
    plural as the subject, then the list of them, are as many goals of that level; a goal in
    the singular is one goal whatever its commas, and a plural that is not followed by a list
    names no goals ('Tiltaka er direkte kopla til resultatmåla')."""

    goals = goals_of_sentence

    assert goals("Hovudmåla våre er å styrkje næringslivet, auke folketalet, samt betre samferdselen.") == [
        ("main_goal", "styrkje næringslivet"),
        ("main_goal", "auke folketalet"),
        ("main_goal", "betre samferdselen"),
    ]
    assert goals("Dei tre innsatsområda for planen er næringsutvikling, samferdsel og kompetanse.") == [
        ("sub_goal", "næringsutvikling"),
        ("sub_goal", "samferdsel"),
        ("sub_goal", "kompetanse"),
    ]
    assert goals("Hovedmålet er å styrke næringslivet, øke folketallet og bedre samferdselen.") == [
        ("main_goal", "styrke næringslivet, øke folketallet og bedre samferdselen.")
    ]
    assert goals("Tiltaka er direkte kopla til resultatmåla i den regionale planen.") == []
    # what the goals are like is no list of goals (three of 'ambisiøse', 'konkrete', 'målbare')
    assert len(goals("Måla er ambisiøse, konkrete og målbare.")) <= 1


def test_a_list_that_a_sentence_calls_goals_in_its_predicate_is_as_many_goals():
    """'A, B og C er dei tre satsingsområda', 'A, B, C blir viktige fellestiltak for alle
    innsatsområder' (dev25): the list as the subject, the goal word (a compound counts) as
    what its items are; a goal word after a singular article names one thing, and a goal
    word that is no head ('vår overordna plan') names none."""

    goals = goals_of_sentence

    assert goals("Næringsutvikling, samferdsel og kompetanse er dei tre satsingsområda i planen.") == [
        ("sub_goal", "Næringsutvikling"),
        ("sub_goal", "samferdsel"),
        ("sub_goal", "kompetanse"),
    ]
    assert goals(
        "Samarbeid, møteplassar og kompetanseheving blir viktige fellestiltak for alle innsatsområda."
    ) == [
        ("measure", "Samarbeid"),
        ("measure", "møteplassar"),
        ("measure", "kompetanseheving"),
    ]
    assert [
        level for level, _ in goals("Næring, busetjing og samferdsel er overordna mål for regionen.")
    ] == ["main_goal"] * 3
    assert goals("Kultur, idrett og friluftsliv er et viktig tiltak.") == []
    assert goals("Kultur, idrett og friluftsliv er vår viktigste, overordna plan.") == []
    assert goals("Oslo, Bergen og Trondheim er byer i vekst.") == []


def test_items_numbered_on_one_line_under_a_goal_heading_are_as_many_goals():
    goals = structured_text(
        "Strategiplan 2024\n\nStrategier\n\n1) Styrke næringslivet 2) Øke bosettingen 3) Bedre samferdselen\n"
    ).goals
    assert [(g.level, g.number, g.text) for g in goals] == [
        ("sub_goal", "1", "Styrke næringslivet"),
        ("sub_goal", "2", "Øke bosettingen"),
        ("sub_goal", "3", "Bedre samferdselen"),
    ]


def test_labelled_goals_run_together_on_a_flattened_line_are_as_many_goals():
    """A transcript flattens a page: 'STRATEGIER Strategi 1 - A Strategi 2 - B ...' and
    'Tiltak 1 A Tiltak 2 B' are a goal for each label and number."""
    filler = " ".join(["Næringslivet i kommunen består i hovedsak av små bedrifter."] * 5)
    text = (
        f"Næringsplan\n\n1 Strategisk næringsplan for Lyngen kommune {filler} STRATEGIER Strategi 1 - Styrke "
        "samarbeidet med næringslivet Strategi 2 - Utvikle reiselivet Strategi 3 - Sikre rekruttering "
        "til landbruket\n\nTiltak 1 Etablere et næringsfond Tiltak 2 Kartlegge ledige arealer\n"
    )
    goals = structured_text(text).goals
    assert [(g.level, g.number, g.text) for g in goals] == [
        ("sub_goal", "1", "Styrke samarbeidet med næringslivet"),
        ("sub_goal", "2", "Utvikle reiselivet"),
        ("sub_goal", "3", "Sikre rekruttering til landbruket"),
        ("measure", "1", "Etablere et næringsfond"),
        ("measure", "2", "Kartlegge ledige arealer"),
    ]
    # the last goal of a run ends where the page's next sentence starts
    assert split_label_run(
        "Tiltak 1 Etablere et næringsfond Tiltak 2 Kartlegge arealer Kommunen vil følge opp."
    ) == [
        "Tiltak 1 Etablere et næringsfond",
        "Tiltak 2 Kartlegge arealer",
        "Kommunen vil følge opp.",
    ]
    # where no heading was read before the run, the label's last word is the one that comes again
    assert split_label_run("STRATEGIER Strategi 1 - Styrke samarbeidet Strategi 2 - Utvikle reiselivet") == [
        "STRATEGIER Strategi 1 - Styrke samarbeidet",
        "Strategi 2 - Utvikle reiselivet",
    ]


def test_a_main_goal_label_without_its_colon_labels_the_sentence_after_it():
    """'Visjon Lyngen skal ...' on its own line, or mid-line in a flattened transcript after
    the contents' words: the label and its goal, the sentences after it no goals; a goal word
    before words in lower case is a heading's ('Hovedmål og strategier')."""

    def goals(text: str) -> list[tuple[str, str | None, str]]:
        return [(g.level, g.label, g.text) for g in structured_text(f"Næringsplan\n\n{text}\n").goals]

    filler = " ".join(["Næringslivet i kommunen består i hovedsak av små bedrifter."] * 5)
    vision = ("main_goal", "Visjon", "Lyngen skal være en attraktiv kommune for bosetting og næringsliv")
    assert goals("Visjon Lyngen skal være en attraktiv kommune for bosetting og næringsliv.") == [vision]
    assert goals(
        "1 Strategisk næringsplan Innhold Innledning Visjon Lyngen skal være en attraktiv kommune "
        f"for bosetting og næringsliv. {filler}"
    ) == [vision]
    assert goals("Hovudmål Regionen skal ha 30 000 innbyggjarar i 2030.") == [
        ("main_goal", "Hovudmål", "Regionen skal ha 30 000 innbyggjarar i 2030")
    ]
    # no bare label where the words after the goal word are in lower case, or say something
    # of the goal rather than state it
    assert strip_label("Visjon og verdiar for kommunen").marker == ""
    assert strip_label("Visjon Lyngen 2030 er vedteken").marker != "label"
