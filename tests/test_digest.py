from __future__ import annotations

import json

import pytest

import newsdigest
from newsdigest import Options
from newsdigest.errors import EmptyInputError
from newsdigest.options import ALGORITHMS, NUMERIC_LABELS

SCHEMA_KEYS = [
    "schema", "source", "title", "stats", "summary", "entities", "tags", "source_tags", "cleaning", "metadata",
    "fingerprint", "error",
]  # fmt: skip


def entity_names(digest: newsdigest.Digest) -> set[str]:
    return {name for entity in digest.entities for name in (entity.name, *entity.aliases)}


def test_sample_entities(sample_digest: newsdigest.Digest) -> None:
    names = entity_names(sample_digest)
    assert {"NATO", "Pete Hegseth", "UDCG"} <= names
    labels = {entity.name: entity.label for entity in sample_digest.entities}
    assert labels["NATO"] == "ORG"
    assert labels["Pete Hegseth"] == "PERSON"
    assert not {entity.label for entity in sample_digest.entities} & NUMERIC_LABELS


def test_entities_are_ranked_and_their_spans_are_true(sample_text: str, sample_digest: newsdigest.Digest) -> None:
    saliences = [entity.salience for entity in sample_digest.entities]
    assert saliences == sorted(saliences, reverse=True) and saliences[0] == 1.0
    for entity in sample_digest.entities:
        assert entity.mentions == len(entity.spans)
        forms = {entity.name, *entity.aliases}
        for start, end in entity.spans:
            assert " ".join(sample_text[start:end].split()) in forms
    # "the Ukraine Defense Contact Group" is reported without its article.
    assert "Ukraine Defense Contact Group" in entity_names(sample_digest)


def test_summary_sentences_are_verbatim_and_in_order(sample_text: str, sample_digest: newsdigest.Digest) -> None:
    summary = sample_digest.summary
    assert summary is not None and len(summary.sentences) == 3
    for sentence in summary.sentences:
        assert sample_text[sentence.start : sentence.end] == sentence.text
    starts = [sentence.start for sentence in summary.sentences]
    assert starts == sorted(starts)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_algorithm_returns_verbatim_sentences(sample_text: str, algorithm: str) -> None:
    digest = newsdigest.digest(sample_text, options=Options(algorithm=algorithm, sentences=4))
    assert digest.summary is not None and digest.summary.algorithm == algorithm
    sentences = digest.summary.sentences
    assert len(sentences) == 4
    assert [s.index for s in sentences] == sorted(s.index for s in sentences)
    for sentence in sentences:
        assert sample_text[sentence.start : sentence.end] == sentence.text


def test_sumy_algorithms_rank_differently_from_lead(sample_text: str) -> None:
    lead = newsdigest.digest(sample_text, options=Options(algorithm="lead"))
    lexrank = newsdigest.digest(sample_text, options=Options(algorithm="lexrank"))
    assert lead.summary and lexrank.summary
    assert [s.index for s in lead.summary.sentences] == [0, 1, 2]
    assert [s.index for s in lexrank.summary.sentences] != [0, 1, 2]


def test_one_sentence_article_asked_for_three() -> None:
    text = "NATO ministers met in Brussels on Wednesday to discuss support for Ukraine."
    digest = newsdigest.digest(text, options=Options(sentences=3))
    assert digest.summary is not None
    assert [s.text for s in digest.summary.sentences] == [text]


def test_title_is_found_and_kept_out_of_the_summary() -> None:
    text = (
        "Hegseth Urges Allies to Spend More on Defense\n"
        "Defense Secretary Pete Hegseth told NATO allies in Brussels to raise military spending. "
        "He said Europe must take the lead on Ukraine. Allies reacted with caution.\n"
    )
    digest = newsdigest.digest(text)
    assert digest.title == "Hegseth Urges Allies to Spend More on Defense"
    assert digest.summary is not None
    assert digest.summary.sentences[0].text.startswith("Defense Secretary Pete Hegseth told")
    assert digest.stats is not None and digest.stats.sentences == 3


def test_line_breaks_end_sentences_in_scraped_text(sample_text: str, sample_digest: newsdigest.Digest) -> None:
    digest = newsdigest.digest(sample_text, options=Options(algorithm="lexrank", sentences=45, clean=False))
    assert digest.summary is not None
    # The publisher's tag line is its own sentence, not glued to the paragraph above it.
    assert "NATO Ukraine Russia Diplomacy Defense Peace Trump Administration" in [
        s.text for s in digest.summary.sentences
    ]


def test_tags(sample_digest: newsdigest.Digest) -> None:
    tags = [tag.tag for tag in sample_digest.tags]
    assert 1 <= len(tags) <= 10
    assert {"NATO", "Ukraine"} <= set(tags)
    assert not {"he", "it", "the", "this"} & {tag.lower() for tag in tags}
    assert len({tag.lower() for tag in tags}) == len(tags)


def test_entity_type_filter(sample_text: str) -> None:
    people = newsdigest.digest(sample_text, options=Options(entity_types=frozenset({"PERSON"})))
    assert people.entities and {e.label for e in people.entities} == {"PERSON"}
    everything = newsdigest.digest(sample_text, options=Options(entity_types=frozenset(NUMERIC_LABELS | {"ORG"})))
    assert {"DATE", "ORG"} <= {e.label for e in everything.entities}


def test_record_schema(sample_digest: newsdigest.Digest) -> None:
    record = json.loads(json.dumps(sample_digest.to_dict()))
    assert list(record) == SCHEMA_KEYS
    assert record["schema"] == "newsdigest/1" and record["error"] is None
    assert set(record["summary"]) == {"algorithm", "sentences"}
    assert set(record["summary"]["sentences"][0]) >= {"text", "start", "end", "score"}
    assert set(record["entities"][0]) == {"name", "label", "mentions", "aliases", "spans", "salience"}
    assert set(record["tags"][0]) == {"tag", "score"}


def test_empty_text_is_an_error() -> None:
    with pytest.raises(EmptyInputError):
        newsdigest.digest("  \n ")


def test_bad_options_are_rejected() -> None:
    with pytest.raises(ValueError, match="unknown summary algorithm"):
        Options(algorithm="magic")
