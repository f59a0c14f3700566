"""What is in a folder of news, story by story: stories described, and the corpus as a whole.

``describe(digests)`` groups the digests (``stories``) and returns a ``CorpusReport``:
each story with a title, a short summary drawn from the lead sentences of all its
articles (the most central ones, not one article's), its main entities and tags, its
articles and outlets, first and last date; and across stories, entities by the number of
stories and articles with their trend over the dates present, entity pairs that recur
together across stories, tags by stories, and story sizes. ``to_dict()`` is the JSON
schema of ``newsdigest corpus --json`` (docs/corpus.md).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from newsdigest.corpus.stories import Corpus, StoryArticle, group, words_of
from newsdigest.records import Digest

CORPUS_SCHEMA = "newsdigest-corpus/1"
#: Sentences in a story's summary, entities and tags listed per story.
STORY_SENTENCES = 3
STORY_ENTITIES = 8
STORY_TAGS = 8
#: Corpus-wide lists: entities, recurring pairs, tags.
TOP_ENTITIES = 30
TOP_PAIRS = 20
TOP_TAGS = 30
#: Summary sentences this similar to one already chosen say the same thing.
REPEAT_COSINE = 0.5
#: Entity labels that make a story's "who and where" (numbers and dates are not listed).
STORY_ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)


@dataclass(frozen=True)
class Member:
    source: str
    title: str | None
    date: str | None
    url: str | None
    outlet: str | None
    #: The member this one copies (syndication, re-post), by source.
    copy_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "outlet": self.outlet,
            "copy_of": self.copy_of,
        }


@dataclass(frozen=True)
class Story:
    id: int
    title: str | None
    summary: tuple[str, ...]
    entities: tuple[tuple[str, str, int], ...]  # (name, label, articles mentioning it)
    tags: tuple[tuple[str, int], ...]  # (tag, articles)
    first_date: str | None
    last_date: str | None
    outlets: tuple[str, ...]
    members: tuple[Member, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": self.size,
            "copies": sum(1 for m in self.members if m.copy_of),
            "outlets": list(self.outlets),
            "first_date": self.first_date,
            "last_date": self.last_date,
            "summary": list(self.summary),
            "entities": [{"name": n, "label": label, "articles": c} for n, label, c in self.entities],
            "tags": [{"tag": t, "articles": c} for t, c in self.tags],
            "members": [m.to_dict() for m in self.members],
        }


@dataclass(frozen=True)
class EntityTrend:
    name: str
    label: str
    stories: int
    articles: int
    #: Articles mentioning it per period (``CorpusReport.periods``), in order.
    trend: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "stories": self.stories,
            "articles": self.articles,
            "trend": list(self.trend),
        }


@dataclass(frozen=True)
class CorpusReport:
    articles: int
    stories: tuple[Story, ...]
    entities: tuple[EntityTrend, ...]
    pairs: tuple[tuple[str, str, int], ...]  # (entity, entity, stories with both)
    tags: tuple[tuple[str, int], ...]  # (tag, stories)
    #: "day", "week" or "month": the bucket of ``periods``, chosen by the span of dates.
    period: str | None
    periods: tuple[str, ...]
    #: Articles per period, for the timeline.
    timeline: tuple[int, ...]
    failed: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        sizes = Counter(story.size for story in self.stories)
        return {
            "schema": CORPUS_SCHEMA,
            "articles": self.articles,
            "stories": [story.to_dict() for story in self.stories],
            "story_sizes": [
                {"articles": size, "stories": count} for size, count in sorted(sizes.items(), reverse=True)
            ],
            "entities": [entity.to_dict() for entity in self.entities],
            "entity_pairs": [{"entities": [a, b], "stories": n} for a, b, n in self.pairs],
            "tags": [{"tag": t, "stories": n} for t, n in self.tags],
            "period": self.period,
            "periods": list(self.periods),
            "timeline": list(self.timeline),
            "failed": list(self.failed),
        }


def describe(digests: Sequence[Digest]) -> CorpusReport:
    """Group digests into stories and describe them; error records are listed as failed."""
    good = [d for d in digests if d.error is None]
    failed = tuple(d.source for d in digests if d.error is not None)
    labels, corpus, scores = group(good)
    copies = _copies(corpus)
    by_story: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        by_story[label].append(index)
    dates = [a.date for a in corpus.articles if a.date]
    period, periods = _periods(dates)
    drafts = []
    for members in by_story.values():
        drafts.append(_story(corpus, members, scores, copies))
    drafts.sort(key=lambda s: (-s.size, s.first_date or "9999", s.members[0].source))
    stories = tuple(
        Story(i + 1, s.title, s.summary, s.entities, s.tags, s.first_date, s.last_date, s.outlets, s.members)
        for i, s in enumerate(drafts)
    )
    return CorpusReport(
        articles=len(good),
        stories=stories,
        entities=_entity_trends(corpus, labels, period, periods),
        pairs=_pairs(stories),
        tags=_tags(stories),
        period=period,
        periods=tuple(periods),
        timeline=tuple(_counts_by_period([a.date for a in corpus.articles], period, periods)),
        failed=failed,
    )


def _copies(corpus: Corpus) -> dict[int, int]:
    """Article → the earlier article it copies (near-identical headline and summary)."""
    from newsdigest.corpus.stories import COPY_THRESHOLD

    copy_of: dict[int, int] = {}
    for a, b in sorted(corpus.near_copies()):
        first, second = corpus.articles[a], corpus.articles[b]
        union = len(first.shingles | second.shingles)
        if union and len(first.shingles & second.shingles) / union >= COPY_THRESHOLD and b not in copy_of:
            copy_of[b] = copy_of.get(a, a)
    return copy_of


def _story(corpus: Corpus, members: list[int], scores: dict[tuple[int, int], float], copies: dict[int, int]) -> Story:
    articles = [corpus.articles[i] for i in sorted(members, key=lambda i: (corpus.articles[i].date or date.max, i))]

    # The most central article (highest mean pair probability to the others) names the story.
    def centrality(article: StoryArticle) -> float:
        others = [o.index for o in articles if o.index != article.index]
        if not others:
            return 0.0
        return sum(scores.get((min(article.index, o), max(article.index, o)), 0.0) for o in others) / len(others)

    central = max(articles, key=lambda a: (centrality(a), a.title is not None, -a.index))
    entities = _merged_names([a.digest for a in articles])[:STORY_ENTITIES]
    tag_articles: Counter[str] = Counter()
    for article in articles:
        tag_articles.update({tag.tag.lower(): None for tag in article.digest.tags}.keys())
    tags = tuple(sorted(tag_articles.items(), key=lambda item: (-item[1], item[0]))[:STORY_TAGS])
    dated = [a.date for a in articles if a.date]
    outlets = tuple(sorted({a.outlet for a in articles if a.outlet}))
    return Story(
        id=0,
        title=central.title or _first_sentence(central),
        summary=_story_summary(corpus, articles),
        entities=tuple((name, label, len(where)) for name, label, where in entities),
        tags=tags,
        first_date=min(dated).isoformat() if dated else None,
        last_date=max(dated).isoformat() if dated else None,
        outlets=outlets,
        members=tuple(
            Member(
                source=a.source,
                title=a.title,
                date=a.date.isoformat() if a.date else None,
                url=a.url,
                outlet=a.outlet,
                copy_of=corpus.articles[copies[a.index]].source if a.index in copies else None,
            )
            for a in articles
        ),
    )


def _merged_names(digests: Sequence[Digest]) -> list[tuple[str, str, set[int]]]:
    """Names across articles, one entry per thing: (display name, label, articles naming it).

    The same name under two labels (the model's vote can differ between articles) is one
    entry with the commoner label; a lone word joins the one full person name in these
    articles that ends with it ("Okonkwo" → "Marta Okonkwo").
    """
    where: dict[str, set[int]] = defaultdict(set)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for number, digest in enumerate(digests):
        for entity in digest.entities:
            if entity.label not in STORY_ENTITY_LABELS:
                continue
            key = " ".join(entity.name.lower().split())
            where[key].add(number)
            labels[key][entity.label] += entity.mentions
            forms[key][entity.name] += entity.mentions
    full_names: dict[str, list[str]] = defaultdict(list)
    for key in where:
        if " " in key and labels[key].most_common(1)[0][0] == "PERSON":
            full_names[key.rsplit(" ", 1)[1]].append(key)
    for key in [k for k in where if " " not in k]:
        fuller = full_names.get(key, [])
        if len(fuller) == 1:  # whatever the model called the lone surname ("Okonkwo's report": ORG)
            where[fuller[0]] |= where.pop(key)
    merged = [
        (forms[k].most_common(1)[0][0], labels[k].most_common(1)[0][0], articles) for k, articles in where.items()
    ]
    merged.sort(key=lambda item: (-len(item[2]), item[0]))
    return merged


def _first_sentence(article: StoryArticle) -> str | None:
    summary = article.digest.summary
    return summary.sentences[0].text if summary and summary.sentences else None


def _story_summary(corpus: Corpus, articles: list[StoryArticle]) -> tuple[str, ...]:
    """The lead sentences of all members most central to the story, without repeats."""
    candidates: list[tuple[str, Counter[str]]] = []
    for article in articles:
        summary = article.digest.summary
        for sentence in summary.sentences[:2] if summary else ():
            text = " ".join(sentence.text.split())
            candidates.append((text, Counter(words_of(text))))
    if not candidates:
        return ()
    idf = {w: math.log((len(corpus.articles) + 1) / (corpus.word_df[w] + 1)) + 1 for _, c in candidates for w in c}
    vectors = [{w: n * idf[w] for w, n in counts.items()} for _, counts in candidates]
    centroid: dict[str, float] = defaultdict(float)
    for vector in vectors:
        for word, value in vector.items():
            centroid[word] += value
    ranked = sorted(range(len(candidates)), key=lambda i: (-_cosine(vectors[i], centroid), i))
    chosen: list[int] = []
    for index in ranked:
        if len(chosen) >= STORY_SENTENCES:
            break
        if any(_cosine(vectors[index], vectors[other]) > REPEAT_COSINE for other in chosen):
            continue
        chosen.append(index)
    return tuple(candidates[i][0] for i in chosen)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _periods(dates: list[date]) -> tuple[str | None, list[str]]:
    if not dates:
        return None, []
    first, last = min(dates), max(dates)
    span = (last - first).days
    period = "day" if span <= 62 else "week" if span <= 2 * 366 else "month"
    labels = []
    current = _bucket(first, period)
    end = _bucket(last, period)
    while current <= end:
        labels.append(current.isoformat()[:7] if period == "month" else current.isoformat())
        current = _next(current, period)
    return period, labels


def _bucket(day: date, period: str | None) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def _next(day: date, period: str) -> date:
    if period == "day":
        return day + timedelta(days=1)
    if period == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _label(day: date, period: str | None) -> str:
    bucket = _bucket(day, period)
    return bucket.isoformat()[:7] if period == "month" else bucket.isoformat()


def _counts_by_period(dates: Sequence[date | None], period: str | None, periods: Sequence[str]) -> list[int]:
    position = {label: i for i, label in enumerate(periods)}
    counts = [0] * len(periods)
    for day in dates:
        if day is not None and period is not None:
            counts[position[_label(day, period)]] += 1
    return counts


def _entity_trends(
    corpus: Corpus, labels: Sequence[int], period: str | None, periods: Sequence[str]
) -> tuple[EntityTrend, ...]:
    names = _merged_names([article.digest for article in corpus.articles])[: TOP_ENTITIES * 4]
    ranked = sorted(names, key=lambda item: (-len({labels[i] for i in item[2]}), -len(item[2]), item[0]))[:TOP_ENTITIES]
    return tuple(
        EntityTrend(
            name=name,
            label=label,
            stories=len({labels[i] for i in where}),
            articles=len(where),
            trend=tuple(_counts_by_period([corpus.articles[i].date for i in where], period, periods)),
        )
        for name, label, where in ranked
    )


def _pairs(stories: Sequence[Story]) -> tuple[tuple[str, str, int], ...]:
    together: Counter[tuple[str, str]] = Counter()
    for story in stories:
        names = sorted({name for name, _, _ in story.entities})
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                together[(a, b)] += 1
    recurring = [(a, b, n) for (a, b), n in together.items() if n > 1]
    recurring.sort(key=lambda item: (-item[2], item[0], item[1]))
    return tuple(recurring[:TOP_PAIRS])


def _tags(stories: Sequence[Story]) -> tuple[tuple[str, int], ...]:
    counts: Counter[str] = Counter()
    for story in stories:
        counts.update({tag for tag, _ in story.tags})
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_TAGS])
