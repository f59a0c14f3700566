"""Property-based tests: whatever text or bytes arrive, the library and the CLI hold.

The default profile runs a few dozen cases per property, in seconds; `pytest -m fuzz`
runs the same properties with 10,000 cases each (minutes).
"""

from __future__ import annotations

import json
import os
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsdigest
from newsdigest import cli
from newsdigest.errors import NewsdigestError
from newsdigest.options import TAG_STYLES, Options
from newsdigest.records import Digest

settings.register_profile(
    "fast", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("NEWSDIGEST_HYPOTHESIS_PROFILE", "fast"))

FUZZ = pytest.mark.fuzz

# Text with what breaks tokenisers: control characters, bidi marks, combining marks,
# astral symbols, long unbroken runs, punctuation, digits and several scripts.
ODD = st.sampled_from(["\u202e", "\u200f", "\u0301", "\u0000", "\x1b", "\ufeff", "\u2028", "\U0001f600", "\U00010348"])
PROSE = st.sampled_from(
    [
        "The council approved the budget on Monday. ",
        "Maria Lopez, the mayor of Sevilla, said fares would fall. ",
        "Росія і Україна. ",
        "北京市政府周一宣布。 ",
        "مرحبا بالعالم. ",
        "1234567890 " * 3,
        "!!! ??? ... ",
        "x" * 300,
        "\n\n",
    ]
)
TEXTS = st.lists(st.one_of(PROSE, ODD, st.text(max_size=40)), max_size=12).map("".join)
#: Any text with any of the options that change what a digest holds.
DIGEST_CASES = {
    "text": TEXTS,
    "sentences": st.integers(0, 4),
    "max_words": st.one_of(st.none(), st.integers(1, 40)),
    "tag_style": st.sampled_from(TAG_STYLES),
    "explain": st.booleans(),
}


def _check(text: str, options: Options) -> None:
    try:
        digest = newsdigest.digest(text, options=options)
    except NewsdigestError:
        return  # empty input and the like: a clear, typed error is the contract
    assert Digest.from_dict(json.loads(json.dumps(digest.to_dict()))).to_dict() == digest.to_dict()
    sentences = digest.summary.sentences if digest.summary else ()
    assert len(sentences) <= options.sentences
    assert len(digest.tags) <= options.tags and len({t.tag for t in digest.tags}) == len(digest.tags)
    if options.max_words is not None:
        words = sum(len([w for w in s.text.split() if any(c.isalnum() for c in w)]) for s in sentences)
        assert words <= options.max_words
    is_html = (digest.metadata or {}).get("format") == "html"  # offsets then refer to the extracted text
    for sentence in sentences:
        assert 0 <= sentence.start < sentence.end <= len(text) and text[sentence.start : sentence.end].strip()
        if not is_html:
            assert _covers(text[sentence.start : sentence.end], sentence.text), (
                text[sentence.start : sentence.end],
                sentence.text,
            )
    for entity in digest.entities:
        assert entity.mentions == len(entity.spans)
        for start, end in entity.spans:
            assert 0 <= start < end <= len(text) and text[start:end].strip()


def _ascii_alnum(text: str) -> list[str]:
    """ASCII letters and digits the text holds once repairs are undone: C1 controls read as
    Windows-1252 (what mojibake repair does) and compatibility forms decomposed (ligatures)."""
    mapped = "".join(bytes([ord(c)]).decode("cp1252", "ignore") if 0x80 <= ord(c) <= 0x9F else c for c in text)
    return [c for c in unicodedata.normalize("NFKD", mapped) if c.isascii() and c.isalnum()]


def _covers(original: str, sentence: str) -> bool:
    """The slice of the input holds the sentence, verbatim or in its documented repaired form
    (whitespace, invisible characters, line-end hyphens, mojibake): the sentence's ASCII
    letters and digits appear, in order, in the slice or in its ftfy repair."""
    import ftfy

    wanted = [c for c in sentence if c.isascii() and c.isalnum()]

    def within(form: str) -> bool:
        found = iter(_ascii_alnum(form))
        return all(c in found for c in wanted)

    return within(original) or within(ftfy.fix_text(original))


@given(**DIGEST_CASES)
def test_any_text_digests_or_fails_cleanly(
    text: str, sentences: int, max_words: int | None, tag_style: str, explain: bool
) -> None:
    _check(text, Options(sentences=sentences, max_words=max_words, tag_style=tag_style, explain=explain))


def _check_bytes(data: bytes) -> None:
    result = CliRunner().invoke(cli.main, ["summarize", "--json"], input=data)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.stderr
    if result.exit_code == 0:
        record = json.loads(result.stdout)
        assert Digest.from_dict(record).error is None
    else:
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("newsdigest: error: ")


@given(data=st.binary(max_size=400))
def test_any_bytes_on_stdin_give_a_record_or_one_line_of_error(data: bytes) -> None:
    _check_bytes(data)


HTML = st.lists(
    st.one_of(
        st.sampled_from(
            ["<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<title>", "</title>", "<br>", "<!--"]
        ),
        PROSE,
        st.text(max_size=20),
    ),
    max_size=30,
).map(lambda parts: "<html><body>" + "".join(parts))


def _check_html(page: str) -> None:
    from newsdigest.records import SourceText

    digest = next(newsdigest.digest_texts([SourceText("page.html", page, "utf-8")]))
    assert digest.error is None or digest.error.type in ("input", "empty")


@given(page=HTML)
def test_any_html_fragment_digests_or_fails_cleanly(page: str) -> None:
    _check_html(page)


@FUZZ
@settings(settings.get_profile("fuzz"))
@given(**DIGEST_CASES)
def test_fuzz_any_text(text: str, sentences: int, max_words: int | None, tag_style: str, explain: bool) -> None:
    _check(text, Options(sentences=sentences, max_words=max_words, tag_style=tag_style, explain=explain))


@FUZZ
@settings(settings.get_profile("fuzz"))
@given(data=st.binary(max_size=400))
def test_fuzz_any_bytes(data: bytes) -> None:
    _check_bytes(data)


@FUZZ
@settings(settings.get_profile("fuzz"))
@given(page=HTML)
def test_fuzz_any_html(page: str) -> None:
    _check_html(page)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(["Updated", "Nov.", "November", "Feb", "31", "30,", "2019", "0000", "-", "May", "12th"]),
            st.integers(min_value=0, max_value=99999).map(str),
            st.text(max_size=6),
        ),
        max_size=8,
    ).map(" ".join)
)
def test_a_datelines_calendar_date_is_a_real_day_or_none(dateline: str) -> None:
    from datetime import date

    from newsdigest.pipeline.clean.rules import calendar_date

    found = calendar_date(dateline)
    assert found is None or date.fromisoformat(found).isoformat() == found
