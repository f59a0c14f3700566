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
