"""Scores of one system on one document: ROUGE, keyphrase P/R/F1 at k, entity span counts,
and the clusterings' B-cubed and pairwise scores.

Scoring follows ../shared/eval/README.md so that figures are comparable with published
ones: ROUGE F1 from the ``rouge-score`` package with Porter stemming (per-document
scores, averaged); keyphrase P/R/F1 at k after lower-casing, hyphens to spaces and Porter
stemming; entity micro P/R/F1 on exact character spans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, true_positives: int, predicted: int, gold: int) -> PRF:
        precision = true_positives / predicted if predicted else 0.0
        recall = true_positives / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1)

    @classmethod
    def mean(cls, scores: Sequence[PRF]) -> PRF:
        if not scores:
            return cls(0.0, 0.0, 0.0)
        n = len(scores)
        return cls(
            sum(s.precision for s in scores) / n,
            sum(s.recall for s in scores) / n,
            sum(s.f1 for s in scores) / n,
        )

    def to_dict(self) -> dict[str, float]:
        return {"p": round(100 * self.precision, 2), "r": round(100 * self.recall, 2), "f": round(100 * self.f1, 2)}


@lru_cache(maxsize=1)
def _rouge_scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def rouge(candidate_sentences: Sequence[str], reference_sentences: Sequence[str]) -> dict[str, PRF]:
    """ROUGE-1/2/Lsum of one candidate; sentences are newline-joined, as ROUGE-Lsum expects."""
    scores = _rouge_scorer().score("\n".join(reference_sentences), "\n".join(candidate_sentences))
    return {name: PRF(s.precision, s.recall, s.fmeasure) for name, s in scores.items()}


@lru_cache(maxsize=1)
def _porter() -> Any:
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


def normalise_keyphrase(phrase: str) -> str:
    """Lower-case, hyphens to spaces, Porter-stem every word."""
    stem = _porter().stem
    return " ".join(stem(word) for word in phrase.lower().replace("-", " ").split())


def keyphrase_prf(predicted: Sequence[str], gold: Iterable[str], k: int) -> PRF:
    """P/R/F1 at k; predicted phrases are de-duplicated after normalising, then cut at k."""
    seen: list[str] = []
    for phrase in predicted:
        key = normalise_keyphrase(phrase)
        if key and key not in seen:
            seen.append(key)
    top = seen[:k]
    gold_keys = {key for key in map(normalise_keyphrase, gold) if key}
    hits = sum(1 for key in top if key in gold_keys)
    return PRF.from_counts(hits, len(top), len(gold_keys))


Span = tuple[int, int, str]


@dataclass
class SpanCounts:
    """True positives, predictions and gold items, per label and untyped."""

    typed: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    untyped_hits: int = 0
    #: Distinct places (spans, or entities for name lists) whatever their labels: one name
    #: given two labels is two typed predictions and one untyped.
    untyped_predicted: int = 0
    untyped_gold: int = 0

    def add(self, predicted: set[Span], gold: set[Span]) -> None:
        for _, _, label in predicted:
            self.predicted[label] += 1
        for _, _, label in gold:
            self.gold[label] += 1
        for _, _, label in predicted & gold:
            self.typed[label] += 1
        predicted_places = {(s, e) for s, e, _ in predicted}
        gold_places = {(s, e) for s, e, _ in gold}
        self.untyped_hits += len(predicted_places & gold_places)
        self.untyped_predicted += len(predicted_places)
        self.untyped_gold += len(gold_places)

    def merge(self, other: SpanCounts) -> None:
        self.typed.update(other.typed)
        self.predicted.update(other.predicted)
        self.gold.update(other.gold)
        self.untyped_hits += other.untyped_hits
        self.untyped_predicted += other.untyped_predicted
        self.untyped_gold += other.untyped_gold

    def micro(self) -> PRF:
        return PRF.from_counts(sum(self.typed.values()), sum(self.predicted.values()), sum(self.gold.values()))

    def untyped(self) -> PRF:
        return PRF.from_counts(self.untyped_hits, self.untyped_predicted, self.untyped_gold)

    def per_label(self) -> dict[str, PRF]:
        labels = sorted(set(self.gold) | set(self.predicted))
        return {label: PRF.from_counts(self.typed[label], self.predicted[label], self.gold[label]) for label in labels}


def name_key(name: str) -> str:
    """How a name list is matched: case-insensitive, spaces collapsed, a possessive 's cut."""
    key = " ".join(name.split()).casefold()
    for possessive in ("'s", "’s"):
        if key.endswith(possessive):
            return key[: -len(possessive)]
    return key


def name_items(predicted: Iterable[tuple[str, str]], gold: Sequence[Mapping[str, Any]]) -> tuple[set[Span], set[Span]]:
    """Entity lists as comparable items: a predicted (name, label) is the gold entity whose
    name or an alias it matches, else a place of its own; several predicted names of one
    gold entity count once (as ``modern_entities_dev`` is scored)."""
    owner: dict[str, int] = {}
    gold_items: set[Span] = set()
    for index, entity in enumerate(gold):
        gold_items.add((index, 0, str(entity["label"])))
        for form in (entity["name"], *entity.get("aliases", ())):
            owner.setdefault(name_key(str(form)), index)
    unmatched: dict[str, int] = {}
    predicted_items: set[Span] = set()
    for name, label in predicted:
        key = name_key(name)
        place = owner.get(key)
        if place is None:
            place = -1 - unmatched.setdefault(key, len(unmatched))
        predicted_items.add((place, 0, label))
    return predicted_items, gold_items


def map_spans(spans: Iterable[tuple[int, int, str]], label_map: Mapping[str, str] | None) -> set[Span]:
    """Apply a label map; labels it does not cover are dropped (e.g. DATE for CoNLL)."""
    if label_map is None:
        return set(spans)
    return {(start, end, label_map[label]) for start, end, label in spans if label in label_map}


def bcubed(predicted: Sequence[Any], gold: Sequence[Any], subset: Sequence[int] | None = None) -> PRF:
    """B-cubed precision/recall/F1 (Bagga & Baldwin) over ``subset`` (default: every item),
    each item's predicted and gold groups taken from the whole list."""
    by_predicted: dict[Any, set[int]] = {}
    by_gold: dict[Any, set[int]] = {}
    for index, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_predicted.setdefault(p, set()).add(index)
        by_gold.setdefault(g, set()).add(index)
    items = list(range(len(gold))) if subset is None else list(subset)
    if not items:
        return PRF(0.0, 0.0, 0.0)
    precision = recall = 0.0
    for index in items:
        mine, truth = by_predicted[predicted[index]], by_gold[gold[index]]
        both = len(mine & truth)
        precision += both / len(mine)
        recall += both / len(truth)
    precision, recall = precision / len(items), recall / len(items)
    return PRF(precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def pairwise_counts(
    predicted: Sequence[Any], gold: Sequence[Any], subset: Sequence[int] | None = None
) -> tuple[int, int, int]:
    """(pairs in both, pairs predicted, gold pairs) of items put in the same group; with
    ``subset``, only pairs with at least one item in it (for folds of a cross-validation)."""
    inside = None if subset is None else set(subset)

    def pairs(labels: Sequence[Any]) -> set[tuple[int, int]]:
        groups: dict[Any, list[int]] = {}
        for index, label in enumerate(labels):
            groups.setdefault(label, []).append(index)
        return {
            (a, b)
            for members in groups.values()
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if inside is None or a in inside or b in inside
        }

    ours, truth = pairs(predicted), pairs(gold)
    return len(ours & truth), len(ours), len(truth)


def pairwise(predicted: Sequence[Any], gold: Sequence[Any]) -> PRF:
    """Precision/recall/F1 over the pairs of items put in the same group."""
    return PRF.from_counts(*pairwise_counts(predicted, gold))
