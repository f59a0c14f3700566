from __future__ import annotations

import json
import math
from importlib import resources

import pytest
from click.testing import CliRunner

import newsdigest
from newsdigest import cli
from newsdigest.options import DEFAULT_ALGORITHM, Options
from newsdigest.pipeline import summarize
from newsdigest.pipeline.nlp import load_model
from newsdigest.pipeline.ranker import (
    FEATURES,
    WEIGHTS_FILE,
    RankerWeights,
    dangling_flags,
    is_standalone,
    select,
    shipped_weights,
)

ARTICLE = "\n".join(
    [
        "Heavy rain flooded three coastal towns on Sunday, forcing hundreds of residents from their homes.",
        "Emergency crews worked through the night to clear blocked drains and rescue stranded drivers.",
        "Heavy rain flooded three coastal towns on Sunday and forced hundreds of residents from their homes.",
        "The weather service said more rain was expected later in the week across the whole region.",
        "Mayor Ana Lopez said the town would ask the government for emergency funds on Monday.",
        "Local schools will stay closed until the water recedes, officials said.",
    ]
)


def test_news_is_the_default_and_skips_repeats() -> None:
    assert DEFAULT_ALGORITHM == "news"
    digest = newsdigest.digest(ARTICLE, options=Options(sentences=3))
    assert digest.summary is not None and digest.summary.algorithm == "news"
    indexes = [s.index for s in digest.summary.sentences]
    assert indexes == sorted(indexes) and 0 in indexes
    assert 2 not in indexes  # says again what sentence 0 says


@pytest.mark.parametrize("cap", [5, 20, 35, 60])
def test_max_words_is_never_exceeded(sample_text: str, cap: int) -> None:
    for algorithm in ("news", "lead", "lexrank"):
        digest = newsdigest.digest(sample_text, options=Options(sentences=10, max_words=cap, algorithm=algorithm))
        assert digest.summary is not None
        words = sum(len([w for w in s.text.split() if any(c.isalnum() for c in w)]) for s in digest.summary.sentences)
        assert words <= cap


def test_ratio_sets_the_length(sample_digest: newsdigest.Digest, sample_text: str) -> None:
    assert sample_digest.stats is not None
    total = sample_digest.stats.sentences
    digest = newsdigest.digest(sample_text, options=Options(ratio=0.25, algorithm="lead"))
    assert digest.summary is not None and len(digest.summary.sentences) == -(-total // 4)


def test_explain_gives_the_parts_of_the_score(sample_path) -> None:
    result = CliRunner().invoke(cli.main, ["summarize", "--json", "--explain", str(sample_path)])
    record = json.loads(result.stdout)
    for sentence in record["summary"]["sentences"]:
        why = sentence["why"]
        assert set(why) == {"eligible", "bias", *FEATURES} and why["eligible"] is True
        # The parts add up to the score: nothing about the choice is hidden.
        log_odds = why["bias"] + sum(why[name] for name in FEATURES)
        assert sentence["score"] == pytest.approx(1 / (1 + math.exp(-log_odds)), abs=0.01)
    plain = json.loads(CliRunner().invoke(cli.main, ["summarize", "--json", str(sample_path)]).stdout)
    assert "why" not in plain["summary"]["sentences"][0]
    view = CliRunner().invoke(cli.main, ["summarize", "--explain", str(sample_path)])
    assert "log-odds parts:" in view.stdout


def test_shipped_weights_are_fitted_and_cross_validated() -> None:
    weights = shipped_weights()
    assert weights.features == FEATURES
    assert RankerWeights.from_dict(weights.to_dict()) == weights
    # The lead carries the news: the fitted position weight is positive and the largest.
    by_size = sorted(zip(weights.weights, FEATURES, strict=True), key=lambda pair: -abs(pair[0]))
    assert by_size[0][1] == "position" and by_size[0][0] > 0
    stored = json.loads(resources.files("newsdigest").joinpath("data", WEIGHTS_FILE).read_text())
    assert stored["cross_validated"]["folds"] >= 5
    with pytest.raises(ValueError, match="refit"):
        RankerWeights.from_dict({**weights.to_dict(), "features": ["position"]})


DANGLING_ARTICLE = "\n".join(
    [
        "The city council approved a new budget for public transport on Tuesday evening.",
        "Bus fares will fall by a fifth from January, the council said in a statement.",
        "Officials expect ridership across the network to grow by ten percent next year.",
        "The mayor called the vote a turning point for commuters in the northern districts.",
        "She said the money would come from a tax on parking in the city centre.",
        "Opposition members argued that the tax would hurt small shops near the old market.",
    ]
)


def test_a_dangling_opener_never_stands_without_its_antecedent() -> None:
    doc = load_model()(DANGLING_ARTICLE)
    sentences = list(doc.sents)
    flags = dangling_flags(sentences)
    assert flags == [False, False, False, False, True, False]
    counts = [len(s) for s in sentences]
    # "She said…" ranked first: with room for two, the mayor's sentence comes with it.
    scores = [0.1, 0.2, 0.3, 0.4, 0.9, 0.05]
    assert select(scores, None, 3, counts, dangling=flags) == [2, 3, 4]
    # With room for one only, it is passed over for the next candidate.
    assert select(scores, None, 1, counts, dangling=flags) == [3]
    # Without the check, it would stand alone.
    assert select(scores, None, 1, counts) == [4]


def test_default_summaries_have_no_dangling_openers() -> None:
    digest = newsdigest.digest(DANGLING_ARTICLE, options=Options(sentences=2))
    assert digest.summary is not None
    chosen = [s.index for s in digest.summary.sentences]
    assert all(not s.text.startswith("She") or s.index - 1 in chosen for s in digest.summary.sentences)


@pytest.mark.parametrize(
    ("sentence", "standalone"),
    [
        ("The minister said the talks would resume on Monday.", True),
        ("Read more about the talks here.", False),
        ("Find out more about the harbour festival and its history.", False),  # a link
        ("See more: The harbour festival through the years", False),
        ("This page contains the council's reports on the harbour floods.", False),  # about the page
        ("Our website uses cookies to give you the best experience.", False),
        ("This site of the old harbour will become a park, the council said.", True),
        ("In pics: the harbour council explains why the spring festival was cancelled.", False),  # a gallery
        ("Watch: Who are the volunteers who rebuilt the pier after the floods?", False),
        ("The video showed the harbour council explaining why the festival was cancelled.", True),
        ("Get our news feed sent to your inbox and follow us for updates on the floods.", False),
        ("Photo by Jane Smith.", False),
        ("Below is a list of the harbour council's decisions for the year.", False),  # points at the page
        ("Some reports on this page may be available in Portable Document Format (PDF).", False),
        ("The council published the flood report (PDF) on Monday, three weeks late.", True),  # a citation
        ("Harbourlinks, the leading online source for harbour news, is run by volunteers.", False),  # a tagline
        ("Acme Pumps, the largest maker of flood pumps in the county, won the contract.", True),  # news
        ("Get $45 off your first order of sandbags, plus free delivery!", False),  # an offer to the reader
        ("The hardware shop took $45 off every order of sandbags after the floods.", True),
        ("and then the talks would resume on Monday.", False),
        ("The Ukraine Defense Contact Group.", False),  # no verb: a fragment
        ("Two people in China have been diagnosed with the plague,...", False),
        ("Published: 16 March 2024", False),  # a dateline: short, and no mark at its end
        ("Harbour council cancels spring festival after floods", False),  # a headline
        ("Will the harbour council cancel the spring festival?", True),
        (  # a lede that lost its full stop is longer than a headline
            "The harbour council cancelled the spring festival on Monday after floods damaged the"
            " town square and the pier",
            True,
        ),
    ],
)
def test_sentences_that_cannot_stand_alone(sentence: str, standalone: bool) -> None:
    doc = load_model()(sentence)
    assert is_standalone(doc[:]) is standalone


def test_sumy_algorithms_are_windowed_on_long_inputs(monkeypatch: pytest.MonkeyPatch, sample_text: str) -> None:
    monkeypatch.setattr(summarize, "MAX_SUMY_SENTENCES", 10)
    digest = newsdigest.digest(sample_text, options=Options(algorithm="lexrank", sentences=3, clean=False))
    assert digest.summary is not None
    assert all(s.index < 10 for s in digest.summary.sentences)


def test_bad_lengths_are_rejected() -> None:
    with pytest.raises(ValueError, match="ratio"):
        Options(ratio=1.5)
    result = CliRunner().invoke(cli.main, ["summarize", "--max-words", "0", "-"], input="Some text here.")
    assert result.exit_code == 2


def test_a_headline_glued_to_a_dateline_is_not_a_summary_sentence() -> None:
    doc = load_model()("Indian-origin man pleads guilty to fraud scheme in US NEW YORK:")
    assert not is_standalone(doc[:])


def test_a_list_items_bullet_is_not_part_of_its_summary_sentence() -> None:
    text = (
        "Harbour works finish early\n\n"
        "The council said on Monday that the repairs to the harbour wall were finished two weeks early.\n"
        "- Engineers replaced three of the old pumps near the pier before the storm season began.\n"
        "• The new flood gates were tested twice by the water company last week.\n"
    )
    digest = newsdigest.digest(text)
    assert digest.summary is not None
    sentences = digest.summary.sentences
    assert [s.text[:3] for s in sentences] == ["The", "Eng", "The"]
    for sentence in sentences:  # offsets still point at the sentence in the input
        assert text[sentence.start : sentence.end] == sentence.text


def test_fragments_do_not_pad_a_summary_but_a_text_of_fragments_still_gets_one_line() -> None:
    text = "Harbour works finish early\n\nMonday\nJan 21\nThe council said on Monday that the harbour wall repairs were finished early.\n"
    digest = newsdigest.digest(text, options=newsdigest.Options(sentences=3))
    assert digest.summary is not None
    assert [s.text for s in digest.summary.sentences] == [
        "The council said on Monday that the harbour wall repairs were finished early."
    ]
    fragments = newsdigest.digest("Monday\nJan 21\nHarbour Town 2 Bay City 1\n")
    assert fragments.summary is not None and len(fragments.summary.sentences) == 1
