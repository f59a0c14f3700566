"""Refit the ``news`` ranker's weights from articles with reference highlights.

    python scripts/fit_ranker.py            # cross-validated report only
    python scripts/fit_ranker.py --write    # ... and write src/newsdigest/data/news_ranker.json

Each article goes through exactly the pipeline ``newsdigest summarize`` runs (cleaning,
spaCy, entities, body sentences); every body sentence becomes a row of
``newsdigest.pipeline.ranker.FEATURES``. Labels come from a greedy extractive oracle: the
sentences that together best match the highlights (ROUGE-1 + ROUGE-2 F1 on stemmed
tokens, at most three, stopping when no sentence adds). A logistic regression with an L2
penalty (Newton's method in numpy; no new dependency) is fitted on the eligible
sentences.

The figure that counts is the cross-validated one: articles are split into folds, each
fold is summarised by weights fitted on the others, through the same selection step
(redundancy, dangling openers) the package uses, and scored with ``rouge-score`` against
Lead-3 and the previous hand-set formula, per source, with paired bootstrap intervals.
The data are read at fit time only; nothing of them is written but the weights.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "cnndm_val1000.jsonl"
WEIGHTS_PATH = ROOT / "src" / "newsdigest" / "data" / "news_ranker.json"
SUMMARY_SENTENCES = 3


@dataclass
class Article:
    id: str
    source: str
    features: list[list[float]]
    eligible: list[bool]
    dangling: list[bool]
    word_counts: list[int]
    vectors: list[dict[str, float]]
    sentences: list[str]
    tokens: list[list[str]]
    reference: list[str]
    reference_tokens: list[str]


def extract(rows: list[dict[str, Any]]) -> list[Article]:
    """The ranker's view of each article, computed by the package itself."""
    from rouge_score.tokenizers import DefaultTokenizer

    from newsdigest.options import Options
    from newsdigest.pipeline.digest import prepare
    from newsdigest.pipeline.entities import extract_entities, mention_weights
    from newsdigest.pipeline.nlp import load_model, parse_many
    from newsdigest.pipeline.ranker import dangling_flags, is_standalone, sentence_features
    from newsdigest.pipeline.summarize import body_sentences
    from newsdigest.records import SourceText

    tokenizer = DefaultTokenizer(use_stemmer=True)
    options = Options()
    prepared = [prepare(SourceText(str(row["id"]), str(row["text"]), "utf-8"), options) for row in rows]
    docs = parse_many(load_model(None), prepared)
    articles = []
    for row, cleaned, doc in zip(rows, prepared, docs, strict=True):
        sentences = body_sentences(doc, cleaned.body_start, cleaned.layout.code_ranges)
        title = doc.char_span(0, cleaned.title_end, alignment_mode="contract") if cleaned.title_end else None
        entity_spans = mention_weights(extract_entities(doc, cleaned.title_end, layout=cleaned.layout))
        features, vectors = sentence_features(sentences, title, entity_spans)
        reference = [line for line in str(row["reference_summary"]).split("\n") if line.strip()]
        articles.append(
            Article(
                id=str(row["id"]),
                source=str(row.get("source", "")),
                features=features,
                eligible=[is_standalone(s) for s in sentences],
                dangling=dangling_flags(sentences),
                word_counts=[sum(1 for t in s if not (t.is_punct or t.is_space)) for s in sentences],
                vectors=vectors,
                sentences=[s.text for s in sentences],
                tokens=[tokenizer.tokenize(s.text) for s in sentences],
                reference=reference,
                reference_tokens=tokenizer.tokenize(" ".join(reference)),
            )
        )
    return articles


def load_articles(data: Path, jobs: int, limit: int | None, cache: Path | None) -> list[Article]:
    if cache and cache.exists():
        with cache.open("rb") as handle:
            articles: list[Article] = pickle.load(handle)
        return articles[:limit] if limit else articles
    rows = [json.loads(line) for line in data.open(encoding="utf-8") if line.strip()]
    rows = rows[:limit] if limit else rows
    chunks = [rows[i : i + 25] for i in range(0, len(rows), 25)]
    articles = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in pool.map(extract, chunks):
            articles.extend(chunk)
            print(f"\rparsed {len(articles)}/{len(rows)} articles", end="", file=sys.stderr)
    print(file=sys.stderr)
    if cache:
        with cache.open("wb") as handle:
            pickle.dump(articles, handle)
    return articles


# --- oracle labels -----------------------------------------------------------------------


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(candidate: Counter[Any], reference: Counter[Any]) -> float:
    overlap = sum((candidate & reference).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(candidate.values()), overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def oracle(article: Article, size: int = SUMMARY_SENTENCES) -> set[int]:
    """Greedy: add the sentence that most raises ROUGE-1 + ROUGE-2 F1, while one does."""
    reference = [_ngrams(article.reference_tokens, n) for n in (1, 2)]
    sentence_grams = [[_ngrams(tokens, n) for n in (1, 2)] for tokens in article.tokens]
    chosen: set[int] = set()
    summary: list[Counter[tuple[str, ...]]] = [Counter(), Counter()]
    best = 0.0
    while len(chosen) < size:
        best_index, best_score = -1, best
        for index, grams in enumerate(sentence_grams):
            if index in chosen:
                continue
            score = sum(_f1(summary[n] + grams[n], reference[n]) for n in (0, 1))
            if score > best_score:
                best_index, best_score = index, score
        if best_index < 0:
            break
        chosen.add(best_index)
        summary = [summary[n] + sentence_grams[best_index][n] for n in (0, 1)]
        best = best_score
    return chosen


# --- the model ---------------------------------------------------------------------------


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float, sample_weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Standardise, then Newton's method on the L2-penalised log-likelihood (bias not penalised)."""
    w = np.ones(len(y)) if sample_weight is None else sample_weight
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        gradient = z.T @ (w * (p - y)) + penalty * beta
        hessian = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return mean, scale, beta[:-1], float(beta[-1])


def training_rows(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for article in articles:
        labels = oracle(article)
        for index, (row, eligible) in enumerate(zip(article.features, article.eligible, strict=True)):
            if eligible:
                xs.append(row)
                ys.append(float(index in labels))
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)


def summarise(article: Article, scores: Sequence[float], dangling_rule: bool = True) -> list[int]:
    """The package's selection step: best first, no near-repeats, no dangling openers."""
    from newsdigest.pipeline.ranker import select

    flags = article.dangling if dangling_rule else None
    return select(scores, article.vectors, SUMMARY_SENTENCES, article.word_counts, None, flags)


def model_scores(article: Article, weights: Any) -> list[float]:
    return [
        weights.probability(row) if eligible else 0.0
        for row, eligible in zip(article.features, article.eligible, strict=True)
    ]


def hand_set_scores(article: Article) -> list[float]:
    """The formula the ranker shipped before it was fitted: position × (1 + centrality + title + entities)."""
    from newsdigest.pipeline.ranker import FEATURES

    at = {name: i for i, name in enumerate(FEATURES)}
    return [
        row[at["position"]] * (1 + row[at["centrality"]] + row[at["title"]] + row[at["entities"]]) if eligible else 0.0
        for row, eligible in zip(article.features, article.eligible, strict=True)
    ]


def dangling_rate(article: Article, chosen: Sequence[int]) -> tuple[int, int]:
    chosen_set = set(chosen)
    return sum(1 for i in chosen if article.dangling[i] and i - 1 not in chosen_set), len(chosen)


def main(argv: Sequence[str] | None = None) -> int:
    from newsdigest.evaluate import ROUGE_TYPES, bootstrap_interval, rouge
    from newsdigest.pipeline.ranker import FEATURES, RankerWeights

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--cache", type=Path, help="pickle of the parsed articles, reused when present")
    parser.add_argument(
        "--write", action="store_true", help=f"write the weights fitted on all articles to {WEIGHTS_PATH}"
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found; the refit needs ../shared/eval (skipped)", file=sys.stderr)
        return 0

    articles = load_articles(args.data, args.jobs, args.limit, args.cache)
    order = list(range(len(articles)))
    random.Random(0).shuffle(order)
    fold_of = {index: position % args.folds for position, index in enumerate(order)}

    systems = (
        "news (fitted, cross-validated)",
        "news (fitted, without the dangling rule)",
        "news (hand-set formula)",
        "lead-3",
    )
    per_doc: dict[str, list[dict[str, Any]]] = {name: [] for name in systems}
    dangling = {name: [0, 0] for name in systems}
    for fold in range(args.folds):
        train = [a for i, a in enumerate(articles) if fold_of[i] != fold]
        test = [(i, a) for i, a in enumerate(articles) if fold_of[i] == fold]
        mean, scale, beta, bias = fit_logistic(*training_rows(train), args.l2)
        weights = RankerWeights(FEATURES, tuple(mean), tuple(scale), tuple(beta), bias)
        for _, article in test:
            fitted = model_scores(article, weights)
            choices = {
                systems[0]: summarise(article, fitted),
                systems[1]: summarise(article, fitted, dangling_rule=False),
                systems[2]: summarise(article, hand_set_scores(article)),
                systems[3]: list(range(min(SUMMARY_SENTENCES, len(article.sentences)))),
            }
            for name, chosen in choices.items():
                scores = rouge([article.sentences[i] for i in chosen], article.reference)
                per_doc[name].append({"source": article.source, **{m: scores[m].f1 for m in ROUGE_TYPES}})
                bad, total = dangling_rate(article, chosen)
                dangling[name][0] += bad
                dangling[name][1] += total
        print(f"fold {fold + 1}/{args.folds} done", file=sys.stderr)

    sources = sorted({a.source for a in articles})
    report: dict[str, Any] = {"data": args.data.name, "articles": len(articles), "folds": args.folds, "l2": args.l2}
    for source in [None, *sources]:
        label = source or "all"
        picked = [i for i, row in enumerate(per_doc[systems[0]]) if source is None or row["source"] == source]
        section: dict[str, Any] = {"articles": len(picked)}
        print(
            f"\n{label} ({len(picked)} articles): ROUGE F1 x100, difference against lead-3 with 95% bootstrap interval"
        )
        for name in systems:
            line = []
            section[name] = {}
            for metric in ROUGE_TYPES:
                values = [per_doc[name][i][metric] for i in picked]
                lead = [per_doc["lead-3"][i][metric] for i in picked]
                mean_diff, low, high = bootstrap_interval([a - b for a, b in zip(values, lead, strict=True)])
                section[name][metric] = {
                    "f1": round(100 * float(np.mean(values)), 2),
                    "vs_lead": [round(100 * mean_diff, 2), round(100 * low, 2), round(100 * high, 2)],
                }
                line.append(
                    f"{metric} {100 * np.mean(values):5.2f} ({100 * mean_diff:+.2f} [{100 * low:+.2f}, {100 * high:+.2f}])"
                )
            print(f"  {name:42} " + "  ".join(line))
        report[label] = section
    for name in systems:
        bad, total = dangling[name]
        print(f"dangling openers, {name}: {bad}/{total} = {100 * bad / max(1, total):.1f}%")
    report["dangling_openers"] = {name: round(100 * bad / max(1, total), 2) for name, (bad, total) in dangling.items()}

    if len(sources) > 1:
        print("\nleave one source out: fitted on the other sources, ROUGE F1 minus lead-3's [95% interval]")
        report["leave_one_source_out"] = {}
        for source in sources:
            mean, scale, beta, bias = fit_logistic(*training_rows([a for a in articles if a.source != source]), args.l2)
            held_out = RankerWeights(FEATURES, tuple(mean), tuple(scale), tuple(beta), bias)
            differences: dict[str, list[float]] = {metric: [] for metric in ROUGE_TYPES}
            for article in (a for a in articles if a.source == source):
                ours_scores = rouge(
                    [article.sentences[i] for i in summarise(article, model_scores(article, held_out))],
                    article.reference,
                )
                lead_scores = rouge(article.sentences[:SUMMARY_SENTENCES], article.reference)
                for metric in ROUGE_TYPES:
                    differences[metric].append(ours_scores[metric].f1 - lead_scores[metric].f1)
            gaps = {
                metric: [round(100 * v, 2) for v in bootstrap_interval(values)]
                for metric, values in differences.items()
            }
            report["leave_one_source_out"][source] = gaps
            print(f"  {source}: " + "  ".join(f"{m} {g[0]:+.2f} [{g[1]:+.2f}, {g[2]:+.2f}]" for m, g in gaps.items()))

    mean, scale, beta, bias = fit_logistic(*training_rows(articles), args.l2)
    weights = RankerWeights(FEATURES, tuple(mean), tuple(scale), tuple(beta), bias)
    print("\nweights fitted on all articles (per standard deviation of each feature):")
    for name, weight in sorted(zip(FEATURES, beta, strict=True), key=lambda item: -abs(item[1])):
        print(f"  {name:18} {weight:+.3f}")
    if args.write:
        payload = {
            "about": "Logistic weights of newsdigest's news ranker; refit with scripts/fit_ranker.py --write.",
            **weights.to_dict(),
            "fitted_on": f"{args.data.name}, {len(articles)} articles, greedy ROUGE oracle labels, L2 {args.l2}",
            "cross_validated": report,
        }
        WEIGHTS_PATH.parent.mkdir(parents=True, exist_ok=True)
        WEIGHTS_PATH.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
