"""Score summaries, tags, entities and story groups against gold JSONL data, beside baselines.

One module per task (``summary``, ``tags``, ``entities``, ``stories``), with the metrics,
the bootstrap statistics and the dataset reading they share. Rows are scored
independently, so ``jobs > 1`` splits them across worker processes and the figures do
not change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from newsdigest.evaluate.common import (
    TASKS,
    LineProblem,
    Progress,
    Report,
    SystemScores,
    iter_problems,
    read_rows,
    read_texts,
    texts_beside,
)
from newsdigest.evaluate.entities import CONLL_LABEL_MAP, LabelMapError, evaluate_entities, resolve_label_map
from newsdigest.evaluate.metrics import (
    PRF,
    ROUGE_TYPES,
    SpanCounts,
    bcubed,
    keyphrase_prf,
    map_spans,
    name_items,
    normalise_keyphrase,
    pairwise,
    pairwise_counts,
    rouge,
)
from newsdigest.evaluate.stats import Interval, bootstrap_interval, micro_f1_interval
from newsdigest.evaluate.stories import evaluate_stories
from newsdigest.evaluate.summary import evaluate_summary
from newsdigest.evaluate.tags import evaluate_tags
from newsdigest.options import ALGORITHMS, DEFAULT_SENTENCES

__all__ = [
    "CONLL_LABEL_MAP",
    "PRF",
    "ROUGE_TYPES",
    "TASKS",
    "Interval",
    "LabelMapError",
    "LineProblem",
    "Report",
    "SpanCounts",
    "SystemScores",
    "bcubed",
    "bootstrap_interval",
    "evaluate",
    "evaluate_entities",
    "evaluate_stories",
    "evaluate_summary",
    "evaluate_tags",
    "iter_problems",
    "keyphrase_prf",
    "map_spans",
    "micro_f1_interval",
    "name_items",
    "normalise_keyphrase",
    "pairwise",
    "pairwise_counts",
    "read_rows",
    "resolve_label_map",
    "rouge",
]


def evaluate(
    task: str,
    dataset: str | Path,
    *,
    limit: int | None = None,
    jobs: int = 1,
    model: str | None = None,
    sentences: int = DEFAULT_SENTENCES,
    match_reference: bool = False,
    algorithms: Sequence[str] = ALGORITHMS,
    k: int = 10,
    label_map: str = "auto",
    clean: bool = True,
    texts: str | Path | None = None,
    progress: Progress | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> Report:
    """Score one task on a JSONL dataset; malformed lines are reported, not fatal."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    if texts is not None:
        by_id: dict[str, str] | None = read_texts(texts)
    elif task == "entities" and not _first_row_has_text(dataset):
        by_id = texts_beside(dataset)
    else:
        by_id = None
    rows, problems = read_rows(dataset, task, limit, by_id)
    if on_rows:
        on_rows(len(rows))
    if task == "summary":
        systems, settings = evaluate_summary(rows, sentences, match_reference, algorithms, model, jobs, progress, clean)
    elif task == "stories":
        systems, settings = evaluate_stories(rows, model, jobs, progress, clean)
    elif task == "tags":
        systems, settings = evaluate_tags(rows, k, model, jobs, progress, clean)
    else:
        label_mapping = resolve_label_map(label_map, rows)
        systems, settings = evaluate_entities(rows, label_mapping, model, jobs, progress, clean)
    return Report(task, str(dataset), len(rows), settings, systems, problems)


def _first_row_has_text(dataset: str | Path) -> bool:
    """Whether the dataset carries its texts (a list-only gold file names them by id)."""
    import json

    try:
        with open(dataset, encoding="utf-8") as lines:
            first = next((line for line in lines if line.strip()), "")
        row = json.loads(first) if first else {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return True  # read_rows reports what is wrong with the file
    return not isinstance(row, dict) or "text" in row
