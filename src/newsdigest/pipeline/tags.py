"""Topic tags: the article's salient entities and its key topical words and phrases.

Candidates are canonical entities, noun phrases (spaCy's noun chunks, trimmed of
determiners, pronouns and numbers) and single nouns, keyed by lemma so that singular and
plural are one. Each is scored like tf-idf, with general English standing in for the
document collection we do not have:

    score = (1 + ln(sum over occurrences of (1 - 0.5 * position))) × specificity × (1 + spread)

where position is the occurrence's offset as a fraction of the article (news puts the
topic first), specificity is how surprising the words are in general English
(``lexicon.information``: "diplomacy" is specific, "thing" is not), and spread is the
share of the article's quarters the candidate appears in. Tags are then taken
best first, skipping any that repeat an idea already chosen.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.tokens import Doc, Span, Token

from newsdigest.lexicon import information, zipf
from newsdigest.linear import LogisticModel
from newsdigest.options import NUMERIC_LABELS
from newsdigest.pipeline.entities import OFFICES, is_acronym
from newsdigest.records import Entity, Tag

_EDGE_POS = frozenset({"DET", "PRON", "PART", "PUNCT", "NUM", "SYM", "ADP", "CCONJ", "SCONJ", "SPACE", "X", "AUX"})
_MAX_PHRASE_WORDS = 4
# Spread is counted over quarters of the article.
_PARTS = 4
# At most half the tags are names; the rest are topics.
_MAX_ENTITY_SHARE = 0.5
# Entity types that name a topic; dates, amounts and the like never make good tags.
_TOPICAL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
# Words too vague to be a topic on their own, however often an article uses them.
# A capitalised word at least this common in general English is an ordinary word in a
# title or headline, not a name (zipf 3.5: about one use in 300,000 words).
_COMMON_WORD_ZIPF = 3.5
_VAGUE_NOUNS = frozenset(
    "thing things way ways lot lots part kind sort type number percent per cent time times year years day days "
    "week weeks month months people person man men woman women report reports statement comment comments news "
    "story stories article headline headlines source sources official officials".split()
)


@dataclass
class _Candidate:
    kind: str  # "entity", "phrase" or "noun"
    lemmas: frozenset[str]
    specificity: float
    frequency: float = 0.0
    forms: Counter[str] = field(default_factory=Counter)
    parts: set[int] = field(default_factory=set)

    def add(self, form: str, offset: int, length: int) -> None:
        self.frequency += 1.0 - 0.5 * offset / max(length, 1)
        self.forms[form] += 1
        self.parts.add(min(_PARTS - 1, _PARTS * offset // max(length, 1)))

    @property
    def weight(self) -> float:
        # Sublinear in frequency, as in tf-idf practice: the 20th mention of a name adds
        # less than the 2nd mention of a topic word. Spread counts too: a topic runs
        # through the article, a detail sits in one place.
        spread = len(self.parts) / _PARTS
        return (1.0 + math.log(self.frequency)) * self.specificity * (1.0 + spread)


def _is_edge_noise(token: Token) -> bool:
    return token.pos_ in _EDGE_POS or token.is_stop or token.tag_ == "POS" or not token.text.strip()


def _trim(chunk: Span) -> Span | None:
    start, end = chunk.start, chunk.end
    doc = chunk.doc
    while start < end and _is_edge_noise(doc[start]):
        start += 1
    while end > start and _is_edge_noise(doc[end - 1]):
        end -= 1
    phrase = doc[start:end]
    if not 0 < len(phrase) <= _MAX_PHRASE_WORDS:
        return None
    if any(token.is_space or not (token.is_alpha or token.text in "-&") for token in phrase):
        return None
    return phrase


def _place_of_demonym(demonym: str, places: dict[str, str]) -> str | None:
    """'Russian' → 'Russia', 'European' → 'Europe', when the article names that place.

    Demonyms share a long prefix with their place name; French/France-style pairs with a
    short common prefix are left alone rather than guessed.
    """
    word = demonym.casefold()
    best = None
    for key, name in places.items():
        common = next((i for i, (a, b) in enumerate(zip(word, key, strict=False)) if a != b), min(len(word), len(key)))
        if common >= 4 and common >= 0.7 * min(len(word), len(key)):
            best = name if best is None else best
    return best


def _natural_case(phrase: Iterable[Token]) -> str:
    """Proper nouns and acronyms keep their case; common words are lower-cased."""
    return " ".join(
        token.text if token.pos_ == "PROPN" or is_acronym(token.text) else token.text.lower() for token in phrase
    )


def tokens_in(doc: Doc, ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Indices of the tokens inside these character ranges (an entity's mentions; or
    ``Layout.code_ranges``: a program listing's keywords and variables are no topic of the
    article)."""
    return frozenset(
        token.i for start, end in ranges for token in doc.char_span(start, end, alignment_mode="expand") or ()
    )


def _tokens_of(doc: Doc, entities: Iterable[Entity]) -> frozenset[int]:
    """Indices of the tokens every mention of these entities covers."""
    return tokens_in(doc, (span for entity in entities for span in entity.spans))


def _hand_candidates(
    doc: Doc, entities: Sequence[Entity], skipped: frozenset[int] = frozenset()
) -> dict[str, _Candidate]:
    """Every entity, recurring noun phrase and noun, with its hand-set weight; tokens in
    ``skipped`` (program listings) are not read."""
    length = len(doc.text)
    candidates: dict[str, _Candidate] = {}

    places = {e.name.casefold(): e.name for e in entities if e.label in ("GPE", "LOC")}
    # Places before peoples, so that "European" can count towards "Europe".
    for entity in sorted(entities, key=lambda e: e.label == "NORP"):
        if entity.label not in _TOPICAL_LABELS:
            continue
        place = _place_of_demonym(entity.name, places) if entity.label == "NORP" else None
        if place is not None:
            # "Russian" speaks of Russia: one topic, counted once.
            candidate = candidates.get("entity:" + place.casefold())
            if candidate is not None:
                for start, _ in entity.spans:
                    candidate.add(place, start, length)
                continue
        words = [word.lower() for word in entity.name.split()]
        # A name is as specific as its rarest word: "United States" is as specific as "states".
        specificity = max(information(word) for word in words)
        candidate = _Candidate("entity", frozenset(words), specificity)
        candidates["entity:" + entity.name.casefold()] = candidate
        for start, _ in entity.spans:
            candidate.add(entity.name, start, length)

    entity_words = {word for c in candidates.values() for word in c.lemmas}
    entity_tokens = _tokens_of(doc, entities)
    for token in doc:
        # "Defense" in "Defense Secretary", "Peace" in a headline: a common word in capitals
        # outside any name still speaks of the topic.
        if token.pos_ == "PROPN" and token.i not in entity_tokens and token.is_alpha and token.i not in skipped:
            lemma = token.lower_
            if lemma not in OFFICES and lemma not in _VAGUE_NOUNS and zipf(lemma) >= _COMMON_WORD_ZIPF:
                candidate = candidates.setdefault(
                    "noun:" + lemma, _Candidate("noun", frozenset({lemma}), information(lemma))
                )
                candidate.add(lemma, token.idx, length)

    phrases: dict[str, list[Span]] = {}
    nouns: list[Token] = []
    for chunk in doc.noun_chunks:
        phrase = _trim(chunk)
        if phrase is None or any(token.i in skipped for token in phrase):
            continue
        content = [
            token
            for token in phrase
            if token.pos_ == "NOUN" and token.is_alpha and not token.is_stop and len(token.lemma_) > 2
        ]
        nouns += [token for token in content if token.lemma_.lower() not in _VAGUE_NOUNS]
        lemmas = [token.lemma_.lower() for token in phrase]
        if len(phrase) >= 2 and content and not set(lemmas) <= entity_words:  # "Pete Hegseth" is an entity
            phrases.setdefault(" ".join(lemmas), []).append(phrase)

    # A key phrase recurs. Its words count for the phrase, not on their own (as in
    # C-value term extraction): "energy prices" twice is one topic, not "energy" and "prices".
    inside_phrases: set[int] = set()
    for key, occurrences in phrases.items():
        if len(occurrences) < 2:
            continue
        lemmas = key.split()
        # Like a name, a phrase is as specific as its rarest word.
        candidate = candidates.setdefault(
            "phrase:" + key, _Candidate("phrase", frozenset(lemmas), max(information(w) for w in lemmas))
        )
        for phrase in occurrences:
            candidate.add(_natural_case(phrase), phrase.start_char, length)
            inside_phrases.update(token.i for token in phrase)
    for noun in nouns:
        if noun.i in inside_phrases:
            continue
        lemma = noun.lemma_.lower()
        candidate = candidates.setdefault("noun:" + lemma, _Candidate("noun", frozenset({lemma}), information(lemma)))
        candidate.add(noun.text.lower(), noun.idx, length)
    return candidates


def _topic_tags(doc: Doc, entities: Sequence[Entity], limit: int, skipped: frozenset[int]) -> list[Tag]:
    """The default style: names and topic words, by the hand-set weight."""
    candidates = _hand_candidates(doc, entities, skipped)
    chosen: list[_Candidate] = []
    # Editors' tags mix names and topics; without a cap, a story about many people and
    # places would get names only.
    max_entities = math.ceil(_MAX_ENTITY_SHARE * limit)
    for candidate in sorted(candidates.values(), key=lambda c: -c.weight):
        if len(chosen) >= limit:
            break
        if candidate.kind == "entity" and sum(c.kind == "entity" for c in chosen) >= max_entities:
            continue
        if any(_same_idea(candidate, other) for other in chosen):
            continue
        chosen.append(candidate)
    if not chosen:
        return []
    top = chosen[0].weight
    return [Tag(tag=c.forms.most_common(1)[0][0], score=c.weight / top) for c in chosen]


# --- the "phrases" style: descriptive noun phrases, by a fitted ranker --------------------------------------------------------------------

#: What the phrase ranker knows of a candidate (``data/phrase_ranker.json`` holds one weight each).
TAG_FEATURES = (
    "rank_sum",  # PositionRank: its words' scores added up (long descriptive phrases score high)
    "rank_mean",  # ... and their mean (a phrase as good as its words)
    "rank_max",
    "one_word",
    "two_words",
    "three_plus_words",
    "entity",  # a canonical entity (a name)
    "pattern",  # an adjective-noun run ("storm surge", "typical Atlantic hurricane season")
    "first_position",  # where it first occurs, as a share of the text
    "log_count",
    "specificity",  # of its rarest word, in general English
    "hand_weight",  # the hand-set tf-idf-like weight of the tagger before it was fitted
    "capitalised",
)
_CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ"})
#: Co-occurrence window of the word graph, in words (PositionRank's setting).
_WINDOW = 10
_DAMPING = 0.85
#: The word graph is built over at most this many content words: a book-length input is
#: ranked on its opening, which is where news puts its topic anyway.
_MAX_GRAPH_WORDS = 20_000


class TagModel(LogisticModel):
    FEATURE_NAMES = TAG_FEATURES
    WHAT = "phrase ranker"


@lru_cache(maxsize=1)
def shipped_phrase_model() -> TagModel:
    text = resources.files("newsdigest").joinpath("data", "phrase_ranker.json").read_text(encoding="utf-8")
    return TagModel.from_dict(json.loads(text)["model"])


@dataclass
class TagCandidate:
    kind: str  # "entity", "phrase" or "noun"
    lemmas: frozenset[str]
    words: tuple[str, ...]
    forms: Counter[str] = field(default_factory=Counter)
    first: float = 1.0
    count: int = 0
    features: tuple[float, ...] = ()

    @property
    def form(self) -> str:
        return self.forms.most_common(1)[0][0]


def _word(token: Token) -> str:
    """The graph's key for a word: a name as written (lower-cased), other words by lemma."""
    return token.lower_ if token.pos_ == "PROPN" else token.lemma_.lower()


def word_ranks(doc: Doc, numeric: set[int]) -> dict[str, float]:
    """PositionRank (Florescu and Caragea, ACL 2017): PageRank over the graph of content
    words that occur within ``_WINDOW`` words of each other, its random jumps biased to
    words that occur early (weight 1/position, summed over occurrences).

    Written here rather than taken from pytextrank or pke: both run their own spaCy pipeline
    component or NLTK, and the graph is twenty lines on the parse we already have."""
    words = [token for token in doc if not (token.is_punct or token.is_space)]
    sequence = [
        (_word(token), position)
        for position, token in enumerate(words)
        if token.pos_ in _CONTENT_POS and token.is_alpha and not token.is_stop and token.i not in numeric
    ][:_MAX_GRAPH_WORDS]
    index: dict[str, int] = {}
    for word, _ in sequence:
        index.setdefault(word, len(index))
    if not index:
        return {}
    rows, cols = [], []
    for a, (word_a, position_a) in enumerate(sequence):
        for word_b, position_b in sequence[a + 1 :]:
            if position_b - position_a >= _WINDOW:
                break
            if word_a != word_b:
                rows += [index[word_a], index[word_b]]
                cols += [index[word_b], index[word_a]]
    size = len(index)
    jump = np.zeros(size)
    for word, position in sequence:
        jump[index[word]] += 1.0 / (position + 1)
    jump /= jump.sum()
    source, target = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    degree = np.bincount(source, minlength=size).astype(float)
    share = 1.0 / degree[source] if len(source) else np.zeros(0)
    scores = np.full(size, 1.0 / size)
    for _ in range(100):
        spread = np.bincount(target, weights=scores[source] * share, minlength=size)
        updated = (1 - _DAMPING) * jump + _DAMPING * spread
        done = np.abs(updated - scores).sum() < 1e-8
        scores = updated
        if done:
            break
    return {word: float(scores[i]) for word, i in index.items()}


def _pattern_runs(doc: Doc, numeric: set[int]) -> list[list[Token]]:
    """Adjectives and nouns in a row ending in a noun (pke's and textacy's pattern), cut
    where a common noun meets a name ("filmmaker | James Cameron"), at most four words."""
    runs: list[list[Token]] = []
    run: list[Token] = []

    def close() -> None:
        while run and run[-1].pos_ == "ADJ":
            run.pop()
        if run:
            runs.append(run[-_MAX_PHRASE_WORDS:])

    for token in doc:
        content = (
            token.pos_ in _CONTENT_POS
            and token.is_alpha
            and not token.is_stop
            and len(token) > 1
            and token.i not in numeric
        )
        if content and run and run[-1].pos_ == "NOUN" and token.pos_ == "PROPN":
            close()
            run = []
        if content:
            run.append(token)
        else:
            close()
            run = []
    close()
    return runs


def tag_candidates(doc: Doc, entities: Sequence[Entity], skipped: frozenset[int] = frozenset()) -> list[TagCandidate]:
    """Every candidate tag with its features (``TAG_FEATURES``): names, adjective-noun runs
    and their nouns, each keyed by its words' lemmas; tokens in ``skipped`` are not read."""
    numeric = {token.i for ent in doc.ents if ent.label_ in NUMERIC_LABELS for token in ent} | skipped
    ranks = word_ranks(doc, numeric)
    hand = _hand_candidates(doc, entities, skipped)
    hand_weight: dict[frozenset[str], float] = {}
    for old in hand.values():
        hand_weight[old.lemmas] = max(hand_weight.get(old.lemmas, 0.0), old.weight)
    length = max(len(doc.text), 1)
    candidates: dict[tuple[str, ...], TagCandidate] = {}

    def add(words: tuple[str, ...], kind: str, form: str, offset: int, times: int = 1) -> None:
        candidate = candidates.get(words)
        if candidate is None:
            candidate = candidates[words] = TagCandidate(kind, frozenset(words), words)
        elif kind == "entity":
            candidate.kind = "entity"
        candidate.forms[form] += times
        candidate.first = min(candidate.first, offset / length)
        candidate.count += times

    for entity in entities:
        if entity.label in _TOPICAL_LABELS:
            add(
                tuple(word.lower() for word in entity.name.split()),
                "entity",
                entity.name,
                entity.spans[0][0],
                entity.mentions,
            )
    inside_names = _tokens_of(doc, [entity for entity in entities if len(entity.name.split()) > 1])
    for run in _pattern_runs(doc, numeric):
        if len(run) >= 2:
            add(tuple(_word(token) for token in run), "phrase", _natural_case(run), run[0].idx)
        for token in run:
            if token.i in inside_names:
                continue  # "Hegseth" of "Pete Hegseth": the name is the candidate, not its pieces
            if token.pos_ in ("NOUN", "PROPN") and _word(token) not in _VAGUE_NOUNS and len(token) > 2:
                form = token.text if token.pos_ == "PROPN" or is_acronym(token.text) else token.text.lower()
                add((_word(token),), "noun", form, token.idx)

    for candidate in candidates.values():
        scores = [ranks.get(word, 0.0) for word in candidate.words]
        size = len(candidate.words)
        candidate.features = (
            100 * sum(scores),
            100 * sum(scores) / size,
            100 * max(scores),
            float(size == 1),
            float(size == 2),
            float(size >= 3),
            float(candidate.kind == "entity"),
            float(candidate.kind == "phrase"),
            candidate.first,
            math.log1p(candidate.count),
            max(information(word) for word in candidate.words) / 10,
            math.log1p(hand_weight.get(candidate.lemmas, 0.0)),
            float(candidate.form[:1].isupper()),
        )
    return list(candidates.values())


def extract_tags(
    doc: Doc,
    entities: Sequence[Entity],
    limit: int = 10,
    style: str = "topics",
    code_ranges: Sequence[tuple[int, int]] = (),
) -> list[Tag]:
    """``limit`` tags, best first, one per idea; nothing is taken from ``code_ranges``
    (``Layout.code_ranges``: program listings in the body).

    ``topics`` (the default): the salient names and topic words, as editors tag news.
    ``phrases``: descriptive noun phrases ("storm surge", "Atlantic hurricane season"), as
    keyphrase annotators write them, ranked by a model fitted on DUC-2001.
    """
    if limit <= 0:
        return []
    skipped = tokens_in(doc, code_ranges)
    if style == "phrases":
        return _phrase_tags(doc, entities, limit, skipped)
    return _topic_tags(doc, entities, limit, skipped)


def _phrase_tags(doc: Doc, entities: Sequence[Entity], limit: int, skipped: frozenset[int]) -> list[Tag]:
    model = shipped_phrase_model()
    candidates = tag_candidates(doc, entities, skipped)
    chosen = select_phrases([model.probability(c.features) for c in candidates], candidates, limit)
    if not chosen:
        return []
    top = chosen[0][0]
    return [Tag(tag=candidate.form, score=probability / top) for probability, candidate in chosen]


def select_phrases(
    scores: Sequence[float], candidates: Sequence[TagCandidate], limit: int
) -> list[tuple[float, TagCandidate]]:
    """Best first, skipping a phrase with the same head as a chosen one and only more or
    fewer modifiers ("departure" / "significant departure"); a word that only modifies
    ("tornado" in "tornado watches") names another idea."""
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i].first))
    chosen: list[tuple[float, TagCandidate]] = []
    for i in order:
        if len(chosen) >= limit:
            break
        words = candidates[i].words
        if any(_same_head(words, other.words) for _, other in chosen):
            continue
        chosen.append((scores[i], candidates[i]))
    return chosen


def _same_head(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return longer[len(longer) - len(shorter) :] == shorter


def _same_idea(candidate: _Candidate, chosen: _Candidate) -> bool:
    """One tag per idea: a tag is dropped when it only adds to or trims a chosen one.

    Distinct entities always stand ("Ukraine" and "Ukraine War" name different things), and
    so does a phrase that says more than the name in it ("Trump administration"), but not
    one that only adds an office ("Defense Secretary Pete Hegseth").
    """
    kinds = {candidate.kind, chosen.kind}
    if kinds == {"entity"}:
        return False
    if "entity" in kinds:
        # A word inside a name ("defense" in "Ukraine Defense Contact Group") is its own topic.
        name, other = (candidate, chosen) if candidate.kind == "entity" else (chosen, candidate)
        return name.lemmas <= other.lemmas and other.lemmas - name.lemmas <= OFFICES
    return candidate.lemmas <= chosen.lemmas or chosen.lemmas <= candidate.lemmas
