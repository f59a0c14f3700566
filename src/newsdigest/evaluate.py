"""Score summaries, tags and entities against gold JSONL data, beside baselines.

Scoring follows ../shared/eval/README.md so that figures are comparable with published
ones: ROUGE F1 from the ``rouge-score`` package with Porter stemming (per-document
scores, averaged); keyphrase P/R/F1 at k after lower-casing, hyphens to spaces and Porter
stemming; entity micro P/R/F1 on exact character spans.

Rows are scored independently, so ``jobs > 1`` splits them across worker processes and
the figures do not change.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .clean import Cleaned
from .options import ALGORITHMS, DEFAULT_ALGORITHM, DEFAULT_SENTENCES

TASKS = ("summary", "tags", "entities", "stories")
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")

#: spaCy's OntoNotes labels → CoNLL-2003's; numeric types are not entities there.
CONLL_LABEL_MAP: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
CONLL_LABELS = frozenset(CONLL_LABEL_MAP.values())

Progress = Callable[[int], None]


# --- metrics ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, true_positives: int, predicted: int, gold: int) -> PRF:
        precision = true_positives / predicted if predicted else 0.0
        recall = true_positives / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1)

    @classmethod
    def mean(cls, scores: Sequence[PRF]) -> PRF:
        if not scores:
            return cls(0.0, 0.0, 0.0)
        n = len(scores)
        return cls(
            sum(s.precision for s in scores) / n,
            sum(s.recall for s in scores) / n,
            sum(s.f1 for s in scores) / n,
        )

    def to_dict(self) -> dict[str, float]:
        return {"p": round(100 * self.precision, 2), "r": round(100 * self.recall, 2), "f": round(100 * self.f1, 2)}


@lru_cache(maxsize=1)
def _rouge_scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def rouge(candidate_sentences: Sequence[str], reference_sentences: Sequence[str]) -> dict[str, PRF]:
    """ROUGE-1/2/Lsum of one candidate; sentences are newline-joined, as ROUGE-Lsum expects."""
    scores = _rouge_scorer().score("\n".join(reference_sentences), "\n".join(candidate_sentences))
    return {name: PRF(s.precision, s.recall, s.fmeasure) for name, s in scores.items()}


@lru_cache(maxsize=1)
def _porter() -> Any:
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


def normalise_keyphrase(phrase: str) -> str:
    """Lower-case, hyphens to spaces, Porter-stem every word."""
    stem = _porter().stem
    return " ".join(stem(word) for word in phrase.lower().replace("-", " ").split())


def keyphrase_prf(predicted: Sequence[str], gold: Iterable[str], k: int) -> PRF:
    """P/R/F1 at k; predicted phrases are de-duplicated after normalising, then cut at k."""
    seen: list[str] = []
    for phrase in predicted:
        key = normalise_keyphrase(phrase)
        if key and key not in seen:
            seen.append(key)
    top = seen[:k]
    gold_keys = {key for key in map(normalise_keyphrase, gold) if key}
    hits = sum(1 for key in top if key in gold_keys)
    return PRF.from_counts(hits, len(top), len(gold_keys))


Span = tuple[int, int, str]


@dataclass
class SpanCounts:
    """True positives, predictions and gold items, per label and untyped."""

    typed: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    untyped_hits: int = 0

    def add(self, predicted: set[Span], gold: set[Span]) -> None:
        for _, _, label in predicted:
            self.predicted[label] += 1
        for _, _, label in gold:
            self.gold[label] += 1
        for _, _, label in predicted & gold:
            self.typed[label] += 1
        self.untyped_hits += len({(s, e) for s, e, _ in predicted} & {(s, e) for s, e, _ in gold})

    def merge(self, other: SpanCounts) -> None:
        self.typed.update(other.typed)
        self.predicted.update(other.predicted)
        self.gold.update(other.gold)
        self.untyped_hits += other.untyped_hits

    def micro(self) -> PRF:
        return PRF.from_counts(sum(self.typed.values()), sum(self.predicted.values()), sum(self.gold.values()))

    def untyped(self) -> PRF:
        return PRF.from_counts(self.untyped_hits, sum(self.predicted.values()), sum(self.gold.values()))

    def per_label(self) -> dict[str, PRF]:
        labels = sorted(set(self.gold) | set(self.predicted))
        return {label: PRF.from_counts(self.typed[label], self.predicted[label], self.gold[label]) for label in labels}


def map_spans(spans: Iterable[tuple[int, int, str]], label_map: Mapping[str, str] | None) -> set[Span]:
    """Apply a label map; labels it does not cover are dropped (e.g. DATE for CoNLL)."""
    if label_map is None:
        return set(spans)
    return {(start, end, label_map[label]) for start, end, label in spans if label in label_map}


# --- datasets --------------------------------------------------------------------------

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


def _run(
    worker: Callable[[list[dict[str, Any]], dict[str, Any]], list[Any]],
    rows: list[dict[str, Any]],
    settings: dict[str, Any],
    jobs: int,
    progress: Progress | None,
) -> list[Any]:
    """Apply ``worker`` to chunks of rows, in order, on the batch engine's executor."""
    from .executors import local_executor

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


# --- tasks -----------------------------------------------------------------------------


def _reference_sentences(row: Mapping[str, Any]) -> list[str]:
    sentences = row.get("reference_summary_sentences")
    if sentences:
        return [str(s) for s in sentences]
    return [line for line in str(row["reference_summary"]).split("\n") if line.strip()]


def _prepared_docs(rows: list[dict[str, Any]], settings: dict[str, Any]) -> Iterator[tuple[Cleaned, Doc]]:
    """Each row's text as the digest pipeline sees it (cleaned unless asked not to), parsed."""
    from .digest import prepared_docs
    from .options import Options
    from .sources import SourceText

    options = Options(model=settings["model"], clean=settings["clean"])
    return prepared_docs((SourceText(str(row.get("id", "")), str(row["text"]), "utf-8") for row in rows), options)


def _summary_worker(rows: list[dict[str, Any]], settings: dict[str, Any]) -> list[dict[str, dict[str, Any]]]:
    """Every algorithm's summary exactly as ``newsdigest summarize -a ALGORITHM`` makes it."""
    from .digest import analyse
    from .options import Options
    from .ranker import dangling_flags
    from .summarize import body_sentences

    results = []
    for row, (cleaned, doc) in zip(rows, _prepared_docs(rows, settings), strict=True):
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


def _tags_worker(rows: list[dict[str, Any]], settings: dict[str, Any]) -> list[dict[str, dict[str, PRF]]]:
    """Per document, each tag style's P/R/F1 at 5 and at k, from one parse."""
    from .entities import extract_entities
    from .options import TAG_STYLES
    from .tags import extract_tags

    k = settings["k"]
    cutoffs = sorted({5, k}) if k > 5 else [k]
    results = []
    for row, (cleaned, doc) in zip(rows, _prepared_docs(rows, settings), strict=True):
        entities = extract_entities(doc, title_end=cleaned.title_end, layout=cleaned.layout)
        per_style = {}
        for style in TAG_STYLES:
            tags = [tag.tag for tag in extract_tags(doc, entities, max(cutoffs), style, cleaned.layout.code_ranges)]
            per_style[style] = {f"@{cut}": keyphrase_prf(tags, row["keyphrases"], cut) for cut in cutoffs}
        results.append(per_style)
    return results


SPACY_BASELINE = "spacy (text as given)"
#: Every summary system is compared with Lead-N at the same length.
SUMMARY_BASELINE = "lead"


def _entities_worker(rows: list[dict[str, Any]], settings: dict[str, Any]) -> list[dict[str, SpanCounts]]:
    """Entities exactly as ``newsdigest entities --entity-types all`` lists them."""
    from .digest import analyse
    from .nlp import load_model, parse_many
    from .options import ENTITY_LABELS, Options

    label_map = settings["label_map"]
    options = Options(entity_types=ENTITY_LABELS, tags=0, sentences=0, model=settings["model"], clean=settings["clean"])
    results = []
    # The baseline is the model alone on the text exactly as given: no cleaning, no repairs.
    as_given = parse_many(load_model(settings["model"]), (str(row["text"]) for row in rows))
    for row, (cleaned, doc), raw_doc in zip(rows, _prepared_docs(rows, settings), as_given, strict=True):
        gold = {(int(e["start"]), int(e["end"]), str(e["label"])) for e in row["entities"]}
        raw = map_spans(((e.start_char, e.end_char, e.label_) for e in raw_doc.ents), label_map)
        digest = analyse(doc, str(row.get("id", "")), options, cleaned)
        ours = map_spans(
            ((start, end, entity.label) for entity in digest.entities for start, end in entity.spans), label_map
        )
        counts = {"newsdigest": SpanCounts(), SPACY_BASELINE: SpanCounts()}
        counts["newsdigest"].add(ours, gold)
        counts[SPACY_BASELINE].add(raw, gold)
        results.append(counts)
    return results


@dataclass(frozen=True)
class Interval:
    """A mean paired difference against a baseline, with its 95% bootstrap interval."""

    mean: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        """In points (×100), like the scores beside it."""
        return {"mean": round(100 * self.mean, 2), "low": round(100 * self.low, 2), "high": round(100 * self.high, 2)}


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
    results = _run(_summary_worker, rows, settings, jobs, progress)
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


def evaluate_tags(
    rows: list[dict[str, Any]],
    k: int = 10,
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    clean: bool = True,
) -> tuple[list[SystemScores], dict[str, Any]]:
    from .options import TAG_STYLES

    results = _run(_tags_worker, rows, {"k": k, "model": model, "clean": clean}, jobs, progress)
    systems = []
    for style in TAG_STYLES:
        metrics = results[0][style] if results else {f"@{k}": PRF(0.0, 0.0, 0.0)}
        scores = {metric: PRF.mean([r[style][metric] for r in results]) for metric in metrics}
        name = "newsdigest" if style == "topics" else f"newsdigest --tag-style {style}"
        systems.append(SystemScores(name, style == "topics", scores))
    return systems, {"k": k, "clean": clean}


class LabelMapError(ValueError):
    """A --label-map value that cannot be read."""


def resolve_label_map(spec: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, str] | None:
    """'auto' (CoNLL's map when gold labels are CoNLL's, else none), 'conll', 'none',
    a JSON object of {ours: theirs}, or comma-separated OURS=THEIRS pairs."""
    if spec == "auto":
        gold_labels = {str(e["label"]) for row in rows for e in row["entities"]}
        return dict(CONLL_LABEL_MAP) if gold_labels and gold_labels <= CONLL_LABELS else None
    if spec == "conll":
        return dict(CONLL_LABEL_MAP)
    if spec == "none":
        return None
    if spec.lstrip().startswith("{"):
        try:
            loaded = json.loads(spec)
        except json.JSONDecodeError as exc:
            raise LabelMapError(f"cannot read label map {spec!r} as JSON ({exc.msg})") from None
        if not isinstance(loaded, dict):
            raise LabelMapError(f"label map {spec!r} should be a JSON object of {{ours: theirs}}")
        return {str(k): str(v) for k, v in loaded.items()}
    pairs = [item.split("=", 1) for item in spec.split(",") if item.strip()]
    if not pairs or any(len(pair) != 2 for pair in pairs):
        raise LabelMapError(f"cannot read label map {spec!r}; use 'conll', 'none', or pairs like PERSON=PER,GPE=LOC")
    return {ours.strip(): theirs.strip() for ours, theirs in pairs}


def evaluate_entities(
    rows: list[dict[str, Any]],
    label_map: dict[str, str] | None,
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    clean: bool = True,
) -> tuple[list[SystemScores], dict[str, Any]]:
    results = _run(_entities_worker, rows, {"label_map": label_map, "model": model, "clean": clean}, jobs, progress)
    systems = []
    for name in ("newsdigest", SPACY_BASELINE):
        total = SpanCounts()
        for doc in results:
            total.merge(doc[name])
        gap = {"typed": micro_f1_interval(results, name, SPACY_BASELINE)} if name != SPACY_BASELINE else {}
        systems.append(
            SystemScores(
                name,
                name == "newsdigest",
                {"typed": total.micro(), "untyped": total.untyped()},
                total.per_label(),
                versus_baseline=gap,
            )
        )
    return systems, {"label_map": label_map, "clean": clean}


def micro_f1_interval(
    results: Sequence[dict[str, SpanCounts]], name: str, baseline: str, resamples: int = 2000, seed: int = 0
) -> Interval:
    """Typed micro F1 of ``name`` minus ``baseline``'s, with a 95% bootstrap interval:
    documents are resampled and their span counts summed, as micro F1 is computed."""
    import numpy as np

    def counts(system: str) -> tuple[Any, Any, Any]:
        hits = np.array([sum(doc[system].typed.values()) for doc in results], dtype=float)
        predicted = np.array([sum(doc[system].predicted.values()) for doc in results], dtype=float)
        gold = np.array([sum(doc[system].gold.values()) for doc in results], dtype=float)
        return hits, predicted, gold

    ours, theirs = counts(name), counts(baseline)

    def f1(picks: Any, hits: Any, predicted: Any, gold: Any) -> Any:
        denominator = predicted[picks].sum(axis=-1) + gold[picks].sum(axis=-1)
        return np.where(denominator > 0, 2 * hits[picks].sum(axis=-1) / np.maximum(denominator, 1), 0.0)

    everything = np.arange(len(results))
    mean = float(f1(everything, *ours) - f1(everything, *theirs))
    if not len(results):
        return Interval(0.0, 0.0, 0.0)
    picks = np.random.default_rng(seed).integers(0, len(results), size=(resamples, len(results)))
    differences = f1(picks, *ours) - f1(picks, *theirs)
    low, high = np.quantile(differences, [0.025, 0.975])
    return Interval(mean, float(low), float(high))


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
    progress: Progress | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> Report:
    """Score one task on a JSONL dataset; malformed lines are reported, not fatal."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    rows, problems = read_rows(dataset, task, limit)
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


# --- stories ---------------------------------------------------------------------------


def bcubed(predicted: Sequence[Any], gold: Sequence[Any], subset: Sequence[int] | None = None) -> PRF:
    """B-cubed precision/recall/F1 (Bagga & Baldwin) over ``subset`` (default: every item),
    each item's predicted and gold groups taken from the whole list."""
    by_predicted: dict[Any, set[int]] = {}
    by_gold: dict[Any, set[int]] = {}
    for index, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_predicted.setdefault(p, set()).add(index)
        by_gold.setdefault(g, set()).add(index)
    items = list(range(len(gold))) if subset is None else list(subset)
    if not items:
        return PRF(0.0, 0.0, 0.0)
    precision = recall = 0.0
    for index in items:
        mine, truth = by_predicted[predicted[index]], by_gold[gold[index]]
        both = len(mine & truth)
        precision += both / len(mine)
        recall += both / len(truth)
    precision, recall = precision / len(items), recall / len(items)
    return PRF(precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def pairwise_counts(
    predicted: Sequence[Any], gold: Sequence[Any], subset: Sequence[int] | None = None
) -> tuple[int, int, int]:
    """(pairs in both, pairs predicted, gold pairs) of items put in the same group; with
    ``subset``, only pairs with at least one item in it (for folds of a cross-validation)."""
    inside = None if subset is None else set(subset)

    def pairs(labels: Sequence[Any]) -> set[tuple[int, int]]:
        groups: dict[Any, list[int]] = {}
        for index, label in enumerate(labels):
            groups.setdefault(label, []).append(index)
        return {
            (a, b)
            for members in groups.values()
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if inside is None or a in inside or b in inside
        }

    ours, truth = pairs(predicted), pairs(gold)
    return len(ours & truth), len(ours), len(truth)


def pairwise(predicted: Sequence[Any], gold: Sequence[Any]) -> PRF:
    """Precision/recall/F1 over the pairs of items put in the same group."""
    return PRF.from_counts(*pairwise_counts(predicted, gold))


#: Baselines of ``eval stories`` are quadratic in memory; above this many articles they are skipped.
MAX_BASELINE_ARTICLES = 20_000
#: Thresholds tried for the TF-IDF baseline; it is reported at its best one (its most favourable figure).
BASELINE_THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(2, 19))
#: Articles further apart than this are kept apart in the dated variant of the baseline.
BASELINE_MAX_DAYS = 31


def _digest_rows(rows: list[dict[str, Any]], model: str | None, jobs: int, clean: bool) -> list[Any]:
    """Each row digested by the batch engine, exactly as ``newsdigest corpus`` does."""
    from .batch import CallbackSink, Input, run_batch
    from .options import Options

    found: dict[int, Any] = {}
    inputs = (
        Input(
            source=str(number),
            text=str(row["text"]),
            metadata={k: str(row[k]) for k in ("title", "date", "url") if isinstance(row.get(k), str) and row[k]}
            or None,
        )
        for number, row in enumerate(rows)
    )
    sink = CallbackSink(lambda item, digest: found.__setitem__(int(item.source), digest))
    run_batch(inputs, Options(model=model, clean=clean), sink, jobs=jobs)
    return [found[number] for number in range(len(rows))]


def evaluate_stories(
    rows: list[dict[str, Any]],
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    clean: bool = True,
) -> tuple[list[SystemScores], dict[str, Any]]:
    from .stories import group

    digests = _digest_rows(rows, model, jobs, clean)
    if progress:
        progress(len(rows))
    gold = [str(row["cluster"]) for row in rows]
    good = [i for i, digest in enumerate(digests) if digest.error is None]
    labels, _, _ = group([digests[i] for i in good])
    predicted: list[Any] = [f"error-{i}" for i in range(len(rows))]  # failed inputs stand alone
    for index, label in zip(good, labels, strict=True):
        predicted[index] = label
    systems = [
        SystemScores("newsdigest", True, {"B-cubed": bcubed(predicted, gold), "pairwise": pairwise(predicted, gold)})
    ]
    settings: dict[str, Any] = {"clean": clean}
    if len(rows) <= MAX_BASELINE_ARTICLES:
        texts = [str(row["text"]) for row in rows]
        dates = [str(row.get("date") or "") for row in rows]
        for name, max_days in (
            ("tf-idf avg-link", None),
            (f"tf-idf avg-link ≤{BASELINE_MAX_DAYS}d", BASELINE_MAX_DAYS),
        ):
            best, threshold = _tfidf_baseline(texts, dates, gold, max_days)
            systems.append(SystemScores(name, False, {"B-cubed": bcubed(best, gold), "pairwise": pairwise(best, gold)}))
            settings[f"threshold ({name})"] = threshold
        copies = _minhash_baseline(texts)
        systems.append(
            SystemScores("minhash copies", False, {"B-cubed": bcubed(copies, gold), "pairwise": pairwise(copies, gold)})
        )
    return systems, settings


def _tfidf_baseline(
    texts: Sequence[str], dates: Sequence[str], gold: Sequence[str], max_days: int | None
) -> tuple[list[int], float]:
    """TF-IDF cosine, average-link clustering (scipy), at the threshold best for B-cubed F1."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import csr_matrix
    from scipy.spatial.distance import squareform

    from .stories import parse_date, words_of

    vocabulary: dict[str, int] = {}
    data, indices, pointers = [], [], [0]
    documents = [Counter(words_of(text)) for text in texts]
    frequency = Counter(word for counts in documents for word in counts)
    for counts in documents:
        for word, count in counts.items():
            column = vocabulary.setdefault(word, len(vocabulary))
            indices.append(column)
            data.append((1 + np.log(count)) * (np.log((len(texts) + 1) / (frequency[word] + 1)) + 1))
        pointers.append(len(indices))
    matrix = csr_matrix((data, indices, pointers), shape=(len(texts), len(vocabulary)), dtype=np.float64)
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1.0
    unit = csr_matrix(matrix.multiply(1 / norms[:, None]))
    similarity = (unit @ unit.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 1.0)
    if max_days is not None:
        parsed = [parse_date(value) for value in dates]
        ordinals = np.array([d.toordinal() if d else -(10**9) for d in parsed], dtype=np.int64)
        known = np.array([d is not None for d in parsed])
        apart = np.abs(ordinals[:, None] - ordinals[None, :]) > max_days
        distance[apart & known[:, None] & known[None, :]] = 1.0
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    best: tuple[float, list[int], float] = (-1.0, [], 0.0)
    for threshold in BASELINE_THRESHOLDS:
        labels = [int(v) for v in fcluster(tree, t=1.0 - threshold, criterion="distance")]
        score = bcubed(labels, gold).f1
        if score > best[0]:
            best = (score, labels, threshold)
    return best[1], best[2]


def _minhash_baseline(texts: Sequence[str], threshold: float = 0.5) -> list[int]:
    """Near-duplicate groups: MinHash LSH over 5-word shingles of the text, connected components."""
    from datasketch import MinHash, MinHashLSH

    from .stories import words_of

    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sketches = []
    for index, text in enumerate(texts):
        words = words_of(text)
        sketch = MinHash(num_perm=128, seed=1)
        sketch.update_batch([" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))])
        sketches.append(sketch)
        lsh.insert(str(index), sketch)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, sketch in enumerate(sketches):
        for other in lsh.query(sketch):
            parent[find(int(other))] = find(index)
    return [find(i) for i in range(len(texts))]


def iter_problems(report: Report) -> Iterator[str]:
    for problem in report.problems:
        yield f"{report.dataset}:{problem.line}: {problem.message}; line skipped"


def bootstrap_interval(
    differences: Sequence[float], resamples: int = 2000, seed: int = 0, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Mean of paired per-document differences and its bootstrap interval (documents resampled).

    A fixed seed makes the interval reproducible; "better" needs the low end above zero.
    """
    import numpy as np

    values = np.asarray(differences, dtype=float)
    if not len(values):
        return 0.0, 0.0, 0.0
    picks = np.random.default_rng(seed).integers(0, len(values), size=(resamples, len(values)))
    means = values[picks].mean(axis=1)
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(values.mean()), float(low), float(high)
