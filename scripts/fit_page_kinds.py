"""Fit the page-kind models (``newsdigest.pipeline.pagekind``) on WCXB's development pages.

    python scripts/fit_page_kinds.py            # the held-out report
    python scripts/fit_page_kinds.py --write    # ... and write src/newsdigest/data/page_kinds.json

Each WCXB page (``../shared/eval/wcxb_dev``, read at fit time only) goes through
trafilatura as newsdigest reads it; ``pagekind.page_features`` reads its markup and
extracted text. One logistic model per kind (one against the rest, L2, the same Newton fit
as the summary ranker; every page weighs the same, so the kind reported is the most
probable one: weighting each kind to the same total scored 70.0% held-out, calling a
fifth of the articles something else) is fitted on the benchmark's ``read`` half and scored on the
``held-out`` half (the split of ``benchmarks/wcxb.py``): accuracy, and per kind precision
and recall. ``--write`` then refits on every page and writes the weights.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_ranker import fit_logistic  # the numpy logistic fit the other models use

from wcxb import DEFAULT_EVAL, WcxbPage, load

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "src" / "newsdigest" / "data" / "page_kinds.json"
L2 = 1.0


def features_of(page: WcxbPage) -> list[float]:
    """The features of the text the model reads at run time (``webpage.extract_article``):
    trafilatura's balanced extraction, or the page's visible text when that has no prose."""
    import trafilatura

    from newsdigest.pipeline.pagekind import FEATURES, page_features
    from newsdigest.pipeline.webpage import _has_prose, rendered_text, visible_text

    html = gzip.decompress(page.html_path.read_bytes()).decode("utf-8", errors="replace")
    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True, favor_precision=False
    )
    found = getattr(document, "text", None) if document is not None else None
    text = rendered_text(document, str(found)) if _has_prose(found) else visible_text(html)
    values = page_features(html, text)
    return [values[name] for name in FEATURES]


def fit(x: np.ndarray, labels: list[str]) -> dict[str, dict[str, object]]:
    from newsdigest.pipeline.pagekind import FEATURES, KINDS

    models = {}
    for kind in KINDS:
        y = np.array([float(label == kind) for label in labels])
        mean, scale, weights, bias = fit_logistic(x, y, L2)
        models[kind] = {
            "features": list(FEATURES),
            "mean": [round(float(v), 6) for v in mean],
            "scale": [round(float(v), 6) for v in scale],
            "weights": [round(float(v), 6) for v in weights],
            "bias": round(bias, 6),
        }
    return models


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    pages = [page for page in load(args.eval_dir) if page.gold]
    if not pages:
        print(f"no wcxb_dev under {args.eval_dir}; nothing to fit", file=sys.stderr)
        return
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        x = np.array(pool.map(features_of, pages, chunksize=8))
    labels = [page.page_type for page in pages]

    from newsdigest.pipeline.pagekind import KINDS, PageKinds

    read = [i for i, page in enumerate(pages) if page.half == "read"]
    held = [i for i, page in enumerate(pages) if page.half == "held-out"]
    model = PageKinds.from_dict({"kinds": fit(x[read], [labels[i] for i in read])})
    from newsdigest.pipeline.pagekind import FEATURES

    predicted = [model.kind(dict(zip(FEATURES, x[i], strict=True))) for i in held]
    truth = [labels[i] for i in held]
    right = sum(p == t for p, t in zip(predicted, truth, strict=True))
    print(f"Page kinds: fitted on the read half ({len(read)} pages), scored on the held-out half ({len(held)})\n")
    print(f"accuracy {100 * right / len(held):.1f}% ({right}/{len(held)}); always 'article': "
          f"{100 * truth.count('article') / len(held):.1f}%\n")  # fmt: skip
    print("| kind | pages | precision | recall |\n|---|---:|---:|---:|")
    for kind in KINDS:
        hits = sum(p == t == kind for p, t in zip(predicted, truth, strict=True))
        said, real = predicted.count(kind), truth.count(kind)
        print(f"| {kind} | {real} | {100 * hits / max(said, 1):.1f}% | {100 * hits / max(real, 1):.1f}% |")
    confusion = Counter((t, p) for p, t in zip(predicted, truth, strict=True) if p != t)
    print(
        "\nCommonest confusions (gold → said):", ", ".join(f"{t} → {p} ({n})" for (t, p), n in confusion.most_common(6))
    )
    if args.write:
        data = {
            "about": "One-against-the-rest logistic models of WCXB page kinds; refit with scripts/fit_page_kinds.py --write.",
            "kinds": fit(x, labels),
        }
        WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
