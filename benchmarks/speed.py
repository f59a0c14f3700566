"""Speed of the command line and of each stage, as ratios to baselines run side by side.

    python benchmarks/speed.py [--runs 5] [--eval-dir ../shared/eval]

1. `newsdigest --help` wall time (target < 0.3 s).
2. One article, cold: `newsdigest summarize --json SAMPLE` against a bare `python -c` that
   imports spaCy, loads the same model and parses the same text (target ratio <= 1.15).
   Runs alternate so that machine noise hits both alike; medians are compared.
3. Per-stage time over the articles of cnndm_frank_val.jsonl (skipped when the
   evaluation folder is absent): spaCy pass, summary, entities, tags (both styles).

Prints a Markdown report on stdout.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "hegseth-nato-brussels.txt"
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cli_timings(runs: int) -> list[str]:
    from newsdigest.pipeline.nlp import resolve_model_name

    executable = shutil.which("newsdigest") or str(Path(sys.executable).with_name("newsdigest"))
    model = resolve_model_name()
    bare = f"import sys, spacy\nnlp = spacy.load({model!r})\ndoc = nlp(open(sys.argv[1], encoding='utf-8').read())\n"
    help_times, ours, baseline = [], [], []
    wall([executable, "--help"])  # warm the OS file cache for both sides
    wall([sys.executable, "-c", bare, str(SAMPLE)])
    for _ in range(runs):
        help_times.append(wall([executable, "--help"]))
        baseline.append(wall([sys.executable, "-c", bare, str(SAMPLE)]))
        ours.append(wall([executable, "summarize", "--json", str(SAMPLE)]))
    help_median, ours_median, base_median = map(statistics.median, (help_times, ours, baseline))
    return [
        "## Command line",
        "",
        f"Median of {runs} runs each, alternating; model `{model}`; sample `{SAMPLE.name}`.",
        "",
        "| measurement | seconds | ratio | target |",
        "|---|---:|---:|---|",
        f"| `newsdigest --help` | {help_median:.3f} | | < 0.3 s |",
        f"| bare spaCy: import, load, parse (baseline) | {base_median:.3f} | 1.00 | |",
        f"| `newsdigest summarize --json` (cold) | {ours_median:.3f} | {ours_median / base_median:.2f} | <= 1.15 |",
        "",
    ]


def stage_timings(eval_dir: Path, limit: int | None) -> list[str]:
    dataset = eval_dir / "cnndm_frank_val.jsonl"
    if not dataset.exists():
        return ["## Stages", "", f"Skipped: {dataset} not found.", ""]
    from newsdigest.pipeline.clean import clean
    from newsdigest.pipeline.entities import extract_entities, mention_weights
    from newsdigest.pipeline.nlp import load_model, parse_many
    from newsdigest.pipeline.summarize import summarize
    from newsdigest.pipeline.tags import extract_tags

    with dataset.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines][:limit]
    nlp = load_model()
    list(parse_many(nlp, texts[:2]))  # warm-up

    start = time.perf_counter()
    cleaned = [clean(text) for text in texts]
    clean_seconds = time.perf_counter() - start
    start = time.perf_counter()
    docs = list(parse_many(nlp, cleaned))
    parse_seconds = time.perf_counter() - start
    totals = {"cleaning": clean_seconds, "entities": 0.0, "summary (news, default)": 0.0, "summary (lead)": 0.0}
    totals |= {"summary (lexrank, sumy)": 0.0, "tags": 0.0, "tags (--tag-style phrases)": 0.0}
    for doc, page in zip(docs, cleaned, strict=True):
        t0 = time.perf_counter()
        entities = extract_entities(doc, page.title_end, layout=page.layout)
        t1 = time.perf_counter()
        spans = mention_weights(entities)
        summarize(doc, page.body_start, 3, "news", title_end=page.title_end, entity_spans=spans)
        t2 = time.perf_counter()
        summarize(doc, page.body_start, 3, "lead")
        t3 = time.perf_counter()
        summarize(doc, page.body_start, 3, "lexrank")
        t4 = time.perf_counter()
        extract_tags(doc, entities)
        t5 = time.perf_counter()
        extract_tags(doc, entities, style="phrases")
        t6 = time.perf_counter()
        totals["entities"] += t1 - t0
        totals["summary (news, default)"] += t2 - t1
        totals["summary (lead)"] += t3 - t2
        totals["summary (lexrank, sumy)"] += t4 - t3
        totals["tags"] += t5 - t4
        totals["tags (--tag-style phrases)"] += t6 - t5
    words = sum(len(doc) for doc in docs)
    rows = [
        "## Stages",
        "",
        f"{len(texts)} articles of `cnndm_frank_val.jsonl`, {words:,} tokens, one process.",
        "",
        "| stage | seconds | share of the spaCy pass |",
        "|---|---:|---:|",
        f"| spaCy pass (`nlp.pipe`) | {parse_seconds:.2f} | 100% |",
    ]
    rows += [f"| {name} | {seconds:.3f} | {100 * seconds / parse_seconds:.1f}% |" for name, seconds in totals.items()]
    return [*rows, ""]


def long_input(eval_dir: Path) -> list[str]:
    """One article of 2,000+ sentences: the summary stage must stay linear or windowed."""
    dataset = eval_dir / "cnndm_frank_val.jsonl"
    if not dataset.exists():
        return []
    import resource

    from newsdigest.pipeline.clean import uncleaned
    from newsdigest.pipeline.nlp import load_model, parse
    from newsdigest.pipeline.summarize import body_sentences, summarize

    with dataset.open(encoding="utf-8") as lines:
        # Twice over, to pass 2,000 sentences.
        text = ("\n\n".join(json.loads(line)["text"] for line in lines) + "\n\n") * 2
    nlp = load_model()
    page = uncleaned(text)  # cleaning would read the second copy's lines as repeats and drop them
    doc = parse(nlp, page.text)
    count = len(body_sentences(doc, page.body_start))
    rows = [
        "## Long input",
        "",
        f"All 75 cnndm articles, twice, as one text: {len(text):,} characters, {count:,} sentences.",
        "",
        "| summary algorithm | seconds |",
        "|---|---:|",
    ]
    for algorithm in ("news", "lead", "lexrank", "lsa", "kl"):
        start = time.perf_counter()
        summarize(doc, page.body_start, 5, algorithm)
        rows.append(f"| {algorithm} | {time.perf_counter() - start:.2f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [*rows, "", f"Peak memory of the whole benchmark process: {peak:.0f} MB.", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles for stages")
    args = parser.parse_args()
    report = [
        "# Speed",
        "",
        *cli_timings(args.runs),
        *stage_timings(args.eval_dir, args.limit),
        *long_input(args.eval_dir),
    ]
    print("\n".join(report))


if __name__ == "__main__":
    main()
