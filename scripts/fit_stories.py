"""Refit the story grouping's pair model from articles with gold story ids.

    python scripts/fit_stories.py                       # digests the dev set, cross-validated report
    python scripts/fit_stories.py --digests D.jsonl     # reuse `summarize --jsonl --json` output
    python scripts/fit_stories.py --write               # ... and write src/newsdigest/data/story_pairs.json

The articles of ``../shared/eval/story_clusters_dev.jsonl`` are digested exactly as
``newsdigest corpus`` digests them; candidate pairs and their features come from
``newsdigest.corpus.stories``. A logistic model (L2, Newton's method in numpy) is fitted on the
candidate pairs, labelled by the gold story ids, and the average-link threshold is chosen
for the best B-cubed F1.

The figure that counts is cross-validated with folds by story: for each fold, weights and
threshold are fitted on the other folds' stories only (the threshold by their B-cubed
F1), the whole corpus is grouped with them, and the fold's articles are scored against
their gold stories with their predicted groups as found in the whole corpus (so a merge
with another fold's article counts against them). The data are read at fit time only.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_ranker import fit_logistic  # a sibling script: the same numpy logistic fit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "story_clusters_dev.jsonl"
WEIGHTS_PATH = ROOT / "src" / "newsdigest" / "data" / "story_pairs.json"
THRESHOLDS = [round(0.05 * step, 2) for step in range(2, 19)]


def load(data: Path, digests_path: Path | None, jobs: int) -> tuple[list[Any], list[str]]:
    """Digests of the dataset's articles, in file order, and their gold story ids."""
    from newsdigest.batch import CallbackSink, Input, read_record, run_batch

    rows = [json.loads(line) for line in data.open(encoding="utf-8") if line.strip()]
    if digests_path is not None:
        by_source = {}
        for line in digests_path.open(encoding="utf-8"):
            record = read_record(line)
            if record is not None:
                by_source[record.source] = record
    else:
        by_source = {}
        inputs = (
            Input(
                source=str(row["id"]),
                text=str(row["text"]),
                metadata={k: str(row[k]) for k in ("title", "date", "url") if row.get(k)},
            )
            for row in rows
        )
        run_batch(inputs, sink=CallbackSink(lambda item, digest: by_source.__setitem__(item.source, digest)), jobs=jobs)
    kept = [(by_source[str(row["id"])], str(row["cluster"])) for row in rows if by_source.get(str(row["id"]))]
    good = [(digest, gold) for digest, gold in kept if digest.error is None]
    return [digest for digest, _ in good], [gold for _, gold in good]


def main(argv: Sequence[str] | None = None) -> int:
    from newsdigest.corpus.stories import PAIR_FEATURES, Corpus, PairModel, article_from_digest, average_link
    from newsdigest.evaluate import PRF, bcubed, pairwise_counts

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--digests", type=Path, help="`summarize --jsonl --json` output for the data (saves digesting)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--write", action="store_true", help=f"write the model fitted on everything to {WEIGHTS_PATH}")
    parser.add_argument(
        "--without",
        nargs="+",
        default=[],
        metavar="FEATURE",
        help="ablation: fit and score with these pair features held at 0 (e.g. person surname place days_apart)",
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found; the refit needs ../shared/eval (skipped)", file=sys.stderr)
        return 0

    digests, gold = load(args.data, args.digests, args.jobs)
    corpus = Corpus([article_from_digest(d, i) for i, d in enumerate(digests)])
    pairs = sorted(corpus.candidate_pairs())
    features = np.asarray([corpus.features(a, b) for a, b in pairs], dtype=float)
    unknown = set(args.without) - set(PAIR_FEATURES)
    if unknown:
        parser.error(f"unknown feature {', '.join(sorted(unknown))}; choose from {', '.join(PAIR_FEATURES)}")
    for name in args.without:
        features[:, PAIR_FEATURES.index(name)] = 0.0
    if args.without and args.write:
        parser.error("--without is for ablations; it cannot --write")
    labels = np.asarray([float(gold[a] == gold[b]) for a, b in pairs])
    gold_pairs = sum(n * (n - 1) // 2 for n in _sizes(gold))
    print(
        f"{len(digests)} articles, {len(set(gold))} stories; {len(pairs):,} candidate pairs "
        f"({100 * len(pairs) / (len(digests) * (len(digests) - 1) / 2):.2f}% of all pairs) holding "
        f"{int(labels.sum()):,} of {gold_pairs:,} same-story pairs ({100 * labels.sum() / gold_pairs:.1f}% recall)",
        file=sys.stderr,
    )

    def fitted(train_articles: set[int]) -> tuple[PairModel, float]:
        mask = np.asarray([a in train_articles and b in train_articles for a, b in pairs])
        mean, scale, beta, bias = fit_logistic(features[mask], labels[mask], args.l2)
        probabilities = _probabilities(features, mean, scale, beta, bias)
        train = sorted(train_articles)
        best = max(
            THRESHOLDS,
            key=lambda t: (
                bcubed(average_link(len(digests), dict(zip(pairs, probabilities, strict=True)), t), gold, train).f1
            ),
        )
        return PairModel(PAIR_FEATURES, tuple(mean), tuple(scale), tuple(beta), bias, best), best

    stories = sorted(set(gold))
    random.Random(0).shuffle(stories)
    fold_of_story = {story: position % args.folds for position, story in enumerate(stories)}
    totals = {"precision": 0.0, "recall": 0.0}
    counts = [0, 0, 0]
    report_folds = []
    for fold in range(args.folds):
        test = [i for i, g in enumerate(gold) if fold_of_story[g] == fold]
        train = {i for i, g in enumerate(gold) if fold_of_story[g] != fold}
        model, threshold = fitted(train)
        probabilities = _probabilities(features, model.mean, model.scale, model.weights, model.bias)
        predicted = average_link(len(digests), dict(zip(pairs, probabilities, strict=True)), threshold)
        scored = bcubed(predicted, gold, test)
        precision, recall, score = scored.precision, scored.recall, scored.f1
        totals["precision"] += precision * len(test)
        totals["recall"] += recall * len(test)
        tp, predicted_count, gold_count = pairwise_counts(predicted, gold, test)
        counts = [counts[0] + tp, counts[1] + predicted_count, counts[2] + gold_count]
        report_folds.append({"threshold": threshold, "bcubed_f1": round(100 * score, 2)})
        print(f"fold {fold + 1}: threshold {threshold}, B-cubed F1 {100 * score:.1f}", file=sys.stderr)
    precision, recall = totals["precision"] / len(gold), totals["recall"] / len(gold)
    cv: dict[str, Any] = {
        "bcubed": [
            round(100 * precision, 2),
            round(100 * recall, 2),
            round(100 * 2 * precision * recall / (precision + recall), 2),
        ],
        "pairwise_f1": round(100 * PRF.from_counts(*counts).f1, 2),
        "folds": report_folds,
    }
    print(
        f"\ncross-validated ({args.folds} folds by story): B-cubed P/R/F1 {cv['bcubed'][0]:.1f} / {cv['bcubed'][1]:.1f} / "
        f"{cv['bcubed'][2]:.1f}, pairwise F1 {cv['pairwise_f1']:.1f}"
    )

    model, threshold = fitted(set(range(len(digests))))
    print(f"\nfitted on everything: threshold {threshold}; weights per standard deviation:")
    for name, weight in sorted(zip(PAIR_FEATURES, model.weights, strict=True), key=lambda item: -abs(item[1])):
        print(f"  {name:14} {weight:+.3f}")
    if args.write:
        payload = {
            "about": "Logistic pair model of newsdigest's story grouping; refit with scripts/fit_stories.py --write.",
            **model.to_dict(),
            "fitted_on": f"{args.data.name}, {len(digests)} articles, {len(pairs)} candidate pairs, L2 {args.l2}",
            "cross_validated": cv,
        }
        WEIGHTS_PATH.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_PATH}", file=sys.stderr)
    return 0


def _sizes(gold: Sequence[str]) -> list[int]:
    counts: dict[str, int] = defaultdict(int)
    for g in gold:
        counts[g] += 1
    return list(counts.values())


def _probabilities(features: np.ndarray, mean: Any, scale: Any, beta: Any, bias: float) -> list[float]:
    z = ((features - np.asarray(mean)) / np.asarray(scale)) @ np.asarray(beta) + bias
    return [float(p) for p in 1.0 / (1.0 + np.exp(-z))]


if __name__ == "__main__":
    raise SystemExit(main())
