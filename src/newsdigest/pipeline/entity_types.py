"""An entity's type from its name's form, the words around its mentions and the model's votes.

The small English model types a name by its shape and a 2019 world: "Anthropic" and
"Nethermind" come out PERSON, "Raspberry Pi 5" LOC, "PyTorch" ORG, a board game's title
ORG. The article says better: a version number ends a product's name ("Gemma 2"), a word
with a capital inside ("PyTorch") is a brand, a company is acquired and announces things,
a product is used, installed and released, a game is played and a book written, a person
says things and is "he" or "she" afterwards. One small logistic model per type (one
against the rest) weighs these, with the model's own votes as features; the type is the
most probable one, and changes the voted type only by a clear margin.

Fitted by ``scripts/fit_entity_types.py`` on the read half of ``modern_entities_dev``
(the held-out half checks it); weights are data (``data/entity_types.json``). ``--explain``
shows each decision's strongest features.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, ClassVar

from newsdigest.linear import LogisticModel

TYPES = ("PERSON", "ORG", "GPE", "PRODUCT", "WORK_OF_ART")
#: Voted labels the type model may change; a nationality, an event or a law keeps its vote.
CHANGEABLE = frozenset({*TYPES, "FAC", "LOC"})
WEIGHTS_FILE = "entity_types.json"

_WORD = re.compile(r"[a-z][a-z'’-]*|\d[\w.]*")

# Words near a mention that say what it names. Each family is one feature: the share of
# the entity's mentions with one of its words within four words before or three after.
CUES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # (words before the mention, words after it)
    "company": (
        frozenset(
            """startup start-up company firm maker vendor provider developer publisher studio giant rival
            acquire acquires acquired acquiring acquisition merger ceo founder cofounder co-founder
            partnered partnership subsidiary investors invested backed employees joined""".split()
        ),
        frozenset(
            """inc ltd llc corp plc gmbh announced acquired acquires raised launched launches released
            unveiled introduced hired founded ceo cto founders cofounder spokesperson spokesman
            spokeswoman employees engineers researchers shares stock revenue customers headquartered""".split()
        ),
    ),
    "product": (
        frozenset(
            """using use uses used install installing installed run runs running deploy deployed
            powered via version release download upgrade integrates supports compatible""".split()
        ),
        frozenset(
            """model models app apps application platform api sdk library framework device devices phone
            laptop chip chips processor board kit browser engine client clients server plugin extension
            tool software version update interface users subscription chatbot assistant feature
            features integration runs supports""".split()
        ),
    ),
    "work": (
        frozenset(
            """game games book books novel film movie album song single series show podcast play
            episode titled report study paper essay module adventure campaign expansion sequel
            trailer played playing read reading watched""".split()
        ),
        frozenset("game trailer sequel season episode soundtrack expansion dlc novel film album".split()),
    ),
    "place": (
        frozenset("in near across outside inside throughout visit visited city state province region capital".split()),
        frozenset("city county province state region capital residents government border-based based".split()),
    ),
    "person": (
        frozenset(
            """mr mrs ms dr professor prof author writer analyst director manager president chief lecturer
            editor reporter columnist designer engineer researcher student coach player actor singer
            according""".split()
        ),
        frozenset("said says told wrote added explained who whose he she his her himself herself".split()),
    ),
}
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_VERSION_TAIL = re.compile(r"(?:[\s-]v?\d+(?:\.\d+)*[A-Za-z]{0,2}|\d[A-Za-z]*)$")
_LETTERS_AND_DIGITS = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*\d)\w+\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d$")
_PERSON_SHAPE = re.compile(r"^[A-Z][a-z'’.-]+(?: [A-Z]\.?)?(?: [A-Z][a-z'’-]+){1,2}$")
_OPEN_QUOTES = "\"“‘'«*_"
_FUNCTION_WORDS = frozenset("the of a an and in on to for with at by from is are it".split())


def _window(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    before = _WORD.findall(text[max(0, start - 60) : start].lower())[-4:]
    after = _WORD.findall(text[end : end + 45].lower())[:3]
    return before, after


def type_features(
    text: str,
    name: str,
    forms: Collection[str],
    spans: Sequence[tuple[int, int]],
    votes: Counter[str],
    company_words: Collection[str],
    body_words: Collection[str],
) -> dict[str, float]:
    """What the type model reads of one entity (every value in [0, 1] or a small log count)."""
    total = max(sum(votes.values()), 1)
    features = {f"votes_{label}": votes.get(label, 0) / total for label in TYPES}
    features["votes_other"] = 1.0 - sum(features.values())
    words = name.split()
    last = words[-1].casefold().strip(".") if words else ""
    features.update(
        {
            "single_word": float(len(words) == 1),
            "words": min(len(words), 5) / 5,
            "person_shape": float(bool(_PERSON_SHAPE.match(name))),
            "capital_inside": float(any(_CAMEL.search(word) for word in words)),
            "letters_and_digits": float(bool(_LETTERS_AND_DIGITS.search(name))),
            "version_tail": float(bool(_VERSION_TAIL.search(name)) and not _YEAR.search(name)),
            "all_capitals": float(name.replace(".", "").replace("&", "").isupper()),
            "company_word": float(len(words) >= 2 and last in company_words),
            "body_word": float(len(words) >= 2 and last in body_words),
            "function_word_inside": float(any(word.casefold() in _FUNCTION_WORDS for word in words[1:])),
            "mentions": math.log1p(len(spans)) / 3,
        }
    )
    cue_hits: Counter[str] = Counter()
    quoted = possessive_owner = 0
    for start, end in spans:
        before, after = _window(text, start, end)
        for family, (cues_before, cues_after) in CUES.items():
            if any(word in cues_before for word in before) or any(word in cues_after for word in after):
                cue_hits[family] += 1
        if start and text[start - 1] in _OPEN_QUOTES:
            quoted += 1
        if text[end : end + 3] in ("'s ", "’s "):
            possessive_owner += 1
    count = max(len(spans), 1)
    features.update({f"cue_{family}": cue_hits[family] / count for family in CUES})
    features["quoted"] = quoted / count
    features["possessive_owner"] = possessive_owner / count
    return features


FEATURES = tuple(type_features("", "X", ("X",), [(0, 1)], Counter({"ORG": 1}), (), ()).keys())


class TypeModel(LogisticModel):
    FEATURE_NAMES: ClassVar[tuple[str, ...]] = FEATURES
    WHAT: ClassVar[str] = "entity type"


@dataclass(frozen=True)
class EntityTypes:
    """One one-against-the-rest model per type, and the margin by which the most probable
    type must beat the voted one to replace it."""

    models: dict[str, TypeModel]
    margin: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityTypes:
        return cls({label: TypeModel.from_dict(data["types"][label]) for label in TYPES}, float(data["margin"]))

    def to_dict(self) -> dict[str, Any]:
        return {"margin": self.margin, "types": {label: model.to_dict() for label, model in self.models.items()}}

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        values = [features[name] for name in FEATURES]
        return {label: model.probability(values) for label, model in self.models.items()}

    def choose(self, features: dict[str, float], voted: str) -> tuple[str, str | None]:
        """The type, and what decided it when it is not the voted one (for ``--explain``)."""
        if voted not in CHANGEABLE:
            return voted, None
        scores = self.probabilities(features)
        best = max(TYPES, key=lambda label: scores[label])
        if best == voted or scores[best] - scores.get(voted, 0.0) < self.margin:
            return voted, None
        values = [features[name] for name in FEATURES]
        parts = sorted(zip(FEATURES, self.models[best].contributions(values), strict=True), key=lambda p: -p[1])
        strongest = ", ".join(f"{name} {part:+.1f}" for name, part in parts[:3] if part > 0)
        return best, f"{best} {scores[best]:.2f} over {voted} {scores.get(voted, 0.0):.2f}: {strongest}"


@lru_cache(maxsize=1)
def shipped_types() -> EntityTypes | None:
    """The fitted models; None before ``scripts/fit_entity_types.py --write`` first ran."""
    path = resources.files("newsdigest").joinpath("data", WEIGHTS_FILE)
    if not path.is_file():
        return None
    return EntityTypes.from_dict(json.loads(path.read_text(encoding="utf-8")))
