"""What a digest should contain: the options every entry point shares.

Kept free of heavy imports so the CLI can build its help and validate arguments without
loading spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass

SUMY_ALGORITHMS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl")
ALGORITHMS = ("lead", *SUMY_ALGORITHMS)
# Lead-3 scores R1 40.9 / R2 18.1 / RLsum 36.8 on cnndm_frank_val, above every sumy
# algorithm (best R1 35.0; docs/quality.md), so it is the honest default until we have a
# better ranker of our own.
DEFAULT_ALGORITHM = "lead"

DEFAULT_SENTENCES = 3
DEFAULT_TAGS = 10

#: The OntoNotes labels of spaCy's English pipelines.
ENTITY_LABELS = frozenset(
    {
        "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
        "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
    }
)  # fmt: skip
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


@dataclass(frozen=True)
class Options:
    """What to produce; the defaults are what ``newsdigest summarize`` does."""

    sentences: int = DEFAULT_SENTENCES
    algorithm: str = DEFAULT_ALGORITHM
    tags: int = DEFAULT_TAGS
    #: Entity labels to report; None means every non-numeric label.
    entity_types: frozenset[str] | None = None
    #: spaCy model name or path; None resolves as ``nlp.resolve_model_name`` does.
    model: str | None = None
    #: Find the article in the raw text (drop navigation, related links, bylines, …).
    clean: bool = True

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"unknown summary algorithm {self.algorithm!r}; choose one of {', '.join(ALGORITHMS)}")
        if self.sentences < 0 or self.tags < 0:
            raise ValueError("sentences and tags must be zero or more")


def parse_entity_types(value: str) -> frozenset[str] | None:
    """'PERSON,ORG' → that set; 'all' → every label; '' → None (the default set)."""
    names = {name.strip().upper() for name in value.split(",") if name.strip()}
    if not names:
        return None
    if names == {"ALL"}:
        return ENTITY_LABELS
    unknown = names - ENTITY_LABELS
    if unknown:
        raise ValueError(
            f"unknown entity type {', '.join(sorted(unknown))}; choose from {', '.join(sorted(ENTITY_LABELS))} or 'all'"
        )
    return frozenset(names)
