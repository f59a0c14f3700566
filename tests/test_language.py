"""A text not in English is named with its language, never reported as "no article text"."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import newsdigest
from newsdigest import cli
from newsdigest.errors import ExitCode
from newsdigest.pipeline.language import foreign_language

GERMAN = (
    "Der Bundeskanzler hat am Dienstag in Berlin eine lange Rede vor dem Bundestag gehalten.\n"
    "Er sprach über die Wirtschaft, die hohen Energiepreise und die Lage in Europa.\n"
    "Die Opposition kritisierte seine Pläne scharf und forderte Neuwahlen im kommenden Frühjahr.\n"
)
JAPANESE_PAGE = (
    "<html><head><title>東京で国際会議</title></head><body><h1>東京で国際会議</h1>"
    "<p>東京で大きな国際会議が開かれ、三十か国の代表が参加しました。</p>"
    "<p>会議は三日間続き、気候変動と貿易について話し合いました。最終日には共同声明が発表されました。</p>"
    "</body></html>"
)
#: An English page whose template repeats a placeholder paragraph more often than the
#: story has paragraphs: the placeholder must not outvote the story.
PLACEHOLDER_PAGE = "\n".join(
    ["Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore."] * 6
    + [
        "Each year, the harbour authority publishes a ranking of the busiest ports in the region.",
        "This year the ranking covers the top forty ports by the tonnage they handled in 2024.",
    ]
)


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli.main, list(args), input=input)


def test_english_texts_are_never_called_foreign(sample_text: str) -> None:
    assert foreign_language(sample_text) is None
    assert foreign_language(PLACEHOLDER_PAGE) is None
    assert foreign_language("Arsenal 2 Chelsea 1\nLiverpool 0 Everton 0\n") is None  # too little to judge


def test_a_german_text_is_named_and_refused(tmp_path: Path) -> None:
    article = tmp_path / "bericht.txt"
    article.write_text(GERMAN, encoding="utf-8")
    result = run("summarize", str(article))
    assert result.exit_code == ExitCode.ERROR
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"newsdigest: error: {article}: is in German (de), and newsdigest analyses English text; "
        "pass --any-language to digest it anyway (its model is English)"
    )


def test_a_japanese_page_names_its_language_not_a_missing_article(tmp_path: Path) -> None:
    page = tmp_path / "kaigi.html"
    page.write_text(JAPANESE_PAGE, encoding="utf-8")
    result = run("summarize", "--json", str(page))
    assert result.exit_code == ExitCode.ERROR
    record = json.loads(result.stdout)
    assert record["error"]["type"] == "language"
    assert "Japanese (ja)" in record["error"]["message"] and "no article text" not in record["error"]["message"]


def test_in_a_batch_the_foreign_input_is_one_error_record(tmp_path: Path, sample_text: str) -> None:
    (tmp_path / "a.txt").write_text(sample_text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GERMAN, encoding="utf-8")
    result = run("summarize", "--json", str(tmp_path))
    assert result.exit_code == ExitCode.PARTIAL
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["error"] is None and first["summary"]["sentences"]
    assert second["error"]["type"] == "language"


def test_any_language_digests_it_and_says_which(tmp_path: Path) -> None:
    result = run("summarize", "--json", "--any-language", "-", input=GERMAN)
    assert result.exit_code == ExitCode.OK
    record = json.loads(result.stdout)
    assert record["metadata"]["language"] == "de"
    assert record["summary"]["sentences"]
    page = newsdigest.digest(JAPANESE_PAGE, source="kaigi.html", options=newsdigest.Options(any_language=True))
    assert page.error is None and page.metadata is not None and page.metadata["language"] == "ja"
