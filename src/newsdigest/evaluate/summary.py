"""``eval summary``: every algorithm's ROUGE against the references, beside Lead-N."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newsdigest.evaluate.common import Progress, SystemScores, prepared_rows, run_rows
from newsdigest.evaluate.metrics import PRF, ROUGE_TYPES, rouge
from newsdigest.evaluate.stats import Interval, bootstrap_interval
from newsdigest.options import ALGORITHMS, DEFAULT_ALGORITHM, DEFAULT_SENTENCES


def _reference_sentences(row: Mapping[str, Any]) -> list[str]:
    sentences = row.get("reference_summary_sentences")
    if sentences:
        return [str(s) for s in sentences]
    return [line for line in str(row["reference_summary"]).split("\n") if line.strip()]


def _summary_worker(rows: list[dict[str, Any]], settings: dict[str, Any]) -> list[dict[str, dict[str, Any]]]:
    """Every algorithm's summary exactly as ``newsdigest summarize -a ALGORITHM`` makes it."""
    from newsdigest.options import Options
    from newsdigest.pipeline.digest import analyse
    from newsdigest.pipeline.ranker import dangling_flags
    from newsdigest.pipeline.summarize import body_sentences

    results = []
    for row, (cleaned, doc) in zip(rows, prepared_rows(rows, settings), strict=True):
        reference = _reference_sentences(row)
        count = len(reference) if settings["match_reference"] else settings["sentences"]
        dangling = dangling_flags(body_sentences(doc, cleaned.body_start, cleaned.layout.code_ranges))
        per_algorithm = {}
        for algorithm in settings["algorithms"]:
            options = Options(
                algorithm=algorithm, sentences=count, tags=0, model=settings["model"], clean=settings["clean"]
            )
            summary = analyse(doc, str(row.get("id", "")), options, cleaned).summary
            sentences = summary.sentences if summary else ()
            chosen = {s.index for s in sentences}
            per_algorithm[algorithm] = {
                "rouge": rouge([s.text for s in sentences], reference),
                "dangling": sum(1 for i in chosen if dangling[i] and i - 1 not in chosen),
                "sentences": len(chosen),
            }
        results.append(per_algorithm)
    return results


#: Every summary system is compared with Lead-N at the same length.
SUMMARY_BASELINE = "lead"


def evaluate_summary(
    rows: list[dict[str, Any]],
    sentences: int = DEFAULT_SENTENCES,
    match_reference: bool = False,
    algorithms: Sequence[str] = ALGORITHMS,
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    clean: bool = True,
) -> tuple[list[SystemScores], dict[str, Any]]:
    # Lead-N always runs: every other system is compared with it, document by document.
    algorithms = list(dict.fromkeys([*algorithms, SUMMARY_BASELINE]))
    settings = {
        "sentences": sentences,
        "match_reference": match_reference,
        "algorithms": algorithms,
        "model": model,
        "clean": clean,
        "baseline": SUMMARY_BASELINE,
    }
    results = run_rows(_summary_worker, rows, settings, jobs, progress)
    systems = []
    for algorithm in algorithms:
        versus: dict[str, Interval] = {}
        if algorithm != SUMMARY_BASELINE:
            for metric in ROUGE_TYPES:
                differences = [
                    doc[algorithm]["rouge"][metric].f1 - doc[SUMMARY_BASELINE]["rouge"][metric].f1 for doc in results
                ]
                versus[metric] = Interval(*bootstrap_interval(differences))
        chosen = sum(doc[algorithm]["sentences"] for doc in results)
        systems.append(
            SystemScores(
                name=algorithm,
                is_default=algorithm == DEFAULT_ALGORITHM,
                scores={
                    metric: PRF.mean([doc[algorithm]["rouge"][metric] for doc in results]) for metric in ROUGE_TYPES
                },
                versus_baseline=versus,
                dangling_openers=sum(doc[algorithm]["dangling"] for doc in results) / chosen if chosen else 0.0,
            )
        )
    return systems, {k: v for k, v in settings.items() if k != "model"}
