"""Links as inputs, against a local HTTP server on 127.0.0.1 (no internet needed)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from newsdigest import cli
from newsdigest.errors import ExitCode

PAGE = """<!DOCTYPE html><html><head><title>Council backs ferries</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council backs electric ferries</h1>
<p>The Port Ellery town council voted on Monday to buy two electric ferries for the crossing to Saltmarsh Island.</p>
<p>Councillor Priya Venkataraman said the ferries would cut fuel costs by half and make the crossing quieter.</p>
<p>The first boat is due in 2026, and the second a year later, the council said in a statement after the vote.</p>
</article><footer>Contact us</footer></body></html>"""
CP1252_PAGE = (
    "<html><body><article><p>Le café de la gare a rouvert lundi après six mois de travaux, a annoncé la mairie.</p>"
    "<p>Les habitants du quartier Saint-Éloi attendaient cette réouverture depuis l'été dernier.</p></article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    flaky_calls = 0
    user_agents: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:  # quiet test output
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may stop reading (a body over its limit): expected, not an error.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.user_agents.append(self.headers.get("User-Agent", ""))
        path = self.path.split("?")[0]
        if path.startswith("/article"):
            self._send(200, PAGE.encode())
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article.html?from=moved")
            self.end_headers()
        elif path == "/slow":
            time.sleep(3)
            self._send(200, PAGE.encode())
        elif path == "/flaky":
            Handler.flaky_calls += 1
            if Handler.flaky_calls == 1:
                self._send(500, b"busy")
            else:
                self._send(200, PAGE.encode())
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.4 binary", "application/pdf")
        elif path == "/huge":
            self._send(200, b"<html><body>" + b"x" * (11 * 1024 * 1024), "text/html")
        elif path == "/latin":
            self._send(200, CP1252_PAGE.encode("cp1252"), "text/html; charset=windows-1252")
        else:
            self._send(404, b"not here")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def test_a_link_digests_like_the_saved_page(server: str, tmp_path: Path) -> None:
    saved = tmp_path / "article.html"
    saved.write_text(PAGE, "utf-8")
    from_file = json.loads(run("summarize", "--json", str(saved)).stdout)
    result = run("summarize", "--json", f"{server}/article.html")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["source"] == f"{server}/article.html" and record["metadata"]["url"] == f"{server}/article.html"
    assert record["summary"] == from_file["summary"] and record["title"] == from_file["title"]
    assert Handler.user_agents[-1].startswith("newsdigest/")


def test_redirects_are_followed_and_the_final_address_kept(server: str) -> None:
    record = json.loads(run("summarize", "--json", f"{server}/moved").stdout)
    assert record["source"] == f"{server}/moved" and record["metadata"]["url"] == f"{server}/article.html?from=moved"
    assert record["error"] is None


def test_a_server_error_is_retried(server: str) -> None:
    record = json.loads(run("summarize", "--json", f"{server}/flaky").stdout)
    assert record["error"] is None and Handler.flaky_calls == 2


def test_the_charset_from_the_header_is_used(server: str) -> None:
    refused = json.loads(run("summarize", "--json", f"{server}/latin").stdout)
    assert refused["error"]["type"] == "language" and "French (fr)" in refused["error"]["message"]
    record = json.loads(run("summarize", "--json", "--any-language", f"{server}/latin").stdout)
    assert record["error"] is None and record["metadata"]["language"] == "fr"
    assert "café" in record["summary"]["sentences"][0]["text"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404"),
        ("/report.pdf", "not HTML or text (application/pdf)"),
        ("/huge", "too large"),
        ("/slow", "timed out after 1 s"),
    ],
)
def test_each_failure_is_one_line_naming_the_link(server: str, path: str, message: str) -> None:
    result = run("summarize", "--json", "--timeout", "1", f"{server}{path}")
    assert result.exit_code == ExitCode.ERROR
    record = json.loads(result.stdout)
    assert record["error"]["type"] == "input" and message in record["error"]["message"]
    assert result.stderr.strip().splitlines() == [
        f"newsdigest: error: {server}{path}: {record['error']['message'].split(': ', 1)[1]}"
    ]


def test_a_list_of_links_runs_in_order_with_failures_recorded(server: str, tmp_path: Path) -> None:
    links = [f"{server}/article{n}.html" if n % 10 else f"{server}/missing{n}" for n in range(50)]
    listing = tmp_path / "links.txt"
    listing.write_text("\n".join(links) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    result = run("summarize", "--json", "--jobs", "2", "--files-from", str(listing), "-o", str(out))
    assert result.exit_code == ExitCode.PARTIAL, result.output
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["source"] for r in records] == links
    assert [r["error"] is not None for r in records] == [n % 10 == 0 for n in range(50)]
    # --resume does not fetch the links already done.
    calls = len(Handler.user_agents)
    again = run("summarize", "--json", "--jobs", "1", "--files-from", str(listing), "-o", str(out), "--resume")
    assert again.exit_code == ExitCode.PARTIAL
    assert len(Handler.user_agents) - calls == 5  # only the five failures are tried again


def test_jsonl_records_with_a_url(server: str, tmp_path: Path) -> None:
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps({"id": "ferry", "url": f"{server}/article.html", "date": "2024-03-04"}) + "\n")
    record = json.loads(run("summarize", "--jsonl", "--json", str(records)).stdout)
    assert record["source"] == "ferry" and record["metadata"]["date"] == "2024-03-04" and record["error"] is None
