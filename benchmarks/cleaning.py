"""How well the cleaning stage finds the article, on ../shared/eval/.

    python benchmarks/cleaning.py [--eval-dir ../shared/eval] [--limit N]

article_extraction_dev (English pages only: gold bodies whose stopword share says English),
for rawtext/ (what a naive scraper copies) and html/ (through trafilatura):
- summary precision: share of 3-sentence summary sentences (default algorithm) that occur
  in gold_body, for newsdigest, and for the same pipeline with --no-clean;
- kept precision: share of the kept body's sentences that occur in gold_body;
- gold recall: share of gold_body's sentences that occur in the kept body.
Sentences are compared with all whitespace removed and case folded, as the eval README says.

cnndm_frank_val: share of each article's sentences that the cleaning stage keeps.
bbc_news_summary: share of the paragraphs of 2,225 well-formed articles that cleaning keeps;
all paragraphs, and those that are sentences (8+ words ending in . ! or ?), since the
sports pages carry result tables and line-ups that are lists, not prose.
Speed: cleaning time as a share of the spaCy pass over the same cnndm texts.

Prints Markdown on stdout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import time
from pathlib import Path

from newsdigest import Options, digest_texts
from newsdigest.clean import clean
from newsdigest.digest import prepare
from newsdigest.nlp import load_model, parse_many
from newsdigest.sources import SourceText

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
_ENGLISH = frozenset("the of and to in is that for it was on with as are be by this".split())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def is_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) > 0.12


def sentences_of(nlp, texts):
    for doc in parse_many(nlp, texts):
        yield [s.text.strip() for s in doc.sents if len(s.text.split()) >= 4]


def share(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f}% ({hits}/{total})" if total else "n/a"


def pages_section(folder: Path, limit: int | None) -> list[str]:
    gold = {}
    with (folder / "gold.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if is_english(row["gold_body"]):
                gold[row["id"]] = squash(row["gold_body"])
    ids = sorted(gold)[:limit]
    nlp = load_model()
    rows = [f"### `article_extraction_dev`: {len(ids)} English pages", ""]
    rows += ["| input | setting | summary sentences in gold | kept sentences in gold | gold sentences kept |"]
    rows += ["|---|---|---:|---:|---:|"]
    gold_sentences = {}
    raw_gold = {}
    with (folder / "gold.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            raw_gold[row["id"]] = row["gold_body"]
    for page_id, sents in zip(ids, sentences_of(nlp, (raw_gold[i] for i in ids)), strict=True):
        gold_sentences[page_id] = sents
    for kind, suffix in (("rawtext", ".txt"), ("html", ".html")):
        items = [
            SourceText(
                str(folder / kind / (i + suffix)), (folder / kind / (i + suffix)).read_text(encoding="utf-8"), "utf-8"
            )
            for i in ids
        ]
        for setting, options in (("newsdigest", Options()), ("--no-clean", Options(clean=False))):
            summary_hits = summary_total = kept_hits = kept_total = recall_hits = recall_total = 0
            digests = list(digest_texts(items, options))
            kept_texts = []
            for item in items:
                try:
                    kept_texts.append(prepare(item, options))
                except Exception:
                    kept_texts.append(None)
            kept_sentences = sentences_of(nlp, ((c.text[c.body_start :] if c else "") for c in kept_texts))
            for page_id, digest, cleaned, kept in zip(ids, digests, kept_texts, kept_sentences, strict=True):
                body = gold[page_id]
                for sentence in digest.summary.sentences if digest.summary else ():
                    summary_total += 1
                    summary_hits += squash(sentence.text) in body
                kept_total += len(kept)
                kept_hits += sum(squash(s) in body for s in kept)
                kept_text = squash(cleaned.text) if cleaned else ""
                recall_total += len(gold_sentences[page_id])
                recall_hits += sum(squash(s) in kept_text for s in gold_sentences[page_id])
            rows.append(
                f"| {kind} | {setting} | {share(summary_hits, summary_total)} | {share(kept_hits, kept_total)} "
                f"| {share(recall_hits, recall_total)} |"
            )
    return [*rows, ""]


def other_languages_section(folder: Path) -> list[str]:
    """Summary precision on the pages left out above (not English): not a target, a check
    that the line rules, written for English, do no harm elsewhere."""
    with (folder / "gold.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    gold = {row["id"]: squash(row["gold_body"]) for row in rows if not is_english(row["gold_body"])}
    ids = sorted(gold)
    report = [f"### `article_extraction_dev`: the {len(ids)} other pages (not English)", ""]
    report += ["| input | setting | summary sentences in gold |", "|---|---|---:|"]
    for kind, suffix in (("rawtext", ".txt"), ("html", ".html")):
        paths = [folder / kind / (page_id + suffix) for page_id in ids]
        items = [SourceText(str(path), path.read_text(encoding="utf-8"), "utf-8") for path in paths]
        for setting, options in (("newsdigest", Options()), ("--no-clean", Options(clean=False))):
            hits = total = 0
            for page_id, digest in zip(ids, digest_texts(items, options), strict=True):
                for sentence in digest.summary.sentences if digest.summary else ():
                    total += 1
                    hits += squash(sentence.text) in gold[page_id]
            report.append(f"| {kind} | {setting} | {share(hits, total)} |")
    return [*report, ""]


def cnndm_section(dataset: Path, limit: int | None) -> list[str]:
    with dataset.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines][:limit]
    nlp = load_model()
    start = time.perf_counter()
    cleaned = [clean(text) for text in texts]
    clean_seconds = time.perf_counter() - start
    start = time.perf_counter()
    originals = list(sentences_of(nlp, texts))
    parse_seconds = time.perf_counter() - start
    hits = total = 0
    for sentences, kept in zip(originals, cleaned, strict=True):
        kept_text = squash(kept.text)
        total += len(sentences)
        hits += sum(squash(s) in kept_text for s in sentences)
    return [
        f"### `cnndm_frank_val`: {len(texts)} well-formed articles",
        "",
        f"- article sentences kept: {share(hits, total)}",
        f"- cleaning time: {clean_seconds:.3f} s, {100 * clean_seconds / parse_seconds:.1f}% of the spaCy pass "
        f"({parse_seconds:.1f} s) over the same texts",
        "",
    ]


_PROSE_PARAGRAPH = re.compile(r"[.!?][\"'”’]?$")


def bbc_section(dataset: Path, limit: int | None) -> list[str]:
    kept = total = prose_kept = prose_total = 0
    with dataset.open(encoding="utf-8") as lines:
        for line in itertools.islice(lines, limit):
            text = json.loads(line)["text"]
            kept_text = squash(clean(text).text)
            for paragraph in (p.strip() for p in text.split("\n")):
                if not paragraph:
                    continue
                found = squash(paragraph) in kept_text
                total += 1
                kept += found
                if len(paragraph.split()) >= 8 and _PROSE_PARAGRAPH.search(paragraph):
                    prose_total += 1
                    prose_kept += found
    return [
        "### `bbc_news_summary`: well-formed articles",
        "",
        f"- paragraphs kept: {share(kept, total)}",
        f"- paragraphs that are sentences kept: {share(prose_kept, prose_total)}",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    report = ["## Cleaning", ""]
    pages = args.eval_dir / "article_extraction_dev"
    cnndm = args.eval_dir / "cnndm_frank_val.jsonl"
    report += pages_section(pages, args.limit) if pages.exists() else [f"Skipped: {pages} not found.", ""]
    report += other_languages_section(pages) if pages.exists() else []
    report += cnndm_section(cnndm, args.limit) if cnndm.exists() else [f"Skipped: {cnndm} not found.", ""]
    bbc = args.eval_dir / "bbc_news_summary.jsonl"
    report += bbc_section(bbc, args.limit) if bbc.exists() else [f"Skipped: {bbc} not found.", ""]
    print("\n".join(report))


if __name__ == "__main__":
    main()
