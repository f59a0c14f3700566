"""``eval stories``: B-cubed and pairwise F1 of the story grouping, beside TF-IDF and MinHash baselines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from newsdigest.evaluate.common import Progress, SystemScores
from newsdigest.evaluate.metrics import bcubed, pairwise

#: Baselines of ``eval stories`` are quadratic in memory; above this many articles they are skipped.
MAX_BASELINE_ARTICLES = 20_000


#: Thresholds tried for the TF-IDF baseline; it is reported at its best one (its most favourable figure).
BASELINE_THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(2, 19))


#: Articles further apart than this are kept apart in the dated variant of the baseline.
BASELINE_MAX_DAYS = 31


def _digest_rows(rows: list[dict[str, Any]], model: str | None, jobs: int, clean: bool) -> list[Any]:
    """Each row digested by the batch engine, exactly as ``newsdigest corpus`` does."""
    from newsdigest.batch import CallbackSink, Input, run_batch
    from newsdigest.options import Options

    found: dict[int, Any] = {}
    inputs = (
        Input(
            source=str(number),
            text=str(row["text"]),
            metadata={k: str(row[k]) for k in ("title", "date", "url") if isinstance(row.get(k), str) and row[k]}
            or None,
        )
        for number, row in enumerate(rows)
    )
    sink = CallbackSink(lambda item, digest: found.__setitem__(int(item.source), digest))
    run_batch(inputs, Options(model=model, clean=clean), sink, jobs=jobs)
    return [found[number] for number in range(len(rows))]


def evaluate_stories(
    rows: list[dict[str, Any]],
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    clean: bool = True,
) -> tuple[list[SystemScores], dict[str, Any]]:
    from newsdigest.corpus.stories import group

    digests = _digest_rows(rows, model, jobs, clean)
    if progress:
        progress(len(rows))
    gold = [str(row["cluster"]) for row in rows]
    good = [i for i, digest in enumerate(digests) if digest.error is None]
    labels, _, _ = group([digests[i] for i in good])
    predicted: list[Any] = [f"error-{i}" for i in range(len(rows))]  # failed inputs stand alone
    for index, label in zip(good, labels, strict=True):
        predicted[index] = label
    systems = [
        SystemScores("newsdigest", True, {"B-cubed": bcubed(predicted, gold), "pairwise": pairwise(predicted, gold)})
    ]
    settings: dict[str, Any] = {"clean": clean}
    if len(rows) <= MAX_BASELINE_ARTICLES:
        texts = [str(row["text"]) for row in rows]
        dates = [str(row.get("date") or "") for row in rows]
        for name, max_days in (
            ("tf-idf avg-link", None),
            (f"tf-idf avg-link ≤{BASELINE_MAX_DAYS}d", BASELINE_MAX_DAYS),
        ):
            best, threshold = _tfidf_baseline(texts, dates, gold, max_days)
            systems.append(SystemScores(name, False, {"B-cubed": bcubed(best, gold), "pairwise": pairwise(best, gold)}))
            settings[f"threshold ({name})"] = threshold
        copies = _minhash_baseline(texts)
        systems.append(
            SystemScores("minhash copies", False, {"B-cubed": bcubed(copies, gold), "pairwise": pairwise(copies, gold)})
        )
    return systems, settings


def _tfidf_baseline(
    texts: Sequence[str], dates: Sequence[str], gold: Sequence[str], max_days: int | None
) -> tuple[list[int], float]:
    """TF-IDF cosine, average-link clustering (scipy), at the threshold best for B-cubed F1."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import csr_matrix
    from scipy.spatial.distance import squareform

    from newsdigest.corpus.stories import parse_date, words_of

    vocabulary: dict[str, int] = {}
    data, indices, pointers = [], [], [0]
    documents = [Counter(words_of(text)) for text in texts]
    frequency = Counter(word for counts in documents for word in counts)
    for counts in documents:
        for word, count in counts.items():
            column = vocabulary.setdefault(word, len(vocabulary))
            indices.append(column)
            data.append((1 + np.log(count)) * (np.log((len(texts) + 1) / (frequency[word] + 1)) + 1))
        pointers.append(len(indices))
    matrix = csr_matrix((data, indices, pointers), shape=(len(texts), len(vocabulary)), dtype=np.float64)
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    unit = csr_matrix(matrix.multiply(1 / norms[:, None]))
    similarity = (unit @ unit.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 1.0)
    if max_days is not None:
        parsed = [parse_date(value) for value in dates]
        ordinals = np.array([d.toordinal() if d else -(10**9) for d in parsed], dtype=np.int64)
        known = np.array([d is not None for d in parsed])
        apart = np.abs(ordinals[:, None] - ordinals[None, :]) > max_days
        distance[apart & known[:, None] & known[None, :]] = 1.0
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    best: tuple[float, list[int], float] = (-1.0, [], 0.0)
    for threshold in BASELINE_THRESHOLDS:
        labels = [int(v) for v in fcluster(tree, t=1.0 - threshold, criterion="distance")]
        score = bcubed(labels, gold).f1
        if score > best[0]:
            best = (score, labels, threshold)
    return best[1], best[2]


def _minhash_baseline(texts: Sequence[str], threshold: float = 0.5) -> list[int]:
    """Near-duplicate groups: MinHash LSH over 5-word shingles of the text, connected components."""
    from datasketch import MinHash, MinHashLSH

    from newsdigest.corpus.stories import words_of

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sketches = []
    for index, text in enumerate(texts):
        words = words_of(text)
        sketch = MinHash(num_perm=128, seed=1)
        sketch.update_batch([" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))])
        sketches.append(sketch)
        lsh.insert(str(index), sketch)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, sketch in enumerate(sketches):
        for other in lsh.query(sketch):
            parent[find(int(other))] = find(index)
    return [find(i) for i in range(len(texts))]
