"""Group digested articles into stories, from what the digests already know.

1. **Copies first.** Syndicated copies and re-posts share their headline and summary
   almost word for word: MinHash sketches of those (datasketch's LSH) find them without
   comparing all pairs.
2. **Candidates by rare names.** Two articles are compared only if they share a name that
   few articles in the corpus mention (a victim, a street, a small town, a company) or
   are near-copies. Names in many articles ("Chicago", "police") block nothing, so the
   number of pairs grows with the corpus, not with its square.
3. **A fitted pair model.** Each candidate pair gets features a bag of words lacks (shared
   people, shared surnames, shared places and organisations, each weighted by how rare
   the name is in this corpus; days between the articles) beside word overlap of the
   headlines and summaries; a logistic model (weights in ``data/story_pairs.json``,
   refitted by ``scripts/fit_stories.py`` with folds by story) gives the probability that
   the two tell the same story.
4. **Average-link clusters** over the candidate graph: pairs in decreasing probability;
   two groups merge when the mean probability over all their cross pairs (0 for pairs
   that were not candidates) reaches the threshold fitted with the weights.

Everything here reads ``Digest`` records only, so re-reading ``summarize --json`` output
gives the same stories as digesting from scratch.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlparse

from newsdigest.linear import LogisticModel
from newsdigest.records import Digest

#: Entity labels that name the who and where of a story, by feature group.
NAME_GROUPS: dict[str, str] = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organisation",
    "NORP": "other",
    "EVENT": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
}
#: A name found in more articles than this is too common to propose pairs (it still
#: counts in the pair features). A fixed cap keeps the pairs linear in the corpus: each
#: name proposes at most BLOCK_CAP² / 2 of them, however large the corpus.
BLOCK_CAP = 24
#: Rare words of the headline and summary propose pairs too (a street, an unusual
#: detail), under a tighter cap: words are many more than names.
WORD_BLOCK_CAP = 10
#: Shingle size and Jaccard threshold for near-copies (headline + summary words).
SHINGLE_WORDS = 3
COPY_THRESHOLD = 0.8
MINHASH_PERMUTATIONS = 64

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_STOP = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its of on or our said says she "
    "that the their them they this to was were will with who would after over than then there these those into "
    "about also more most not no new one two three".split()
)

#: The features of a candidate pair, in the order the weights file stores them.
PAIR_FEATURES: tuple[str, ...] = (
    "person",  # cosine of the rarity-weighted PERSON names
    "surname",  # rarest shared surname, as a share of the rarest possible
    "place",  # cosine of the rarity-weighted places (GPE, LOC, FAC)
    "organisation",  # cosine of the rarity-weighted organisations
    "other_names",  # cosine of the other named things (NORP, EVENT, …)
    "words",  # tf-idf cosine of headline + summary + tags words
    "title",  # tf-idf cosine of the headlines
    "copy",  # Jaccard of headline + summary shingles
    "rare_word",  # rarest shared headline/summary word, as a share of the rarest possible
    "days_apart",  # log(1 + days between the dates) / log(366); 0 without dates
    "same_week",  # 1 when the dates are at most a week apart
    "no_date",  # 1 when either article has no date
)


@dataclass(frozen=True)
class StoryArticle:
    """What grouping needs of one digest."""

    index: int
    source: str
    title: str | None
    date: date | None
    url: str | None
    outlet: str | None
    #: "group:name" → weight (1 + log mentions); persons also give "surname:name".
    names: dict[str, float]
    words: Counter[str]
    title_words: Counter[str]
    shingles: frozenset[str]
    digest: Digest


def parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def outlet_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    # Archive snapshots name the original page inside their path.
    if host.endswith("archive.org") and "/http" in url:
        host = urlparse(url[url.index("/http") + 1 :]).hostname or host
    return host.removeprefix("www.") or None


def _normal(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())


def words_of(text: str) -> list[str]:
    return [w for w in (m.group(0).lower().strip("'’-") for m in _WORD.finditer(text)) if len(w) > 1 and w not in _STOP]


def article_from_digest(digest: Digest, index: int) -> StoryArticle:
    metadata = digest.metadata or {}
    names: dict[str, float] = {}
    for entity in digest.entities:
        group = NAME_GROUPS.get(entity.label)
        name = _normal(entity.name)
        if group is None or not name:
            continue
        weight = 1.0 + math.log(max(1, entity.mentions))
        key = f"{group}:{name}"
        names[key] = max(names.get(key, 0.0), weight)
        if group == "person" and " " in name:
            surname = f"surname:{name.rsplit(' ', 1)[1]}"
            names[surname] = max(names.get(surname, 0.0), weight)
        elif group == "person":
            names[f"surname:{name}"] = max(names.get(f"surname:{name}", 0.0), weight)
    title = digest.title or metadata.get("title")
    summary = " ".join(s.text for s in digest.summary.sentences) if digest.summary else ""
    body_words = words_of(f"{title or ''} {summary}")
    words = Counter(body_words)
    words.update(_normal(tag.tag) for tag in digest.tags)
    shingles = frozenset(
        " ".join(body_words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(body_words) - SHINGLE_WORDS + 1))
    )
    url = metadata.get("url")
    return StoryArticle(
        index=index,
        source=digest.source,
        title=title,
        date=parse_date(metadata.get("date")),
        url=url,
        outlet=outlet_of(url),
        names=names,
        words=words,
        title_words=Counter(words_of(title or "")),
        shingles=shingles,
        digest=digest,
    )


# --- the pair model -----------------------------------------------------------------------


@dataclass(frozen=True)
class PairModel(LogisticModel):
    """The probability that two articles tell the same story, and the grouping threshold."""

    FEATURE_NAMES = PAIR_FEATURES
    WHAT = "story pair"

    #: Average-link threshold on the pair probability, fitted with the weights.
    threshold: float = 0.5

    @classmethod
    def _fields(cls, data: dict[str, Any]) -> dict[str, Any]:
        return {**super()._fields(data), "threshold": float(data["threshold"])}

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "threshold": round(self.threshold, 4)}


PAIR_WEIGHTS_FILE = "story_pairs.json"


@lru_cache(maxsize=1)
def shipped_pair_model() -> PairModel:
    text = resources.files("newsdigest").joinpath("data", PAIR_WEIGHTS_FILE).read_text(encoding="utf-8")
    return PairModel.from_dict(json.loads(text))


class Corpus:
    """Articles with the corpus statistics their pair features need (name and word rarity)."""

    def __init__(self, articles: Sequence[StoryArticle]) -> None:
        self.articles = list(articles)
        count = len(self.articles)
        self.name_df: Counter[str] = Counter(key for a in self.articles for key in a.names)
        self.word_df: Counter[str] = Counter(word for a in self.articles for word in a.words)
        self.log_n = math.log(count + 1) + 1.0
        self._name_vectors = [self._name_vector(a) for a in self.articles]
        self._word_vectors = [self._tfidf(a.words) for a in self.articles]
        self._title_vectors = [self._tfidf(a.title_words) for a in self.articles]
        self._near_copies: set[tuple[int, int]] | None = None

    def name_idf(self, key: str) -> float:
        return math.log((len(self.articles) + 1) / (self.name_df[key] + 1)) + 1.0

    def word_idf(self, word: str) -> float:
        return math.log((len(self.articles) + 1) / (self.word_df[word] + 1)) + 1.0

    def _name_vector(self, article: StoryArticle) -> dict[str, dict[str, float]]:
        groups: dict[str, dict[str, float]] = defaultdict(dict)
        for key, weight in article.names.items():
            group = key.split(":", 1)[0]
            groups[group][key] = weight * self.name_idf(key)
        return groups

    def _tfidf(self, counts: Counter[str]) -> dict[str, float]:
        total = len(self.articles) + 1
        return {w: (1 + math.log(c)) * (math.log(total / (self.word_df[w] + 1)) + 1) for w, c in counts.items()}

    def candidate_pairs(self) -> set[tuple[int, int]]:
        """Pairs sharing a rare name or a rare word, and near-copies; never all pairs."""
        cap, word_cap = BLOCK_CAP, WORD_BLOCK_CAP
        postings: dict[str, list[int]] = defaultdict(list)
        for article in self.articles:
            for key in article.names:
                if self.name_df[key] <= cap:
                    postings[key].append(article.index)
            for word in article.words:
                if self.word_df[word] <= word_cap:
                    postings[f"word:{word}"].append(article.index)
        pairs: set[tuple[int, int]] = set()
        for members in postings.values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    pairs.add((a, b) if a < b else (b, a))
        pairs |= self.near_copies()
        return pairs

    def near_copies(self) -> set[tuple[int, int]]:
        if self._near_copies is None:
            self._near_copies = self._find_near_copies()
        return self._near_copies

    def _find_near_copies(self) -> set[tuple[int, int]]:
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=COPY_THRESHOLD, num_perm=MINHASH_PERMUTATIONS)
        sketches = []
        for article in self.articles:
            sketch = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=1)
            sketch.update_batch([s.encode("utf-8") for s in article.shingles])
            sketches.append(sketch)
            lsh.insert(str(article.index), sketch)
        pairs: set[tuple[int, int]] = set()
        for article, sketch in zip(self.articles, sketches, strict=True):
            for other in lsh.query(sketch):
                b = int(other)
                if b != article.index:
                    pairs.add((min(article.index, b), max(article.index, b)))
        return pairs

    def features(self, a: int, b: int) -> list[float]:
        first, second = self.articles[a], self.articles[b]
        names_a, names_b = self._name_vectors[a], self._name_vectors[b]
        shared_surnames = set(names_a.get("surname", {})) & set(names_b.get("surname", {}))
        rarest = max((self.name_idf(key) for key in shared_surnames), default=0.0)
        union = len(first.shingles | second.shingles)
        if first.date and second.date:
            days = abs((first.date - second.date).days)
            days_apart, same_week, no_date = math.log1p(days) / math.log(366), float(days <= 7), 0.0
        else:
            days_apart, same_week, no_date = 0.0, 0.0, 1.0
        shared_words = first.words.keys() & second.words.keys()
        rarest_word = max((self.word_idf(word) for word in shared_words), default=0.0)
        return [
            _cosine(names_a.get("person", {}), names_b.get("person", {})),
            rarest / self.log_n,
            _cosine(names_a.get("place", {}), names_b.get("place", {})),
            _cosine(names_a.get("organisation", {}), names_b.get("organisation", {})),
            _cosine(names_a.get("other", {}), names_b.get("other", {})),
            _cosine(self._word_vectors[a], self._word_vectors[b]),
            _cosine(self._title_vectors[a], self._title_vectors[b]),
            len(first.shingles & second.shingles) / union if union else 0.0,
            rarest_word / self.log_n,
            days_apart,
            same_week,
            no_date,
        ]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(key, 0.0) for key, value in a.items())
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def average_link(count: int, scores: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Cluster ids (0..k-1, by first member) from pair probabilities, average linkage.

    Pairs are taken in decreasing probability; two groups merge when the mean
    probability over every pair between them (0 where no candidate pair was scored)
    reaches ``threshold``. Groups are small, so each check costs little.
    """
    parent = list(range(count))
    members: dict[int, list[int]] = {i: [i] for i in range(count)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), probability in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if probability < threshold:
            break
        root_a, root_b = find(a), find(b)
        if root_a == root_b:
            continue
        group_a, group_b = members[root_a], members[root_b]
        total = sum(scores.get((min(x, y), max(x, y)), 0.0) for x in group_a for y in group_b)
        if total / (len(group_a) * len(group_b)) >= threshold:
            if len(group_a) < len(group_b):
                root_a, root_b = root_b, root_a
            parent[root_b] = root_a
            members[root_a] = members[root_a] + members.pop(root_b)
    labels: dict[int, int] = {}
    return [labels.setdefault(find(i), len(labels)) for i in range(count)]


def score_pairs(corpus: Corpus, model: PairModel, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], float]:
    return {pair: model.probability(corpus.features(*pair)) for pair in pairs}


def group(
    digests: Sequence[Digest], model: PairModel | None = None
) -> tuple[list[int], Corpus, dict[tuple[int, int], float]]:
    """Story id per digest (error records are left out by the caller), the corpus, pair scores."""
    model = model or shipped_pair_model()
    corpus = Corpus([article_from_digest(d, i) for i, d in enumerate(digests)])
    scores = score_pairs(corpus, model, corpus.candidate_pairs())
    return average_link(len(digests), scores, model.threshold), corpus, scores
