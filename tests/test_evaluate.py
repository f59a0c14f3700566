from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdigest import cli
from newsdigest.errors import ExitCode
from newsdigest.evaluate import (
    CONLL_LABEL_MAP,
    SpanCounts,
    bootstrap_interval,
    keyphrase_prf,
    map_spans,
    name_items,
    normalise_keyphrase,
    read_rows,
    resolve_label_map,
    rouge,
)
from newsdigest.options import ALGORITHMS

ARTICLES = [
    (
        "Angela Merkel met Emmanuel Macron in Paris on Monday. The two leaders discussed energy prices. "
        "They agreed to meet again in Berlin next month. Protesters gathered outside the Elysee Palace.",
        ["Merkel and Macron met in Paris.", "They discussed energy prices."],
    ),
    (
        "Siemens reported higher profits on Thursday. Its shares rose 5% in Frankfurt. "
        "The company said demand for trains was strong. Analysts had expected weaker results.",
        ["Siemens profits rose.", "Shares rose in Frankfurt."],
    ),
]


def test_rouge_on_a_tiny_pair() -> None:
    scores = rouge(["the cat sat"], ["the cat sat on the mat"])
    assert scores["rouge1"].precision == 1.0 and scores["rouge1"].recall == 0.5
    assert scores["rouge1"].f1 == pytest.approx(2 / 3)
    assert scores["rouge2"].precision == 1.0 and scores["rouge2"].recall == pytest.approx(2 / 5)
    # Porter stemming is on: "sitting cats" matches "cats sit"? only "cat" does.
    assert rouge(["cats"], ["cat"])["rouge1"].f1 == 1.0


def test_keyphrase_matching_and_cut_off() -> None:
    assert normalise_keyphrase("Peace-Talks") == normalise_keyphrase("peace talks") == "peac talk"
    predicted = ["Energy prices", "energy price", "NATO", "peace talks", "Trump"]
    scores = keyphrase_prf(predicted, ["energy prices", "peace-talks", "Russia"], k=3)
    # After de-duplication the top 3 are energy price, nato, peace talk: 2 hits of 3, 2 of 3 gold.
    assert (scores.precision, scores.recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert keyphrase_prf([], ["x"], k=10).f1 == 0.0


def test_span_counts_typed_and_untyped() -> None:
    counts = SpanCounts()
    counts.add({(0, 5, "PER"), (10, 14, "LOC"), (20, 25, "ORG")}, {(0, 5, "PER"), (10, 14, "ORG"), (30, 35, "MISC")})
    assert counts.micro().precision == pytest.approx(1 / 3) and counts.micro().recall == pytest.approx(1 / 3)
    assert counts.untyped().f1 == pytest.approx(2 / 3)
    per_label = counts.per_label()
    assert per_label["PER"].f1 == 1.0 and per_label["LOC"].precision == 0.0 and per_label["MISC"].recall == 0.0


def test_label_maps() -> None:
    spans = [(0, 4, "GPE"), (5, 9, "DATE"), (10, 14, "PERSON")]
    assert map_spans(spans, CONLL_LABEL_MAP) == {(0, 4, "LOC"), (10, 14, "PER")}
    assert map_spans(spans, None) == set(spans)
    conll_rows = [{"entities": [{"label": "PER"}, {"label": "MISC"}]}]
    assert resolve_label_map("auto", conll_rows) == CONLL_LABEL_MAP
    assert resolve_label_map("auto", [{"entities": [{"label": "PERSON"}]}]) is None
    assert resolve_label_map("PERSON=PER, GPE=LOC", []) == {"PERSON": "PER", "GPE": "LOC"}
    with pytest.raises(ValueError, match="label map"):
        resolve_label_map("PERSON", [])


def test_read_rows_reports_bad_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"text": "a", "keyphrases": ["x"]}\n'
        "{not json\n"
        '{"text": "b"}\n'
        "\n"
        '{"text": "c", "keyphrases": [], "duplicate_of": "0"}\n'
        '["a list"]\n'
        '{"text": "d", "keyphrases": ["y"]}\n',
        encoding="utf-8",
    )
    rows, problems = read_rows(path, "tags")
    assert [row["text"] for row in rows] == ["a", "d"]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (2, "not valid JSON"),
        (3, "missing field 'keyphrases'"),
        (6, "not a JSON object"),
    ]


def write_jsonl(path: Path, rows: list[dict], bad_line: str | None = None) -> Path:
    lines = [json.dumps(row) for row in rows]
    if bad_line is not None:
        lines.insert(1, bad_line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_summary_cli(tmp_path: Path) -> None:
    rows = [{"text": text, "reference_summary_sentences": ref} for text, ref in ARTICLES]
    dataset = write_jsonl(tmp_path / "sums.jsonl", rows, bad_line='{"text": "no reference"}')
    result = CliRunner().invoke(cli.main, ["eval", "summary", str(dataset), "-n", "2", "--json"])
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert f"{dataset}:2: missing field 'reference_summary'" in result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == 2 and [s["name"] for s in report["systems"]] == list(ALGORITHMS)
    lead = next(s for s in report["systems"] if s["name"] == "lead")
    # Independent computation: rouge-score on the first two sentences of each article.
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    expected = []
    for text, ref in ARTICLES:
        first_two = text.split(". ")[:2]
        candidate = "\n".join(sentence.rstrip(".") + "." for sentence in first_two)
        expected.append(scorer.score("\n".join(ref), candidate)["rouge1"].fmeasure)
    assert lead["rouge1"]["f"] == pytest.approx(100 * sum(expected) / len(expected), abs=0.01)
    # Every other system carries its paired difference against lead, with an interval around it.
    for system in report["systems"]:
        assert 0 <= system["dangling_openers"] <= 100
        if system["name"] == "lead":
            assert "versus_baseline" not in system
            continue
        for metric in ("rouge1", "rouge2", "rougeLsum"):
            gap = system["versus_baseline"][metric]
            assert gap["mean"] == pytest.approx(system[metric]["f"] - lead[metric]["f"], abs=0.02)
            assert gap["low"] <= gap["mean"] <= gap["high"]


def test_bootstrap_interval_is_reproducible_and_shrinks_with_more_documents() -> None:
    import random

    rng = random.Random(1)
    few = [rng.gauss(0.01, 0.05) for _ in range(40)]
    many = [rng.gauss(0.01, 0.05) for _ in range(4000)]
    assert bootstrap_interval(few) == bootstrap_interval(few)  # fixed seed
    mean, low, high = bootstrap_interval(few)
    assert low < mean < high and mean == pytest.approx(sum(few) / len(few))
    _, many_low, many_high = bootstrap_interval(many)
    assert many_high - many_low < (high - low) / 5
    assert many_low > 0  # a real +1 point difference is found with enough documents
    assert bootstrap_interval([0.02] * 10) == pytest.approx((0.02, 0.02, 0.02))


def test_eval_summary_table(tmp_path: Path) -> None:
    rows = [{"text": text, "reference_summary": "\n".join(ref)} for text, ref in ARTICLES]
    dataset = write_jsonl(tmp_path / "sums.jsonl", rows)
    result = CliRunner().invoke(
        cli.main, ["eval", "summary", str(dataset), "-a", "news", "-a", "lexrank", "--match-reference"]
    )
    assert result.exit_code == 0
    assert "ROUGE-1" in result.stdout and "news (default)" in result.stdout and "lexrank" in result.stdout
    assert "*" in result.stdout
    # Lead runs as the baseline even when not asked for; the differences table names it.
    assert "lead" in result.stdout and "F1 minus lead's" in result.stdout and "dangling" in result.stdout


def test_eval_tags_and_entities_cli(tmp_path: Path) -> None:
    text = ARTICLES[0][0]
    tags = write_jsonl(
        tmp_path / "tags.jsonl", [{"text": text, "keyphrases": ["energy prices", "Angela Merkel", "Paris"]}]
    )
    result = CliRunner().invoke(cli.main, ["eval", "tags", str(tags), "--json", "-k", "5"])
    assert result.exit_code == 0
    scores = json.loads(result.stdout)["systems"][0]["@5"]
    assert scores["r"] > 0 and 0 <= scores["p"] <= 100

    def span(name: str, label: str) -> dict:
        start = text.index(name)
        return {"start": start, "end": start + len(name), "label": label, "text": name}

    gold = [span("Angela Merkel", "PER"), span("Emmanuel Macron", "PER"), span("Paris", "LOC"), span("Berlin", "LOC")]
    entities = write_jsonl(tmp_path / "ents.jsonl", [{"text": text, "entities": gold}])
    result = CliRunner().invoke(cli.main, ["eval", "entities", str(entities), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert [s["name"] for s in report["systems"]] == ["newsdigest", "spacy (text as given)"]
    assert report["settings"]["label_map"] == CONLL_LABEL_MAP
    assert report["systems"][0]["typed"]["r"] >= 75.0


def test_name_lists_match_names_and_aliases_once_each() -> None:
    gold = [
        {"name": "Pete Hegseth", "label": "PERSON", "aliases": ["Hegseth"]},
        {"name": "Ukraine Defense Contact Group", "label": "ORG", "aliases": ["UDCG"]},
        {"name": "NATO", "label": "ORG", "aliases": []},
    ]
    predicted = [("Hegseth's", "PERSON"), ("pete  hegseth", "PERSON"), ("UDCG", "GPE"), ("Brussels", "GPE")]
    counts = SpanCounts()
    counts.add(*name_items(predicted, gold))
    # Two names of one person count once; a wrong label is an untyped hit only; Brussels is not listed.
    assert counts.micro().precision == pytest.approx(1 / 3) and counts.micro().recall == pytest.approx(1 / 3)
    assert counts.untyped().precision == pytest.approx(2 / 3) and counts.untyped().recall == pytest.approx(2 / 3)


def test_eval_entities_on_a_name_list_takes_texts_by_id(tmp_path: Path) -> None:
    text = ARTICLES[0][0]
    (tmp_path / "pages").mkdir()
    write_jsonl(tmp_path / "pages" / "gold.jsonl", [{"id": "a1", "gold_body": text}])
    gold = [
        {"name": "Angela Merkel", "label": "PERSON", "aliases": ["Merkel"]},
        {"name": "Emmanuel Macron", "label": "PERSON", "aliases": []},
        {"name": "Paris", "label": "GPE", "aliases": []},
        {"name": "Berlin", "label": "GPE", "aliases": []},
        {"name": "Elysee Palace", "label": "FAC", "aliases": []},
    ]
    names = write_jsonl(tmp_path / "names.jsonl", [{"id": "a1", "entities": gold}])
    found = CliRunner().invoke(cli.main, ["eval", "entities", str(names), "--json"])
    assert found.exit_code == 0, found.output
    report = json.loads(found.stdout)
    assert report["documents"] == 1 and report["settings"]["label_map"] is None
    assert report["systems"][0]["untyped"]["r"] >= 80.0
    # Without the articles beside it, each row says what to give.
    alone = tmp_path / "alone"
    alone.mkdir()
    lonely = write_jsonl(alone / "names.jsonl", [{"id": "a1", "entities": gold}])
    missing = CliRunner().invoke(cli.main, ["eval", "entities", str(lonely)])
    assert missing.exit_code == ExitCode.ERROR and "--texts" in missing.stderr
    given = CliRunner().invoke(
        cli.main, ["eval", "entities", str(lonely), "--texts", str(tmp_path / "pages" / "gold.jsonl")]
    )
    assert given.exit_code == 0, given.output


def test_eval_missing_dataset(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.main, ["eval", "tags", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == ExitCode.ERROR and "dataset not found" in result.stderr


def test_only_a_bad_label_map_is_reported_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdigest.evaluate as evaluation

    data = write_jsonl(tmp_path / "e.jsonl", [{"text": ARTICLES[0][0], "entities": []}])
    bad = CliRunner().invoke(cli.main, ["eval", "entities", str(data), "--label-map", "{not json"])
    assert bad.exit_code == ExitCode.USAGE and "--label-map" in bad.stderr and "as JSON" in bad.stderr

    def broken(*args, **kwargs):
        raise ValueError("a bug elsewhere")

    monkeypatch.setattr(evaluation, "evaluate_entities", broken)
    other = CliRunner().invoke(cli.main, ["eval", "entities", str(data)])
    assert other.exit_code == ExitCode.ERROR
    assert "--label-map" not in other.stderr and "unexpected ValueError: a bug elsewhere" in other.stderr


def test_entity_f1_gap_has_a_bootstrap_interval() -> None:
    from newsdigest.evaluate import SpanCounts, micro_f1_interval

    def doc(ours_hits: int, theirs_hits: int) -> dict[str, SpanCounts]:
        gold = {(i, i + 1, "PER") for i in range(0, 20, 2)}
        ours, theirs = SpanCounts(), SpanCounts()
        ours.add(set(sorted(gold)[:ours_hits]), gold)
        theirs.add(set(sorted(gold)[:theirs_hits]), gold)
        return {"a": ours, "b": theirs}

    same = [doc(5, 5) for _ in range(30)]
    gap = micro_f1_interval(same, "a", "b")
    assert gap.mean == gap.low == gap.high == 0.0
    better = [doc(8, 5) if i % 3 else doc(5, 5) for i in range(30)]
    gap = micro_f1_interval(better, "a", "b")
    assert 0 < gap.low < gap.mean < gap.high
