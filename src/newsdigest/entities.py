"""Named-entity mentions → one record per entity, most salient first.

Mentions are normalised (leading article, possessive, edge punctuation, whitespace) and
grouped by their normalised form; an entity's label is the vote of its mentions, so a
name the model tags PERSON twice and ORG once is a PERSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from .options import NUMERIC_LABELS
from .records import Entity

_LEADING_WORDS = frozenset({"the", "a", "an"})
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}<>«»,;:!?*-–—|/\\"
_POSSESSIVES = ("'s", "’s")


@dataclass
class _Group:
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    spans: list[tuple[int, int]] = field(default_factory=list)


def mention_bounds(mention: Span) -> tuple[int, int] | None:
    """Character bounds of a mention without article, possessive and edge punctuation."""
    text = mention.text
    start, end = 0, len(text)
    first_word = text.split(maxsplit=1)[0] if text.strip() else ""
    if first_word.lower() in _LEADING_WORDS and len(text.split()) > 1:
        start = text.index(first_word) + len(first_word)
    for possessive in _POSSESSIVES:
        if text[start:end].endswith(possessive):
            end -= len(possessive)
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCTUATION):
        start += 1
    while start < end and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCTUATION):
        end -= 1
    if start >= end or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return mention.start_char + start, mention.start_char + end


def _salience(group: _Group, total_mentions: int, text_length: int, title_end: int) -> float:
    first = min(start for start, _ in group.spans)
    frequency = len(group.spans) / total_mentions
    # Earlier is more important in news; a mention in the headline counts most.
    position = 1.0 - first / max(text_length, 1)
    in_title = 1.0 if first < title_end else 0.0
    return frequency + 0.2 * position + 0.2 * in_title


def extract_entities(doc: Doc, title_end: int = 0) -> list[Entity]:
    """Group ``doc.ents`` into entities of every label, most salient first."""
    text = doc.text
    groups: dict[str, _Group] = {}
    for mention in doc.ents:
        bounds = mention_bounds(mention)
        if bounds is None:
            continue
        start, end = bounds
        form = " ".join(text[start:end].split())
        group = groups.setdefault(form.casefold(), _Group())
        group.forms[form] += 1
        group.labels[mention.label_] += 1
        group.spans.append((start, end))

    total = sum(len(group.spans) for group in groups.values())
    entities = []
    for group in groups.values():
        # Counter.most_common keeps first-seen order among ties, so ties go to the earlier form.
        label = group.labels.most_common(1)[0][0]
        forms = [form for form, _ in group.forms.most_common()]
        entities.append(
            Entity(
                name=forms[0],
                label=label,
                mentions=len(group.spans),
                aliases=tuple(forms[1:]),
                spans=tuple(sorted(group.spans)),
                salience=_salience(group, total, len(text), title_end),
            )
        )
    if not entities:
        return []
    top = max(entity.salience for entity in entities)
    entities = [replace(entity, salience=entity.salience / top) for entity in entities]
    entities.sort(key=lambda e: (-e.salience, e.spans[0][0]))
    return entities


def select_entities(entities: Iterable[Entity], types: Collection[str] | None = None) -> list[Entity]:
    """Keep the entities whose label is in ``types``; by default, every non-numeric one."""
    if types is None:
        return [entity for entity in entities if entity.label not in NUMERIC_LABELS]
    return [entity for entity in entities if entity.label in types]
