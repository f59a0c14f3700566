"""The typed data that leaves the core: a ``Digest`` and its parts.

``Digest.to_dict()`` *is* the JSON schema (documented in docs/schema.md) and
``Digest.from_dict()`` reads it back: one definition both ways, so ``--resume`` and
``corpus`` read earlier output through the same types that wrote it. Key order is fixed
by construction so that output is byte-stable across runs and machines.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "newsdigest/1"


@dataclass(frozen=True)
class SourceText:
    """A decoded input: where it came from, its text and the encoding used."""

    source: str
    text: str
    encoding: str
    #: What the input said about itself beside the text: a JSON Lines record's ``title``,
    #: ``date`` and ``url``. It reaches the record's ``metadata``.
    metadata: dict[str, str] | None = None


class RecordError(ValueError):
    """A JSON record that is not a newsdigest record of this schema."""


def _field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(name) if isinstance(data, Mapping) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RecordError(f"field {name!r} should be {getattr(kind, '__name__', kind)}, not {type(value).__name__}")
    return value


def _optional(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    return None if data.get(name) is None else _field(data, name, kind)


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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SummarySentence:
        return cls(
            text=_field(data, "text", str),
            start=_field(data, "start", int),
            end=_field(data, "end", int),
            score=float(_field(data, "score", (int, float))),
            index=_field(data, "index", int),
            why=_optional(data, "why", dict),
        )


@dataclass(frozen=True)
class Summary:
    algorithm: str
    sentences: tuple[SummarySentence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"algorithm": self.algorithm, "sentences": [s.to_dict() for s in self.sentences]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Summary:
        return cls(
            algorithm=_field(data, "algorithm", str),
            sentences=tuple(SummarySentence.from_dict(s) for s in _field(data, "sentences", list)),
        )


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
    #: With --explain: the model's votes over the mentions and what else decided the label.
    why: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "mentions": self.mentions,
            "aliases": list(self.aliases),
            "spans": [list(span) for span in self.spans],
            "salience": round(self.salience, 4),
        }
        if self.why is not None:
            record["why"] = self.why
        return record

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entity:
        return cls(
            name=_field(data, "name", str),
            label=_field(data, "label", str),
            mentions=_field(data, "mentions", int),
            aliases=tuple(str(alias) for alias in _field(data, "aliases", list)),
            spans=tuple((int(start), int(end)) for start, end in _field(data, "spans", list)),
            salience=float(_field(data, "salience", (int, float))),
            why=_optional(data, "why", dict),
        )


@dataclass(frozen=True)
class Tag:
    tag: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"tag": self.tag, "score": round(self.score, 4)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tag:
        return cls(tag=_field(data, "tag", str), score=float(_field(data, "score", (int, float))))


@dataclass(frozen=True)
class Stats:
    characters: int
    words: int
    sentences: int

    def to_dict(self) -> dict[str, Any]:
        return {"characters": self.characters, "words": self.words, "sentences": self.sentences}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stats:
        return cls(
            characters=_field(data, "characters", int),
            words=_field(data, "words", int),
            sentences=_field(data, "sentences", int),
        )


@dataclass(frozen=True)
class DigestError:
    type: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DigestError:
        return cls(type=_field(data, "type", str), message=_field(data, "message", str))


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
    #: For HTML input: format, and the page's title, author and date when found; for a
    #: scraped page, the byline and dateline printed above the story (docs/schema.md).
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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Digest:
        """Read a record ``to_dict`` wrote (``RecordError`` if it is not one).

        ``removed`` is not in the JSON, so it comes back empty.
        """
        if not isinstance(data, Mapping):
            raise RecordError(f"a record is a JSON object, not {type(data).__name__}")
        if data.get("schema") != SCHEMA:
            raise RecordError(f"not a {SCHEMA} record (schema {data.get('schema')!r})")
        stats, summary, error = data.get("stats"), data.get("summary"), data.get("error")
        return cls(
            source=_field(data, "source", str),
            title=_optional(data, "title", str),
            stats=Stats.from_dict(_field(data, "stats", dict)) if stats is not None else None,
            summary=Summary.from_dict(_field(data, "summary", dict)) if summary is not None else None,
            entities=tuple(Entity.from_dict(e) for e in _field(data, "entities", list)),
            tags=tuple(Tag.from_dict(t) for t in _field(data, "tags", list)),
            source_tags=tuple(str(tag) for tag in _field(data, "source_tags", list)),
            cleaning=_optional(data, "cleaning", dict),
            metadata=_optional(data, "metadata", dict),
            fingerprint=_optional(data, "fingerprint", str),
            error=DigestError.from_dict(_field(data, "error", dict)) if error is not None else None,
        )


#: Line separators that JSON leaves raw but that str.splitlines, JavaScript and many line
#: readers treat as line breaks: escaped, so one record is always exactly one line.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}


def json_text(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text


def to_json_line(digest: Digest) -> str:
    """A digest as one line of JSON Lines output (the schema, in its fixed key order)."""
    return json_text(digest.to_dict()) + "\n"
