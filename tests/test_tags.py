from __future__ import annotations

import json

from click.testing import CliRunner

import newsdigest
from newsdigest import cli
from newsdigest.lexicon import UNLISTED_ZIPF, zipf

ARTICLE = (
    "Energy prices in Europe rose again on Monday as gas supplies from Norway were cut. "
    "The European Commission said energy prices would stay high through the winter. "
    "Households face higher energy bills, and governments are debating price caps. "
    "Analysts said the energy price shock could push inflation above 10 percent. "
    "Norway said its gas fields would resume deliveries next week."
)


def tags_of(text: str, limit: int = 10) -> list[str]:
    return [tag.tag for tag in newsdigest.digest(text, options=newsdigest.Options(tags=limit)).tags]


def test_general_english_frequencies() -> None:
    assert zipf("the") > 7 > zipf("peace") > 4 > zipf("diplomacy") > 3
    assert zipf("hegseth") == UNLISTED_ZIPF


def test_topic_phrases_merge_plurals_and_keep_natural_case() -> None:
    tags = tags_of(ARTICLE)
    assert "energy prices" in tags and "energy price" not in tags  # singular and plural are one tag
    assert "Norway" in tags and "Europe" in tags  # "European" counts towards the place it names
    assert all(tag == tag.strip() and tag for tag in tags)
    for tag in tags:
        assert tag.split()[0].lower() not in {"the", "a", "an", "this", "its", "their"}
        assert not tag.replace(" ", "").isdigit()
    lowered = [tag.lower() for tag in tags]
    assert len(set(lowered)) == len(lowered)


def test_one_tag_per_idea(sample_digest: newsdigest.Digest) -> None:
    tags = [tag.tag for tag in sample_digest.tags]
    assert "Pete Hegseth" in tags
    assert not [tag for tag in tags if tag != "Pete Hegseth" and "Hegseth" in tag]
    assert sum(1 for tag in tags if tag in {e.name for e in sample_digest.entities}) <= 5  # names and topics mix


def test_topic_words_from_the_sample(sample_digest: newsdigest.Digest) -> None:
    tags = [tag.tag.lower() for tag in sample_digest.tags]
    assert {"nato", "ukraine", "defense"} <= set(tags)


def test_scores_are_ranked(sample_digest: newsdigest.Digest) -> None:
    scores = [tag.score for tag in sample_digest.tags]
    assert scores[0] == 1.0 and scores == sorted(scores, reverse=True)


def test_tags_command(sample_path) -> None:
    result = CliRunner().invoke(cli.main, ["tags", "--json", "--tags", "4", str(sample_path)])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert len(record["tags"]) == 4
    view = CliRunner().invoke(cli.main, ["tags", str(sample_path)])
    assert "Tags" in view.stdout and "Entities" not in view.stdout and "NATO" in view.stdout


STORM = (
    "Hurricane Gilbert slammed into the Yucatan Peninsula on Wednesday with a storm surge of "
    "fifteen feet. The storm surge flooded coastal towns, and the hurricane's winds tore roofs "
    "from homes. Forecasters at the National Hurricane Center said the storm surge would reach "
    "the Texas coast by Friday. Coastal residents fled inland as the hurricane season's strongest "
    "storm approached. Emergency shelters opened across the coastal counties of Texas."
)


def phrases_of(text: str, limit: int = 10) -> list[str]:
    options = newsdigest.Options(tags=limit, tag_style="phrases")
    return [tag.tag for tag in newsdigest.digest(text, options=options).tags]


def test_phrases_style_gives_descriptive_noun_phrases() -> None:
    phrases = phrases_of(STORM)
    assert "storm surge" in phrases, phrases
    assert sum(len(phrase.split()) >= 2 for phrase in phrases) >= len(phrases) // 2, phrases
    # Natural tags: no determiners or pronouns at either end, names keep their case.
    for phrase in phrases:
        first, last = phrase.split()[0].lower(), phrase.split()[-1].lower()
        assert first not in {"the", "a", "an", "its", "their"} and last not in {"the", "of", "and"}, phrase
    assert "Hurricane Gilbert" in phrases or "National Hurricane Center" in phrases, phrases
    # One idea once: never a phrase and the same head with a modifier more or less.
    heads = [phrase.lower().split() for phrase in phrases]
    for i, a in enumerate(heads):
        for b in heads[i + 1 :]:
            shorter, longer = sorted((a, b), key=len)
            assert longer[len(longer) - len(shorter) :] != shorter, (a, b)
    assert len(phrases_of(STORM, limit=3)) == 3


def test_word_ranks_favour_connected_words_that_come_early() -> None:
    from newsdigest.pipeline.nlp import load_model
    from newsdigest.pipeline.tags import word_ranks

    doc = load_model(None)(STORM)
    ranks = word_ranks(doc, set())
    assert abs(sum(ranks.values()) - 1.0) < 1e-6
    assert ranks["surge"] > ranks["shelter"] and ranks["storm"] > ranks["roof"]


def test_tag_style_is_checked_everywhere(sample_path) -> None:
    import pytest

    with pytest.raises(ValueError, match="tag style"):
        newsdigest.Options(tag_style="keywords")
    result = CliRunner().invoke(cli.main, ["tags", "--tag-style", "keywords", str(sample_path)])
    assert result.exit_code == 2 and "keywords" in result.output
    shown = CliRunner().invoke(
        cli.main, ["tags", "--tag-style", "phrases", "--tags", "4", "--format", "text", str(sample_path)]
    )
    assert shown.exit_code == 0 and len(shown.stdout.splitlines()) == 4
