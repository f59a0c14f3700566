"""Entities on today's news: `modern_entities_dev.jsonl`, read half and held-out half.

The 46 articles are split once by the sha256 of their id (even: read, odd: held out).
Rules and weights for #34 were written while reading misses of the read half only
(`--dump`, which refuses to show the other half); the held-out half is the figure to
trust. Each half is scored exactly as `newsdigest eval entities` scores (names and
aliases, typed and untyped, spaCy's `en_core_web_sm` alone beside it, a bootstrap
interval on the typed gap).

    python benchmarks/modern_entities.py                 # both halves and all
    python benchmarks/modern_entities.py --dump          # read half: every miss, by article

Needs ../shared/eval (or --eval-dir); skips cleanly without it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_EVAL = HERE.parent.parent / "shared" / "eval"


def held_out(row_id: str) -> bool:
    return int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % 2 == 1


def load(eval_dir: Path) -> list[dict[str, object]]:
    from newsdigest.evaluate.common import read_texts

    texts = read_texts(eval_dir / "wcxb_dev" / "gold.jsonl")
    rows = [json.loads(line) for line in (eval_dir / "modern_entities_dev.jsonl").read_text().splitlines() if line]
    for row in rows:
        row["text"] = texts[row["id"]]
    return rows


def score(rows: list[dict[str, object]], jobs: int) -> dict[str, object]:
    from newsdigest.evaluate import evaluate

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("".join(json.dumps(row) + "\n" for row in rows))
    try:
        return evaluate("entities", handle.name, jobs=jobs).to_dict()
    finally:
        Path(handle.name).unlink()


def dump(rows: list[dict[str, object]]) -> None:
    """Every wrong or missed entity of the read half, article by article."""
    from newsdigest import Options, digest
    from newsdigest.evaluate.metrics import name_key
    from newsdigest.options import ENTITY_LABELS, NUMERIC_LABELS

    options = Options(entity_types=ENTITY_LABELS, tags=0, sentences=1)
    for row in rows:
        gold = row["entities"]
        assert isinstance(gold, list)
        owner = {name_key(f): e for e in gold for f in (e["name"], *e.get("aliases", ()))}
        result = digest(str(row["text"]), options=options)
        print(f"\n## {row['id']} {row['url']}")
        found = set()
        for entity in result.entities:
            if entity.label in NUMERIC_LABELS:
                continue
            match = owner.get(name_key(entity.name))
            if match is None:
                print(f"  FP  {entity.name!r} {entity.label} x{entity.mentions}  aliases={list(entity.aliases)[:4]}")
            else:
                found.add(match["name"])
                if match["label"] != entity.label:
                    print(f"  TYPE {entity.name!r} {entity.label} (gold {match['label']})")
        for entity in gold:
            if entity["name"] not in found:
                print(f"  FN  {entity['name']!r} {entity['label']} aliases={entity.get('aliases')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dump", action="store_true", help="print the read half's misses")
    args = parser.parse_args()
    if not (args.eval_dir / "modern_entities_dev.jsonl").exists():
        print(f"skipped: {args.eval_dir}/modern_entities_dev.jsonl not found", file=sys.stderr)
        return 0
    rows = load(args.eval_dir)
    read = [row for row in rows if not held_out(str(row["id"]))]
    kept = [row for row in rows if held_out(str(row["id"]))]
    if args.dump:
        dump(read)
        return 0
    print("half        docs  system        typed P/R/F1          untyped P/R/F1      typed gap [95%]   untyped gap")
    for name, part in (("read", read), ("held-out", kept), ("all", rows)):
        report = score(part, args.jobs)
        systems = report["systems"]
        assert isinstance(systems, list)
        ours, spacy = systems
        for system in systems:
            typed, untyped = system["typed"], system["untyped"]
            gap = ""
            if system is ours:
                interval = system["versus_baseline"]["typed"]
                gap = f"{interval['mean']:+5.1f} [{interval['low']:+.1f},{interval['high']:+.1f}]"
                gap += f"   {untyped['f'] - spacy['untyped']['f']:+5.1f}"
            print(
                f"{name:10s} {report['documents']:4d}  {system['name'][:12]:12s}"
                f"  {typed['p']:5.1f} {typed['r']:5.1f} {typed['f']:5.1f}"
                f"     {untyped['p']:5.1f} {untyped['r']:5.1f} {untyped['f']:5.1f}     {gap}"
            )
        if name == "all":
            print("\nper label (all 46), typed P/R/F1: newsdigest | spaCy")
            for label, prf in ours["per_label"].items():
                theirs = spacy["per_label"].get(label, {"p": 0, "r": 0, "f": 0})
                print(
                    f"  {label:12s} {prf['p']:5.1f} {prf['r']:5.1f} {prf['f']:5.1f}"
                    f"  | {theirs['p']:5.1f} {theirs['r']:5.1f} {theirs['f']:5.1f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
