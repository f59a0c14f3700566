"""Extractive summaries: score the body sentences, keep the best N in article order.

Every algorithm returns a score per sentence: our ``news`` ranker (ranker.py), ``lead``
and sumy's summarizers; one selection step then applies the length limits. sumy
gets spaCy's sentences and lemmas through a small adapter, so NLTK's tokenizer data is
never needed (sumy's own tokenizers download punkt at run time).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span

from newsdigest.options import ALGORITHMS, DEFAULT_ALGORITHM, SUMY_ALGORITHMS
from newsdigest.pipeline.ranker import dangling_flags, news_scores, select
from newsdigest.records import Summary, SummarySentence

#: Bullets that open a list item ("- Duty cuts on …", "• Pittsburgh …"): a summary quotes the
#: item, not its bullet.
LIST_MARKERS = frozenset({"-", "–", "—", "•", "*", "·", "‣", "◦", "▪"})
#: How a table row reads once extracted ("| a sentence in a cell |"): a sentence laid out in
#: a table cell (old pages were laid out in tables) is quoted without the cell's edges.
TABLE_CELL_EDGE = "|"


def body_sentences(doc: Doc, body_start: int, code_ranges: Sequence[tuple[int, int]] = ()) -> list[Span]:
    """Sentences that can go into a summary: after the title and outside program listings
    (``Layout.code_ranges``), trimmed of whitespace tokens, a list item's bullet and a
    table cell's edges."""
    sentences = []
    for sentence in doc.sents:
        tokens = [token for token in sentence if not token.is_space]
        if not tokens or tokens[0].idx < body_start:
            continue
        if any(start < sentence.end_char and sentence.start_char < end for start, end in code_ranges):
            continue
        while len(tokens) > 1 and (tokens[0].text in LIST_MARKERS or tokens[0].text == TABLE_CELL_EDGE):
            tokens = tokens[1:]
        while len(tokens) > 1 and tokens[-1].text == TABLE_CELL_EDGE:
            tokens = tokens[:-1]
        if not any(token.is_alpha or token.like_num for token in tokens):
            continue  # a table's empty cells or a rule of dashes: nothing to quote
        sentences.append(doc[tokens[0].i : tokens[-1].i + 1])
    return sentences


def content_words(sentence: Span) -> list[str]:
    return [token.lemma_.lower() for token in sentence if token.is_alpha or token.like_num]


def _lead_scores(sentences: Sequence[Span]) -> list[float]:
    count = len(sentences)
    return [1.0 - index / count for index in range(count)]


class _PrecomputedWords:
    """sumy tokenizer interface backed by spaCy's analysis of each sentence."""

    def __init__(self, words_by_text: dict[str, list[str]]) -> None:
        self._words_by_text = words_by_text

    def to_words(self, text: str) -> list[str]:
        return self._words_by_text[text]


def _sumy_summarizer(algorithm: str) -> Any:
    # Imported here: sumy pulls in NLTK's stemmers, which the default path never needs.
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "sumbasic": SumBasicSummarizer,
        "kl": KLSummarizer,
    }
    summarizer = classes[algorithm]()  # default null stemmer: our words are lemmas already
    summarizer.stop_words = STOP_WORDS
    return summarizer


def _sumy_scores(algorithm: str, sentences: Sequence[Span]) -> list[float]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    words = {sentence.text.strip(): content_words(sentence) for sentence in sentences}
    tokenizer = _PrecomputedWords(words)
    sumy_sentences = tuple(Sentence(sentence.text, tokenizer) for sentence in sentences)
    document = ObjectDocumentModel((Paragraph(sumy_sentences),))

    summarizer = _sumy_summarizer(algorithm)
    scores: list[float] = []

    # sumy only returns the chosen sentences; intercepting its selection step gives the
    # score of every sentence, which users have asked sumy for (miso-belica/sumy#154).
    def capture(candidates: Sequence[Any], _count: Any, rating: Any, *args: Any, **kwargs: Any) -> tuple[()]:
        rate: Callable[[Any], Any] = (
            rating.__getitem__ if isinstance(rating, dict) else (lambda s: rating(s, *args, **kwargs))
        )
        scores.extend(float(rate(candidate)) for candidate in candidates)
        return ()

    summarizer._get_best_sentences = capture
    summarizer(document, len(sumy_sentences))
    return scores


#: sumy's algorithms are quadratic or worse in the number of sentences (KL's greedy search
#: is cubic); beyond this many, they rank only the first ones (news puts what matters
#: first) and the rest score 0. Our news ranker and lead are linear and see every sentence.
MAX_SUMY_SENTENCES = 300
_SUMY_WINDOWS = {"kl": 100}


def score_sentences(algorithm: str, sentences: Sequence[Span]) -> list[float]:
    """One score per sentence, higher is better, for ``lead`` and sumy's algorithms."""
    if algorithm == "lead":
        return _lead_scores(sentences)
    if algorithm == "news":
        raise ValueError("the news ranker needs the document's title and entities; call summarize()")
    if algorithm in SUMY_ALGORITHMS:
        if len(sentences) < 2:
            return [1.0] * len(sentences)
        window = sentences[: min(MAX_SUMY_SENTENCES, _SUMY_WINDOWS.get(algorithm, MAX_SUMY_SENTENCES))]
        return _sumy_scores(algorithm, window) + [0.0] * (len(sentences) - len(window))
    raise ValueError(f"unknown summary algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}")


def summarize(
    doc: Doc,
    body_start: int,
    count: int,
    algorithm: str = DEFAULT_ALGORITHM,
    *,
    title_end: int = 0,
    entity_spans: Sequence[tuple[int, int, float]] = (),
    ratio: float | None = None,
    max_words: int | None = None,
    explain: bool = False,
    code_ranges: Sequence[tuple[int, int]] = (),
) -> Summary:
    """Choose summary sentences; ``entity_spans`` are (start, end, weight) of entity mentions.

    ``ratio`` (a share of the body's sentences) overrides ``count``; ``max_words`` is a
    hard cap on the words of the summary, whole sentences only; ``code_ranges`` are program
    listings in the body, never quoted.
    """
    sentences = body_sentences(doc, body_start, code_ranges)
    if ratio is not None:
        count = max(1, math.ceil(ratio * len(sentences))) if sentences else 0
    word_counts = [sum(1 for token in sentence if not (token.is_punct or token.is_space)) for sentence in sentences]
    explanations: list[dict[str, Any]] = []
    if algorithm == "news":
        title = doc.char_span(0, title_end, alignment_mode="contract") if title_end else None
        scores, explanations, vectors = news_scores(sentences, title, entity_spans)
        chosen = select(
            scores, vectors, count, word_counts, max_words, dangling_flags(sentences), pad_with_ineligible=False
        )
    else:
        scores = score_sentences(algorithm, sentences)
        chosen = select(scores, None, count, word_counts, max_words)
    return Summary(
        algorithm=algorithm,
        sentences=tuple(
            SummarySentence(
                text=sentences[i].text,
                start=sentences[i].start_char,
                end=sentences[i].end_char,
                score=scores[i],
                index=i,
                why=(explanations[i] if explanations else {"score": round(scores[i], 4)}) if explain else None,
            )
            for i in chosen
        ),
    )
