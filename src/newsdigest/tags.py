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

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .entities import OFFICES, is_acronym
from .lexicon import information, zipf
from .records import Entity, Tag

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


def _natural_case(phrase: Span) -> str:
    """Proper nouns and acronyms keep their case; common words are lower-cased."""
    return " ".join(
        token.text if token.pos_ == "PROPN" or is_acronym(token.text) else token.text.lower() for token in phrase
    )


def extract_tags(doc: Doc, entities: Sequence[Entity], limit: int = 10) -> list[Tag]:
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
    entity_tokens = {
        token.i
        for entity in entities
        for start, end in entity.spans
        for token in doc.char_span(start, end, alignment_mode="expand") or ()
    }
    for token in doc:
        # "Defense" in "Defense Secretary", "Peace" in a headline: a common word in capitals
        # outside any name still speaks of the topic.
        if token.pos_ == "PROPN" and token.i not in entity_tokens and token.is_alpha:
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
        if phrase is None:
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
