"""Is a capitalised run a name? Evidence against, from the run's form and the article.

The small English model tags by shape: a capitalised word or an all-capital abbreviation
becomes PERSON, ORG or GPE wherever it stands, so modern text full of "AI", "USB",
"Gbps", "PhD" and title-case section headings ("Brain Imaging") fills the entity list with
things that are not names. Each test below describes a kind of text, not an article:

- an abbreviation of a kind of thing, a unit or a qualification (``data/not_names.json``,
  written by kind from general knowledge);
- an abbreviation the article also writes as a plural ("GPUs"): a common noun;
- a word that mostly follows a figure ("14 Gbps", "2.5 GGas/s"): a unit;
- words the article also writes in lower case, capitalised only where a line, a sentence
  or a heading starts ("Genetics" above a paragraph on genetics);
- a term defined by its initials whose words the article also writes in lower case
  ("Time To First Token (TTFT)") and that ends in no word naming a body;
- a mention with no capital letter at all ("leche de tigre");
- a job title ("Lecturer in Finance", "Managing Principal").
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from importlib import resources

#: Last words that make a run of ordinary words the name of a body ("Financial Stability
#: Board", "Norwegian Directorate for Cultural Heritage" has its own capital word).
BODY_WORDS = frozenset(
    """agency alliance assembly association authority bank board bureau cabinet centre center chamber
    church college commission committee company congress corporation council court department
    directorate division federation force foundation fund group guild institute institution league
    library ministry museum network office organisation organization parliament party police
    school senate service society tribunal trust union university""".split()
)
#: Words that may stand in lower case inside a name without saying anything of it.
_JOINING_WORDS = frozenset("of the and for to in on at a an de la le du des & by with".split())
#: A job title names a post, not a body: "Lecturer in Finance", "Professor of Economics".
_ROLE = (
    r"(?:(?:Senior|Junior|Associate|Assistant|Deputy|Managing|Executive|Chief|Vice|Visiting|Adjunct|Emeritus)\s+)?"
    r"(?:Lecturer|Professor|Reader|Director|Head|Chair|Chairman|Chairwoman|Dean|Fellow|Manager|Editor|Officer|"
    r"Researcher|Scientist|Principal|Partner|Analyst|Correspondent|Reporter|Instructor|Teacher|Student|Coordinator|"
    r"Specialist|Consultant|Engineer|Designer|Architect|Founder|Co-?founder|Co-Founder|CEO|President)s?"
)
_ROLE_TITLE = re.compile(rf"^{_ROLE}\b(?:\s+(?:of|in|for|at)\s+.*)?$")
#: "Founder of Brightwell Robotics", "CEO and Founder of …", "Professor of Economics at …":
#: a post at a body; the body's name follows the last "of" or "at".
_ROLE_AT_BODY = re.compile(rf"^{_ROLE}(?:\s+(?:and|&)\s+{_ROLE})?\s+(?:of|at)\s+(?:the\s+)?(?=[A-Z])")


def role_prefix_end(mention: str) -> int:
    """Where the body's name starts in "Founder of Brightwell Robotics" (0 when no post leads)."""
    match = _ROLE_AT_BODY.match(mention)
    return match.end() if match else 0


_FIGURE_BEFORE = re.compile(r"\d(?:[\d.,]*\d)?(?:\s|-)?$")
_LINE_OR_SENTENCE_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*•·>#]+[ \t]*|\d+[.)][ \t]*)?$|[.!?:;][\"”’)]*\s+[\"“‘(]?$")


@lru_cache(maxsize=1)
def not_names() -> dict[str, str]:
    """Abbreviation → its kind ("units", "degrees", …), from the package's data file."""
    table = json.loads(resources.files("newsdigest").joinpath("data", "not_names.json").read_text(encoding="utf-8"))
    kinds: dict[str, str] = {}
    for kind, forms in table.items():
        if kind.startswith("_"):
            continue
        for form in forms:
            kinds.setdefault(form, kind)
            kinds.setdefault(form.replace(".", ""), kind)
    return kinds


def abbreviation_kind(form: str) -> str | None:
    """The kind ("units", "computing", …) of a generic abbreviation, or None."""
    table = not_names()
    return table.get(form) or table.get(form.replace(".", ""))


def lower_case_words(text: str) -> set[str]:
    """Every word the text writes in lower case."""
    return set(re.findall(r"(?<![\w'’-])[a-z][a-z'’-]*", text))


def _starts_unit(text: str, start: int) -> bool:
    return bool(_FIGURE_BEFORE.search(text[max(0, start - 12) : start]))


def _position_explains_capital(text: str, start: int, headlines: Sequence[tuple[int, int]]) -> bool:
    if any(low <= start < high for low, high in headlines):
        return True
    return bool(_LINE_OR_SENTENCE_START.search(text[max(0, start - 6) : start]))


def _ordinary_words(form: str, lower: Collection[str]) -> bool:
    words = [word.strip(".,:;!?\"'’“”()") for word in form.split()]
    content = [word for word in words if word.casefold() not in _JOINING_WORDS]
    return bool(content) and all(word.casefold() in lower for word in content)


def why_not_a_name(
    text: str,
    name: str,
    forms: Collection[str],
    spans: Sequence[tuple[int, int]],
    headlines: Sequence[tuple[int, int]],
    lower: Collection[str],
    defined: bool = False,
) -> str | None:
    """Why the entity of these forms and mentions is not a name, or None when nothing says so.

    ``defined``: the article defines one of the forms by its initials ("… (TTFT)")."""
    if not any(ch.isupper() for form in forms for ch in form):
        return "written in lower case"
    if _ROLE_TITLE.match(name):
        return "a job title"
    kinds = [abbreviation_kind(form) for form in forms]
    if all(kinds):
        return f"a generic abbreviation ({kinds[0]})"
    for form in forms:
        if form.isupper() and len(form) >= 2 and re.search(rf"(?<!\w){re.escape(form)}s(?!\w)", text):
            return f"also written as a plural, “{form}s”: a common noun"
    if len(name.split()) == 1 and spans and 2 * sum(_starts_unit(text, start) for start, _ in spans) > len(spans):
        return "mostly follows a figure: a unit"
    if _ordinary_words(name, lower) and name.split()[-1].casefold() not in BODY_WORDS:
        if defined:
            return "a term defined by its initials, its words used in lower case too"
        if spans and all(_position_explains_capital(text, start, headlines) for start, _ in spans):
            return "capitalised only where a line, sentence or heading starts; its words are used in lower case"
    return None


# --- evidence for a product: a model number -----------------------------------------------
#
# A word of letters and digits with a capital ("H200", "VL805", "Qwen3-14B", "Llama-3") is a
# model's or a version's name; with the capitalised words before it ("Radxa ROCK 5C",
# "Raspberry Pi 5") and the size or edition words after it ("Mistral 7B", "Pixel 9 Pro") it
# names a product. Figures that are not models: ordinals, decades, quarters and fiscal
# years, clock times, group names ("G20"), a standard's generation ("Gen2"), a numbered
# document ("EIP-7870", "RFC-9110"), and the abbreviations of ``not_names``.
_MODEL_WORD = r"(?=[\w.-]*\d)(?=[\w.-]*[A-Z])[A-Za-z][\w.]*(?:-[\w.]+)*"
_NOT_MODEL = re.compile(
    r"^(?:\d+(?:st|nd|rd|th|s)|[QH][1-4]|FY\d+|\d+(?:AM|PM|am|pm)|G\d+|[A-Z]-?\d{1,2}|COVID-19|\d+[Dd]"
    r"|Gen\d+|[A-Z]{2,}-\d{3,})$"
)
_EDITION = r"(?:\s(?:Pro|Max|Ultra|Mini|Plus|Lite|Air|Turbo|Instruct|Chat|\d+(?:\.\d+)?[BMKbmk]))"
_EDITION_WORD = re.compile(_EDITION)
_MODEL_NAME = re.compile(rf"(?<![\w.-])(?:[A-Z][\w-]*\s){{0,2}}{_MODEL_WORD}{_EDITION}{{0,2}}(?![\w-])")
_BARE_MODEL = re.compile(rf"^{_MODEL_WORD}$")


def is_model_number(word: str) -> bool:
    """ "H200", "Qwen3-14B", "X1013": letters and digits with a capital, and not a figure of
    another kind ("4th", "Q3", "FY24", "10AM", "G20", "COVID-19", a generic abbreviation)."""
    word = word.rstrip(".")
    letters = re.sub(r"[\d.-]+$", "", word)
    return (
        bool(_BARE_MODEL.match(word))
        and not _NOT_MODEL.match(word)
        and abbreviation_kind(word) is None
        and abbreviation_kind(letters) is None  # "USB3", "PCIe4": a generic thing's generation
    )


def product_names(text: str) -> list[tuple[int, int]]:
    """Spans of names carrying a model number, with their brand words and edition."""
    spans = []
    for match in _MODEL_NAME.finditer(text):
        words = match.group().split()
        models = [index for index, word in enumerate(words) if is_model_number(word)]
        if not models:
            continue
        start, end = match.span()
        # The name ends with its last model word and the edition words right after it.
        last = models[-1]
        while last + 1 < len(words) and _EDITION_WORD.fullmatch(" " + words[last + 1]):
            last += 1
        end = start + len(" ".join(words[: last + 1]))
        while text[end - 1] == ".":
            end -= 1  # the full stop after "… on an H200."
        # Brand words before the model word are kept only when capitalised mid-sentence.
        first = models[0]
        while first > 0 and _LINE_OR_SENTENCE_START.search(text[max(0, start - 6) : start]):
            start += len(words[0]) + 1
            words = words[1:]
            first -= 1
        spans.append((start, end))
    return spans
