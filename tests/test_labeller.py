"""The vocabulary as data, units, the goal labeller, the gold loader and leave-one-out."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import lexicon
from pipeline.cli import main
from pipeline.discover import describe
from pipeline.evaluate import Prediction, score
from pipeline.extract import extract
from pipeline.gold import load_gold_dir
from pipeline.records import Line
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.structure import structure
from pipeline.structure.units import split_line, strip_label

from .conftest import ROOT
from .helpers import from_text, pdf_line, structured_text, vocabulary

DEV = ROOT / "tests" / "gold" / "dev"


# ------------------------------------------------------------------ vocabulary as data


def test_goal_words_are_stems_with_inflections():
    assert lexicon.goal_word_level("Delmåla") == "sub_goal"
    assert lexicon.goal_word_level("satsingsområda") == "sub_goal"
    assert lexicon.goal_word_level("Hovudmålet") == "main_goal"
    assert lexicon.goal_word_level("tiltaka") == "measure"
    # words that only begin like a goal word are none
    for word in ("målgrupper", "strategisk", "prosjektleiar", "bioøkonomistrategi", "Tiltaksmidler"):
        assert lexicon.goal_word_level(word) is None, word


def test_a_bad_resource_row_fails_loudly(monkeypatch):
    rows = [(1, ["sub_goal", "delmål"]), (2, ["subgoal", "prioritet"])]
    monkeypatch.setattr(lexicon, "_rows", lambda name: rows)
    lexicon.goal_words.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="goal_words.tsv line 2"):
            lexicon.goal_words()
    finally:
        lexicon.goal_words.cache_clear()


@pytest.mark.parametrize(
    "loader, name, good, bad",
    [
        ("binding_words", "binding_words.tsv", ["ok"], ["to words"]),
        ("contents_headings", "contents.tsv", ["ok"], ["a", "b"]),
        ("label_nouns", "label_nouns.tsv", ["mål"], ["two words"]),
        ("name_context", "name_context.tsv", ["town_before", "byen"], ["nowhere", "byen"]),
        ("place_names", "place_names.tsv", ["district", "Voss"], ["ambiguous", "vik"]),
        ("months", "months.tsv", ["mars", "3"], ["mars", "13"]),
        ("reporting_kinds", "section_kinds.tsv", ["goals", "no"], ["goals", "maybe"]),
        ("variety_markers", "variety_markers.tsv", ["nn", "ikkje"], ["nno", "kva"]),
        ("status_colours", "status_colours.tsv", ["on_track", "grønn"], ["at_risk", "gul"]),
        ("unit_kind_patterns", "unit_kinds.tsv", ["network", "nettverk"], ["committee", "komit[eé]"]),
        (
            "unit_status_patterns",
            "unit_status.tsv",
            ["established", "etablert"],
            ["established", "(unclosed"],
        ),
    ],
)
def test_the_word_lists_load_and_a_bad_row_fails_loudly(monkeypatch, loader, name, good, bad):
    load = getattr(lexicon, loader)
    assert load()  # the shipped file loads
    monkeypatch.setattr(lexicon, "_rows", lambda _: [(1, good), (2, bad)])
    load.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match=f"{name} line 2"):
            load()
    finally:
        load.cache_clear()


def test_every_section_kind_says_whether_it_reports_on_goals(monkeypatch):
    assert lexicon.reporting_kinds() == {"activities", "progress", "deviations"}
    rows = [(1, ["goals", "no"]), (2, ["progress", "yes"])]
    with vocabulary(monkeypatch, "section_kinds.tsv", rows, lexicon.reporting_kinds, extra=False):
        with pytest.raises(lexicon.LexiconError, match="no row for organisation, activities"):
            lexicon.reporting_kinds()


def _without_goal_word(monkeypatch, stem: str) -> None:
    """The goal vocabulary less one row, as if it had never been added."""
    real = lexicon._rows

    def rows(name):
        return [(n, cols) for n, cols in real(name) if not (name == "goal_words.tsv" and cols[-1] == stem)]

    monkeypatch.setattr(lexicon, "_rows", rows)
    _clear_lexicon_caches()


def _clear_lexicon_caches() -> None:
    from pipeline.structure import units

    for f in (
        lexicon.goal_words,
        lexicon._goal_word_pattern,
        lexicon.goal_word_level,
        strip_label,
        units._bare_label,
        units._bare_label_ends,
    ):
        f.cache_clear()


PRIORITIES = "Handlingsplan 2023\n\nPrioritet 1: Styrke næringslivet i regionen.\nPrioritet 2: Bedre kollektivtilbudet mellom kommunene.\n"


def test_prioritet_is_a_sub_goal_label_by_one_row(monkeypatch):
    got = [(g.level, g.label, g.number, g.text) for g in structured_text(PRIORITIES).goals]
    assert got == [
        ("sub_goal", "Prioritet", "1", "Styrke næringslivet i regionen"),
        ("sub_goal", "Prioritet", "2", "Bedre kollektivtilbudet mellom kommunene"),
    ]
    _without_goal_word(monkeypatch, "prioritet")
    try:
        after = [(g.level, g.label) for g in structured_text(PRIORITIES).goals]
        assert ("sub_goal", "Prioritet") not in after
    finally:
        monkeypatch.undo()
        _clear_lexicon_caches()


def test_a_goal_label_is_no_heading_by_the_same_row(monkeypatch):
    """segment's guard ('Tiltak 2.3', 'Delmål:' open a goal, not a section) reads the goal
    vocabulary: a label added as one row is no heading, and a heading again without it."""
    from pipeline.segment import is_text_heading

    for text in ("Tiltak 2.3", "Delmål:", "Strategi 2030", "Overordna mål for regionen"):
        assert not is_text_heading(Line(text), allow_colon=True), text
    assert is_text_heading(Line("Mål og tiltak"))  # a goal word, then no label's number
    assert not is_text_heading(Line("Prioritet 2"))
    _without_goal_word(monkeypatch, "prioritet")
    try:
        assert is_text_heading(Line("Prioritet 2"))
    finally:
        monkeypatch.undo()
        _clear_lexicon_caches()


def test_a_main_goal_word_labels_a_goal_without_its_colon_by_the_same_row(monkeypatch):
    """'Ambisjon Hadeland skal ...' mid-line in a flattened page: the label's word is any main
    goal's word of the vocabulary, so the row that adds a word adds this form too."""
    line = (
        "2 Innhold Innledning Bakgrunn for planen og arbeidet med den i kommunene og i regionrådet "
        "Ambisjon Hadeland skal bli den mest attraktive regionen på Østlandet for unge familier."
    )
    assert split_line(line)[-1].startswith("Ambisjon Hadeland skal")
    assert strip_label(split_line(line)[-1]).label == "Ambisjon"
    _without_goal_word(monkeypatch, "ambisjon")
    try:
        assert not any(p.startswith("Ambisjon Hadeland") for p in split_line(line))
    finally:
        monkeypatch.undo()
        _clear_lexicon_caches()


def test_prioritet_labels_in_a_larger_font_in_a_pdf(tmp_path):
    from tests.fixtures.make_pdfs import render_report

    render_report(
        tmp_path / "plan.pdf",
        "Handlingsplan 2023",
        "Hadeland",
        [
            ("h1", "Prioriteringer"),
            ("h2", "Prioritet 1: Styrke næringslivet i regionen."),
            ("body", "Arbeidet er organisert i to arbeidsgrupper med en leder hver."),
            ("h2", "Prioritet 2: Bedre kollektivtilbudet mellom kommunene."),
        ],
    )
    path = tmp_path / "plan.pdf"
    doc = repair(extract(describe(path, tmp_path, "b")))
    st = structure(doc, segment(doc))
    subs = [(g.label, g.number, g.text) for g in st.goals if g.level == "sub_goal"]
    assert subs == [
        ("Prioritet", "1", "Styrke næringslivet i regionen"),
        ("Prioritet", "2", "Bedre kollektivtilbudet mellom kommunene"),
    ]


def test_furniture_of_transcript_sites_is_dropped():
    st = structured_text(
        'Strategisk plan\n\nStørrelse: px\nBegynne med side:\n\nDownload "Strategisk plan"\n\nTranskript\n\n'
        "1 Strategisk plan Innledning Planen gjelder for 2020-2024.\n"
    )
    text = " ".join((s.heading or "") + " " + s.text for s in st.sections)
    for junk in ("Transkript", "Download", "Størrelse", "Begynne med side"):
        assert junk not in text


# ------------------------------------------------------------------ units


def test_a_flattened_line_splits_into_sentences_labels_and_run_on_items():
    line = (
        "Hovedmålet i programmet er; Næringsvekst i Nord-Trøndelag RUP har 4 strategiske innsatsområder; "
        "Tilrettelegging for næringsutvikling Innovasjon og entreprenørskap Rekruttering til nordtrøndersk "
        "arbeids- og næringsliv"
    )
    assert split_line(line) == [
        "Hovedmålet i programmet er;",
        # the item ends where the next lead-in's sentence starts (its subject before its verb)
        "Næringsvekst i Nord-Trøndelag",
        "RUP har 4 strategiske innsatsområder;",
        "Tilrettelegging for næringsutvikling",
        "Innovasjon og entreprenørskap",
        "Rekruttering til nordtrøndersk arbeids- og næringsliv",
    ]
    # an item line keeps its sentences; a sentence is no run of items
    assert split_line("Tiltak 1.1: Presentere prosjektet. Innspill tas med videre.") == [
        "Tiltak 1.1: Presentere prosjektet. Innspill tas med videre."
    ]


def test_every_item_of_a_list_after_a_lead_in_is_split_where_the_next_runs_into_it():
    """dev22's flattened list: 'Sentrale elementer i pilotprosjektet: A. B. C D.' where item C
    runs into item D without a stop. Each item after the lead-in is cut where a capital follows
    a lower-case word, not only the first; a sentence with a finite verb ends the list."""
    line = (
        "Sentrale elementer i pilotprosjektet: Utforme en prosjektbeskrivelse for konseptet. "
        "Bedre tilgjengeligheten gjennom skilting. Kanalisering av turisttrafikken, inkludert "
        "transport Markedsutvikling og lønnsomhet. Prosjektet skal evalueres av Nord-Trøndelag Fylkeskommune."
    )
    assert split_line(line) == [
        "Sentrale elementer i pilotprosjektet:",
        "Utforme en prosjektbeskrivelse for konseptet.",
        "Bedre tilgjengeligheten gjennom skilting.",
        "Kanalisering av turisttrafikken, inkludert transport",
        "Markedsutvikling og lønnsomhet.",
        "Prosjektet skal evalueres av Nord-Trøndelag Fylkeskommune.",
    ]


def test_words_before_a_number_are_no_goal_label_and_keep_no_sentences_together():
    """'Målet med fase 2 er at ...' (dev13), 'I kapittel 3 kan ein lese ...': a number after
    words that are no goal word or code opens no labelled item, so the line's sentences are
    pieces of their own, and the first one's goal phrase is its label."""
    line = (
        "Målet med fase 2 er at deltakerane skal finne fram til og iverksette lokalt forankra "
        "strategiar og tiltak. Desse skal utviklast innanfor eit tema."
    )
    first, second = split_line(line)
    assert second == "Desse skal utviklast innanfor eit tema."
    assert strip_label(first).label == "Målet med fase 2 er"
    assert strip_label(first).text.startswith("deltakerane skal finne fram til")
    assert len(split_line("I kapittel 3 kan ein lese meir om planen. Oppfølginga skal sikre framdrift.")) == 2


def test_a_goal_label_with_its_letter_at_a_sentences_end_opens_the_goal_after_it():
    """dev14: 'Innsatsen ble konsentrert om strategimål B: Kunnskap, nyskaping og verdiskaping.'
    The label and its letter (a compound of a goal word) belong to the goal after the colon,
    which is one goal with its id, not a lead-in before three."""
    line = "Innsatsen ble konsentrert om strategimål B: Kunnskap, nyskaping og verdiskaping."
    assert split_line(line) == [
        "Innsatsen ble konsentrert om",
        "strategimål B: Kunnskap, nyskaping og verdiskaping.",
    ]
    got = [(g.level, g.number, g.text) for g in structured_text(f"Regionalt næringsfond\n\n{line}\n").goals]
    assert got == [("sub_goal", "B", "Kunnskap, nyskaping og verdiskaping")]
    # a flattened page's labels run together after a title: each label opens its own goal
    assert split_line("Handlingsplan 2020 Delmål 1: Auka busetjing Delmål 2: Fleire arbeidsplassar") == [
        "Handlingsplan 2020",
        "Delmål 1: Auka busetjing",
        "Delmål 2: Fleire arbeidsplassar",
    ]
    # words before a number that name no goal stay where they were
    assert split_line("Saka gjeld fase 2: Gjennomføring av planen.") == [
        "Saka gjeld fase 2:",
        "Gjennomføring av planen.",
    ]


def test_a_numbered_item_that_runs_into_the_next_sentence_ends_where_it_starts():
    """dev21: 'a. Sykkelprosjekt kr ... d. Turguiding for barn kr Profileringsprosjekt langrenn
    og fotodatabase blir gjennomført ...' (the amounts dropped from a flattened table). The
    item, a phrase, ends before the sentence's subject; an item that is a sentence stays whole."""
    line = (
        "c. Felles fotodatabase kr d. Turguiding for barn kr Profileringsprosjekt langrenn og "
        "fotodatabase blir gjennomført i samarbeid med regionrådet 3. Tilskotet blir finansiert av fylket."
    )
    assert split_line(line) == [
        "c. Felles fotodatabase kr",
        "d. Turguiding for barn kr",
        "Profileringsprosjekt langrenn og fotodatabase blir gjennomført i samarbeid med regionrådet",
        "3. Tilskotet blir finansiert av fylket.",
    ]
    assert strip_label("d. Turguiding for barn kr").text == "Turguiding for barn"


@pytest.mark.parametrize(
    "text, label, number, goal",
    [
        ("Tiltak 2.3: Etablere næringsforum.", "Tiltak", "2.3", "Etablere næringsforum"),
        ("AP 1. Kunnskap og kompetanse", "AP", "1", "Kunnskap og kompetanse"),
        ("Hovudmålet er å auke folketalet.", "Hovudmålet er", None, "auke folketalet"),
        (
            "Målet med fase 2 er at deltakerane skal samarbeide",
            "Målet med fase 2 er",
            None,
            "deltakerane skal samarbeide",
        ),
        (
            "Hallingdal 2020 har som hovedmål å øke bulysten i dalen",
            "Hallingdal 2020 har som hovedmål",
            None,
            "øke bulysten i dalen",
        ),
        ("• Regionreform", None, None, "Regionreform"),
        (
            "Målsettingen for hele 6-årsperioden blir å bidra til vekst",
            "Målsettingen for hele 6-årsperioden blir",
            None,
            "bidra til vekst",
        ),
        # a table's amount column (digits dropped by a transcript) is no part of the item
        ("b. Profileringsprosjekt langrenn kr", None, "b", "Profileringsprosjekt langrenn"),
        ("Sykkelprosjekt kr 50 000", None, None, "Sykkelprosjekt"),
        ("Spare 10 mill. kr", None, None, "Spare 10 mill. kr"),
    ],
)
def test_strip_label(text, label, number, goal):
    s = strip_label(text)
    assert (s.label, s.number, s.text) == (label, number, goal)


# ------------------------------------------------------------------ forms of real documents


def test_items_under_a_lead_in_that_names_a_goal_word():
    st = structured_text(
        "Strategi for samarbeidet\n\nDet skal i perioden gis prioritet til følgende 3 satsningsområder:\n\n"
        "  • Samferdsel, miljø og klima\n\n  • Regionreform\n\n  • Kompetanse\n\n"
        "Følgende prosjekter og tiltak foreslås:\n\n1. Hardangerviddarådet\n\n2. Villreinens arealbruk\n"
    )
    assert [(g.level, g.text) for g in st.goals] == [
        ("sub_goal", "Samferdsel, miljø og klima"),
        ("sub_goal", "Regionreform"),
        ("sub_goal", "Kompetanse"),
        ("measure", "Hardangerviddarådet"),
        ("measure", "Villreinens arealbruk"),
    ]


def test_a_heading_alone_in_its_block_is_a_heading_whatever_its_words():
    st = structured_text(
        "Kvænangen kommune\n\nKommuneplanen er vår viktigste plan.\n\nKvænangen om 12 år\n\n"
        "Kommunestyret har foreslått følgende hovedmål:\n\n • Økt næringsaktivitet\n\n • Attraktive lokalsamfunn\n"
    )
    headed = [(s.kind, s.heading) for s in st.sections if s.heading]
    # the first line is the page's title; a heading over goals is a goals section
    assert headed == [("other", "Kvænangen kommune"), ("goals", "Kvænangen om 12 år")]
    assert [(g.level, g.text) for g in st.goals] == [
        ("main_goal", "Økt næringsaktivitet"),
        ("main_goal", "Attraktive lokalsamfunn"),
    ]


def test_results_in_an_activities_section_are_no_goals():
    st = structured_text(
        "Sunnmøre regionråd\n\nÅrsmelding 2021\n\nPolitisk arbeid:\n"
        "• Arrangert tre møter med fylket\n• Gjennomført samling om næring\n"
    )
    assert [s.kind for s in st.sections if s.heading] == ["other", "progress", "activities"]
    assert not st.goals


# ------------------------------------------------------------------ gold, scoring, training


def test_dev_gold_is_read_with_levels_parents_and_optional_goals():
    golds = {g.name: g for g in load_gold_dir(DEV)}
    assert len(golds) == 32 and all(g.source and g.source.suffix == ".txt" for g in golds.values())
    dev20 = golds["dev20"]
    assert dev20.all_headed and ("goals", "Mål") in [(s.kind, s.heading) for s in dev20.sections]
    measures = [g for g in dev20.goals if g.level == "measure" and not g.optional]
    assert [g.number for g in measures] == ["1", "2", "3", "4"] and measures[0].parent is None
    assert sum(g.optional for g in dev20.goals) == 6


def test_optional_goals_are_neither_rewarded_nor_penalised():
    gold = next(g for g in load_gold_dir(DEV) if g.name == "dev20")
    required = [g for g in gold.goals if not g.optional]
    optional = [g for g in gold.goals if g.optional]

    def run(goals):
        pred = Prediction(
            "dev20.txt",
            goals=[{"level": g.level, "number": None, "text": g.text, "parent_number": None} for g in goals],
        )
        return score([gold], [pred])["fields"]["goals_soft"]

    assert (run(required)["tp"], run(required)["fp"], run(required)["fn"]) == (len(required), 0, 0)
    both = run(required + optional)
    assert (both["tp"], both["fp"], both["fn"]) == (len(required), 0, 0)
    assert run(optional)["tp"] == 0 and run(optional)["fn"] == len(required)


def test_retraining_gives_the_shipped_model_byte_for_byte(tmp_path):
    out = tmp_path / "model.crfsuite"
    result = CliRunner().invoke(main, ["train", "--root", str(ROOT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    from pipeline.train import model_path

    assert out.read_bytes() == model_path().read_bytes(), "run `make train` and commit the model"


@pytest.mark.slow
def test_leave_one_out_on_the_dev_corpus(tmp_path):
    result = CliRunner().invoke(main, ["eval", str(DEV), "--cv", "--root", str(ROOT), "--json"])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    dev = reports["dev"]["fields"]
    assert reports["dev"]["documents"] == 32
    # what the labeller gets on documents it never saw (0.09 / 0.09 before it; 0.78 / 0.71
    # with precision 0.94 when this floor was set: a regression of a few documents fails)
    assert dev["goals_soft"]["f1"] >= 0.75 and dev["goals_soft"]["precision"] >= 0.9
    assert dev["sections"]["f1"] >= 0.68


@pytest.mark.slow
def test_a_unit_more_likely_a_goal_than_not_is_one_though_the_best_sequence_passes_it():
    """dev15, labelled by a model that never saw it: the best label sequence passes over
    'Eksisterende virksomheter skal forsterkes' (between the sub-goal before it and the
    sentence after it), though its own probability of being no goal is under a half."""
    from pipeline.structure.assemble import label_goals
    from pipeline.train import gold_documents, prepare, train_model

    examples = [prepare(g) for g in gold_documents(ROOT)]
    left_out = next(e for e in examples if e.gold.name.startswith("dev15"))
    model = train_model([e for e in examples if e is not left_out])
    goals, _, _ = label_goals(left_out.doc, left_out.sections, model=model)
    assert "Eksisterende virksomheter skal forsterkes" in {g.text.rstrip(".") for g in goals}


def test_a_unit_more_likely_a_goal_than_not_is_one_whichever_level_the_mass_is_split_over():
    """dev31: 'Samordningen skal øke attraksjonskraften ...' is more likely a goal than not,
    its chance split between the levels (under 0.3 for the sub-goal the best sequence gives
    it): a goal, of that level."""
    import pycrfsuite

    from pipeline.structure.assemble import _read, label_goals
    from pipeline.structure.labeller import _tagger
    from pipeline.train import read

    doc, sections = read(DEV / "dev31.txt")
    goals, _, decided = label_goals(doc, sections, scores=True)
    wanted = "Samordningen skal øke attraksjonskraften"
    assert any(g.level == "sub_goal" and g.text.startswith(wanted) for g in goals)
    t = next(t for t in decided if t.unit.text.startswith(wanted))
    assert (t.label, t.source) == ("sub_goal", "model") and t.score > 0.5
    # the level's own marginal, under the 0.4 a label once needed
    us, _, feats, *_ = _read(doc, sections, every_unit=False)
    crf: pycrfsuite.Tagger = _tagger().tagger
    crf.set([f for f in feats if f is not None])
    at = next(k for k, u in enumerate(us) if u.text.startswith(wanted))
    j = sum(1 for f in feats[:at] if f is not None)
    assert crf.marginal("sub_goal", j) < 0.4 < 0.5 < 1 - crf.marginal("O", j)


def test_eval_reads_the_dev_format_from_a_warehouse(tmp_path):
    batch = tmp_path / "raw" / "dev"
    batch.mkdir(parents=True)
    for name in ("dev03", "dev05", "dev23"):
        (batch / f"{name}.txt").write_bytes((DEV / f"{name}.txt").read_bytes())
    wh = tmp_path / "w.duckdb"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(batch), "--warehouse", str(wh)]).exit_code == 0
    result = runner.invoke(main, ["eval", str(DEV), "--warehouse", str(wh), "--json"])
    report = json.loads(result.output)
    assert report["documents"] == 3 and len(report["gold_without_document"]) == 29
    assert report["fields"]["goals_soft"]["recall"] >= 0.9
    assert Path(report["per_document"][0]["file"]).suffix == ".txt"


def test_a_sentence_that_says_what_the_goal_is():
    st = structured_text(
        "Sykkelprosjekt\n\nTerrengsykling er sterkt aukande i popularitet. Målsettinga er å utvikle Hallingdal "
        "til Norges leiande terrengsykkelregion. Et viktig delmål er å få flere studenter til å bli i regionen.\n"
    )
    assert [(g.level, g.text) for g in st.goals] == [
        ("main_goal", "utvikle Hallingdal til Norges leiande terrengsykkelregion"),
        ("sub_goal", "få flere studenter til å bli i regionen"),
    ]


def test_a_comma_list_after_a_goal_lead_in_is_its_items():
    assert split_line(
        "Planen har tre satsingsområde. Satsingsområda er: Kultur, kompetanse og verdiskaping og samferdsel."
    ) == [
        "Planen har tre satsingsområde.",
        "Satsingsområda er:",
        "Kultur",
        "kompetanse og verdiskaping",
        "samferdsel",
    ]
    # no goal word in the lead-in, or a sentence after it: no list
    assert split_line("Perspektiva er: Barn og unge, likestilling, klima og miljø.")[1:] == [
        "Barn og unge, likestilling, klima og miljø."
    ]
    pieces = split_line("Målet er: Vi skal ha flere arbeidsplasser, boliger og skoler.")
    assert "boliger" not in pieces and "skoler" not in pieces


def test_the_date_in_a_transcript_sites_title_is_the_documents():
    import datetime as dt

    st = structured_text(
        'Tildelingsbrev regionalt fond\n\nDownload "Tildelingsbrev regionalt fond 30.01.2015"\n\nTranskript\n\n'
        "1 Innherred samkommune Tildelingsbrev Fylkeskommunen overfører kr som ramme for fondet.\n"
    )
    assert st.report_date == dt.date(2015, 1, 30)
    assert all("Download" not in (s.heading or "") + s.text for s in st.sections)


def test_a_lead_in_names_its_goals_near_its_end_and_may_count_them():
    from pipeline.structure.units import lead_in_count, lead_in_level

    assert lead_in_level("RUP har 4 strategiske innsatsområder;") == "sub_goal"
    assert lead_in_count("RUP har 4 strategiske innsatsområder;") == 4
    assert lead_in_level("I første omgang skal følgende tre tiltak gjennomføres:") == "measure"
    assert lead_in_count("I første omgang skal følgende tre tiltak gjennomføres:") == 3
    assert lead_in_level("Hovedmålet i Regionalt Utviklingsprogram for perioden er;") == "main_goal"
    # a goal word far back names no list; without ':' or ';' there is no lead-in
    assert (
        lead_in_level("For å oppnå dei overordna måla, ynskjer kommunen å bygge tillit og truverd gjennom:")
        is None
    )
    assert lead_in_level("Planen har fire innsatsområder") is None
    assert lead_in_count("Planen har innsatsområder:") is None


def test_a_counted_run_on_list_ends_after_as_many_items_as_announced():
    st = structured_text(
        "Føringer\n\nHovedmålet for perioden er; Næringsvekst i regionen RUP har 3 strategiske innsatsområder; "
        "Tilrettelegging for næringsutvikling Innovasjon og entreprenørskap Kompetanse for framtidig "
        "næringsvirksomhet Regional utviklingsavdeling Seilmakergata\n"
    )
    assert [(g.level, g.text) for g in st.goals] == [
        ("main_goal", "Næringsvekst i regionen"),
        ("sub_goal", "Tilrettelegging for næringsutvikling"),
        ("sub_goal", "Innovasjon og entreprenørskap"),
        ("sub_goal", "Kompetanse for framtidig næringsvirksomhet"),
    ]


def test_sentences_run_together_after_a_lead_in_are_its_items():
    """A transcript that lost the items' line breaks and has no stops between them: each
    sentence is an item (a name said twice is where one ends and the next starts), and
    the sentence that ends the run with a stop is prose again."""
    line = (
        "Planen trekkjer opp følgjande mål for kommunen: Lyngen skal vere ein attraktiv kommune for alle "
        "Det skal leggjast til rette for fleire arbeidsplassar i Lyngen Lyngen sitt omdøme skal styrkjast "
        "Måla skal nåast i tråd med visjonen."
    )
    assert split_line(line) == [
        "Planen trekkjer opp følgjande mål for kommunen:",
        "Lyngen skal vere ein attraktiv kommune for alle",
        "Det skal leggjast til rette for fleire arbeidsplassar i Lyngen",
        "Lyngen sitt omdøme skal styrkjast",
        "Måla skal nåast i tråd med visjonen.",
    ]
    st = structured_text("Kommuneplan\n\n" + line + "\n")
    assert [(g.level, g.text) for g in st.goals] == [
        ("sub_goal", "Lyngen skal vere ein attraktiv kommune for alle"),
        ("sub_goal", "Det skal leggjast til rette for fleire arbeidsplassar i Lyngen"),
        ("sub_goal", "Lyngen sitt omdøme skal styrkjast"),
    ]
    # one sentence with a name in it is not cut ('i Lyngen' binds the name)
    assert split_line(
        "Planen har desse tiltaka: Kommunen skal samarbeide med næringslivet i Lyngen om ei felles satsing"
    ) == [
        "Planen har desse tiltaka:",
        "Kommunen skal samarbeide med næringslivet i Lyngen om ei felles satsing",
    ]


def test_a_list_within_a_list_keeps_the_outer_lead_ins_level():
    st = structured_text(
        "Fylkesplan\n\nSatsingsområda er:\n\nVerdiskaping i:\n\n  • Industrien\n\n  • Sjøretta aktivitet\n\n"
        "Innafor «bu og leve» gjennom arbeid med:\n\n  • Folkehelse\n\n  • Ungdom\n\n"
        "Til kvart satsingsområde er det formulert krav til staten.\n"
    )
    assert [(g.level, g.text) for g in st.goals] == [
        ("sub_goal", "Industrien"),
        ("sub_goal", "Sjøretta aktivitet"),
        ("sub_goal", "Folkehelse"),
        ("sub_goal", "Ungdom"),
    ]


def test_done_work_is_marked_as_such_for_the_labeller():
    from pipeline.structure.labeller import _PERFECT

    for done in (
        "Ca. 15 nye bedrifter er registrert i perioden",
        "200 personer har deltatt på kurs",
        "har blitt oppnådd",
    ):
        assert _PERFECT.search(done), done
    assert not _PERFECT.search("Kommunen skal ha god tilgang på næringsareal")


def test_a_numbered_title_case_heading_inside_a_flattened_page():
    filler = "Denne avtalen har en overordnet målsetting om vekst og utvikling i hele regionen. " * 3
    st = structured_text(
        "1 23. juni 2014 Handlingsplan for reisemålsutvikling 1. Bakgrunn I desember 2013 ble avtalen fornyet. "
        + filler
        + "2. Strategier og målsetninger Visjonen for reisemålet er klar. 1. Regionrådet for Hallingdal rår til vedtak.\n"
    )
    headings = [s.heading for s in st.sections if s.heading]
    assert "1. Bakgrunn" in headings and "2. Strategier og målsetninger" in headings
    # an item that goes on after a preposition is no heading
    assert not any(h.startswith("1. Regionrådet") for h in headings)


def test_a_sentence_under_a_bare_goal_heading_is_the_main_goal():
    st = structured_text(
        "Mål\n\nOppnå regional avstandsreduksjon for Harstadregionen og i øst/vest-aksen\n\n"
        "Tiltak\n\nTiltak 1 Følge opp vedtak i NTP\n"
    )
    assert [s.heading for s in st.sections if s.heading][:2] == ["Mål", "Tiltak"]
    assert ("main_goal", "Oppnå regional avstandsreduksjon for Harstadregionen og i øst/vest-aksen") in [
        (g.level, g.text) for g in st.goals
    ]


def test_a_sentence_about_the_goals_under_a_goal_heading_is_none_of_them():
    """Under a goal heading, a sentence that names goals itself ('desse måla') speaks of the
    goals below it; the goals are what the labels state."""
    st = structured_text(
        "Mål for Nordfjordregionen\n\n"
        "Regionrådet vedtok i 2021 desse måla for samarbeidet i regionen, som gjeld fram til 2025.\n\n"
        "Hovudmål: Nordfjord skal vere ein attraktiv region å bu og arbeide i.\n\n"
        "Delmål 1: Auke talet på arbeidsplassar i privat sektor.\n"
    )
    assert [(g.level, g.text) for g in st.goals] == [
        ("main_goal", "Nordfjord skal vere ein attraktiv region å bu og arbeide i."),
        ("sub_goal", "Auke talet på arbeidsplassar i privat sektor."),
    ]


def test_a_lead_in_whose_line_states_its_goals_is_answered_there():
    """'Visjonen ... er: «...» Hovudmålet er å ...' states its goals on its own line: the
    paragraph after it is prose again, not one more goal the lead-in announces."""
    st = structured_text(
        "Mål og strategiar for omstillingsarbeidet\n\n"
        "Visjonen for omstillingsarbeidet er: «Ei levande bygd med framtidstru» "
        "Hovudmålet er å skape 60 nye arbeidsplassar i Gloppen innan 2026.\n\n"
        "Det ligg føre ein handlingsplan for omstillingsarbeidet i Gloppen for 2022 – 2026.\n"
    )
    goals = [(g.level, g.text) for g in st.goals]
    assert ("main_goal", "skape 60 nye arbeidsplassar i Gloppen innan 2026") in goals
    assert not any("handlingsplan" in text for _, text in goals)


def test_a_goal_word_labelling_the_text_after_it():
    st = structured_text(
        "Visjon, overordna mål og verdigrunnlag\n\nVisjon: Hjelmeland – Naturlegvis\n\n"
        "Tema er: Berekraftig utvikling, infrastruktur, kultur og identitet\n"
    )
    assert [(g.level, g.label, g.text) for g in st.goals] == [
        ("main_goal", "Visjon", "Hjelmeland – Naturlegvis")
    ]


def test_a_transcript_sites_title_is_no_heading_but_the_documents_title():
    from pipeline.identity import title_of

    filler = "Næringslivet i regionen har hatt ei lang oppgangstid, men tilliten er no svekka. " * 4
    doc = from_text(
        "REGIONALT UTVIKLINGSPROGRAM FOR HORDALAND\n\nStørrelse: px\nBegynne med side:\n\n"
        'Download "REGIONALT UTVIKLINGSPROGRAM FOR HORDALAND"\n\nTranskript\n\n'
        "1 REGIONALT UTVIKLINGSPROGRAM FOR HORDALAND Eit nyskapande Hordaland. " + filler + "\n\n"
        "2 1. Innledning I Regionalt Utviklingsprogram er det vedtatt ein plan. " + filler + "\n"
    )
    sections = segment(doc)
    headings = [s.heading for s in sections if s.heading]
    assert headings == ["1. Innledning"]
    assert title_of(structure(doc, sections), doc.furniture) == "REGIONALT UTVIKLINGSPROGRAM FOR HORDALAND"


def test_a_forms_numbered_questions_in_a_flattened_page_are_headings():
    st = structured_text(
        "1 Søknadsskjema for Bolyst. 1. Hva er navnet på prosjektet? Omdømmebygging i Nord-Troms "
        "2. Hvem er juridisk eier av prosjektet? Nord-Troms Regionråd DA org. nr Søknadsbeløp: kroner "
        "over 3 år 4. Når skal prosjektet gjennomføres (fra til)? Prosjektet varer i tre år og skal "
        "gjennomføres i alle seks kommunene i regionen med stor vekt på ungdom og næringsliv.\n"
    )
    headings = [s.heading for s in st.sections if s.heading]
    assert headings == [
        "1. Hva er navnet på prosjektet?",
        "2. Hvem er juridisk eier av prosjektet?",
        "4. Når skal prosjektet gjennomføres (fra til)?",
    ]


def test_a_web_page_with_short_lines_is_no_slide_deck_and_its_headings_follow_its_goals():
    st = structured_text(
        "Hopp til innhold Hopp til hovedmeny\n\nHandlingsprogram\n\n"
        "Fylkesplan 2017-2020 har tre satsingsområde. Satsingsområda er: Kultur, kompetanse og verdiskaping "
        "og samferdsel.\n\nHandlingsprogramma skal sikre god samanheng mellom plan og gjennomføring.\n\n\n\n"
        "Kompetanse og verdiskaping\n\n\n\nKultur\n\n\n\nSamferdsel\n\n\n\nKontaktpersonar\n\n"
        "Ingunn Bekken Sjåholm\nAss.fylkesplansjef\n"
    )
    assert st.doc_type != "slides"
    kinds = {s.heading: s.kind for s in st.sections if s.heading}
    assert kinds == {
        "Handlingsprogram": "goals",
        "Kompetanse og verdiskaping": "goals",
        "Kultur": "goals",
        "Samferdsel": "goals",
        "Kontaktpersonar": "other",
    }


def test_a_contact_card_headed_by_a_goals_name_is_no_goals_section():
    # the page's contact cards are headed by its areas (dev06 as its Word PDF reads): the
    # person for 'Kultur' states no goal; the accordion heading 'Kultur' above still does
    st = structured_text(
        "Hopp til innhold Hopp til hovedmeny\n\nHandlingsprogram\n\n"
        "Fylkesplan 2017-2020 har tre satsingsområde. Satsingsområda er: Kultur, kompetanse og verdiskaping "
        "og samferdsel.\n\nHandlingsprogramma skal sikre god samanheng mellom plan og gjennomføring.\n\n\n\n"
        "Kultur\n\n\n\nKontaktpersonar\n\nIngunn Bekken Sjåholm\nAss.fylkesplansjef\n\n"
        "Kultur\n\nCarina Stokke\nRådgiver\nTlf. 71 25 89 02 / Mob. 482 62 671\n"
    )
    assert [(s.heading, s.kind) for s in st.sections if s.heading] == [
        ("Handlingsprogram", "goals"),
        ("Kultur", "goals"),
        ("Kontaktpersonar", "other"),
        ("Kultur", "other"),
    ]


def test_work_packages_numbered_under_a_main_goal_are_its_sub_goals():
    st = structured_text(
        "Prosjekt Bioøkonomi\n\nProsjektets hovedmål er hentet fra bioøkonomistrategi for Namdalen:\n"
        "Økt verdiskaping og sysselsetting innen bioøkonomien i Namdalen.\n"
        "AP 1. Kunnskap og kompetanse om bioøkonomi i skole.\nAP 2. Næringsutvikling og verdiskapning\n"
    )
    assert [(g.level, g.text) for g in st.goals] == [
        ("main_goal", "Økt verdiskaping og sysselsetting innen bioøkonomien i Namdalen"),
        ("sub_goal", "Kunnskap og kompetanse om bioøkonomi i skole"),
        ("sub_goal", "Næringsutvikling og verdiskapning"),
    ]
    assert st.goals[1].parent == st.goals[2].parent == 0


def test_a_fragment_of_small_words_is_no_goal():
    from pipeline.records import Line
    from pipeline.structure.assemble import assemble
    from pipeline.structure.labeller import Tagged
    from pipeline.structure.units import Unit

    def tagged(text):
        return Tagged(Unit(text, 0, 0, 0, 1, False, Line(text)), strip_label(text), "main_goal", 0.9)

    assert [g.text for g in assemble([tagged("skal vær"), tagged("Kultur")])] == ["Kultur"]


def test_a_subject_that_has_a_goal_states_it():
    st = structured_text(
        "Om prosjektet\n\nHallingdal 2020 er et bulystprosjekt som har som hovedmål å øke Hallingdal som en "
        "attraktiv bo- og arbeidsmarkedsregion.\n\nDenne avtalen har en overordnet målsetting om å sikre en "
        "langsiktig utvikling av Hol som reisemål.\n"
    )
    assert [(g.level, g.text) for g in st.goals] == [
        ("main_goal", "øke Hallingdal som en attraktiv bo- og arbeidsmarkedsregion"),
        ("main_goal", "sikre en langsiktig utvikling av Hol som reisemål"),
    ]


def test_what_the_list_forms_decide_the_labeller_sees_as_decided():
    from pipeline.structure.assemble import document_features

    doc = from_text(
        "Om prosjektet\n\nHovedmålet med prosjektet er å øke tallet på arbeidsplasser. Delmål er å legge "
        "forholdene til rette for nye næringer. Eksisterende virksomheter skal forsterkes.\n"
    )
    us, feats, _, _ = document_features(doc, segment(doc))
    by_text = {u.text: f for u, f in zip(us, feats, strict=True)}
    # the sentence the lists read for certain is one feature, its level: context for the next
    assert by_text["Delmål er å legge forholdene til rette for nye næringer."] == {
        "bias": 1.0,
        "ruled=sub_goal": 1.0,
    }
    assert "ruled=sub_goal" not in by_text["Eksisterende virksomheter skal forsterkes."]


def test_a_transcript_printed_to_pdf_has_its_inline_headings_found(tmp_path):
    from tests.fixtures.make_pdfs import render_report

    filler = "Denne avtalen har en overordnet målsetting om vekst og utvikling i hele regionen. " * 3
    render_report(
        tmp_path / "t.pdf",
        "Handlingsplan for reisemålsutvikling",
        "Hol",
        [
            ("body", 'Download "Handlingsplan for reisemålsutvikling"'),
            ("body", "Transkript"),
            (
                "body",
                "1 23. juni 2014 Handlingsplan for reisemålsutvikling 1. Bakgrunn I desember 2013 ble "
                "avtalen fornyet. "
                + filler
                + "2. Strategier og målsetninger Visjonen for reisemålet er klar. "
                + filler,
            ),
        ],
    )
    path = tmp_path / "t.pdf"
    doc = repair(extract(describe(path, tmp_path, "b")))
    headings = [s.heading for s in segment(doc) if s.heading]
    assert "1. Bakgrunn" in headings and "2. Strategier og målsetninger" in headings


def test_a_transcripts_table_of_contents_lists_chapters_that_are_no_headings_there():
    filler = "Masfjorden kommune har jobba mykje med trivsel og bumiljø, og har gode tenestetilbod. " * 3
    doc = from_text(
        "1 STRATEGISK NÆRINGSPLAN MASFJORDEN KOMMUNE\n\n"
        "2 INNHALD 1. MÅLOPPNÅING Tabellar folketalsvekst og nettoflytting 4 2. AVSLUTNING AV PROSJEKTET "
        "PROSJEKTORGANISERING VIKTIGE ERFARINGAR Organisering av prosjektarbeid Målsetting 3 KOSTNADER OG "
        "FINANSIERING 35 Informasjon internt og eksternt Prosjektgruppe Kommunegruppe Placementgruppe "
        "Databasegruppe Marknadsføringsgruppa Hardangerlokk Næringslivsgruppa Grunnskulegruppa 1\n\n"
        "3 Målsetting: 50 nye arbeidsplassar i perioden. " + filler + "\n"
    )
    headings = [s.heading for s in segment(doc) if s.heading]
    assert headings == ["INNHALD", "Målsetting:"]


def test_pages_of_a_flattened_slide_deck_open_with_their_titles():
    body = "Kommunene og næringslivet går sammen om en rekrutteringskampanje for regionen. " * 4
    doc = from_text(
        'Utkast til kampanjeplan\n\nDownload "Utkast til kampanjeplan En nyhetsdrevet kampanje"\n\nTranskript\n\n'
        "1 Utkast til kampanjeplan En nyhetsdrevet kampanje for regionen. " + body + "\n\n"
        "2 Kampanje for mer hjernekraft og handlingskraft Vi skal hevde oss i toppen. " + body + "\n\n"
        "3 En nyhetsdrevet kampanje Kommunene, NTNU og næringslivet går sammen. " + body + "\n\n"
        "4 Disse innsatsområdene er føringer for Innherred samkommune. " + body + "\n"
    )
    headings = [s.heading for s in segment(doc) if s.heading]
    # the cover's title and a page that opens with a sentence give none
    assert headings == ["Kampanje for mer hjernekraft og handlingskraft", "En nyhetsdrevet kampanje"]


def test_a_line_with_thousands_of_labels_splits_in_one_pass():
    # a flattened 50 MB line once split colon by colon, copying the rest each time
    pieces = split_line(" ".join(f"Tiltak {k}: Utrede nye ruter" for k in range(5000)))
    # the run of labels parts the goals at their labels (numbers of one or two digits), the
    # rest at their colons
    assert len(pieces) == 5100 and pieces[:4] == [
        "Tiltak 0:",
        "Utrede nye ruter",
        "Tiltak 1:",
        "Utrede nye ruter",
    ]
    assert pieces[199:201] == ["Utrede nye ruter Tiltak 100:", "Utrede nye ruter Tiltak 101:"]
    assert split_line("Møtet startar kl. 10:30 i rådhuset: alle er velkomne") == [
        "Møtet startar kl. 10:30 i rådhuset:",
        "alle er velkomne",
    ]


def test_a_report_on_the_goals_restates_them_under_their_labels_only():
    st = structured_text(
        "Sluttrapport Flytt til Hardanger\n\nProsjektet vart avslutta i mai.\n\n"
        "1. MÅLOPPNÅING\n\nVisjonen til prosjektet er: Hardanger er eit naturleg førsteval å bu og flytta til. "
        "Prosjektet har oppnådd målsettinga for prosjektet! Vi har gjennomført tre samlingar.\n\n"
        "Hovudmål; Snu flyttestraumen\n"
    )
    assert st.sections[-1].kind == "progress"
    assert [(g.level, g.text) for g in st.goals] == [
        ("main_goal", "Hardanger er eit naturleg førsteval å bu og flytta til"),
        ("main_goal", "Snu flyttestraumen"),
    ]


def test_what_the_programme_or_project_is_for_is_its_main_goal():
    from pipeline.structure.assemble import _purpose_sentence

    for text in (
        "Prosjektet skal bidra til å realisere denne strategien.",
        "Programmet skal særleg stimulere til næringsutvikling og nyskaping i heile fylket.",
        "I tillegg skal programmet bidra til et mer robust og bærekraftig næringsliv.",
        "Utviklingsprogrammet for byregioner – Byregionprogrammet – skal bidra til å styrke vekstkrafta.",
    ):
        assert _purpose_sentence(text), text
    for text in (
        "Prosjektet skal ledes av Val FoU.",
        "Kommunen skal bidra til å styrke samarbeidet.",
        "Prosjektet har bidratt til å styrke samarbeidet.",
    ):
        assert not _purpose_sentence(text), text


def test_the_place_word_lists_hold_what_the_municipality_finder_needs():
    assert {"storbyen", "lufthamn", "universitetet", "region"} <= set().union(
        *lexicon.name_context().values()
    )
    assert {"Vik", "Berg"} <= lexicon.place_names()["ambiguous"]
    assert "Hardanger" in lexicon.place_names()["district"]


def test_a_sentence_ends_where_a_transcript_dropped_its_year():
    # the dev corpus's transcripts drop digits: the year and the full stop after it are gone
    assert split_line(
        "På ein offensiv måte marknadsføra regionen og snu flyttestraumen innan utgangen av "
        "Mangfaldet av aktivitetar gjer regionen attraktiv for innbyggjarane."
    ) == [
        "På ein offensiv måte marknadsføra regionen og snu flyttestraumen innan utgangen av",
        "Mangfaldet av aktivitetar gjer regionen attraktiv for innbyggjarane.",
    ]
    assert split_line("50 nye arbeidsplassar i perioden fram mot Næringslivet i Masfjorden er variert") == [
        "50 nye arbeidsplassar i perioden fram mot",
        "Næringslivet i Masfjorden er variert",
    ]
    # with its year, or before a word in lower case, the sentence goes on
    assert len(split_line("Snu flyttestraumen innan utgangen av 2015 og auke folketalet i regionen.")) == 1
    assert len(split_line("Arbeidet fram mot sommaren held fram som planlagt.")) == 1


def test_a_goal_quoted_after_the_goal_word_that_names_it():
    st = structured_text(
        "Prioriterte tiltak\n\nTiltaka er direkte kopla til resultatmåla i Regional plan for klimaomstilling, "
        "samt det overordna målet om å «saman få til klimaomstilling i Sogn og Fjordane».\n\n"
        "Slagord for prosjektet: «Hardanger – eit naturleg val for alle».\n\n"
        "Tiltak 1.4: Invitere til «Ålesundverksted» der kommunar og næringsliv møtest.\n"
    )
    goals = {g.text.strip("«»"): g.level for g in st.goals}
    assert goals.get("saman få til klimaomstilling i Sogn og Fjordane") == "main_goal"
    assert not any(t.startswith("Hardanger") for t in goals)  # a slogan, no goal word names it
    assert not any(t == "Ålesundverksted" for t in goals)  # the label names the measure, not the quote


def test_the_words_an_excerpt_cut_off_after_its_last_sentence_are_no_item():
    text = (
        "Prosjektplan\n\n"
        "Sentrale elementer i pilotprosjektet: Utforme en prosjektbeskrivelse for gjennomføring av konseptet. "
        "Bedre tilgjengeligheten gjennom skilting og infomateriell. "
        "Oppsummere konseptet med tanke på videreføring i fylket. Deler"
    )
    texts = [g.text for g in structured_text(text).goals]
    assert "Bedre tilgjengeligheten gjennom skilting og infomateriell" in [t.rstrip(".") for t in texts]
    assert "Deler" not in texts


def test_a_wrapped_line_that_starts_with_a_small_number_goes_on_with_its_sentence():
    """A PDF paragraph wrapped before '6 år.': the line goes on with the sentence the line
    before left open, and the goal reads whole; a numbered item after a finished sentence,
    or one with its stop ('2. Vekst'), still opens an item."""
    from pipeline.structure.units import logical_lines

    def joined(texts: list[str]) -> list[str]:
        lines = [pdf_line(t, 1) for t in texts]
        return [ln.text for ln in logical_lines(lines, layout=True)]

    goal = ["Hovedmålet er å skape 130 nye arbeidsplasser i Lierne i løpet av", "6 år."]
    assert joined(goal) == [" ".join(goal)]
    assert joined(["Planen har to innsatsområde.", "2 Vekst i næringslivet"]) == [
        "Planen har to innsatsområde.",
        "2 Vekst i næringslivet",
    ]
    assert joined(["Planen har to innsatsområde og", "2. Vekst i næringslivet"]) == [
        "Planen har to innsatsområde og",
        "2. Vekst i næringslivet",
    ]


def test_a_wrapped_line_ocr_sizes_a_sixth_off_goes_on_in_its_paragraph():
    """The dev PDFs' two-column scans: OCR sizes a short line a sixth off its paragraph
    ('foreslås:' at 12.2 under 'Følgende prosjekter og tiltak' at 10.5, one block); the line
    goes on, and the lead-in reads whole (dev03's ten measures under it: 0 -> 10). A line a
    quarter apart, or of another block, does not."""
    from pipeline.structure.units import logical_lines

    def joined(rows: list[tuple[str, float, int]]) -> list[str]:
        lines = [Line(t, page=1, size=size, block=block) for t, size, block in rows]
        return [ln.text for ln in logical_lines(lines, layout=True)]

    lead_in = [("Følgende prosjekter og tiltak", 10.5, 6), ("foreslås:", 12.2, 6)]
    assert joined(lead_in) == ["Følgende prosjekter og tiltak foreslås:"]
    assert joined([lead_in[0], ("foreslås:", 13.3, 6)]) == ["Følgende prosjekter og tiltak", "foreslås:"]
    assert joined([lead_in[0], ("foreslås:", 12.2, 7)]) == ["Følgende prosjekter og tiltak", "foreslås:"]


def test_a_plain_text_line_goes_on_after_a_preposition_or_with_a_number():
    """In plain text a line goes on onto the next when the next opens in lower case, and
    also when the line ends on a preposition or the next goes on with a number (a PDF's
    text copied without blank lines: 'følgende hovedmål for samfunnsutviklingen i' /
    '2021-2032:'); a finished sentence and a numbered item still stand apart."""
    from pipeline.structure.units import logical_lines

    def joined(texts: list[str]) -> list[str]:
        return [ln.text for ln in logical_lines([Line(t) for t in texts])]

    lead_in = ["Kommunestyret har foreslått følgende hovedmål for samfunnsutviklingen i", "2021-2032:"]
    assert joined(lead_in) == [" ".join(lead_in)]
    goal = ["Hovedmålet er å skape", "130 nye arbeidsplasser i Lierne i løpet av 6 år."]
    assert joined(goal) == [" ".join(goal)]
    apart = ["Planen har to innsatsområde.", "2 Vekst i næringslivet", "Regional plan for", "1. Vekst"]
    assert joined(apart) == apart


def test_a_sentence_a_column_break_cuts_goes_on_in_the_next_block():
    """A two-column PDF cuts 'Målsettingen ... blir nå å bidra til minst 50 nye og sikrede' /
    'arbeidsplasser. I tillegg ...' into two blocks: the sentence is read whole; a new
    block that starts a sentence of its own stays apart."""
    from pipeline.structure.units import logical_lines

    cut = [
        pdf_line("Målsettingen blir nå å bidra til minst 50 nye og sikrede", 2),
        pdf_line("arbeidsplasser. I tillegg skal programmet bidra til et robust næringsliv.", 3),
    ]
    assert [ln.text for ln in logical_lines(cut, layout=True)] == [f"{cut[0].text} {cut[1].text}"]
    apart = [cut[0], pdf_line("Arbeidsplasser er målet for perioden.", 3)]
    assert [ln.text for ln in logical_lines(apart, layout=True)] == [ln.text for ln in apart]
    assert [ln.text for ln in logical_lines(cut)] == [ln.text for ln in cut]  # plain text: blocks stay


def test_the_model_reads_no_units_of_a_report_on_goals_and_the_goals_stay_the_same(monkeypatch):
    """A section that reports on goals (progress, activities, deviations) never has the
    model's word taken for its units: they get no features and are outside, and what the
    documents yield is what reading every unit gives (the seeds, own and status fixtures)."""
    from pipeline.lexicon import reporting_kinds
    from pipeline.structure import assemble
    from pipeline.structure.assemble import _read, label_goals

    files = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
    files += sorted((ROOT / "tests" / "fixtures" / "status").glob("*.txt"))
    skipped = 0
    for path in files:
        doc = repair(extract(describe(path, path.parent, path.parent.name)))
        sections = segment(doc)
        kinds = {s.ordinal: s.kind for s in sections}
        us, _, every, *_ = _read(doc, sections)
        _, _, some, *_ = _read(doc, sections, every_unit=False)
        for u, f_every, f_some in zip(us, every, some, strict=True):
            if kinds[u.section] in reporting_kinds():
                assert f_some is None
                skipped += 1
            else:
                assert f_some == f_every  # the same features as among every unit
        goals, _, decided = label_goals(doc, sections, scores=True)
        assert all(
            t.source in ("reporting", "rules", "list")
            for t in decided
            if kinds[t.unit.section] in reporting_kinds()
        )
        with monkeypatch.context() as m:
            m.setattr(assemble, "_read", lambda d, s, every_unit=True: _read(d, s, True))
            assert label_goals(doc, sections)[0] == goals, path.name
    assert skipped > 100  # the fixtures have reports on goals to skip


def test_a_register_of_thousands_of_measures_reads_each_near_where_it_stands(monkeypatch):
    """A unit's rule goal is looked for near the last one found once a document has more
    than MANY_GOALS of them (all of them before: a cost with the square of the document's
    length, 46 s for a list of 16,000 lines). On every real document in the gold, a reach
    of ten goals either side already finds what a search of the whole document finds; and a
    register of 1,200 measures keeps every one of them."""
    from pipeline.structure import assemble
    from pipeline.train import gold_documents, read

    docs = [read(g.source) for g in gold_documents(ROOT)]
    whole = [assemble.document_features(doc, sections)[3] for doc, sections in docs]
    monkeypatch.setattr(assemble, "MANY_GOALS", 0)
    monkeypatch.setattr(assemble, "REACH", 10)
    assert [assemble.document_features(doc, sections)[3] for doc, sections in docs] == whole
    monkeypatch.undo()
    lines = ["Tiltak i handlingsprogrammet", ""] + [
        f"Tiltak {n // 40 + 1}.{n % 40 + 1}: Etablere tilbud nummer {n} for innbyggerne i regionen"
        for n in range(1200)
    ]
    goals = structured_text("\n".join(lines)).goals
    assert len(goals) == 1200 > assemble.MANY_GOALS
    assert {g.number for g in goals} == {f"{n // 40 + 1}.{n % 40 + 1}" for n in range(1200)}
