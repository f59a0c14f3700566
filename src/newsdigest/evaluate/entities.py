"""``eval entities``: typed and untyped micro P/R/F1 beside spaCy alone, on character spans
(CoNLL-style gold) or on entity lists (a canonical name and its aliases per entity, as
``modern_entities_dev.jsonl`` is written: what a reader of the entity list sees)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from newsdigest.evaluate.common import Progress, SystemScores, prepared_rows, run_rows
from newsdigest.evaluate.metrics import SpanCounts, map_spans, name_items
from newsdigest.evaluate.stats import micro_f1_interval

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


SPACY_BASELINE = "spacy (text as given)"


def _entities_worker(rows: list[dict[str, Any]], settings: dict[str, Any]) -> list[dict[str, SpanCounts]]:
    """Entities exactly as ``newsdigest entities --entity-types all`` lists them."""
    from newsdigest.options import ENTITY_LABELS, NUMERIC_LABELS, Options
    from newsdigest.pipeline.digest import analyse
    from newsdigest.pipeline.nlp import load_model, parse_many

    label_map = settings["label_map"]
    options = Options(entity_types=ENTITY_LABELS, tags=0, sentences=0, model=settings["model"], clean=settings["clean"])
    results = []
    # The baseline is the model alone on the text exactly as given: no cleaning, no repairs.
    as_given = parse_many(load_model(settings["model"]), (str(row["text"]) for row in rows))
    for row, (cleaned, doc), raw_doc in zip(rows, prepared_rows(rows, settings), as_given, strict=True):
        digest = analyse(doc, str(row.get("id", "")), options, cleaned)
        if is_name_list(row):
            # What a reader sees: each listed entity's name, against the gold names and aliases.
            listed = [(entity.name, entity.label) for entity in digest.entities if entity.label not in NUMERIC_LABELS]
            found = [(ent.text, ent.label_) for ent in raw_doc.ents if ent.label_ not in NUMERIC_LABELS]
            ours, gold = name_items(listed, row["entities"])
            raw, _ = name_items(found, row["entities"])
            ours, raw, gold = map_spans(ours, label_map), map_spans(raw, label_map), map_spans(gold, label_map)
        else:
            gold = {(int(e["start"]), int(e["end"]), str(e["label"])) for e in row["entities"]}
            raw = map_spans(((e.start_char, e.end_char, e.label_) for e in raw_doc.ents), label_map)
            ours = map_spans(
                ((start, end, entity.label) for entity in digest.entities for start, end in entity.spans), label_map
            )
        counts = {"newsdigest": SpanCounts(), SPACY_BASELINE: SpanCounts()}
        counts["newsdigest"].add(ours, gold)
        counts[SPACY_BASELINE].add(raw, gold)
        results.append(counts)
    return results


def is_name_list(row: Mapping[str, Any]) -> bool:
    """Gold given as a list of names (``name``, ``label``, ``aliases``) rather than spans."""
    entities = row.get("entities") or []
    return bool(entities) and all(isinstance(e, Mapping) and "name" in e and "start" not in e for e in entities)


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
    results = run_rows(_entities_worker, rows, {"label_map": label_map, "model": model, "clean": clean}, jobs, progress)
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
