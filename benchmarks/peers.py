"""Peer tools scored exactly like newsdigest, in the same run, on ../shared/eval/.

    pip install -e '.[peers]'          # YAKE and pytextrank; not part of the default install
    python benchmarks/peers.py [--eval-dir ../shared/eval] [--limit N] [--task tags|summary]

- tags (kpcrowd500n_dev.jsonl and duc2001_dev.jsonl): F1@5 and P/R/F1@10 for newsdigest's
  two tag styles, YAKE (top 10, n-grams up to 3) and pytextrank (top 10 phrases), with
  newsdigest.evaluate.keyphrase_prf for everyone.
- summary (cnndm_frank_val.jsonl, 3 sentences): every newsdigest algorithm, pytextrank's
  summary (3 sentences, article order), and an independent Lead-3 computed here from a
  plain spaCy pipeline's first three sentences and rouge-score directly, as a check on
  `newsdigest eval`'s own lead row.

Prints Markdown tables on stdout (progress on stderr). Skips cleanly when the evaluation
folder is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"


def load(path: Path, limit: int | None) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    rows = [row for row in rows if row.get("duplicate_of") is None]
    return rows[:limit]


def fmt(prf: Any) -> str:
    return f"{100 * prf.precision:.1f} | {100 * prf.recall:.1f} | {100 * prf.f1:.1f}"


def tags_section(dataset: Path, limit: int | None) -> list[str]:
    import pytextrank  # noqa: F401  (registers the "textrank" factory)
    import spacy
    import yake

    from newsdigest.evaluate import PRF, evaluate_tags, keyphrase_prf
    from newsdigest.pipeline.nlp import resolve_model_name

    rows = load(dataset, limit)
    cutoffs = (5, 10)
    started = time.perf_counter()
    ours, _ = evaluate_tags(rows, k=max(cutoffs))  # both tag styles, from one parse
    ours_seconds = time.perf_counter() - started

    def at(lists: list[list[str]]) -> dict[int, PRF]:
        return {
            k: PRF.mean([keyphrase_prf(tags, row["keyphrases"], k) for tags, row in zip(lists, rows, strict=True)])
            for k in cutoffs
        }

    extractor = yake.KeywordExtractor(lan="en", n=3, top=max(cutoffs))
    started = time.perf_counter()
    yake_scores = at([[phrase for phrase, _ in extractor.extract_keywords(row["text"])] for row in rows])
    yake_seconds = time.perf_counter() - started

    nlp = spacy.load(resolve_model_name())
    nlp.add_pipe("textrank")
    started = time.perf_counter()
    textrank_scores = at(
        [[phrase.text for phrase in doc._.phrases[: 3 * max(cutoffs)]] for doc in nlp.pipe(row["text"] for row in rows)]
    )
    textrank_seconds = time.perf_counter() - started

    results = [
        *[(system.name, {k: system.scores[f"@{k}"] for k in cutoffs}, ours_seconds) for system in ours],
        ("YAKE", yake_scores, yake_seconds),
        ("pytextrank", textrank_scores, textrank_seconds),
    ]
    best_peer = max(yake_scores[10].f1, textrank_scores[10].f1)
    lines = [
        f"### Tags: `{dataset.name}` ({len(rows)} documents)",
        "",
        "| system | F1@5 | P@10 | R@10 | F1@10 | F1@10 ÷ best peer | seconds |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, prf, seconds in results:
        lines.append(
            f"| {name} | {100 * prf[5].f1:.1f} | {fmt(prf[10])} | {prf[10].f1 / best_peer:.2f} | {seconds:.1f} |"
        )
    lines.append("")
    lines.append("(newsdigest's two styles share one parse; its seconds are for both.)")
    return [*lines, ""]


def summary_section(dataset: Path, limit: int | None) -> list[str]:
    import pytextrank  # noqa: F401
    import spacy

    from newsdigest.evaluate import PRF, ROUGE_TYPES, evaluate_summary, rouge
    from newsdigest.pipeline.nlp import resolve_model_name

    rows = load(dataset, limit)
    count = 3
    ours, _ = evaluate_summary(rows, sentences=count)

    def reference(row: dict[str, Any]) -> list[str]:
        return list(row.get("reference_summary_sentences") or row["reference_summary"].split("\n"))

    # Independent of newsdigest's pipeline: a plain spaCy model, its own sentences.
    plain = spacy.load(resolve_model_name())
    lead_scores = []
    textrank_scores = []
    plain.add_pipe("textrank")
    for row, doc in zip(rows, plain.pipe(row["text"] for row in rows), strict=True):
        first = [sentence.text.strip() for sentence in doc.sents if sentence.text.strip()][:count]
        lead_scores.append(rouge(first, reference(row)))
        chosen = doc._.textrank.summary(limit_phrases=15, limit_sentences=count, preserve_order=True)
        textrank_scores.append(rouge([sentence.text.strip() for sentence in chosen], reference(row)))

    def mean(per_doc: list[dict[str, PRF]]) -> dict[str, PRF]:
        return {metric: PRF.mean([doc[metric] for doc in per_doc]) for metric in ROUGE_TYPES}

    systems = [(s.name + (" (default)" if s.is_default else ""), s.scores) for s in ours]
    systems += [
        ("pytextrank", mean(textrank_scores)),
        ("Lead-3, independent (plain spaCy + rouge-score)", mean(lead_scores)),
    ]
    lines = [
        f"### Summary: `{dataset.name}` ({len(rows)} documents), {count} sentences, ROUGE F1 (stemmed)",
        "",
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |",
        "|---|---:|---:|---:|",
    ]
    for name, scores in systems:
        lines.append(f"| {name} | " + " | ".join(f"{100 * scores[m].f1:.2f}" for m in ROUGE_TYPES) + " |")
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--task", choices=["tags", "summary"], action="append")
    args = parser.parse_args()
    try:
        # A peer prints its install path on import; keep stdout for the report.
        with contextlib.redirect_stdout(sys.stderr):
            import pytextrank  # noqa: F401
            import yake  # noqa: F401
    except ImportError:
        sys.exit("benchmarks/peers.py needs the peer tools: pip install -e '.[peers]'")
    tasks = args.task or ["tags", "summary"]
    datasets = {
        "tags": [args.eval_dir / "kpcrowd500n_dev.jsonl", args.eval_dir / "duc2001_dev.jsonl"],
        "summary": [args.eval_dir / "cnndm_frank_val.jsonl"],
    }
    report = ["## Peers, same scoring, same run", ""]
    for task in tasks:
        for dataset in datasets[task]:
            if not dataset.exists():
                report += [f"Skipped {task}: {dataset} not found.", ""]
                continue
            print(f"scoring {task} on {dataset.name} …", file=sys.stderr)
            report += tags_section(dataset, args.limit) if task == "tags" else summary_section(dataset, args.limit)
    print("\n".join(report))


if __name__ == "__main__":
    main()
