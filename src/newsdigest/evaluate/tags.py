"""``eval tags``: each tag style's keyphrase P/R/F1 at 5 and at k."""

from __future__ import annotations

from typing import Any

from newsdigest.evaluate.common import Progress, SystemScores, prepared_rows, run_rows
from newsdigest.evaluate.metrics import PRF, keyphrase_prf


def _tags_worker(rows: list[dict[str, Any]], settings: dict[str, Any]) -> list[dict[str, dict[str, PRF]]]:
    """Per document, each tag style's P/R/F1 at 5 and at k, from one parse."""
    from newsdigest.options import TAG_STYLES
    from newsdigest.pipeline.entities import extract_entities
    from newsdigest.pipeline.tags import extract_tags

    k = settings["k"]
    cutoffs = sorted({5, k}) if k > 5 else [k]
    results = []
    for row, (cleaned, doc) in zip(rows, prepared_rows(rows, settings), strict=True):
        entities = extract_entities(doc, title_end=cleaned.title_end, layout=cleaned.layout)
        per_style = {}
        for style in TAG_STYLES:
            tags = [tag.tag for tag in extract_tags(doc, entities, max(cutoffs), style, cleaned.layout.code_ranges)]
            per_style[style] = {f"@{cut}": keyphrase_prf(tags, row["keyphrases"], cut) for cut in cutoffs}
        results.append(per_style)
    return results


def evaluate_tags(
    rows: list[dict[str, Any]],
    k: int = 10,
    model: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    clean: bool = True,
) -> tuple[list[SystemScores], dict[str, Any]]:
    from newsdigest.options import TAG_STYLES

    results = run_rows(_tags_worker, rows, {"k": k, "model": model, "clean": clean}, jobs, progress)
    systems = []
    for style in TAG_STYLES:
        metrics = results[0][style] if results else {f"@{k}": PRF(0.0, 0.0, 0.0)}
        scores = {metric: PRF.mean([r[style][metric] for r in results]) for metric in metrics}
        name = "newsdigest" if style == "topics" else f"newsdigest --tag-style {style}"
        systems.append(SystemScores(name, style == "topics", scores))
    return systems, {"k": k, "clean": clean}
