"""Topic tags from the article's entities and key noun phrases.

A candidate's score adds up its occurrences, each weighted by how early it appears (news
puts the topic first), and favours multi-word phrases, which are more specific. Noun
phrases are keyed by lemma so that singular and plural merge.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .records import Entity, Tag

_EDGE_POS = frozenset({"DET", "PRON", "PART", "PUNCT", "NUM", "SYM", "ADP", "CCONJ", "SPACE", "X"})
_MAX_PHRASE_WORDS = 4
# Entity types that name a topic; dates, amounts and the like never make good tags.
_TOPICAL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


@dataclass
class _Candidate:
    weight: float = 0.0
    forms: Counter[str] = field(default_factory=Counter)


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
    if any(token.is_space for token in phrase) or not any(t.pos_ in ("NOUN", "PROPN") for t in phrase):
        return None
    if not all(token.is_alpha or token.text in "-'&." for token in phrase):
        return None
    return phrase


def _position_weight(offset: int, length: int) -> float:
    return 1.0 - 0.5 * offset / max(length, 1)


def _specificity(words: int) -> float:
    return 1.0 + 0.3 * (words - 1)


def _phrase_form(phrase: Span) -> str:
    if any(token.pos_ == "PROPN" for token in phrase):
        return phrase.text
    return phrase.text.lower()


def extract_tags(doc: Doc, entities: Sequence[Entity], limit: int = 10) -> list[Tag]:
    length = len(doc.text)
    candidates: dict[str, _Candidate] = {}

    def add(key: str, form: str, offsets: Iterable[int], words: int) -> None:
        candidate = candidates.setdefault(key, _Candidate())
        for offset in offsets:
            candidate.weight += _position_weight(offset, length) * _specificity(words)
            candidate.forms[form] += 1

    for entity in entities:
        if entity.label in _TOPICAL_LABELS:
            add(entity.name.casefold(), entity.name, (start for start, _ in entity.spans), len(entity.name.split()))

    # A noun chunk that is exactly an entity mention is already counted as that entity.
    entity_spans = {span for entity in entities for span in entity.spans}
    for chunk in doc.noun_chunks:
        phrase = _trim(chunk)
        if phrase is None or (phrase.start_char, phrase.end_char) in entity_spans:
            continue
        key = " ".join(token.lemma_.lower() for token in phrase)
        add(key, _phrase_form(phrase), (phrase.start_char,), len(phrase))

    ranked = sorted(candidates.values(), key=lambda c: -c.weight)[: max(limit, 0)]
    if not ranked:
        return []
    top = ranked[0].weight
    return [Tag(tag=c.forms.most_common(1)[0][0], score=c.weight / top) for c in ranked]
