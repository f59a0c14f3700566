"""Would a learned line model beat the cleaning rules? A leave-one-source-out check.

    python scripts/fit_lines.py            # the report (about 15 s)

The rules find the story's run; inside it they keep every line that reads as prose. This
script asks whether a small logistic model over the shape of each kept line (second-person
address, first-person asides, its place in the run, its length against the run's
paragraphs, the furniture around it; ``LINE_FEATURES``) should then drop some of them, as
a post-filter. It is an experiment kept so that anyone can rerun it: the package does not
ship the model (docs/quality.md says why).

Pages: ``article_extraction_dev`` and the five sources of ``boilerplate_dev`` (English
pages, raw text), read from ``../shared/eval`` at fit time only. Each page goes through
the rules (``clean.read_page``); every line the rules keep becomes a row of
``linemodel.LINE_FEATURES``, labelled 1 when it is in the page's gold body (whitespace
removed, case folded, as the cleaning benchmark compares).

For each source in turn, a model is fitted on the other five (each source weighs the
same, each page the same within its source), its threshold is chosen on those five (the
lowest probability cut that keeps at least ``MIN_GOLD_KEPT`` of their gold lines' words),
and the held-out source is scored with the rules alone and with the rules plus the model:
precision and recall of kept lines (word-weighted, recall against the gold words the rules
kept) and the share of the first three kept lines that are gold (what a summary leans on).
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_ranker import fit_logistic  # the same numpy logistic fit as the summary ranker

from newsdigest.pipeline.clean.patterns import SENTENCE_PUNCTUATION, STOPWORDS, URL
from pages import DEFAULT_EVAL, load_pages, squash

L2 = 1.0
MIN_GOLD_KEPT = 0.98  # of the gold words the rules keep, on the training sources
MIN_WORDS = 4  # shorter lines are too short to compare with gold

LINE_FEATURES = (
    "log_words",
    "stopword_share",
    "sentences_per_word",
    "ends_sentence",
    "capitalised_share",
    "digit_share",
    "has_link",
    "second_person",  # "you", "your": promotions and site copy talk to the reader
    "first_person",  # "I", "my": comments and author boxes talk about themselves
    "question_or_exclamation",
    "page_position",
    "run_position",
    "prose_above",  # share of the run's prose words above the line
    "previous_words",
    "next_words",
    "previous_is_prose",
    "next_is_prose",
    "length_against_run",  # words against the run's median prose line
    "furniture_around",  # non-prose lines among the three on either side
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_YOU = frozenset({"you", "your", "you're", "you’re", "yours", "you'll", "you’ll"})
_ME = frozenset({"i", "my", "me", "i'm", "i’m", "i've", "i’ve", "mine"})
_AROUND = 3


def line_features(page: Any, index: int) -> tuple[float, ...]:
    lines = page.lines
    line = lines[index]
    text = line.text
    words = _WORD.findall(text)
    lowered = [word.lower() for word in words]
    count = max(len(words), 1)
    run = lines[page.start : page.end]
    prose = [item.words for item in run if item.kind == "prose"]
    total_prose = max(sum(prose), 1)
    above = sum(item.words for item in lines[page.start : index] if item.kind == "prose")
    median = statistics.median(prose) if prose else 1.0
    previous = lines[index - 1] if index > 0 else None
    following = lines[index + 1] if index + 1 < len(lines) else None
    around = [lines[j] for j in range(max(0, index - _AROUND), min(len(lines), index + _AROUND + 1)) if j != index]
    stripped = text.rstrip()
    return (
        math.log1p(line.words),
        sum(word in STOPWORDS for word in lowered) / count,
        len(SENTENCE_PUNCTUATION.findall(text)) / count,
        float(stripped.endswith((".", "!", "?", '"', "”", "’", "'"))),
        sum(word[0].isupper() for word in words) / count,
        sum(ch.isdigit() for ch in text) / max(len(text), 1),
        float(URL.search(text) is not None or "@" in text),
        sum(word in _YOU for word in lowered) / count,
        sum(word in _ME for word in lowered) / count,
        float(stripped.endswith(("?", "!"))),
        index / max(len(lines) - 1, 1),
        (index - page.start) / max(page.end - page.start - 1, 1),
        above / total_prose,
        math.log1p(previous.words) if previous else 0.0,
        math.log1p(following.words) if following else 0.0,
        float(previous is not None and previous.kind == "prose"),
        float(following is not None and following.kind == "prose"),
        line.words / max(median, 1.0),
        sum(item.kind != "prose" for item in around) / max(len(around), 1),
    )


def page_rows(eval_dir: Path) -> dict[str, list[dict[str, Any]]]:
    from newsdigest.pipeline.clean import read_page

    sources: dict[str, list[dict[str, Any]]] = {}
    for page in load_pages(eval_dir):
        lines = read_page(page.raw)
        if lines.mode != "page":
            continue
        gold = squash(page.gold)
        kept = [
            index
            for index in range(lines.start, lines.end)
            if lines.lines[index].kind == "prose" and lines.lines[index] is not lines.title_line
        ]
        rows = [
            (line_features(lines, index), float(squash(lines.lines[index].text) in gold), lines.lines[index].words)
            for index in kept
            if lines.lines[index].words >= MIN_WORDS
        ]
        if rows:
            sources.setdefault(page.source, []).append(
                {"x": [r[0] for r in rows], "y": [r[1] for r in rows], "words": [r[2] for r in rows]}
            )
    return sources


def stack(pages_by_source: dict[str, list[dict[str, Any]]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for pages in pages_by_source.values():
        for page in pages:
            share = 1.0 / len(pages) / len(page["y"])
            xs += page["x"]
            ys += page["y"]
            ws += [share] * len(page["y"])
    weights = np.asarray(ws)
    return np.asarray(xs, dtype=float), np.asarray(ys), weights / weights.mean()


def probabilities(model: tuple[np.ndarray, np.ndarray, np.ndarray, float], x: np.ndarray) -> np.ndarray:
    mean, scale, weights, bias = model
    return 1.0 / (1.0 + np.exp(-(((x - mean) / scale) @ weights + bias)))


def choose_threshold(model: Any, pages_by_source: dict[str, list[dict[str, Any]]]) -> float:
    """The highest cut that keeps ≥ MIN_GOLD_KEPT of the gold words of every training source."""
    cuts = np.linspace(0.0, 0.6, 61)
    best = 0.0
    for cut in cuts:
        ok = True
        for pages in pages_by_source.values():
            gold = kept = 0.0
            for page in pages:
                p = probabilities(model, np.asarray(page["x"], dtype=float))
                for prob, label, words in zip(p, page["y"], page["words"], strict=True):
                    if label:
                        gold += words
                        kept += words if prob >= cut else 0
            if gold and kept / gold < MIN_GOLD_KEPT:
                ok = False
        if ok:
            best = float(cut)
    return best


def score(pages: list[dict[str, Any]], keep: list[np.ndarray]) -> dict[str, float]:
    kept_gold = kept_all = gold_all = lead_gold = lead_all = 0.0
    for page, mask in zip(pages, keep, strict=True):
        order = 0
        for label, words, kept in zip(page["y"], page["words"], mask, strict=True):
            gold_all += words * label
            if kept:
                kept_all += words
                kept_gold += words * label
                if order < 3:
                    lead_all += 1
                    lead_gold += label
                order += 1
    return {
        "precision": 100 * kept_gold / max(kept_all, 1),
        "recall": 100 * kept_gold / max(gold_all, 1),
        "lead": 100 * lead_gold / max(lead_all, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    args = parser.parse_args()
    sources = page_rows(args.eval_dir)
    if not sources:
        sys.exit(f"skipped: no page folders under {args.eval_dir}")

    print(
        "| held-out source | pages | rules: precision / recall / lead | + line model: precision / recall / lead | cut |"
    )
    print("|---|---:|---|---|---:|")
    for held_out, pages in sorted(sources.items()):
        training = {name: p for name, p in sources.items() if name != held_out}
        model = fit_logistic(*stack(training)[:2], L2, stack(training)[2])
        cut = choose_threshold(model, training)
        rules = score(pages, [np.ones(len(page["y"]), dtype=bool) for page in pages])
        learned = score(pages, [probabilities(model, np.asarray(page["x"], dtype=float)) >= cut for page in pages])
        print(
            f"| {held_out} | {len(pages)} | {rules['precision']:.1f} / {rules['recall']:.1f} / {rules['lead']:.1f} "
            f"| {learned['precision']:.1f} / {learned['recall']:.1f} / {learned['lead']:.1f} | {cut:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
