"""One document through every stage; a stream of documents through one ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .clean import find_layout
from .errors import NewsdigestError
from .options import Options
from .records import Digest, DigestError, Stats
from .sources import SourceText, read_source

if TYPE_CHECKING:
    from spacy.tokens import Doc


def analyse(doc: Doc, source: str, options: Options) -> Digest:
    """Run every stage on one parsed document."""
    from .entities import extract_entities, select_entities
    from .summarize import body_sentences, summarize
    from .tags import extract_tags

    layout = find_layout(doc.text)
    summary = summarize(doc, layout.body_start, options.sentences, options.algorithm)
    all_entities = extract_entities(doc, title_end=layout.body_start if layout.title else 0)
    stats = Stats(
        characters=len(doc.text),
        words=sum(1 for token in doc if not (token.is_punct or token.is_space)),
        sentences=len(body_sentences(doc, layout.body_start)),
    )
    return Digest(
        source=source,
        title=layout.title,
        stats=stats,
        summary=summary,
        entities=tuple(select_entities(all_entities, options.entity_types)),
        tags=tuple(extract_tags(doc, all_entities, options.tags)),
    )


def error_digest(source: str, error: NewsdigestError) -> Digest:
    return Digest(source=source, error=DigestError(type=error.kind, message=str(error)))


def digest_texts(
    items: Iterable[SourceText | tuple[str, NewsdigestError]],
    options: Options | None = None,
    batch_size: int = 32,
) -> Iterator[Digest]:
    """Digest decoded texts in order; ``(source, error)`` items pass through as error records.

    Texts stream through a single ``nlp.pipe`` so the model is loaded once and batches
    amortise its cost; failed inputs ride along as empty texts to keep the order.
    """
    from .nlp import load_model, parse_many

    options = options or Options()
    nlp = load_model(options.model)
    pending: list[SourceText | tuple[str, NewsdigestError]] = []

    def texts() -> Iterator[str]:
        for item in items:
            pending.append(item)
            yield item.text if isinstance(item, SourceText) else ""

    for doc in parse_many(nlp, texts(), batch_size=batch_size):
        item = pending.pop(0)
        if isinstance(item, SourceText):
            yield analyse(doc, item.source, options)
        else:
            yield error_digest(*item)


def read_all(sources: Iterable[str], encoding: str | None = None) -> Iterator[SourceText | tuple[str, NewsdigestError]]:
    for source in sources:
        try:
            yield read_source(source, encoding)
        except NewsdigestError as error:
            yield source, error


def digest_paths(
    paths: Sequence[str],
    options: Options | None = None,
    encoding: str | None = None,
) -> Iterator[Digest]:
    """Digest files (or ``-`` for stdin) in order; unreadable ones become error records."""
    return digest_texts(read_all(paths, encoding), options)


def digest(text: str, source: str = "<text>", options: Options | None = None) -> Digest:
    """Digest one article's text.

    >>> d = digest("NATO allies met in Brussels on Wednesday. Ukraine asked for air defence.")
    >>> [e.name for e in d.entities][:2]
    ['NATO', 'Brussels']
    """
    if not text.strip():
        from .errors import EmptyInputError

        raise EmptyInputError("text is empty; there is no article text to digest", source)
    return next(digest_texts([SourceText(source, text, "utf-8")], options))
