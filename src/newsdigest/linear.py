"""The small fitted models newsdigest ships: logistic regression over named features.

One definition for every such model (the summary ranker, the story pair model): the
weights file holds the feature names, the training means and scales used to
standardise, one weight per feature and a bias. Each model's own module says which
features it expects; a file fitted for other features is refused with a clear message.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

M = TypeVar("M", bound="LogisticModel")


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True)
class LogisticModel:
    """``probability = sigmoid(bias + Σ weight_f × (value_f - mean_f) / scale_f)``."""

    #: The features this kind of model is fitted on, in file order (set by each subclass).
    FEATURE_NAMES: ClassVar[tuple[str, ...]] = ()
    #: What the model is, for the message when a file does not match.
    WHAT: ClassVar[str] = "model"

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    @classmethod
    def _fields(cls, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "features": tuple(data["features"]),
            "mean": tuple(float(v) for v in data["mean"]),
            "scale": tuple(float(v) for v in data["scale"]),
            "weights": tuple(float(v) for v in data["weights"]),
            "bias": float(data["bias"]),
        }

    @classmethod
    def from_dict(cls: type[M], data: dict[str, Any]) -> M:
        model = cls(**cls._fields(data))
        expected = cls.FEATURE_NAMES
        if model.features != expected or not (
            len(model.mean) == len(model.scale) == len(model.weights) == len(expected)
        ):
            raise ValueError(f"the {cls.WHAT} weights do not match this version's features; refit them")
        return model

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "weights": [round(v, 6) for v in self.weights],
            "bias": round(self.bias, 6),
        }

    def contributions(self, values: Sequence[float]) -> list[float]:
        """Each feature's part of the log-odds."""
        return [
            weight * (value - mean) / scale
            for weight, value, mean, scale in zip(self.weights, values, self.mean, self.scale, strict=True)
        ]

    def probability(self, values: Sequence[float]) -> float:
        return sigmoid(self.bias + sum(self.contributions(values)))
