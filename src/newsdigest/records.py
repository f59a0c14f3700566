"""The typed data that leaves the core: a ``Digest`` and its parts.

``Digest.to_dict()`` *is* the JSON schema (documented in docs/schema.md). Key order is
fixed by construction so that output is byte-stable across runs and machines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "newsdigest/1"


@dataclass(frozen=True)
class SummarySentence:
    text: str
    #: Character offsets into the decoded input: ``input[start:end] == text``, except where
    #: the cleaning stage repaired the text (whitespace, mojibake), which ``text`` shows.
    start: int
    end: int
    #: The algorithm's score for this sentence; comparable only within one summary.
    score: float
    #: Position among the article's body sentences (0-based).
    index: int
    #: With --explain: the parts of the score (for the news ranker).
    why: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "index": self.index,
        }
        if self.why is not None:
            record["why"] = self.why
        return record


@dataclass(frozen=True)
class Summary:
    algorithm: str
    sentences: tuple[SummarySentence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"algorithm": self.algorithm, "sentences": [s.to_dict() for s in self.sentences]}


@dataclass(frozen=True)
class Entity:
    name: str
    label: str
    #: How many times the entity is mentioned (== len(spans)).
    mentions: int
    #: Other surface forms that refer to this entity, most frequent first.
    aliases: tuple[str, ...]
    #: (start, end) character offsets of every mention in the decoded input.
    spans: tuple[tuple[int, int], ...]
    #: Importance within the article, in (0, 1]; the most salient entity has 1.
    salience: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "mentions": self.mentions,
            "aliases": list(self.aliases),
            "spans": [list(span) for span in self.spans],
            "salience": round(self.salience, 4),
        }


@dataclass(frozen=True)
class Tag:
    tag: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"tag": self.tag, "score": round(self.score, 4)}


@dataclass(frozen=True)
class Stats:
    characters: int
    words: int
    sentences: int

    def to_dict(self) -> dict[str, Any]:
        return {"characters": self.characters, "words": self.words, "sentences": self.sentences}


@dataclass(frozen=True)
class DigestError:
    type: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "message": self.message}


@dataclass(frozen=True)
class Digest:
    """Everything newsdigest learned about one input, or why it could not."""

    source: str
    title: str | None = None
    stats: Stats | None = None
    summary: Summary | None = None
    entities: tuple[Entity, ...] = field(default_factory=tuple)
    tags: tuple[Tag, ...] = field(default_factory=tuple)
    #: Tags the publisher attached to the page (a trailing tag line), as found.
    source_tags: tuple[str, ...] = field(default_factory=tuple)
    #: What the cleaning stage did: counts, and the kinds of lines removed.
    cleaning: dict[str, Any] | None = None
    #: The removed lines as (kind, start, end, text), for --show-removed; not in the JSON.
    removed: tuple[tuple[str, int, int, str], ...] = field(default_factory=tuple, repr=False)
    #: For HTML input: format, and the page's title, author and date when found.
    metadata: dict[str, Any] | None = None
    #: Content hash and settings hash, in batch runs; --resume skips inputs whose match.
    fingerprint: str | None = None
    error: DigestError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.source,
            "title": self.title,
            "stats": self.stats.to_dict() if self.stats else None,
            "summary": self.summary.to_dict() if self.summary else None,
            "entities": [e.to_dict() for e in self.entities],
            "tags": [t.to_dict() for t in self.tags],
            "source_tags": list(self.source_tags),
            "cleaning": self.cleaning,
            "metadata": self.metadata,
            "fingerprint": self.fingerprint,
            "error": self.error.to_dict() if self.error else None,
        }
