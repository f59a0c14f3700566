"""How well the cleaning stage finds the article, per source, on ../shared/eval/.

    python benchmarks/cleaning.py [--eval-dir ../shared/eval] [--limit N] [--skip-html]

Scraped pages (``article_extraction_dev`` and the five sources of ``boilerplate_dev``,
English pages only), for ``rawtext/`` (what a naive scraper copies) and ``html/`` (through
trafilatura), each source on its own row, then the worst source and the pooled figures:
- summary: share of default 3-sentence summary sentences that occur in the gold body;
- kept: share of the kept body's sentences that occur in the gold body;
- recall: share of the gold body's sentences that occur in the kept text;
- recall, title counted: the same, counting the headline cleaning keeps as the title (the
  body above is scored without it; golds differ on whether the headline is body, so kept
  is scored on the body only).
Sentences are compared with all whitespace removed and case folded (the eval README), and
on both sides mojibake repaired and quotes and dashes folded to ASCII (``pages.squash``);
kept and gold texts are cut into paragraphs at blank lines, then into sentences by spaCy's
rule-based sentencizer, so the split is the same for every system and fast.

Well-formed articles (CNN/DailyMail, BBC, CoNLL-2003): share of the article's sentences
that cleaning keeps, and share of its characters it removes. Speed: cleaning time as a
share of the spaCy pass over the same CNN/DailyMail texts.

Every rule in newsdigest.clean was written before ``boilerplate_dev`` existed except the
furniture gate, whose one threshold is justified in patterns.py; so every boilerplate_dev
row is a figure on pages the rules were not written from. Prints Markdown on stdout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsdigest import Options, digest_texts
from newsdigest.errors import NewsdigestError
from newsdigest.pipeline.clean import clean
from newsdigest.pipeline.digest import prepare
from newsdigest.pipeline.nlp import load_model, parse_many
from newsdigest.records import SourceText
from pages import DEFAULT_EVAL, Page, by_source, load_pages, squash

_MIN_SENTENCE_WORDS = 4


def _sentencizer():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# The gold bodies separate paragraphs by a blank line (../shared/eval/README.md); spaCy's
# sentencizer does not split there, so a subheading would be one "sentence" with the first
# sentence of its paragraph, and dropping the subheading would count that sentence as lost.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def sentences(nlp, texts: Iterable[str]) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Each text's sentences of four words or more, paragraph by paragraph."""
    paragraphs = (
        (paragraph, number) for number, text in enumerate(texts) for paragraph in _PARAGRAPH_BREAK.split(text)
    )
    docs = nlp.pipe(paragraphs, batch_size=64, as_tuples=True)
    for _, group in itertools.groupby(docs, key=lambda item: item[1]):
        yield [s.text.strip() for doc, _ in group for s in doc.sents if len(s.text.split()) >= _MIN_SENTENCE_WORDS]


class Tally:
    def __init__(self) -> None:
        self.counts = {key: [0, 0] for key in ("summary", "kept", "recall", "recall_title")}

    def add(self, key: str, hits: int, total: int) -> None:
        self.counts[key][0] += hits
        self.counts[key][1] += total

    def merge(self, other: Tally) -> None:
        for key, (hits, total) in other.counts.items():
            self.add(key, hits, total)

    def share(self, key: str) -> float:
        hits, total = self.counts[key]
        return 100 * hits / total if total else float("nan")

    def cell(self, key: str) -> str:
        hits, total = self.counts[key]
        return f"{self.share(key):.1f}% ({hits}/{total})" if total else "n/a"


def score_pages(pages: list[Page], kind: str, splitter) -> Tally:  # type: ignore[no-untyped-def]
    items = [
        SourceText(
            str(page.raw_path if kind == "raw" else page.html_path), page.raw if kind == "raw" else page.html, "utf-8"
        )
        for page in pages
    ]
    options = Options()
    tally = Tally()
    bodies: list[str] = []
    titles: list[str] = []
    for page, item, digest in zip(pages, items, digest_texts(items, options), strict=True):
        gold = squash(page.gold)
        for sentence in digest.summary.sentences if digest.summary else ():
            tally.add("summary", squash(sentence.text) in gold, 1)
        try:
            cleaned = prepare(item, options)
            bodies.append(cleaned.text[cleaned.body_start :])
            titles.append(cleaned.text[: cleaned.body_start])
        except NewsdigestError:
            bodies.append("")
            titles.append("")
    kept_sentences = sentences(splitter, bodies)
    gold_sentences = sentences(splitter, (page.gold for page in pages))
    for page, body, title, kept, golds in zip(pages, bodies, titles, kept_sentences, gold_sentences, strict=True):
        gold, kept_text, with_title = squash(page.gold), squash(body), squash(title + "\n" + body)
        tally.add("kept", sum(squash(s) in gold for s in kept), len(kept))
        tally.add("recall", sum(squash(s) in kept_text for s in golds), len(golds))
        tally.add("recall_title", sum(squash(s) in with_title for s in golds), len(golds))
    return tally


def pages_section(eval_dir: Path, limit: int | None, kinds: tuple[str, ...]) -> list[str]:
    pages = load_pages(eval_dir)
    if not pages:
        return [f"Skipped: no page folders under {eval_dir}.", ""]
    splitter = _sentencizer()
    report = []
    for kind in kinds:
        report += [
            f"### {'raw text (naive scrape)' if kind == 'raw' else 'HTML (through trafilatura)'}",
            "",
            "| source | pages | summary sentences in gold | kept sentences in gold | gold sentences kept"
            " | gold sentences kept, title counted |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        tallies = {}
        for name, group in by_source(pages):
            group = group[:limit]
            tallies[name] = score_pages(group, kind, splitter)
            tally = tallies[name]
            report.append(
                f"| {name} | {len(group)} | {tally.cell('summary')} | {tally.cell('kept')} | {tally.cell('recall')}"
                f" | {tally.cell('recall_title')} |"
            )
            print(f"  {kind} {name} done", file=sys.stderr, flush=True)
        for key, label in (
            ("summary", "summary"),
            ("kept", "kept"),
            ("recall", "recall"),
            ("recall_title", "recall, title counted"),
        ):
            worst = min(tallies, key=lambda name: tallies[name].share(key))
            report.append(f"| **worst source, {label}**: {worst} | | | | | {tallies[worst].cell(key)} |")
        pooled, news = Tally(), Tally()
        for name, tally in tallies.items():
            pooled.merge(tally)
            if name != "cleaneval":
                news.merge(tally)
        for label, tally in (("pooled without cleaneval", news), ("pooled", pooled)):
            report.append(
                f"| {label} | | {tally.cell('summary')} | {tally.cell('kept')} | {tally.cell('recall')}"
                f" | {tally.cell('recall_title')} |"
            )
        report.append("")
    return report


def _well_formed_sets(eval_dir: Path) -> Iterator[tuple[str, list[str]]]:
    def rows(name: str) -> list[dict]:  # type: ignore[type-arg]
        path = eval_dir / name
        if not path.exists():
            return []
        with path.open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines]

    yield "cnndm_val1000", [row["text"] for row in rows("cnndm_val1000.jsonl")]
    yield "cnndm_frank_val", [row["text"] for row in rows("cnndm_frank_val.jsonl")]
    yield (
        "bbc_news_summary",
        [
            row["title"] + "\n\n" + row["text"]
            for row in rows("bbc_news_summary.jsonl")
            if row.get("duplicate_of") is None
        ],
    )
    yield "conll2003_dev", [row["text"] for row in rows("conll2003_dev.jsonl")]


def well_formed_section(eval_dir: Path, limit: int | None) -> list[str]:
    splitter = _sentencizer()
    report = [
        "### Well-formed articles: nothing of the story removed",
        "",
        "| set | articles | article sentences kept | characters removed | articles with any line removed |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, texts in _well_formed_sets(eval_dir):
        texts = texts[:limit]
        if not texts:
            report.append(f"| {name} | skipped: not found | | | |")
            continue
        hits = total = removed = characters = touched = 0
        for text, article_sentences in zip(texts, sentences(splitter, texts), strict=True):
            cleaned = clean(text)
            kept = squash(cleaned.text)
            total += len(article_sentences)
            hits += sum(squash(s) in kept for s in article_sentences)
            removed += sum(line.end - line.start for line in cleaned.removed)
            characters += len(text)
            touched += bool(cleaned.removed)
        report.append(
            f"| {name} | {len(texts)} | {100 * hits / total:.2f}% ({hits}/{total}) "
            f"| {100 * removed / characters:.2f}% | {touched} |"
        )
    return [*report, ""]


def speed_section(eval_dir: Path, limit: int | None) -> list[str]:
    path = eval_dir / "cnndm_frank_val.jsonl"
    if not path.exists():
        return [f"Skipped speed: {path} not found.", ""]
    with path.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in itertools.islice(lines, limit)]
    nlp = load_model()
    list(parse_many(nlp, texts[:5]))  # warm up
    start = time.perf_counter()
    for text in texts:
        clean(text)
    clean_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for _ in parse_many(nlp, texts):
        pass
    parse_seconds = time.perf_counter() - start
    return [
        "### Speed",
        "",
        f"Cleaning {len(texts)} cnndm_frank_val articles: {clean_seconds:.3f} s, "
        f"{100 * clean_seconds / parse_seconds:.1f}% of the spaCy pass over the same texts ({parse_seconds:.1f} s).",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per source or set")
    parser.add_argument("--skip-html", action="store_true")
    parser.add_argument("--only", choices=("pages", "well-formed", "speed"), default=None)
    args = parser.parse_args()
    if not args.eval_dir.exists():
        print(f"Skipped: {args.eval_dir} not found (the evaluation data is not part of the repository).")
        return
    report = ["## Cleaning", ""]
    if args.only in (None, "pages"):
        report += pages_section(args.eval_dir, args.limit, ("raw",) if args.skip_html else ("raw", "html"))
    if args.only in (None, "well-formed"):
        report += well_formed_section(args.eval_dir, args.limit)
    if args.only in (None, "speed"):
        report += speed_section(args.eval_dir, args.limit)
    print("\n".join(report))


if __name__ == "__main__":
    main()
