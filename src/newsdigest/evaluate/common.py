"""What every task shares: reading a JSONL dataset, running rows on the batch engine's
executors, and the report they all return.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
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


def _read_lines(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError("dataset not found; check the path", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory; name a .jsonl file", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text; JSON Lines files must be UTF-8", str(path)) from None


#: Fields a texts file may hold an article's text in, in order of preference.
TEXT_FIELDS = ("text", "gold_body")


def read_texts(path: str | Path) -> dict[str, str]:
    """``id`` → text from a JSONL file whose rows carry ``id`` and ``text`` (or ``gold_body``,
    as WCXB's gold file does); rows without both are ignored."""
    texts: dict[str, str] = {}
    for line in _read_lines(path):
        try:
            row = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            continue
        if not isinstance(row, dict) or "id" not in row:
            continue
        text = next((row[name] for name in TEXT_FIELDS if isinstance(row.get(name), str)), None)
        if text is not None:
            texts[str(row["id"])] = text
    return texts


def texts_beside(dataset: str | Path) -> dict[str, str] | None:
    """The texts of a list-only gold file, from the ``gold.jsonl`` in a folder beside it that
    holds most of its ids (``modern_entities_dev.jsonl`` beside ``wcxb_dev/gold.jsonl``)."""
    wanted = set()
    for line in _read_lines(dataset):
        try:
            row = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and "id" in row:
            wanted.add(str(row["id"]))
    best: dict[str, str] | None = None
    for candidate in sorted(Path(dataset).parent.glob("*/gold.jsonl")):
        texts = read_texts(candidate)
        if len(wanted & texts.keys()) > (len(wanted & best.keys()) if best else 0):
            best = texts
    return best


def read_rows(
    path: str | Path, task: str, limit: int | None = None, texts: Mapping[str, str] | None = None
) -> tuple[list[dict[str, Any]], list[LineProblem]]:
    """Rows usable for ``task`` and the lines that were not, with their line numbers.

    A row without ``text`` takes it from ``texts`` by its ``id``, when given."""
    rows: list[dict[str, Any]] = []
    problems: list[LineProblem] = []
    lines = _read_lines(path)
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
        if "text" not in row and texts is not None and str(row.get("id")) in texts:
            row["text"] = texts[str(row["id"])]
        missing = [name for name in REQUIRED_FIELDS[task] if name not in row]
        if task == "summary" and not ({"reference_summary", "reference_summary_sentences"} & row.keys()):
            missing.append("reference_summary")
        if missing:
            hint = "; name the articles' file with --texts" if missing == ["text"] and "id" in row else ""
            problems.append(LineProblem(number, f"missing field {', '.join(repr(m) for m in missing)}{hint}"))
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
