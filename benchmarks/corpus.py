"""`newsdigest corpus`: does grouping grow linearly, and what does it cost beside digesting?

    python benchmarks/corpus.py [--eval-dir ../shared/eval] [--sizes 5000 10000 20000]

1. Digests the non-duplicate BBC articles of bbc_news_summary.jsonl once, with the batch
   engine and two local workers (``--jobs 2``), and times it: digest seconds per article.
2. Builds corpora of 5,000, 10,000 and 20,000 records from those digests, each copy
   edited a little (a summary word dropped, an entity dropped, tags shuffled, a date
   spread over a year), and times ``corpus.describe`` (grouping and describing) on each:
   time per article should stay about flat, and grouping should cost at most 10% of
   digesting the same number of articles.
3. With Chromium installed, writes docs/corpus-report.png: the HTML report of the
   invented sample corpus (data/samples/stories.jsonl), rendered headless.
Prints Markdown on stdout.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
SCREENSHOT = ROOT / "docs" / "corpus-report.png"


def edited_copies(digests: list, size: int, seed: int = 0) -> list:
    """``size`` records: the digests repeated, each copy changed a little."""
    from newsdigest.records import Summary

    rng = random.Random(seed)
    start = date(2024, 1, 1)
    out = []
    for number in range(size):
        original = digests[number % len(digests)]
        sentences = list(original.summary.sentences) if original.summary else []
        if sentences:
            pick = rng.randrange(len(sentences))
            words = sentences[pick].text.split()
            if len(words) > 4:
                del words[rng.randrange(len(words))]
            sentences[pick] = replace(sentences[pick], text=" ".join(words))
        entities = list(original.entities)
        if len(entities) > 3:
            del entities[rng.randrange(len(entities))]
        tags = list(original.tags)
        rng.shuffle(tags)
        day = start + timedelta(days=rng.randrange(366))
        out.append(
            replace(
                original,
                source=f"{original.source}#{number}",
                summary=Summary(original.summary.algorithm, tuple(sentences)) if original.summary else None,
                entities=tuple(entities),
                tags=tuple(tags),
                metadata={"format": "text", "date": day.isoformat()},
            )
        )
    return out


def screenshot() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        return "Screenshot skipped: no headless Chromium (Debian: apt install chromium)."
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "report.html"
        sample = ROOT / "data" / "samples" / "stories.jsonl"
        subprocess.run(
            [sys.executable, "-m", "newsdigest", "corpus", "--jsonl", "-q", "--html", str(page), str(sample)],
            check=True,
            capture_output=True,
        )
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1100,1500",
        ]
        subprocess.run([*command, f"--screenshot={SCREENSHOT}", page.as_uri()], check=True, capture_output=True)
    return f"Wrote {SCREENSHOT.relative_to(ROOT)} (the report of data/samples/stories.jsonl, headless Chromium)."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000, 20000])
    parser.add_argument("--limit", type=int, help="digest only the first N BBC articles")
    args = parser.parse_args()
    lines = ["## Corpus grouping", ""]
    dataset = args.eval_dir / "bbc_news_summary.jsonl"
    if dataset.exists():
        from newsdigest.batch import CallbackSink, Input, run_batch
        from newsdigest.corpus.report import describe

        rows = [json.loads(line) for line in dataset.open(encoding="utf-8")]
        texts = [row["text"] for row in rows if row.get("duplicate_of") is None][: args.limit]
        digests: list = []
        started = time.perf_counter()
        run_batch(
            (Input(source=str(i), text=text) for i, text in enumerate(texts)),
            sink=CallbackSink(lambda _item, digest: digests.append(digest)),
            jobs=2,
        )
        digest_seconds = time.perf_counter() - started
        per_article = digest_seconds / len(texts)
        lines += [
            f"Digesting {len(texts):,} BBC articles with `--jobs 2`: {digest_seconds:.1f} s, "
            f"{1000 * per_article:.1f} ms per article.",
            "",
            "| records | grouping + description, s | ms per record | stories | ÷ digesting the same number |",
            "|---:|---:|---:|---:|---:|",
        ]
        for size in args.sizes:
            corpus = edited_copies(digests, size)
            started = time.perf_counter()
            report = describe(corpus)
            seconds = time.perf_counter() - started
            lines.append(
                f"| {size:,} | {seconds:.1f} | {1000 * seconds / size:.2f} | {len(report.stories):,} "
                f"| {100 * seconds / (per_article * size):.1f}% |"
            )
    else:
        lines.append(f"Skipped: {dataset} not found.")
    lines += ["", screenshot()]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
