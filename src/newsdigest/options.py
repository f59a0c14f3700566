"""What a digest should contain: the options every entry point shares.

Kept free of heavy imports so the CLI can build its help and validate arguments without
loading spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass

SUMY_ALGORITHMS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl")
ALGORITHMS = ("news", "lead", *SUMY_ALGORITHMS)
# Our fitted news ranker beats Lead-3 on cnndm_val1000 (cross-validated, interval above
# zero), is level with or above Lead-N on FRANK and BBC, and above every sumy algorithm
# on all three (docs/quality.md).
DEFAULT_ALGORITHM = "news"

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


TAG_STYLES = ("topics", "phrases")


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
    #: Summary length as a share of the article's sentences; overrides ``sentences``.
    ratio: float | None = None
    #: Hard cap on the summary's words (whole sentences only).
    max_words: int | None = None
    #: Attach each summary sentence's score components and each entity's type evidence.
    explain: bool = False
    #: "topics" (names and topic words, as editors tag news) or "phrases" (descriptive
    #: noun phrases, as keyphrase annotators write them).
    tag_style: str = "topics"
    #: Digest a text in another language instead of refusing it (the model stays English:
    #: expect poor entities and tags); its language is reported in the record's metadata.
    any_language: bool = False

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"unknown summary algorithm {self.algorithm!r}; choose one of {', '.join(ALGORITHMS)}")
        if self.sentences < 0 or self.tags < 0:
            raise ValueError("sentences and tags must be zero or more")
        if self.ratio is not None and not 0 < self.ratio <= 1:
            raise ValueError("ratio must be more than 0 and at most 1")
        if self.max_words is not None and self.max_words < 1:
            raise ValueError("max_words must be at least 1")
        if self.tag_style not in TAG_STYLES:
            raise ValueError(f"unknown tag style {self.tag_style!r}; choose one of {', '.join(TAG_STYLES)}")


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
