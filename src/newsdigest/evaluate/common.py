"""What every task shares: reading a JSONL dataset, running rows on the batch engine's
executors, and the report they all return.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdigest.errors import InputError
from newsdigest.evaluate.metrics import PRF
from newsdigest.evaluate.stats import Interval

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsdigest.pipeline.clean import Cleaned

TASKS = ("summary", "tags", "entities", "stories")


Progress = Callable[[int], None]


REQUIRED_FIELDS = {
    "summary": ("text",),
    "tags": ("text", "keyphrases"),
    "entities": ("text", "entities"),
    "stories": ("text", "cluster"),
}


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str


def read_rows(path: str | Path, task: str, limit: int | None = None) -> tuple[list[dict[str, Any]], list[LineProblem]]:
    """Rows usable for ``task`` and the lines that were not, with their line numbers."""
    rows: list[dict[str, Any]] = []
    problems: list[LineProblem] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError("dataset not found; check the path", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory; name a .jsonl file", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text; JSON Lines files must be UTF-8", str(path)) from None
    for number, line in enumerate(lines, start=1):
        if limit is not None and len(rows) >= limit:
            break
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(LineProblem(number, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(row, dict):
            problems.append(LineProblem(number, "not a JSON object"))
            continue
        missing = [name for name in REQUIRED_FIELDS[task] if name not in row]
        if task == "summary" and not ({"reference_summary", "reference_summary_sentences"} & row.keys()):
            missing.append("reference_summary")
        if missing:
            problems.append(LineProblem(number, f"missing field {', '.join(repr(m) for m in missing)}"))
            continue
        if row.get("duplicate_of") is not None:
            continue
        rows.append(row)
    return rows, problems


def run_rows(
    worker: Callable[[list[dict[str, Any]], dict[str, Any]], list[Any]],
    rows: list[dict[str, Any]],
    settings: dict[str, Any],
    jobs: int,
    progress: Progress | None,
) -> list[Any]:
    """Apply ``worker`` to chunks of rows, in order, on the batch engine's executor."""
    from newsdigest.batch.executors import local_executor

    chunk_size = 8
    chunks = [rows[i : i + chunk_size] for i in range(0, len(rows), chunk_size)]
    results: list[Any] = []
    executor = local_executor(jobs if len(chunks) > 1 else 1)
    aborted = True
    try:
        for chunk, chunk_results in zip(chunks, executor.map(worker, chunks, settings), strict=True):
            results.extend(chunk_results)
            if progress:
                progress(len(chunk))
        aborted = False
    finally:
        executor.close(abort=aborted)
    return results


def prepared_rows(rows: list[dict[str, Any]], settings: dict[str, Any]) -> Iterator[tuple[Cleaned, Doc]]:
    """Each row's text as the digest pipeline sees it (cleaned unless asked not to), parsed."""
    from newsdigest.options import Options
    from newsdigest.pipeline.digest import prepared_docs
    from newsdigest.records import SourceText

    options = Options(model=settings["model"], clean=settings["clean"])
    return prepared_docs((SourceText(str(row.get("id", "")), str(row["text"]), "utf-8") for row in rows), options)


@dataclass(frozen=True)
class SystemScores:
    name: str
    is_default: bool
    scores: dict[str, PRF]
    per_label: dict[str, PRF] = field(default_factory=dict)
    #: Summaries: F1 minus the baseline's, per metric, paired by document.
    versus_baseline: dict[str, Interval] = field(default_factory=dict)
    #: Summaries: share of sentences opening with "He", "But", … without the sentence before.
    dangling_openers: float | None = None

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {"name": self.name, "default": self.is_default}
        record.update({metric: prf.to_dict() for metric, prf in self.scores.items()})
        if self.per_label:
            record["per_label"] = {label: prf.to_dict() for label, prf in self.per_label.items()}
        if self.versus_baseline:
            record["versus_baseline"] = {metric: gap.to_dict() for metric, gap in self.versus_baseline.items()}
        if self.dangling_openers is not None:
            record["dangling_openers"] = round(100 * self.dangling_openers, 2)  # percent
        return record


@dataclass(frozen=True)
class Report:
    task: str
    dataset: str
    documents: int
    settings: dict[str, Any]
    systems: list[SystemScores]
    problems: list[LineProblem]

    @property
    def metrics(self) -> list[str]:
        return list(self.systems[0].scores) if self.systems else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "dataset": self.dataset,
            "documents": self.documents,
            "settings": self.settings,
            "systems": [system.to_dict() for system in self.systems],
            "skipped_lines": [{"line": p.line, "message": p.message} for p in self.problems],
        }


def iter_problems(report: Report) -> Iterator[str]:
    for problem in report.problems:
        yield f"{report.dataset}:{problem.line}: {problem.message}; line skipped"
