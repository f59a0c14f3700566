"""Refit the ``phrases`` tag style's ranker, cross-validated.

    python scripts/fit_tags.py                 # cross-validated report
    python scripts/fit_tags.py --write         # ... and write src/newsdigest/data/phrase_ranker.json

Development sets (read from ``../shared/eval`` at fit time only): DUC-2001 (annotators'
descriptive noun phrases: "oil spill", "hurricane gilbert"), which the style is fitted on,
and 500N-KPCrowd (the crowd's names and single words), reported beside it. Each document
goes through the pipeline ``newsdigest tags --tag-style phrases`` runs; every candidate
(``tags.tag_candidates``) becomes a row of ``tags.TAG_FEATURES``, labelled 1 when it
matches a gold keyphrase the way ``newsdigest eval tags`` scores (lower case, hyphens to
spaces, Porter stems). One logistic model (L2, Newton's method, the summary ranker's fit).

Why a style of its own: fitted on both sets at once, one ranking cannot serve both at ten
tags; a list of descriptive phrases scores on DUC and loses on 500N, and the reverse
(``--both`` shows that trade-off, cross-validated). The default ``topics`` style keeps the
names-and-topic-words ranking that serves 500N and publishers' tags.

Figures are cross-validated: 5 folds by document; each fold's documents are tagged by a
model fitted on the other folds, through the package's own selection step
(``tags.select_phrases``: one tag per idea), and scored at F1@5 and F1@10. The 500N
figure is for a model that never saw 500N.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_ranker import fit_logistic  # a sibling script: the same numpy logistic fit

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
DATASETS = {"duc2001": "duc2001_dev.jsonl", "kpcrowd500n": "kpcrowd500n_dev.jsonl"}
WEIGHTS_PATH = ROOT / "src" / "newsdigest" / "data" / "phrase_ranker.json"
FOLDS = 5
L2 = 1.0
BOTH_STYLES_WEIGHTS = (1.0, 2.0, 4.0)  # DUC against 500N, for --both


def extract(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per document: its candidates, their match with gold, and the gold list."""
    from newsdigest.evaluate import normalise_keyphrase
    from newsdigest.options import Options
    from newsdigest.pipeline.digest import prepared_docs
    from newsdigest.pipeline.entities import extract_entities
    from newsdigest.pipeline.tags import tag_candidates, tokens_in
    from newsdigest.records import SourceText

    texts = [SourceText(str(row.get("id", i)), str(row["text"]), "utf-8") for i, row in enumerate(rows)]
    documents = []
    for row, (cleaned, doc) in zip(rows, prepared_docs(texts, Options()), strict=True):
        entities = extract_entities(doc, title_end=cleaned.title_end, layout=cleaned.layout)
        gold = {normalise_keyphrase(k) for k in row["keyphrases"]} - {""}
        candidates = tag_candidates(doc, entities, tokens_in(doc, cleaned.layout.code_ranges))
        documents.append(
            {
                "candidates": candidates,
                "labels": [float(normalise_keyphrase(c.form) in gold) for c in candidates],
                "gold": list(row["keyphrases"]),
            }
        )
    return documents


def load(name: str, jobs: int) -> list[dict[str, Any]]:
    path = EVAL / DATASETS[name]
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    chunks = [rows[i : i + 20] for i in range(0, len(rows), 20)]
    documents: list[dict[str, Any]] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in pool.map(extract, chunks):
            documents.extend(chunk)
    return documents


def training_rows(
    sets: dict[str, list[dict[str, Any]]], keep: dict[str, list[bool]], duc_weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every candidate of the kept documents; each set's documents weigh equally, a document
    weighs the same however many candidates it has, and DUC counts ``duc_weight`` times."""
    xs, ys, ws = [], [], []
    for name, documents in sets.items():
        kept = [d for d, k in zip(documents, keep[name], strict=True) if k and d["candidates"]]
        set_weight = duc_weight if name == "duc2001" else 1.0
        for document in kept:
            share = set_weight / len(kept) / len(document["candidates"])
            for candidate, label in zip(document["candidates"], document["labels"], strict=True):
                xs.append(candidate.features)
                ys.append(label)
                ws.append(share)
    weights = np.asarray(ws)
    return np.asarray(xs, dtype=float), np.asarray(ys), weights / weights.mean()


def model_from(fit: tuple[np.ndarray, np.ndarray, np.ndarray, float]) -> Any:
    from newsdigest.pipeline.tags import TAG_FEATURES, TagModel

    mean, scale, weights, bias = fit
    return TagModel(TAG_FEATURES, tuple(mean), tuple(scale), tuple(weights), bias)


def tags_of(model: Any, document: dict[str, Any], limit: int) -> list[str]:
    from newsdigest.pipeline.tags import select_phrases

    candidates = document["candidates"]
    scores = [model.probability(c.features) for c in candidates]
    return [c.form for _, c in select_phrases(scores, candidates, limit)]


def cross_validate(
    sets: dict[str, list[dict[str, Any]]], duc_weight: float, train_on: tuple[str, ...] = ("duc2001",)
) -> dict[str, dict[int, float]]:
    from newsdigest.evaluate import keyphrase_prf

    rng = random.Random(0)
    fold_of = {}
    for name, documents in sets.items():
        folds = [i % FOLDS for i in range(len(documents))]
        rng.shuffle(folds)
        fold_of[name] = folds
    scores: dict[str, dict[int, list[float]]] = {name: {5: [], 10: []} for name in sets}
    for fold in range(FOLDS):
        keep = {name: [f != fold and name in train_on for f in folds] for name, folds in fold_of.items()}
        x, y, w = training_rows(sets, keep, duc_weight)
        model = model_from(fit_logistic(x, y, L2, w))
        for name, documents in sets.items():
            for document, f in zip(documents, fold_of[name], strict=True):
                if f != fold:
                    continue
                tags = tags_of(model, document, 10)
                for k in (5, 10):
                    scores[name][k].append(keyphrase_prf(tags, document["gold"], k).f1)
    return {name: {k: 100 * float(np.mean(v)) for k, v in by_k.items()} for name, by_k in scores.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the weights fitted on all documents")
    parser.add_argument("--both", action="store_true", help="also fit on both sets at once, at several weights")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not all((EVAL / f).exists() for f in DATASETS.values()):
        sys.exit(f"skipped: keyphrase sets not found under {EVAL}")
    sets = {name: load(name, args.jobs) for name in DATASETS}
    print(f"documents: {', '.join(f'{n} {len(d)}' for n, d in sets.items())}", file=sys.stderr)

    report: dict[str, Any] = {"folds": FOLDS, "l2": L2}
    result = cross_validate(sets, 1.0)
    report["cross_validated"] = {n: {f"@{k}": round(v, 2) for k, v in r.items()} for n, r in result.items()}
    print("| fitted on | DUC F1@5 | DUC F1@10 | 500N F1@5 | 500N F1@10 |")
    print("|---|---:|---:|---:|---:|")
    rows = [("DUC (the phrases style)", result)]
    if args.both:
        rows += [(f"both, DUC weight {w:g}", cross_validate(sets, w, tuple(DATASETS))) for w in BOTH_STYLES_WEIGHTS]
        rows.append(("500N only", cross_validate(sets, 1.0, ("kpcrowd500n",))))
    for label, figures in rows:
        print(
            f"| {label} | {figures['duc2001'][5]:.1f} | {figures['duc2001'][10]:.1f} "
            f"| {figures['kpcrowd500n'][5]:.1f} | {figures['kpcrowd500n'][10]:.1f} |",
            flush=True,
        )
    if args.write:
        keep = {name: [name == "duc2001"] * len(documents) for name, documents in sets.items()}
        x, y, w = training_rows(sets, keep, 1.0)
        model = model_from(fit_logistic(x, y, L2, w))
        WEIGHTS_PATH.write_text(
            json.dumps({"model": model.to_dict(), "report": report}, indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {WEIGHTS_PATH}", file=sys.stderr)


if __name__ == "__main__":
    main()
