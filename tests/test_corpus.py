"""Stories from a folder of articles: grouping, descriptions, outputs, evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsdigest
from newsdigest import cli
from newsdigest.corpus.report import CORPUS_SCHEMA, describe
from newsdigest.corpus.stories import average_link, outlet_of
from newsdigest.errors import ExitCode
from newsdigest.evaluate import bcubed, pairwise

# Three invented stories (data/samples/stories.jsonl), each told by several outlets on
# nearby days, plus one syndicated copy.
SAMPLE_STORIES = Path(__file__).resolve().parent.parent / "data" / "samples" / "stories.jsonl"
ARTICLES = [
    (row["id"], row["date"], row["url"], row["title"], row["text"])
    for row in map(json.loads, SAMPLE_STORIES.read_text(encoding="utf-8").splitlines())
]
GOLD = ["fire", "fire", "fire", "ferry", "ferry", "ferry", "cup", "cup"]


@pytest.fixture(scope="module")
def records_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    records = folder / "articles.jsonl"
    with records.open("w", encoding="utf-8") as handle:
        for source, day, url, title, text in ARTICLES:
            handle.write(json.dumps({"id": source, "date": day, "url": url, "title": title, "text": text}) + "\n")
    return records


@pytest.fixture(scope="module")
def digests(records_file: Path) -> list[newsdigest.Digest]:
    return list(newsdigest.digest_paths([str(records_file)], jsonl=True))


def test_articles_are_grouped_into_their_stories(digests: list[newsdigest.Digest]) -> None:
    report = describe(digests)
    predicted = {member.source: story.id for story in report.stories for member in story.members}
    labels = [predicted[source] for source, *_ in ARTICLES]
    assert bcubed(labels, GOLD).f1 == 1.0, [(s.title, [m.source for m in s.members]) for s in report.stories]
    fire = next(s for s in report.stories if any(m.source == "a1" for m in s.members))
    assert fire.size == 3 and fire.first_date == "2024-03-04" and fire.last_date == "2024-03-07"
    assert set(fire.outlets) == {"riverton-news.example", "valley-herald.example"}
    names = [name for name, _, _ in fire.entities]
    assert "Hallworth Textiles" in names and "Riverton" in names
    assert len(fire.summary) >= 2 and len({s[:30] for s in fire.summary}) == len(fire.summary)
    ferry = next(s for s in report.stories if any(m.source == "b1" for m in s.members))
    assert [m.copy_of for m in ferry.members if m.source == "b3"] == ["b2"]


def test_rereading_summarize_json_gives_the_same_stories(records_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    digests_file = tmp_path / "digests.jsonl"
    made = runner.invoke(cli.main, ["summarize", "--jsonl", "--json", "-o", str(digests_file), str(records_file)])
    assert made.exit_code == 0, made.output
    fresh = runner.invoke(cli.main, ["corpus", "--jsonl", "--json", "--jobs", "1", str(records_file)])
    again = runner.invoke(cli.main, ["corpus", "--json", str(digests_file)])
    assert fresh.exit_code == again.exit_code == 0, again.output
    assert json.loads(fresh.stdout) == json.loads(again.stdout)
    report = json.loads(again.stdout)
    assert report["schema"] == CORPUS_SCHEMA and report["articles"] == len(ARTICLES)
    assert [s["articles"] for s in report["stories"]] == [3, 3, 2]
    assert report["period"] == "day" and sum(report["timeline"]) == len(ARTICLES)
    assert report["story_sizes"] == [{"articles": 3, "stories": 2}, {"articles": 2, "stories": 1}]


def test_view_and_html_page(records_file: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = CliRunner().invoke(cli.main, ["corpus", "--jsonl", "--html", str(page), "--top", "2", str(records_file)])
    assert result.exit_code == 0, result.output
    assert "8 articles, 3 stories" in result.stdout and "… and 1 more stories" in result.stdout
    html = page.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert "http" not in html.replace('href="https://', "").split("<body>")[0]  # nothing fetched to render
    assert "Hallworth" in html and "<svg" in html and html.count('class="story"') == 3


def test_a_failed_input_is_reported_and_the_rest_grouped(records_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "with-bad-line.jsonl"
    broken.write_text(records_file.read_text("utf-8") + '{"id": "bad"}\n', "utf-8")
    result = CliRunner().invoke(cli.main, ["corpus", "--jsonl", "--json", str(broken)])
    assert result.exit_code == ExitCode.PARTIAL
    assert "record needs a string 'text'" in result.stderr
    assert json.loads(result.stdout)["failed"] == [f"{broken}:9"]


def test_average_link_keeps_weak_chains_apart() -> None:
    # 0-1 and 1-2 are strong, 0-2 unknown: average link joins 0,1 then asks (0.9 + 0) / 2 >= t for 2.
    scores = {(0, 1): 0.95, (1, 2): 0.9, (3, 4): 0.2}
    assert average_link(5, scores, 0.5) == [0, 0, 1, 2, 3]
    assert average_link(5, scores, 0.4) == [0, 0, 0, 1, 2]


def test_outlets_and_scores() -> None:
    assert outlet_of("https://www.example.org/a") == "example.org"
    assert outlet_of("http://web.archive.org/web/2016/http://www.wfaa.com/story") == "wfaa.com"
    assert outlet_of(None) is None
    # B-cubed and pairwise on a textbook case: one wrong merge.
    gold = ["a", "a", "b", "c"]
    predicted = [1, 1, 1, 2]
    assert bcubed(predicted, gold).recall == 1.0 and bcubed(predicted, gold).precision == pytest.approx(
        (2 / 3 * 2 + 1 / 3 + 1) / 4
    )
    assert pairwise(predicted, gold).precision == pytest.approx(1 / 3) and pairwise(predicted, gold).recall == 1.0


def test_eval_stories_scores_against_gold_beside_baselines(tmp_path: Path) -> None:
    dataset = tmp_path / "stories.jsonl"
    with dataset.open("w", encoding="utf-8") as handle:
        for (source, day, url, title, text), story in zip(ARTICLES, GOLD, strict=True):
            row = {"id": source, "cluster": story, "date": day, "url": url, "title": title, "text": text}
            handle.write(json.dumps(row) + "\n")
    result = CliRunner().invoke(cli.main, ["eval", "stories", str(dataset), "--json"])
    assert result.exit_code == 0, result.output
    systems = {s["name"]: s for s in json.loads(result.stdout)["systems"]}
    assert systems["newsdigest"]["B-cubed"]["f"] == 100.0 and systems["newsdigest"]["pairwise"]["f"] == 100.0
    assert set(systems) == {"newsdigest", "tf-idf avg-link", "tf-idf avg-link ≤31d", "minhash copies"}
    # The copy is the only near-duplicate: MinHash finds one pair of the seven gold pairs.
    assert systems["minhash copies"]["pairwise"]["r"] == pytest.approx(100 / 7, abs=0.01)


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="headless Chromium not installed (Debian: apt install chromium)")
def test_the_page_renders_offline_in_a_real_browser(records_file: Path, tmp_path: Path) -> None:
    import subprocess

    page = tmp_path / "report.html"
    assert CliRunner().invoke(cli.main, ["corpus", "--jsonl", "--html", str(page), str(records_file)]).exit_code == 0
    browser = [
        str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: any request for the network fails loudly
    ]  # fmt: skip
    shown = subprocess.run([*browser, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0
    assert shown.stdout.count('class="story"') == 3 and "Kestrel Rovers" in shown.stdout and "<svg" in shown.stdout
    problems = [line for line in shown.stderr.splitlines() if "CONSOLE" in line or "net::ERR" in line]
    assert problems == []


def _documented(section: str) -> list[str]:
    text = (Path(__file__).resolve().parent.parent / "docs" / "corpus.md").read_text(encoding="utf-8")
    keys: list[str] = []
    for line in text[text.index(section) :].splitlines()[1:]:
        if line.startswith("| `"):
            keys += [part.strip("` ") for part in line.split("|")[1].split(",")]
        elif keys and not line.strip():
            break
    return keys


def test_docs_corpus_lists_every_key(digests: list[newsdigest.Digest]) -> None:
    report = describe(digests).to_dict()
    assert _documented("## JSON") == list(report)
    assert _documented("`stories[]`:") == list(report["stories"][0])


def test_a_bad_line_in_rereading_digests_is_skipped_and_reported(records_file: Path, tmp_path: Path) -> None:
    digests_file = tmp_path / "digests.jsonl"
    assert (
        CliRunner()
        .invoke(cli.main, ["summarize", "--jsonl", "--json", "-o", str(digests_file), str(records_file)])
        .exit_code
        == 0
    )
    with digests_file.open("a", encoding="utf-8") as handle:
        handle.write("not a record\n")
    result = CliRunner().invoke(cli.main, ["corpus", "--json", str(digests_file)])
    assert result.exit_code == ExitCode.PARTIAL
    assert f"{digests_file}:9: not a newsdigest record; line skipped" in result.stderr
    assert json.loads(result.stdout)["articles"] == len(ARTICLES)
