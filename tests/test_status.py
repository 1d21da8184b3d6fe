"""Progress per measure: what a report says of each measure, scored on annotated reports."""

import json
from pathlib import Path

import pytest

from pipeline.discover import describe
from pipeline.evaluate import load_status_gold, score_statuses
from pipeline.extract import extract
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.structure import structure
from pipeline.structure.status import status_in, tail_status

from .conftest import ROOT
from .helpers import structured_text, vocabulary

GOLD = ROOT / "tests" / "gold" / "status"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Tiltak 2 er forseinka, då finansieringa enno ikkje er på plass", "delayed"),
        ("Kartleggingen av kompetansebehovet pågår og skal være ferdig i september", "on_track"),
        ("Nettportalen for tilflyttere er ikke påbegynt", "not_started"),
        ("Klimarekneskapen vart ikkje realisert", "cancelled"),
        ("Kompetanseforumet er etablert og har hatt to møter", "done"),
        ("Tiltak 3.2 er utsatt til neste år", "delayed"),
        ("Rekrutteringskampanjen ble avlyst", "cancelled"),
        ("Næringsforumet skal bli etablert i 2019", None),  # a plan, not a result
        ("Regionen har mange flotte fjell", None),
    ],
)
def test_status_cues_bokmal_and_nynorsk(text, status):
    found = status_in(text)
    assert (found[0] if found else None) == status


def test_a_status_cue_is_one_row_of_the_vocabulary(monkeypatch):
    """The cues are data (status_cues.tsv): a row adds one, and a status a row names must be
    one the records know."""
    from pipeline import lexicon
    from pipeline.structure import status

    text = "Nærbutikkprosjektet er parkert inntil vidare"
    assert status_in(text) is None
    caches = (lexicon.status_cues, status._cue_stems)
    with vocabulary(monkeypatch, "status_cues.tsv", [(999, ["cancelled", "parkert"])], *caches):
        assert status_in(text) == ("cancelled", "parkert")
    with vocabulary(monkeypatch, "status_cues.tsv", [(1, ["stopped", "parkert"])], *caches, extra=False):
        with pytest.raises(lexicon.LexiconError, match="status_cues.tsv line 1"):
            status_in(text)


def test_a_cue_in_any_case_is_found_and_given_as_written():
    assert status_in("Næringsforumet er GJENNOMFØRT") == ("done", "GJENNOMFØRT")
    assert status_in("Tiltak 2: Ikkje Starta") == ("not_started", "Ikkje Starta")
    assert status_in("Kartlegginga vart UTSETT til 2019, og er IKKJE REALISERT") == ("delayed", "UTSETT")


def test_a_status_on_the_items_own_line():
    assert tail_status("Etablere et regionalt næringsfond – gjennomført") == ("done", "gjennomført")
    assert tail_status("Kartlegge behovet for sesongarbeidarar Utsett til 2019")[0] == "delayed"
    assert tail_status("Greie ut bestillingstransport i grendene Ikkje starta")[0] == "not_started"
    assert tail_status("Lage klimarekneskap for kommunane (status: ikkje realisert)")[0] == "cancelled"
    assert tail_status("Få på plass en ny ordning") is None  # a measure about a thing to be in place


def _with_status(st, levels):
    """(goal, its status or None) for the goals of ``levels``."""
    status = {s.goal: s.status for s in st.statuses}
    return [(g, status.get(g.ordinal)) for g in st.goals if g.level in levels]


def test_an_items_status_is_its_status_and_not_part_of_its_text():
    st = structured_text(
        "Kongsbergregionen - Årsrapport 2017\n\nMål for næringsutvikling:\n"
        "- Etablere et regionalt næringsfond – gjennomført\n"
        "- Styrke samarbeidet med Fagskolen – pågår\n"
        "- Opprette en felles etablererveiledning (status: ikke startet)\n"
    )
    got = {g.text: status for g, status in _with_status(st, ("sub_goal", "measure"))}
    assert got == {
        "Etablere et regionalt næringsfond": "done",
        "Styrke samarbeidet med Fagskolen": "on_track",
        "Opprette en felles etablererveiledning": "not_started",
    }
    evidence = {s.evidence for s in st.statuses}
    assert "Etablere et regionalt næringsfond – gjennomført" in evidence  # the line as written


def test_a_sentence_names_a_measure_by_two_words_only_it_has():
    st = structured_text(
        "Handlingsplan\n\nTiltak 2.1: Utarbeide en grafisk profil og lage nettside og facebookside der "
        "prosjektet og aktuelle nyheter presenteres\n"
        "Tiltak 2.2: Lage en plan for nettverk og profilering av regionen\n\n"
        "Aktiviteter\n\nArbeidet med en grafisk profil er igangsatt.\n"
    )
    got = {g.number: status for g, status in _with_status(st, ("measure",))}
    assert got == {"2.1": "on_track", "2.2": None}


def _predicted() -> dict[str, list[tuple[str, str]]]:
    out = {}
    for path in sorted(GOLD.glob("*.json")):
        source = ROOT / json.loads(path.read_text("utf-8"))["source"]
        doc = repair(extract(describe(source, source.parent, "b")))
        st = structure(doc, segment(doc))
        status = {s.goal: s.status for s in st.statuses}
        out[source.name] = [
            (g.text, status.get(g.ordinal, "unknown")) for g in st.goals if g.level in ("measure", "sub_goal")
        ]
    return out


def test_measure_status_on_the_annotated_reports():
    """71 measures in 12 reports (a seed, an own report and ten written in the dev corpus's
    styles: status columns, a TAB-typed status table, dash lists, paragraphs that name
    measures by number or by words; Bokmål and Nynorsk). Known statuses and each status:
    F1 >= 0.8, and no status is ever wrong."""
    report = score_statuses(load_status_gold(Path(GOLD)), _predicted())
    assert report["measures"] == 71
    known = report["known_statuses"]
    assert known["f1"] >= 0.8 and known["precision"] >= 0.95, known
    for status in ("done", "on_track", "delayed", "not_started", "cancelled"):
        scores = report["per_status"][status]
        assert scores["precision"] >= 0.9 and scores["f1"] >= 0.8, (status, scores)


def test_a_long_status_table_keeps_only_indexes_of_its_items():
    """10,000 measures in words many share, each with its status line: the comparison
    keeps indexes of the items' words, not sets per item (35 MB at the peak on the code
    before, 7 MB now), and every status is found."""
    import tracemalloc

    from pipeline.records import Goal, Section
    from pipeline.structure.status import measure_statuses

    words = "etablere styrke utvikle kompetanse næring samarbeid region tilbud bolig transport".split()
    texts = [f"{' '.join(words[(i * k + k) % len(words)] for k in range(1, 7))} {i}" for i in range(10_000)]
    goals = [Goal(i, 0, "measure", None, None, f"{t} – I rute") for i, t in enumerate(texts)]
    section = Section(0, "progress", "Status", (), body="\n".join(f"{t}\nI rute" for t in texts))
    tracemalloc.start()
    try:
        statuses = measure_statuses([section], goals)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(statuses) == 10_000 and {s.status for s in statuses} == {"on_track"}
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MB"
