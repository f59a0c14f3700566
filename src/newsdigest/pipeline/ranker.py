"""newsdigest's own extractive ranker for news ("news"): fitted, small and explainable.

Each body sentence is described by a few features (``FEATURES``): where it stands in the
article, how long it is, how central it is to the rest of the article, how much it shares
with the headline, how much of the article's entity weight it carries, how specific its
words are, and whether it is a quote, holds numbers, asks a question or opens with a word
that needs the sentence before it. A logistic model turns them into the probability
that the sentence belongs in a summary:

    score = eligible × sigmoid(bias + Σ weight_f × (value_f - mean_f) / scale_f)

The weights are data (``data/news_ranker.json``), fitted by ``scripts/fit_ranker.py``
on news articles with reference highlights: labels from an extractive oracle (the
sentences that together best match the highlights), folds by article, the
cross-validated figures stored beside the weights. ``--explain`` prints each feature's
part of the log-odds, so every choice can be traced to its reasons.

- eligible: 0 for sentences that cannot stand alone in a summary (fragments without a
  verb, teaser cut-offs ending in "…", lines ending in a colon, bylines, "Read more" and
  "Watch:" links, photo credits, the site asking its reader to follow it, praising itself
  or making the reader an offer, sentences about the page or its documents' format,
  sentences opening mid-thought with a lower-case word); 1 otherwise.

Selection then goes best first, skipping a sentence that repeats a chosen one (cosine
above 0.5) and not printing a sentence that opens with "He", "But", "This", … without
the sentence before it: the antecedent comes in with it when there is room, otherwise
the next candidate is taken. The chosen ones are printed in article order.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Span

from newsdigest.lexicon import information
from newsdigest.linear import LogisticModel, sigmoid
from newsdigest.pipeline.clean.lines import TERMINAL_PUNCTUATION
from newsdigest.pipeline.clean.patterns import (
    READER_CALL,
    READER_CALL_MAX_WORDS,
    SHOP_OFFER,
    SHOP_OFFER_MAX_WORDS,
    SITE_TAGLINE,
    SITE_TAGLINE_MAX_WORDS,
)

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
#: Two sentences this similar say the same thing; the later-ranked one is skipped.
REDUNDANCY = 0.5
#: A position prior, (1 + index) ** -POSITION_DECAY, is one of the features (the fitted
#: weights decide how much it counts); 0.75 keeps 44% of the first sentence's weight at
#: the third and 18% at the tenth.
POSITION_DECAY = 0.75
# Bylines, link and credit lines ("See more: …", "Find out more about …"), links to a
# gallery or a video ("In pics: …", "Watch: …"); sentences about the page rather than the
# story ("This page contains …", "Our website uses …"); teasers cut off with "…"; and lines
# that end in a colon, which introduce something else (a dateline glued to a headline: "…
# in US NEW YORK:").
_NOT_STANDALONE = re.compile(
    r"^(by|read more|(find out|learn|see|discover) more|related|advertisement|click|share|photo|image|credit"
    r"|copyright|©|(this|our) (web ?page|page|site|website|web site)(?! of))\b"
    r"|^(in )?(pics|pictures|photos?|gallery|video|watch|slideshow|audio|listen)\s*:|(\.\.\.|…|:)\s*$",
    re.IGNORECASE,
)
# Sentences that point at the page rather than say something: what comes below or above
# ("Below is a list of …", "The following is a transcript …"), and the format of the
# page's documents ("… available in Portable Document Format (PDF)", "You will need Acrobat
# Reader …"). On the development pages 12 such sentences, 6 of them in a gold body (a
# story may introduce its transcript so), none a sentence a summary can quote; five in the
# well-formed sets, all "Below is an edited version of our conversation" or the like. A
# "(PDF)" after a link is a citation inside a news sentence, so it is not one of them.
_ABOUT_THE_PAGE = re.compile(
    r"^\W*((below|above) (is|are)|the following (is|are))\b"
    r"|\b(portable document format|pdf format|(adobe )?acrobat reader|adobe reader)\b",
    re.IGNORECASE,
)
# A short line with no mark at its end is a heading, a dateline or a label ("Published: 16
# December 2007", "Reading 0-2 Man United"), not a sentence to quote; a lede that lost its
# full stop is longer. (A line ending in a colon is caught by ``_NOT_STANDALONE``.)
_UNENDED_MAX_WORDS = 12
#: Opening words that point back to the sentence before: pronouns whose referent is
#: there, demonstratives, and connectives that continue an argument. A summary sentence
#: opening with one of them, without its predecessor, reads as broken.
DANGLING_OPENERS = frozenset(
    {
        "he", "she", "it", "they", "them", "his", "her", "its", "their", "this", "that",
        "these", "those", "but", "however", "also", "and", "so", "yet", "still", "meanwhile",
        "instead", "moreover", "furthermore", "then", "thus", "therefore", "besides", "nevertheless",
        "nonetheless", "otherwise", "such", "both", "another", "later",
    }
)  # fmt: skip
_QUOTES = frozenset('"“”«»')
#: Longer than most sentences a summary is made of (CNN/DailyMail's highlights average
#: 12 words, their articles' sentences 22); longer ones are often run-ons or captions.
LONG_SENTENCE = 40
#: Restatements are looked for among this many earlier sentences, keeping "echo" linear.
ECHO_WINDOW = 100

#: The features of one sentence, in the order the weights file stores them.
FEATURES: tuple[str, ...] = (
    "first",  # 1 for the article's first body sentence
    "second",
    "third",
    "position",  # (1 + index) ** -POSITION_DECAY
    "relative_position",  # index / number of sentences
    "log_words",  # log(1 + words)
    "long",  # 1 above LONG_SENTENCE words: run-ons, captions glued to the text
    "centrality",  # cosine with the rest of the article (rarity-weighted content lemmas)
    "echo",  # highest cosine with an earlier sentence: restatements, captions, recaps
    "title",  # cosine with the headline
    "entities",  # share of the article's entity weight mentioned here
    "specificity",  # mean rarity of the content words, in general English
    "quote",  # holds a quotation mark
    "number",  # holds a number
    "dangling",  # opens with a word from DANGLING_OPENERS
    "question",  # ends with "?" or "!"
)
#: How the view sums the parts for a reader: the position features are one idea (where
#: the sentence stands) split for the fit, as are the two length features.
EXPLAIN_GROUPS: dict[str, tuple[str, ...]] = {
    "position": ("first", "second", "third", "position", "relative_position"),
    "length": ("log_words", "long"),
}


class RankerWeights(LogisticModel):
    """The ranker's fitted logistic model over ``FEATURES``."""

    FEATURE_NAMES = FEATURES
    WHAT = "ranker"


WEIGHTS_FILE = "news_ranker.json"


@lru_cache(maxsize=1)
def shipped_weights() -> RankerWeights:
    """The weights that ship with the package (``newsdigest/data/news_ranker.json``)."""
    text = resources.files("newsdigest").joinpath("data", WEIGHTS_FILE).read_text(encoding="utf-8")
    return RankerWeights.from_dict(json.loads(text))


def bag(sentence: Span) -> Counter[str]:
    return Counter(
        token.lemma_.lower()
        for token in sentence
        if token.pos_ in _CONTENT_POS and not token.is_stop and (token.is_alpha or token.like_num)
    )


def weighted_bag(sentence: Span) -> dict[str, float]:
    """Content lemmas weighted by their specificity in general English."""
    return _weighted(bag(sentence))


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(value * value for value in vector.values()))


def _weighted(counts: Counter[str]) -> dict[str, float]:
    return {word: count * information(word) for word, count in counts.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(word, 0.0) for word, value in a.items())
    denominator = _norm(a) * _norm(b)
    return dot / denominator if denominator else 0.0


def _words(sentence: Span) -> list[Any]:
    return [token for token in sentence if not (token.is_punct or token.is_space)]


def is_standalone(sentence: Span) -> bool:
    """Can this sentence go into a summary on its own?"""
    words = _words(sentence)
    if len(words) < 4:
        return False
    if not any(token.pos_ in ("VERB", "AUX") for token in sentence):
        return False
    first = words[0].text
    if first[:1].islower() and not first[:1].isdigit():
        return False
    text = sentence.text.strip()
    if len(words) <= _UNENDED_MAX_WORDS and not TERMINAL_PUNCTUATION.search(text):
        return False
    if len(words) <= READER_CALL_MAX_WORDS and READER_CALL.match(text):
        return False  # the site asking its reader to use it: "Follow us on …", "Get our news feed …"
    if len(words) <= SITE_TAGLINE_MAX_WORDS and SITE_TAGLINE.match(text):
        return False  # the site praising itself: "The number one site for …"
    if len(words) <= SHOP_OFFER_MAX_WORDS and SHOP_OFFER.match(text):
        return False  # "Get $45 off your purchase …"
    if _ABOUT_THE_PAGE.search(text):
        return False
    return not _NOT_STANDALONE.search(text)


def opens_dangling(sentence: Span) -> bool:
    """Does the sentence open with a word that needs the sentence before it?"""
    words = _words(sentence)
    return bool(words) and words[0].lower_ in DANGLING_OPENERS


def dangling_flags(sentences: Sequence[Span]) -> list[bool]:
    """Per sentence: opens with a word needing its predecessor. The first body sentence
    never does: the headline stands before it."""
    return [index > 0 and opens_dangling(sentence) for index, sentence in enumerate(sentences)]


def sentence_features(
    sentences: Sequence[Span],
    title: Span | None = None,
    entity_spans: Sequence[tuple[int, int, float]] = (),
) -> tuple[list[list[float]], list[dict[str, float]]]:
    """``FEATURES`` of every sentence; ``entity_spans`` are (start, end, weight) of entity mentions.

    Also returns each sentence's weighted bag of words, for redundancy checks.
    """
    vectors = [weighted_bag(sentence) for sentence in sentences]
    centroid: dict[str, float] = {}
    for vector in vectors:
        for word, value in vector.items():
            centroid[word] = centroid.get(word, 0.0) + value
    title_vector = weighted_bag(title) if title is not None else {}
    total_entity_weight = sum(weight for _, _, weight in entity_spans) or 1.0
    mentions = sorted(entity_spans)
    count = len(sentences)

    centroid_norm_squared = sum(value * value for value in centroid.values())
    rows: list[list[float]] = []
    for index, (sentence, vector) in enumerate(zip(sentences, vectors, strict=True)):
        # Cosine with the rest of the article (the centroid minus this sentence, or long
        # sentences would score high against themselves), from dot products alone:
        # |c - v|² = |c|² - 2 c·v + |v|², so each sentence costs O(its words), not O(vocabulary).
        dot = sum(value * centroid[word] for word, value in vector.items())
        own = sum(value * value for value in vector.values())
        rest_norm_squared = max(centroid_norm_squared - 2 * dot + own, 0.0)
        denominator = math.sqrt(own * rest_norm_squared)
        centrality = (dot - own) / denominator if denominator else 0.0
        entity_share = (
            sum(weight for start, _, weight in mentions if sentence.start_char <= start < sentence.end_char)
            / total_entity_weight
        )
        words = _words(sentence)
        specificity = sum(vector.values()) / max(1, sum(bag_count for bag_count in bag(sentence).values()))
        text = sentence.text.rstrip()
        rows.append(
            [
                float(index == 0),
                float(index == 1),
                float(index == 2),
                (1.0 + index) ** -POSITION_DECAY,
                index / count,
                math.log1p(len(words)),
                float(len(words) > LONG_SENTENCE),
                centrality,
                max((cosine(vector, vectors[k]) for k in range(max(0, index - ECHO_WINDOW), index)), default=0.0),
                cosine(vector, title_vector) if title_vector else 0.0,
                entity_share,
                specificity,
                float(any(char in _QUOTES for char in text)),
                float(any(token.like_num for token in words)),
                float(bool(words) and words[0].lower_ in DANGLING_OPENERS and index > 0),
                float(text.endswith(("?", "!"))),
            ]
        )
    return rows, vectors


def news_scores(
    sentences: Sequence[Span],
    title: Span | None = None,
    entity_spans: Sequence[tuple[int, int, float]] = (),
    weights: RankerWeights | None = None,
) -> tuple[list[float], list[dict[str, Any]], list[dict[str, float]]]:
    """Score every sentence: the fitted probability that it belongs in the summary.

    Returns the scores, each score's explanation (every feature's part of the log-odds)
    and each sentence's weighted bag of words, for redundancy checks.
    """
    model = weights or shipped_weights()
    rows, vectors = sentence_features(sentences, title, entity_spans)
    scores: list[float] = []
    explanations: list[dict[str, Any]] = []
    for sentence, values in zip(sentences, rows, strict=True):
        parts = model.contributions(values)
        eligible = is_standalone(sentence)
        scores.append(sigmoid(model.bias + sum(parts)) if eligible else 0.0)
        explanation: dict[str, Any] = {"eligible": eligible, "bias": round(model.bias, 3)}
        explanation.update({name: round(part, 3) for name, part in zip(FEATURES, parts, strict=True)})
        explanations.append(explanation)
    return scores, explanations, vectors


def select(
    scores: Sequence[float],
    vectors: Sequence[dict[str, float]] | None,
    count: int,
    word_counts: Sequence[int],
    max_words: int | None = None,
    dangling: Sequence[bool] | None = None,
    pad_with_ineligible: bool = True,
) -> list[int]:
    """Best first, at most ``count`` sentences and ``max_words`` words, no near-repeats.

    Without ``pad_with_ineligible``, a sentence scored 0 (one that cannot stand alone:
    "Monday", "Jan 21", a menu item) comes in only when nothing better was chosen: a text
    of fragments still gets one line, a page with one real sentence does not get two
    fragments after it.

    With ``dangling`` (per sentence: opens with a word needing its predecessor), such a
    sentence comes in only with the sentence before it: both when there is room and the
    predecessor is itself eligible, otherwise it is passed over for the next candidate.
    """
    chosen: set[int] = set()
    words = 0

    def repeats(index: int) -> bool:
        return vectors is not None and any(cosine(vectors[index], vectors[other]) > REDUNDANCY for other in chosen)

    for index in sorted(range(len(scores)), key=lambda i: (-scores[i], i)):
        if len(chosen) >= count:
            break
        if chosen and not pad_with_ineligible and scores[index] <= 0:
            break  # scores are sorted: only sentences that cannot stand alone are left
        if index in chosen or (max_words is not None and words + word_counts[index] > max_words) or repeats(index):
            continue
        if dangling is not None and dangling[index] and index - 1 not in chosen:
            before = index - 1
            if (
                before < 0
                or scores[before] <= 0
                or len(chosen) + 2 > count
                or (dangling[before] and before - 1 not in chosen)
                or (max_words is not None and words + word_counts[index] + word_counts[before] > max_words)
                or repeats(before)
            ):
                continue
            chosen.add(before)
            words += word_counts[before]
        chosen.add(index)
        words += word_counts[index]
    return sorted(chosen)
