"""Cleaning on today's web: WCXB development pages, word F1 per page type, beside trafilatura.

    python benchmarks/wcxb.py [--eval-dir ../shared/eval] [--limit N] [--jobs 2] [--half all|read|held-out]

For every page of ``wcxb_dev`` (1,333 pages, mostly 2023-2026, seven page types), the text
that reaches spaCy is scored against the gold main content the way WCXB scores extractors:
word-level precision, recall and F1 of the bag of lower-cased words (a page whose gold is
empty scores 1 when the output is empty too, else 0), averaged over pages. Columns:
- ``trafilatura``: ``trafilatura.extract(html)`` with default settings, as the eval README
  asks (run here, on the same pages; never the published table);
- ``html``: newsdigest on the HTML page (trafilatura, then the cleaning stage), the body;
- ``raw``: newsdigest on the page's visible text (``rawtext/``), the body;
- ``raw uncleaned``: that visible text as it is.
``with`` is the share of the gold's must-keep snippets found in the output, ``without`` the
share of its must-drop snippets that leaked (whitespace removed, case folded, quotes and
dashes folded: ``pages.squash``).

The pages are split once, by a hash of their id, into a ``read`` half (whose misses may be
read while writing rules) and a ``held-out`` half (never read): a rule fitted to the pages
it was read from scores higher there, so the held-out figure is the one to report.
Prints Markdown on stdout. Skips cleanly when the folder is missing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import DEFAULT_EVAL, squash

SYSTEMS = ("trafilatura", "html", "raw", "raw uncleaned")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class WcxbPage:
    id: str
    page_type: str
    html_path: Path
    raw_path: Path
    gold: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]

    @property
    def half(self) -> str:
        return "held-out" if int(hashlib.sha256(self.id.encode()).hexdigest(), 16) % 2 else "read"


def load(eval_dir: Path) -> list[WcxbPage]:
    folder = eval_dir / "wcxb_dev"
    if not (folder / "gold.jsonl").exists():
        return []
    pages = []
    # Lines, not str.splitlines: gold texts hold U+2028 and other breaks JSON leaves raw.
    with (folder / "gold.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    for row in rows:
        pages.append(
            WcxbPage(
                row["id"],
                row["page_type"],
                folder / "html" / f"{row['id']}.html.gz",
                folder / "rawtext" / f"{row['id']}.txt",
                row["gold_body"] or "",
                tuple(row.get("with") or ()),
                tuple(row.get("without") or ()),
            )
        )
    return sorted(pages, key=lambda page: page.id)


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def word_prf(output: str, gold: str) -> tuple[float, float, float]:
    """WCXB's page score: bag-of-words precision, recall, F1; an empty gold wants nothing."""
    ours, theirs = words(output), words(gold)
    if not theirs:
        return (1.0, 1.0, 1.0) if not ours else (0.0, 0.0, 0.0)
    overlap = sum((ours & theirs).values())
    precision = overlap / sum(ours.values()) if ours else 0.0
    recall = overlap / sum(theirs.values())
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _body(cleaned: object) -> str:
    text: str = cleaned.text  # type: ignore[attr-defined]
    return text[cleaned.body_start :]  # type: ignore[attr-defined]


def summary_in_gold(page: WcxbPage, text: str) -> tuple[int, int]:
    """(summary sentences found in the gold, summary sentences) for the default digest of ``text``."""
    import newsdigest

    digest = newsdigest.digest(text, source=page.id)
    if digest.error is not None or digest.summary is None:
        return 0, 0
    gold = squash(page.gold)
    found = [squash(sentence.text) in gold for sentence in digest.summary.sentences]
    return sum(found), len(found)


def outputs(page: WcxbPage) -> dict[str, str]:
    """Each system's text for one page ("" where it found nothing or failed)."""
    import trafilatura

    from newsdigest.errors import NewsdigestError
    from newsdigest.options import Options
    from newsdigest.pipeline.digest import prepare
    from newsdigest.records import SourceText

    html = gzip.decompress(page.html_path.read_bytes()).decode("utf-8", errors="replace")
    raw = page.raw_path.read_text(encoding="utf-8") if page.raw_path.exists() else ""
    found = {"trafilatura": trafilatura.extract(html) or "", "raw uncleaned": raw}
    for system, text in (("html", html), ("raw", raw)):
        try:
            found[system] = _body(
                prepare(SourceText(page.id + (".html" if system == "html" else ".txt"), text, "utf-8"), Options())
            )
        except NewsdigestError:
            found[system] = ""
    return found


def score(page: WcxbPage, summaries: bool = False) -> dict[str, dict[str, float]]:
    result = {}
    if summaries and page.page_type == "article" and page.gold:
        html = gzip.decompress(page.html_path.read_bytes()).decode("utf-8", errors="replace")
        raw = page.raw_path.read_text(encoding="utf-8") if page.raw_path.exists() else ""
        result["summary"] = {
            "html": summary_in_gold(page, html if html.lstrip().startswith("<") else f"<html>{html}</html>"),
            "raw": summary_in_gold(page, raw),
        }
    for system, text in outputs(page).items():
        precision, recall, f1 = word_prf(text, page.gold)
        squashed = squash(text)
        kept = [squash(s) in squashed for s in page.with_snippets]
        leaked = [squash(s) in squashed for s in page.without_snippets]
        result[system] = {
            "p": precision,
            "r": recall,
            "f1": f1,
            "with": sum(kept) / len(kept) if kept else float("nan"),
            "without": sum(leaked) / len(leaked) if leaked else float("nan"),
        }
    return result


def _mean(values: Iterable[float]) -> float:
    numbers = [v for v in values if v == v]  # NaN: the page has no snippet of that kind
    return sum(numbers) / len(numbers) if numbers else float("nan")


def paired_interval(differences: list[float], resamples: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% bootstrap interval of the mean paired difference (pages resampled)."""
    import numpy as np

    values = np.asarray(differences, dtype=float)
    picks = np.random.default_rng(seed).integers(0, len(values), size=(resamples, len(values)))
    low, high = np.quantile(values[picks].mean(axis=1), [0.025, 0.975])
    return float(low), float(high)


def summary_table(rows: list[tuple[WcxbPage, dict[str, dict[str, float]]]], title: str) -> str:
    lines = [f"### {title}: summary sentences found in the gold (article pages, 3 sentences)", ""]
    lines += ["| path | pages | summary sentences in gold |", "|---|---:|---:|"]
    for path in ("html", "raw"):
        counts = [scores["summary"][path] for _, scores in rows if "summary" in scores]
        hits, total = sum(c[0] for c in counts), sum(c[1] for c in counts)
        lines.append(f"| {path} | {len(counts)} | {100 * hits / max(total, 1):.1f}% ({hits}/{total}) |")
    return "\n".join(lines)


def table(rows: list[tuple[WcxbPage, dict[str, dict[str, float]]]], title: str) -> str:
    groups: dict[str, list[dict[str, dict[str, float]]]] = defaultdict(list)
    for page, scores in rows:
        groups[page.page_type].append(scores)
        groups["all types"].append(scores)
    names = [*sorted(name for name in groups if name != "all types"), "all types"]
    lines = [
        f"### {title}",
        "",
        "| page type | pages | "
        + " | ".join(f"{s} F1" for s in SYSTEMS)
        + " | html P / R | html − trafilatura [95% interval] | with (html) | without leaked (html) |",
        "|---|---:|" + "---:|" * len(SYSTEMS) + "---|---:|---:|---:|",
    ]
    worst = None
    for name in names:
        scores = groups[name]
        f1 = {s: _mean(x[s]["f1"] for x in scores) for s in SYSTEMS}
        gap = f1["html"] - f1["trafilatura"]
        low, high = paired_interval([x["html"]["f1"] - x["trafilatura"]["f1"] for x in scores])
        if name != "all types" and (worst is None or gap < worst[1]):
            worst = (name, gap)
        lines.append(
            f"| {name} | {len(scores)} | "
            + " | ".join(f"{f1[s]:.3f}" for s in SYSTEMS)
            + f" | {_mean(x['html']['p'] for x in scores):.3f} / {_mean(x['html']['r'] for x in scores):.3f}"
            + f" | {gap:+.3f} [{low:+.3f}, {high:+.3f}]"
            + f" | {100 * _mean(x['html']['with'] for x in scores):.1f}%"
            + f" | {100 * _mean(x['html']['without'] for x in scores):.1f}% |"
        )
    if worst is not None:
        lines += ["", f"Worst page type against trafilatura through HTML: **{worst[0]}** ({worst[1]:+.3f})."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--half", choices=("all", "read", "held-out"), default="all")
    parser.add_argument(
        "--summaries", action="store_true", help="also digest article pages: summary sentences in the gold"
    )
    parser.add_argument(
        "--dump", type=Path, help="write each page's scores as JSON Lines (for reading misses: read half only)"
    )
    args = parser.parse_args()
    pages = load(args.eval_dir)
    if not pages:
        print(f"no wcxb_dev under {args.eval_dir}; nothing to score", file=sys.stderr)
        return
    if args.half != "all":
        pages = [page for page in pages if page.half == args.half]
    pages = pages[: args.limit] if args.limit else pages
    started = time.perf_counter()
    if args.jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            results = pool.map(functools.partial(score, summaries=args.summaries), pages, chunksize=8)
    else:
        results = [score(page, args.summaries) for page in pages]
    rows = list(zip(pages, results, strict=True))
    print(f"WCXB development pages, {len(pages)} pages, {time.perf_counter() - started:.0f} s\n")
    for half in ("read", "held-out"):
        chosen = [row for row in rows if row[0].half == half]
        if chosen:
            print(table(chosen, f"{half} half ({len(chosen)} pages)") + "\n")
            if args.summaries:
                print(summary_table(chosen, f"{half} half") + "\n")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as handle:
            for page, result in rows:
                if page.half == "read":
                    handle.write(json.dumps({"id": page.id, "type": page.page_type, **result}) + "\n")


if __name__ == "__main__":
    main()
