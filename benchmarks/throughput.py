"""Batch throughput and memory, as ratios to bare spaCy over the same texts.

    python benchmarks/throughput.py [--eval-dir ../shared/eval] [--limit N]

Writes the non-duplicate articles of bbc_news_summary.jsonl as files in a temporary
folder, then measures, in one run on one machine:
- bare spaCy: ``nlp.pipe`` over the same texts, same model and components, one process
  (model load excluded);
- ``newsdigest summarize --json -q --jobs 1`` and ``--jobs 2`` over the folder, wall time
  of the whole command (model loads, reading, cleaning, every stage, writing included);
- the same folder on a Dask cluster started here as a user would (`dask scheduler` and
  two `dask worker --nthreads 1` processes on 127.0.0.1), ``--scheduler ADDRESS``; the
  cluster's start-up is not timed, the workers' model loads are (skipped without the
  ``dask`` extra, or with ``--skip-dask``);
- peak resident memory of the largest process (the CLI or a worker) for a quarter of the
  articles, and for the same quarter copied four times (as many files as the full set):
  peak memory follows the largest documents, so only this pairing isolates growth with
  the number of files (``--memory-only`` runs just this part);
- a stream of JSON Lines records on stdin (``--stdin-records``, default 200,000 short
  records, and a tenth as many) through ``--jsonl --jobs 2``: the parent process's peak
  memory (VmHWM), which must stay flat in the number of records.
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


def cli(folder: Path, jobs: int, output: Path, extra: list[str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one newsdigest run, in a fresh process."""
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True)\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    command = [sys.executable, "-m", "newsdigest", "summarize", "--json", "-q", "--jobs", str(jobs), *(extra or [])]
    result = subprocess.run(
        [sys.executable, "-c", code, *command, "-o", str(output), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak = result.stdout.split()
    return float(seconds), float(peak)


def dask_run(folder: Path, output: Path, work: Path) -> tuple[float, float] | None:
    """Wall seconds and peak RSS of the CLI against a local two-worker Dask cluster."""
    import shutil as _shutil
    import socket

    try:
        import distributed
    except ImportError:
        return None
    dask = _shutil.which("dask", path=str(Path(sys.executable).parent))
    if dask is None:
        return None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    logs = (work / "dask.log").open("wb")
    port = address.rsplit(":", 1)[1]
    processes = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], stdout=logs, stderr=logs
        )
    ]
    try:
        for _ in range(2):
            worker = [dask, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard"]
            processes.append(subprocess.Popen(worker, stdout=logs, stderr=logs))
        with distributed.Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        return cli(folder, 2, output, extra=["--scheduler", address])
    finally:
        for process in processes:
            process.kill()
            process.wait()
        logs.close()


def stdin_peak(records: int, text: str) -> tuple[float, float]:
    """Seconds and the parent's peak RSS (MB) for ``records`` JSON Lines records on stdin."""
    command = [sys.executable, "-m", "newsdigest", "summarize", "--jsonl", "--json", "-q", "--jobs", "2", "-"]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    peak = 0.0
    status = Path(f"/proc/{process.pid}/status")
    assert process.stdin is not None
    for number in range(records):
        process.stdin.write(json.dumps({"id": f"r{number}", "text": text}) + "\n")
        if number % 2000 == 0:
            peak = max(peak, _high_water_mb(status))
    process.stdin.close()
    while process.poll() is None:
        peak = max(peak, _high_water_mb(status))
        time.sleep(0.2)
    assert process.returncode == 0, f"newsdigest exited {process.returncode}"
    return time.perf_counter() - start, peak


def _high_water_mb(status: Path) -> float:
    try:
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--memory-only", action="store_true", help="only the memory-growth check")
    parser.add_argument("--skip-dask", action="store_true", help="no Dask row")
    parser.add_argument(
        "--stdin-records", type=int, default=200_000, help="JSON Lines records for the stdin check (0: skip)"
    )
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

        from newsdigest.pipeline.nlp import load_model

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
        on_dask = None if args.skip_dask else dask_run(folder, work / "dask.jsonl", work)
        if on_dask is not None:
            assert (work / "one.jsonl").read_text() == (work / "dask.jsonl").read_text(), "dask and jobs 1 differ"
        streams = []
        if args.stdin_records:
            short = " ".join(texts[0].split()[:40])
            for count in (args.stdin_records // 10, args.stdin_records):
                streams.append((count, *stdin_peak(count, short)))
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
                *(
                    [
                        row("`--scheduler ADDRESS`, two local Dask workers", *on_dask),
                        "",
                        f"Dask ÷ `--jobs 2` throughput: {two / on_dask[0]:.2f}×.",
                    ]
                    if on_dask is not None
                    else ["", "Dask row skipped (no `dask` extra, or --skip-dask)."]
                ),
                "",
                "Outputs of `--jobs 1`, `--jobs 2` (and Dask, when run) are byte-identical.",
                *(
                    [
                        "",
                        "JSON Lines on stdin, `--jsonl --jobs 2` (40-word records), the parent process:",
                        "",
                        "| records | seconds | records/s | parent peak MB |",
                        "|---:|---:|---:|---:|",
                        *[f"| {n:,} | {sec:.1f} | {n / sec:,.0f} | {peak:.0f} |" for n, sec, peak in streams],
                    ]
                    if streams
                    else []
                ),
            ]
        )
    )


if __name__ == "__main__":
    main()
