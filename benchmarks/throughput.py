"""Batch throughput and memory, as ratios to bare spaCy over the same texts.

    python benchmarks/throughput.py [--eval-dir ../shared/eval] [--limit N]

Writes the non-duplicate articles of bbc_news_summary.jsonl as files in a temporary
folder, then measures, in one run on one machine:
- bare spaCy: ``nlp.pipe`` over the same texts, same model and components, one process
  (model load excluded);
- ``newsdigest summarize --json -q --jobs 1`` and ``--jobs 2`` over the folder, wall time
  of the whole command (model loads, reading, cleaning, every stage, writing included);
- peak resident memory of the largest process (the CLI or a worker) for a quarter of the
  articles, and for the same quarter copied four times (as many files as the full set):
  peak memory follows the largest documents, so only this pairing isolates growth with
  the number of files (``--memory-only`` runs just this part).
Prints Markdown on stdout.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"


def cli(folder: Path, jobs: int, output: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one newsdigest run, in a fresh process."""
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True)\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    command = [sys.executable, "-m", "newsdigest", "summarize", "--json", "-q", "--jobs", str(jobs)]
    result = subprocess.run(
        [sys.executable, "-c", code, *command, "-o", str(output), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak = result.stdout.split()
    return float(seconds), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--memory-only", action="store_true", help="only the memory-growth check")
    args = parser.parse_args()
    dataset = args.eval_dir / "bbc_news_summary.jsonl"
    if not dataset.exists():
        print(f"Skipped: {dataset} not found.")
        return
    with dataset.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    texts = [row["text"] for row in rows if row.get("duplicate_of") is None][: args.limit]
    words = sum(len(text.split()) for text in texts)

    work = Path(tempfile.mkdtemp(prefix="newsdigest-throughput-"))
    try:
        folder, quarter, repeated = work / "articles", work / "quarter", work / "repeated"
        small = texts[: max(1, len(texts) // 4)]
        for target, subset in ((folder, texts), (quarter, small), (repeated, small * 4)):
            target.mkdir()
            for number, text in enumerate(subset):
                (target / f"{number:05d}.txt").write_text(text, encoding="utf-8")
        small_run, small_peak = cli(quarter, 1, work / "small.jsonl")
        repeated_run, repeated_peak = cli(repeated, 1, work / "repeated.jsonl")
        if args.memory_only:
            print(
                f"Memory: {len(small)} files, peak {small_peak:.0f} MB; the same files four times "
                f"({4 * len(small)} files), peak {repeated_peak:.0f} MB."
            )
            return

        from newsdigest.nlp import load_model

        nlp = load_model()
        list(nlp.pipe(texts[:8]))
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        bare = time.perf_counter() - start
        bare_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        one, one_peak = cli(folder, 1, work / "one.jsonl")
        two, two_peak = cli(folder, 2, work / "two.jsonl")
        assert (work / "one.jsonl").read_text() == (work / "two.jsonl").read_text(), "jobs 1 and 2 differ"
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def row(name: str, seconds: float, peak: float) -> str:
        return (
            f"| {name} | {seconds:.1f} | {len(texts) / seconds:.1f} | {words / seconds:,.0f} "
            f"| {bare / seconds:.2f} | {peak:.0f} |"
        )

    print(
        "\n".join(
            [
                "## Throughput",
                "",
                f"{len(texts):,} BBC articles as files, {words:,} words; one run, this machine.",
                "",
                "| run | seconds | articles/s | words/s | × bare spaCy | peak MB |",
                "|---|---:|---:|---:|---:|---:|",
                row("bare spaCy `nlp.pipe`, 1 process (baseline)", bare, bare_peak),
                row("`newsdigest summarize --json --jobs 1`", one, one_peak),
                row("`newsdigest summarize --json --jobs 2`", two, two_peak),
                row(f"`--jobs 1` on {len(small)} files (memory check)", small_run, small_peak),
                row(f"`--jobs 1` on those {len(small)} files four times (memory check)", repeated_run, repeated_peak),
                "",
                "Outputs of `--jobs 1` and `--jobs 2` are byte-identical.",
            ]
        )
    )


if __name__ == "__main__":
    main()
