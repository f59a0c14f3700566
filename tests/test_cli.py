from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdigest import cli
from newsdigest.cli import digest as digest_command
from newsdigest.errors import ExitCode

ARTICLE = (
    "NATO defence ministers met in Brussels on Wednesday. "
    "Pete Hegseth told allies that Europe must spend more on its own defence. "
    "Ukraine asked for more air defence systems before winter."
)


def run(*args: str, input: str | bytes | None = None) -> CliRunner.invoke:
    return CliRunner().invoke(cli.main, list(args), input=input)


def records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.mark.parametrize("arguments", [["--help"], ["summarize", "--help"]])
def test_help_does_not_import_spacy(arguments: list[str]) -> None:
    code = (
        "import sys\n"
        "from newsdigest.cli import main\n"
        f"try:\n    main({arguments!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('spacy', 'rich', 'sumy', 'thinc', 'dask', 'distributed', 'urllib3') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in result.stdout
    assert "summarize" in result.stdout


def test_version_and_short_help() -> None:
    assert run("--version").output.startswith("newsdigest, version ")
    result = run("summarize", "-h")
    assert result.exit_code == 0 and "newsdigest summarize --json" in result.output


def test_python_dash_m() -> None:
    result = subprocess.run([sys.executable, "-m", "newsdigest", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "newsdigest" in result.stdout


def test_view_on_the_sample(sample_path: Path) -> None:
    result = run("summarize", str(sample_path))
    assert result.exit_code == 0, result.output
    assert "Summary" in result.stdout and "Entities" in result.stdout and "Tags" in result.stdout
    assert "Pete Hegseth" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes
    assert result.stderr == ""


def test_json_on_the_sample(sample_path: Path, sample_text: str) -> None:
    result = run("summarize", "--json", str(sample_path))
    assert result.exit_code == 0
    [record] = records(result.stdout)
    assert record["schema"] == "newsdigest/1" and record["source"] == str(sample_path)
    assert record["error"] is None
    for sentence in record["summary"]["sentences"]:
        assert sample_text[sentence["start"] : sentence["end"]] == sentence["text"]
    names = {name for e in record["entities"] for name in (e["name"], *e["aliases"])}
    assert {"NATO", "Pete Hegseth", "UDCG"} <= names


def test_stdin_piped_and_dash() -> None:
    piped = run("summarize", "--json", input=ARTICLE)
    dash = run("summarize", "--json", "-", input=ARTICLE)
    assert piped.exit_code == dash.exit_code == 0
    assert records(piped.stdout)[0]["source"] == "-"
    assert piped.stdout == dash.stdout


def test_no_input_on_a_terminal_prints_usage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest_command, "stdin_is_interactive", lambda: True)
    result = run("summarize")
    assert result.exit_code == ExitCode.USAGE
    assert "Usage:" in result.stderr and result.stdout == ""


def test_options_change_the_digest(sample_path: Path) -> None:
    result = run(
        "summarize", "--json", "-n", "5", "--tags", "4", "-a", "textrank", "--entity-types", "person", str(sample_path)
    )
    [record] = records(result.stdout)
    assert len(record["summary"]["sentences"]) == 5 and record["summary"]["algorithm"] == "textrank"
    assert len(record["tags"]) == 4
    assert {e["label"] for e in record["entities"]} == {"PERSON"}


def test_unknown_algorithm_and_entity_type_are_usage_errors(sample_path: Path) -> None:
    result = run("summarize", "--algorithm", "magic", str(sample_path))
    assert result.exit_code == ExitCode.USAGE and "magic" in result.stderr
    result = run("summarize", "--entity-types", "PERSON,SPORTSTEAM", str(sample_path))
    assert result.exit_code == ExitCode.USAGE and "SPORTSTEAM" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "file not found"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t", "empty"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "binary"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("summarize", str(path))
    assert result.exit_code == ExitCode.ERROR
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("newsdigest: error: ") and str(path) in line and message in line
    assert "Traceback" not in result.stderr


def test_empty_directory_is_a_clear_error(tmp_path: Path) -> None:
    result = run("summarize", str(tmp_path))
    assert result.exit_code == ExitCode.ERROR
    assert "no article files found" in result.stderr and len(result.stderr.splitlines()) == 1


def test_windows_1252_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(("The “café” in Zürich closed – owners blamed NATO’s summit. " * 3).encode("cp1252"))
    result = run("summarize", "--json", str(path))
    assert result.exit_code == 0
    assert "“café” in Zürich" in records(result.stdout)[0]["summary"]["sentences"][0]["text"]


def test_one_bad_input_among_several(tmp_path: Path, sample_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = run("summarize", "--json", str(sample_path), str(missing), str(good))
    assert result.exit_code == ExitCode.PARTIAL
    got = records(result.stdout)
    assert [r["source"] for r in got] == [str(sample_path), str(missing), str(good)]
    assert got[1]["error"]["type"] == "input" and "file not found" in got[1]["error"]["message"]
    assert got[0]["error"] is None and got[2]["error"] is None
    assert "missing.txt: file not found" in result.stderr


def test_output_file_is_complete_or_untouched(tmp_path: Path, sample_path: Path) -> None:
    out = tmp_path / "digest.jsonl"
    result = run("summarize", "--json", "-o", str(out), str(sample_path))
    assert result.exit_code == 0 and result.stdout == ""
    first = out.read_text(encoding="utf-8")
    assert json.loads(first)["source"] == str(sample_path)
    # A failed run does not replace what is there, nor leave temporary files behind.
    result = run("summarize", "--json", "-o", str(out), str(tmp_path / "missing.txt"))
    assert result.exit_code == ExitCode.ERROR
    assert out.read_text(encoding="utf-8") == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.jsonl"]


def test_output_to_missing_folder(tmp_path: Path, sample_path: Path) -> None:
    result = run("summarize", "-o", str(tmp_path / "no" / "such" / "out.txt"), str(sample_path))
    assert result.exit_code == ExitCode.ERROR and "does not exist" in result.stderr


def test_formats_for_people_and_scripts(sample_path: Path, tmp_path: Path) -> None:
    text = CliRunner().invoke(cli.main, ["summarize", "--format", "text", str(sample_path)])
    as_json = json.loads(CliRunner().invoke(cli.main, ["summarize", "--json", str(sample_path)]).stdout)
    assert text.exit_code == 0
    assert text.stdout.splitlines() == [" ".join(s["text"].split()) for s in as_json["summary"]["sentences"]]
    markdown = CliRunner().invoke(cli.main, ["summarize", "--format", "markdown", str(sample_path)]).stdout
    # The heading is the source, its Markdown characters escaped ("ci_clone" → "ci\\_clone").
    heading = re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", str(sample_path))
    assert markdown.startswith(f"## {heading}\n\n- In a significant departure")
    assert "**Entities:** Pete Hegseth (PERSON)" in markdown and "**Tags:** Pete Hegseth" in markdown
    # Several inputs: one block each, separated; entities and tags commands honour the format too.
    other = tmp_path / "other.txt"
    other.write_text(
        "Heavy rain flooded three coastal towns in Portugal on Sunday. Hundreds left their homes.", "utf-8"
    )
    both = CliRunner().invoke(
        cli.main, ["summarize", "--format", "markdown", "--jobs", "1", str(sample_path), str(other)]
    )
    assert both.stdout.count("\n---\n") == 1 and both.stdout.count("## ") == 2
    tags = (
        CliRunner().invoke(cli.main, ["tags", "--format", "text", "--tags", "3", str(sample_path)]).stdout.splitlines()
    )
    three = json.loads(CliRunner().invoke(cli.main, ["tags", "--json", "--tags", "3", str(sample_path)]).stdout)
    assert tags == [t["tag"] for t in three["tags"]]
    entities = CliRunner().invoke(cli.main, ["entities", "--format", "text", str(sample_path)]).stdout.splitlines()
    assert entities[0] == "Pete Hegseth\tPERSON"
    clash = CliRunner().invoke(cli.main, ["summarize", "--json", "--format", "text", str(sample_path)])
    assert clash.exit_code == ExitCode.USAGE
