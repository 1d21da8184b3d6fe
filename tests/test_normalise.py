from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from pipeline.normalise import Normalise, detect, sentences
from pipeline.normalise.bokmal import apertium_available, translate_fallback
from pipeline.normalise.groups import group_keys
from pipeline.normalise.themes import themes_for
from pipeline.normalise.variety import classify, evidence

from .conftest import gold, seed_path
from .helpers import structured_text, vocabulary

DATA = Path(__file__).parent / "data" / "variety_sentences.tsv"


def labelled():
    rows = [line.rstrip("\n").split("\t", 1) for line in DATA.read_text("utf-8").splitlines()]
    return [(label, text) for label, text in (r for r in rows if len(r) == 2 and not r[0].startswith("#"))]


def test_variety_accuracy_on_the_labelled_set():
    rows = labelled()
    assert len(rows) >= 150
    right, total = Counter(), Counter()
    for label, text in rows:
        total[label] += 1
        right[label] += (classify(evidence(text)) or "nb") == label
    per_class = {k: right[k] / total[k] for k in total}
    overall = sum(right.values()) / sum(total.values())
    print("variety accuracy per class:", per_class, "overall:", round(overall, 3))
    assert overall >= 0.95
    assert per_class["nb"] >= 0.95 and per_class["nn"] >= 0.95 and per_class["mixed"] >= 0.85


def test_a_variety_marker_is_one_row_of_the_vocabulary(monkeypatch):
    """Markers are data (variety_markers.tsv): a row adds a word; no word marks both."""
    from pipeline import lexicon
    from pipeline.normalise import variety

    before = evidence("skulebussen", use_lists=False)
    caches = (lexicon.variety_markers, variety._score)
    with vocabulary(monkeypatch, "variety_markers.tsv", [(999, ["nn", "skulebussen"])], *caches):
        after = evidence("skulebussen", use_lists=False)
        assert (after.nn - before.nn, after.nn_strong - before.nn_strong) == (3, 1)
    rows = [(1, ["nn", "fra"]), (2, ["nb", "fra"])]
    with vocabulary(monkeypatch, "variety_markers.tsv", rows, *caches, extra=False):
        with pytest.raises(lexicon.LexiconError, match="both nn and nb: fra"):
            evidence("fra", use_lists=False)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_document_variety_of_the_seeds(prefix):
    assert detect(structured_text(seed_path(prefix).read_text("utf-8"))).variety == gold(prefix)["variety"]


def test_abbreviations_do_not_end_sentences():
    text = "Vi har bl.a. møtt KMD, jf. avtalen, f.eks. i mars pr. i dag. Ev. endringar kjem. Neste setning."
    assert sentences(text) == [
        "Vi har bl.a. møtt KMD, jf. avtalen, f.eks. i mars pr. i dag.",
        "Ev. endringar kjem.",
        "Neste setning.",
    ]


PAIRS = [
    (
        "Styrke samarbeidet mellom kommunane og næringslivet.",
        "Styrke samarbeidet mellom kommunene og næringslivet.",
    ),
    ("Auke talet på arbeidsplassar i regionen.", "Øke antallet arbeidsplasser i regionen."),
    (
        "Utvikle eit felles kollektivtilbod for heile regionen.",
        "Utvikle et felles kollektivtilbud for hele regionen.",
    ),
    (
        "Betre kunnskapen om korleis regionen kan bli meir attraktiv.",
        "Bedre kunnskapen om hvordan regionen kan bli mer attraktiv.",
    ),
    (
        "Etablere ei arbeidsgruppe for reiseliv og kultur.",
        "Etablere en arbeidsgruppe for reiseliv og kultur.",
    ),
]


def _forms(engine):
    """The same measures written in Nynorsk in one report and in Bokmål in another."""
    nn_doc = "Hovudmål og tiltak\n" + "\n".join(f"Tiltak 1.{i}: {nn}" for i, (nn, _) in enumerate(PAIRS, 1))
    nb_doc = "Hovedmål og tiltak\n" + "\n".join(f"Tiltak 1.{i}: {nb}" for i, (_, nb) in enumerate(PAIRS, 1))
    nn_norm, nb_norm = Normalise(engine=engine).run(
        [detect(structured_text(nn_doc)), detect(structured_text(nb_doc))]
    )
    return [f for pair in zip(nn_norm.goal_forms, nb_norm.goal_forms, strict=True) for f in pair]


@pytest.mark.parametrize(
    "engine",
    [
        "fallback",
        pytest.param(
            "apertium", marks=pytest.mark.skipif(not apertium_available(), reason="apertium not installed")
        ),
    ],
)
def test_nynorsk_and_bokmal_wording_get_the_same_key_and_themes(engine):
    forms = _forms(engine)
    assert all(f.normaliser == engine for f in forms)
    for k in range(len(PAIRS)):
        nn_form, nb_form = forms[2 * k], forms[2 * k + 1]
        assert nn_form.variety == "nn" and nb_form.variety == "nb"
        score = fuzz.token_set_ratio(nn_form.lemma_key, nb_form.lemma_key)
        assert score >= (95 if engine == "apertium" else 80), (nn_form, nb_form)
        assert nn_form.themes == nb_form.themes


@pytest.mark.skipif(not apertium_available(), reason="apertium not installed")
def test_apertium_leaves_bokmal_alone_and_fixes_fleire():
    forms = _forms("apertium")
    assert forms[1].text_nb == PAIRS[0][1]
    (norm,) = Normalise(engine="apertium").run(
        [detect(structured_text("Mål og tiltak\nTiltak 1.1: Vi skal ha fleire møte med kommunane."))]
    )
    assert "flere" in norm.goal_forms[0].text_nb and "gjentatte" not in norm.goal_forms[0].text_nb


def test_cache_means_nothing_is_translated_twice():
    st = structured_text("Mål og tiltak\nTiltak 1.1: Styrkje samarbeidet mellom kommunane.")
    first = Normalise(engine="fallback")
    first.run([detect(st)])
    assert first.translated_words > 0 and first.new
    second = Normalise(cache=first.cache, engine="fallback")
    second.run([detect(st)])
    assert second.translated_words == 0 and not second.new


def test_a_batch_seen_before_counts_no_uncached_words():
    # multi-sentence goals in both varieties: translations and lemmas are cached per sentence
    st = structured_text(
        "Mål og tiltak\nTiltak 1.1: Styrkje samarbeidet mellom kommunane. Vi skal ha fleire møte.\n"
        "Tiltak 1.2: Styrke samarbeidet i regionen. Vi skal ha flere møter med næringslivet.\n"
    )
    det = detect(st)
    norm = Normalise(engine="fallback")
    assert norm.uncached_words(det) > 0
    norm.run([det])
    assert norm.uncached_words(det) == 0


@pytest.mark.parametrize("engine", ["fallback", "apertium"])
def test_a_sentence_shared_by_goals_is_lemmatised_once_and_keys_join_their_sentences(engine, monkeypatch):
    if engine == "apertium" and not apertium_available():
        pytest.skip("apertium not installed")
    from pipeline.normalise import bokmal

    name = f"lemmas_{engine}"
    real, seen = getattr(bokmal, name), []
    monkeypatch.setattr(bokmal, name, lambda texts: seen.extend(texts) or real(texts))
    shared = "Vi skal styrke samarbeidet med næringslivet."
    st = structured_text(
        "Mål og tiltak\n"
        f"Tiltak 1.1: Etablere et felles kontor i regionen. {shared}\n"
        f"Tiltak 1.2: {shared} Arrangere to samlinger for ungdom hvert år.\n"
        f"Tiltak 1.3: {shared}\n"
    )
    det = detect(st)
    assert [len(g.sentences) for g in det.goals] == [2, 2, 1]
    (norm,) = Normalise(engine=engine).run([det])
    assert seen.count(shared) == 1 and len(seen) == 3
    alone = {s: " ".join(real([s])[0]) for s in seen}
    keys = [f.lemma_key for f in norm.goal_forms]
    assert keys[2] == alone[shared]
    assert keys[0] == f"{alone['Etablere et felles kontor i regionen.']} {alone[shared]}"
    assert keys[1].startswith(alone[shared] + " ")


def test_fallback_translation_of_common_forms():
    assert (
        translate_fallback("Korleis kan kommunane samarbeide betre?")
        == "Hvordan kan kommunene samarbeide bedre?"
    )


def test_themes_from_lemma_keys():
    assert themes_for("utvikle felles kollektivtilbud region") == ("samferdsel",)
    assert set(themes_for("styrke samarbeid næringsliv")) == {"samarbeid", "næringsutvikling"}
    assert themes_for("lage presentasjonsfilm") == ("omdømme",)


def test_goal_groups_join_similar_keys_and_block_candidates():
    ids = ["a", "b", "c", "d"]
    keys = [
        "styrke samarbeid kommune næringsliv",
        "styrke samarbeid kommune næringsliv region",
        "utvikle kollektivtilbud",
        "arrangere studenttreff juleferie",
    ]
    assert group_keys(ids, keys) == {"a": "a", "b": "a"}


@pytest.mark.skipif(not apertium_available(), reason="apertium not installed")
def test_a_texts_lemmas_do_not_depend_on_the_text_before_it_in_the_batch():
    from pipeline.normalise.bokmal import lemmas_apertium

    text = "trygge og utvikle dagens virksomheter, samt bidra til at flere velger å etablere seg i regionen."
    before = "Vi skal være en pådriver for å gjøre Sogn attraktiv for innbyggere, næringsliv og besøkende"
    alone = lemmas_apertium([text])[0]
    assert "velge" in alone
    assert lemmas_apertium([before, text])[1] == alone
    assert lemmas_apertium([before])[0] == lemmas_apertium([before, text])[0]


@pytest.mark.skipif(not apertium_available(), reason="apertium not installed")
def test_lemmas_come_from_the_analysis_apertiums_own_translator_makes():
    from pipeline.normalise.bokmal import lemmas_apertium

    council, tunnel, plan, hyphens = lemmas_apertium(
        [
            "Etablere et felles næringsråd for regionen.",
            "Arbeid for at Stad skipstunnel blir bygd.",
            "Den felles kommunikasjonen skal beskrive arbeidsmarkedet og utviklingsmålene",
            "Søke midler til EU-prosjektet for areal- og transportplanlegging",
        ]
    )
    # word by word, the grammar saw readings that only exist inside compounds and took
    # "felles" for an adverb and "bygd" for an unknown word
    assert council == ["etablere", "felles", "næringsråd", "region"]
    assert "bygge" in tunnel and "bygd" not in tunnel
    # a compound of listed words keeps its written form, joining "s" and all
    assert plan[-2:] == ["arbeidsmarked", "utviklingsmål"] and "felles" in plan
    # hyphenated: a compound with a hyphen, and the first half of "areal- og transport..."
    assert {"eu-prosjekt", "areal", "transportplanlegging"} <= set(hyphens)


@pytest.mark.skipif(not apertium_available(), reason="apertium not installed")
def test_odd_characters_keep_each_text_with_its_own_lemmas():
    from pipeline.normalise.bokmal import lemmas_apertium

    texts = [
        "Pris: 100$ / år ^ [merknad] \\ test.",
        "Sjå www.example.no/side?x=1&y=2 og e-post: post@region.no",
        "",
        "Øke antall arbeidsplasser med 10 %.",
        "A/S Vestlandsbanken og EU-prosjektet",
    ]
    out = lemmas_apertium(texts)
    assert len(out) == len(texts) and out[2] == []
    assert out[0][:2] == ["pris", "år"] and out[3] == ["øke", "antall", "arbeidsplass"]
    assert "eu-prosjekt" in out[4]


def test_each_normaliser_keeps_its_own_cache_entries():
    st = structured_text("Mål og tiltak\nTiltak 1.1: Styrkje samarbeidet mellom kommunane.")
    det = detect(st)
    fallback = Normalise(engine="fallback")
    fallback.run([det])
    assert fallback.uncached_words(det) == 0
    # Apertium installed later: the fallback's forms are not taken for Apertium's
    assert Normalise(cache=fallback.cache, engine="apertium").uncached_words(det) > 0


@pytest.mark.skipif(not apertium_available(), reason="Apertium not installed")
def test_addresses_survive_translation_and_stay_out_of_lemma_keys():
    from pipeline.normalise.bokmal import _lemmas_call, _translate_call

    (nb,) = _translate_call(
        ["Send spørsmål til post@forde.kommune.no eller sjå https://www.forde.kommune.no/plan."]
    )
    assert "post@forde.kommune.no" in nb and "https://www.forde.kommune.no/plan" in nb and "<guio>" not in nb
    (lemmas,) = _lemmas_call(["Send spørsmål til post@forde.kommune.no."])
    assert lemmas == ["sende", "spørsmål"]


def test_one_sentence_apertium_cannot_take_does_not_fail_the_batch(monkeypatch):
    import subprocess

    from pipeline.normalise import bokmal

    real = subprocess.run

    def flaky(cmd, *args, **kwargs):
        if "BOOM" in (kwargs.get("input") or ""):
            raise subprocess.CalledProcessError(1, cmd)
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(bokmal.subprocess, "run", flaky)
    out = bokmal._translate_call(["Fleire arbeidsplassar.", "BOOM her.", "Betre vegar."])
    assert out[1] == bokmal.translate_fallback("BOOM her.") and len(out) == 3
    if apertium_available():
        assert out[0] == "Flere arbeidsplasser." and out[2].startswith("Bedre")


@pytest.mark.skipif(not apertium_available(), reason="Apertium not installed")
def test_nynorsk_and_bokmal_wordings_of_one_goal_get_one_key():
    from pipeline.normalise import Detected, detect_goal

    goals = (
        detect_goal("Leggje til rette for fleire sykkelvegar", "nn"),
        detect_goal("Legge til rette for flere sykkelveier", "nb"),
    )
    (out,) = Normalise(cache={}).run([Detected(goals, (), "nb")])
    keys = [f.lemma_key for f in out.goal_forms]
    assert keys[0] == keys[1] == "tilrettelegge sykkelvei"
    assert all("#" not in k and "_" not in k for k in keys)


def test_join_lemmas_drops_multiword_marks_and_joins_phrases():
    from pipeline.normalise import join_lemmas

    assert join_lemmas(["legge# til", "rett", "næringsliv"]) == "tilrettelegge næringsliv"
    assert join_lemmas(["ta# i bruk", "teknologi"]) == "bruke teknologi"
    assert join_lemmas(["legge", "planen"]) == "legge planen"


@pytest.mark.skipif(not apertium_available(), reason="Apertium not installed")
def test_goal_groups_on_hand_labelled_pairs():
    """70 goal pairs across the dev corpus, seeds and the project's documents, labelled as
    the same aim or not (tests/gold/pairs). Goal groups join near-identical wordings only:
    what they join is the same aim (precision), but most pairs with the same aim in other
    words are not joined (recall 0.06 when measured): a known limit, tracked here."""
    import json

    from pipeline.normalise import Detected, detect_goal

    data = json.loads((Path(__file__).parent / "gold" / "pairs" / "goal_pairs.json").read_text("utf-8"))[
        "pairs"
    ]
    texts = sorted({p["a_text"] for p in data} | {p["b_text"] for p in data})
    (out,) = Normalise(cache={}).run([Detected(tuple(detect_goal(t, "nb") for t in texts), (), "nb")])
    keys = {t: f.lemma_key for t, f in zip(texts, out.goal_forms, strict=True)}
    groups = group_keys(texts, [keys[t] for t in texts])
    joined = [
        groups.get(p["a_text"]) is not None and groups.get(p["a_text"]) == groups.get(p["b_text"])
        for p in data
    ]
    tp = sum(j and p["same_aim"] for j, p in zip(joined, data, strict=True))
    fp = sum(j and not p["same_aim"] for j, p in zip(joined, data, strict=True))
    assert len(data) == 70 and sum(p["same_aim"] for p in data) == 31
    assert tp >= 2 and tp / max(tp + fp, 1) >= 0.8
