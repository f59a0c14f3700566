"""How sure a difference is: paired bootstrap intervals over documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsdigest.evaluate.metrics import SpanCounts


@dataclass(frozen=True)
class Interval:
    """A mean paired difference against a baseline, with its 95% bootstrap interval."""

    mean: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        """In points (×100), like the scores beside it."""
        return {"mean": round(100 * self.mean, 2), "low": round(100 * self.low, 2), "high": round(100 * self.high, 2)}


def micro_f1_interval(
    results: Sequence[dict[str, SpanCounts]], name: str, baseline: str, resamples: int = 2000, seed: int = 0
) -> Interval:
    """Typed micro F1 of ``name`` minus ``baseline``'s, with a 95% bootstrap interval:
    documents are resampled and their span counts summed, as micro F1 is computed."""
    import numpy as np

    def counts(system: str) -> tuple[Any, Any, Any]:
        hits = np.array([sum(doc[system].typed.values()) for doc in results], dtype=float)
        predicted = np.array([sum(doc[system].predicted.values()) for doc in results], dtype=float)
        gold = np.array([sum(doc[system].gold.values()) for doc in results], dtype=float)
        return hits, predicted, gold

    ours, theirs = counts(name), counts(baseline)

    def f1(picks: Any, hits: Any, predicted: Any, gold: Any) -> Any:
        denominator = predicted[picks].sum(axis=-1) + gold[picks].sum(axis=-1)
        return np.where(denominator > 0, 2 * hits[picks].sum(axis=-1) / np.maximum(denominator, 1), 0.0)

    everything = np.arange(len(results))
    mean = float(f1(everything, *ours) - f1(everything, *theirs))
    if not len(results):
        return Interval(0.0, 0.0, 0.0)
    picks = np.random.default_rng(seed).integers(0, len(results), size=(resamples, len(results)))
    differences = f1(picks, *ours) - f1(picks, *theirs)
    low, high = np.quantile(differences, [0.025, 0.975])
    return Interval(mean, float(low), float(high))


def bootstrap_interval(
    differences: Sequence[float], resamples: int = 2000, seed: int = 0, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Mean of paired per-document differences and its bootstrap interval (documents resampled).

    A fixed seed makes the interval reproducible; "better" needs the low end above zero.
    """
    import numpy as np

    values = np.asarray(differences, dtype=float)
    if not len(values):
        return 0.0, 0.0, 0.0
    picks = np.random.default_rng(seed).integers(0, len(values), size=(resamples, len(values)))
    means = values[picks].mean(axis=1)
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(values.mean()), float(low), float(high)
