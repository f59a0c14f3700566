"""Fit the entity-type models (``newsdigest.pipeline.entity_types``) on modern news.

    python scripts/fit_entity_types.py            # the report
    python scripts/fit_entity_types.py --write    # ... and write src/newsdigest/data/entity_types.json

Every article of ``modern_entities_dev.jsonl`` (read at fit time only, with its text from
``wcxb_dev/gold.jsonl``) goes through ``newsdigest.digest`` with ``explain``; each entity
whose name is a gold entity's name or alias is a row: the type features the pipeline
computed, the type it would have given without the model (``type_voted``) and the gold
label. One logistic model per type (one against the rest, L2, the numpy Newton fit the
other models use); entities whose gold label is none of the five types are negatives for
all of them.

The articles are split as ``benchmarks/modern_entities.py`` splits them. The models are
fitted on the read half (the half whose misses were read while writing the features) and
the margin by which a type must beat the voted one is chosen by leave-one-article-out
inside it; the report gives the type accuracy of the voted label and of the model on the
held-out half, and the other way round (fitted on the held-out half, scored on the read
half) as a check. ``--write`` writes the read-half fit, so that the held-out half stays a
fair test of what ships.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
from fit_ranker import fit_logistic  # the numpy logistic fit the other models use

from modern_entities import DEFAULT_EVAL, held_out, load

WEIGHTS = ROOT / "src" / "newsdigest" / "data" / "entity_types.json"
L2 = 3.0
MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)

Row = tuple[str, list[float], str, str]  # article id, features, voted label, gold label


def rows_of(articles: list[dict[str, object]]) -> list[Row]:
    from newsdigest import Options, digest
    from newsdigest.evaluate.metrics import name_key
    from newsdigest.options import ENTITY_LABELS
    from newsdigest.pipeline.entity_types import FEATURES

    options = Options(entity_types=ENTITY_LABELS, tags=0, sentences=1, explain=True)
    rows: list[Row] = []
    for article in articles:
        gold = article["entities"]
        assert isinstance(gold, list)
        owner = {name_key(form): entity for entity in gold for form in (entity["name"], *entity.get("aliases", ()))}
        for entity in digest(str(article["text"]), options=options).entities:
            why = entity.why or {}
            match = owner.get(name_key(entity.name))
            if match is None or "type_features" not in why:
                continue
            features = why["type_features"]
            rows.append(
                (str(article["id"]), [features[name] for name in FEATURES], str(why["type_voted"]), match["label"])
            )
    return rows


def fit(rows: list[Row]) -> dict[str, object]:
    from newsdigest.pipeline.entity_types import FEATURES, TYPES

    x = np.array([features for _, features, _, _ in rows], dtype=float)
    models = {}
    for label in TYPES:
        y = np.array([float(gold == label) for _, _, _, gold in rows])
        mean, scale, weights, bias = fit_logistic(x, y, L2)
        models[label] = {
            "features": list(FEATURES),
            "mean": mean.tolist(),
            "scale": scale.tolist(),
            "weights": weights.tolist(),
            "bias": bias,
        }
    return {"margin": 0.0, "types": models}


def decide(model_data: dict[str, object], rows: list[Row], margin: float) -> list[str]:
    from newsdigest.pipeline.entity_types import FEATURES, EntityTypes

    model = EntityTypes.from_dict({**model_data, "margin": margin})
    return [model.choose(dict(zip(FEATURES, features, strict=True)), voted)[0] for _, features, voted, _ in rows]


def best_margin(rows: list[Row]) -> tuple[float, dict[float, int]]:
    """The margin with the most right types, each article typed by a fit on the others."""
    articles = sorted({article for article, _, _, _ in rows})
    right: Counter[float] = Counter()
    for article in articles:
        train = [row for row in rows if row[0] != article]
        test = [row for row in rows if row[0] == article]
        data = fit(train)
        for margin in MARGINS:
            right[margin] += sum(chosen == row[3] for chosen, row in zip(decide(data, test, margin), test, strict=True))
    best = max(MARGINS, key=lambda margin: (right[margin], margin))
    return best, dict(right)


def report(name: str, train: list[Row], test: list[Row]) -> dict[str, object]:
    margin, by_margin = best_margin(train)
    data = fit(train)
    data["margin"] = margin
    chosen = decide(data, test, margin)
    voted_right = sum(row[2] == row[3] for row in test)
    model_right = sum(label == row[3] for label, row in zip(chosen, test, strict=True))
    changed = sum(label != row[2] for label, row in zip(chosen, test, strict=True))
    print(f"{name}: margin {margin} (leave-one-article-out right types by margin: {by_margin})")
    print(
        f"  {len(test)} matched entities: voted type right {voted_right} ({100 * voted_right / len(test):.1f}%),"
        f" with the model {model_right} ({100 * model_right / len(test):.1f}%); {changed} types changed"
    )
    per_gold: Counter[tuple[str, bool, bool]] = Counter(
        (row[3], row[2] == row[3], label == row[3]) for label, row in zip(chosen, test, strict=True)
    )
    for gold in sorted({row[3] for row in test}):
        total = sum(count for (label, _, _), count in per_gold.items() if label == gold)
        voted = sum(count for (label, v, _), count in per_gold.items() if label == gold and v)
        model = sum(count for (label, _, m), count in per_gold.items() if label == gold and m)
        print(f"    {gold:12s} {total:4d}  voted {voted:4d}  model {model:4d}")
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--write", action="store_true", help="write the read-half fit into the package")
    args = parser.parse_args()
    if not (args.eval_dir / "modern_entities_dev.jsonl").exists():
        print(f"skipped: {args.eval_dir}/modern_entities_dev.jsonl not found", file=sys.stderr)
        return 0
    if WEIGHTS.exists() and args.write:
        WEIGHTS.unlink()  # features are computed the same with or without it; start clean
    articles = load(args.eval_dir)
    read = rows_of([a for a in articles if not held_out(str(a["id"]))])
    kept = rows_of([a for a in articles if held_out(str(a["id"]))])
    shipped = report("fitted on the read half, scored on the held-out half", read, kept)
    report("check: fitted on the held-out half, scored on the read half", kept, read)
    if args.write:
        WEIGHTS.write_text(json.dumps(shipped, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
