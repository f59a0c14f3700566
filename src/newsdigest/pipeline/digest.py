"""One document through every stage; a stream of documents through one ``nlp.pipe``."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsdigest.errors import NewsdigestError, internal_error
from newsdigest.options import Options
from newsdigest.pipeline.clean import Cleaned
from newsdigest.pipeline.clean.rules import calendar_date
from newsdigest.records import Digest, DigestError, SourceText, Stats

if TYPE_CHECKING:
    from spacy.tokens import Doc


def prepare(item: SourceText, options: Options) -> Cleaned:
    """Decoded input → the text spaCy will see (HTML extracted, boilerplate removed)."""
    from newsdigest.pipeline.clean import clean, uncleaned
    from newsdigest.pipeline.language import foreign_language, language_error

    text = item.text
    metadata: dict[str, str | None] = {"format": "text"}
    page = None
    if looks_like_html(item.source, text):
        from newsdigest.pipeline.webpage import extract_article

        page = extract_article(text, item.source, any_language=options.any_language)
        metadata = {
            "format": "html",
            "title": page.title,
            "author": page.author,
            "date": page.date,
            "page_type": page.kind,
        }
        text = page.text
    is_html = page is not None
    language = foreign_language(text)
    if language is not None:
        if not options.any_language:
            raise language_error(language, item.source)
        metadata = {**metadata, "language": language}
    if item.metadata:  # the input's own title, date and url win over what a page says
        metadata = {**metadata, **item.metadata}
    core = page.core if page is not None else None
    cleaned = (
        clean(text, extracted=is_html, known_title=metadata.get("title"), core=core)
        if options.clean
        else uncleaned(text)
    )
    printed_header = bool(cleaned.byline or cleaned.dateline)
    if printed_header:
        metadata = {**metadata, "byline": cleaned.byline, "dateline": cleaned.dateline}
        if not metadata.get("date") and cleaned.dateline:
            metadata["date"] = calendar_date(cleaned.dateline)
    if is_html or item.metadata or printed_header or language:
        # For HTML, offsets then refer to the text trafilatura extracted (docs/schema.md).
        cleaned = replace(cleaned, title=cleaned.title or metadata.get("title"), metadata=metadata)
    return cleaned


def prepared_docs(items: Iterable[SourceText], options: Options) -> Iterator[tuple[Cleaned, Doc]]:
    """Each text as the pipeline prepares and parses it, for callers that run ``analyse``
    several ways on one parse (``newsdigest eval``). Errors propagate."""
    from newsdigest.pipeline.nlp import load_model, parse_many

    prepared = [prepare(item, options) for item in items]
    docs = parse_many(load_model(options.model), prepared)
    return zip(prepared, docs, strict=True)


def analyse(doc: Doc, source: str, options: Options, cleaned: Cleaned) -> Digest:
    """Run every stage on one parsed document and map offsets back to the input."""
    from newsdigest.pipeline.entities import extract_entities, mention_weights, select_entities, with_summary
    from newsdigest.pipeline.summarize import body_sentences, summarize
    from newsdigest.pipeline.tags import extract_tags

    offsets = cleaned.offsets
    all_entities = extract_entities(doc, title_end=cleaned.title_end, explain=options.explain, layout=cleaned.layout)
    # The summary speaks for the story: asides stay in the text, but a summary sentence
    # comes from there only when the story's run has none.
    layout = cleaned.layout
    unsummarised = layout.code_ranges + layout.aside_ranges
    if layout.aside_ranges and not body_sentences(doc, cleaned.body_start, unsummarised):
        unsummarised = layout.code_ranges
    summary = summarize(
        doc,
        cleaned.body_start,
        options.sentences,
        options.algorithm,
        title_end=cleaned.title_end,
        entity_spans=mention_weights(all_entities),
        ratio=options.ratio,
        max_words=options.max_words,
        explain=options.explain,
        code_ranges=unsummarised,
    )
    all_entities = with_summary(all_entities, [(s.start, s.end) for s in summary.sentences])
    tags = extract_tags(doc, all_entities, options.tags, options.tag_style, cleaned.layout.code_ranges)
    stats = Stats(
        characters=len(doc.text),
        words=sum(1 for token in doc if not (token.is_punct or token.is_space)),
        sentences=len(body_sentences(doc, cleaned.body_start, cleaned.layout.code_ranges)),
    )
    mapped_summary = replace(
        summary,
        sentences=tuple(replace(s, start=offsets.start(s.start), end=offsets.end(s.end)) for s in summary.sentences),
    )
    mapped_entities = tuple(
        replace(entity, spans=tuple(offsets.span(start, end) for start, end in entity.spans))
        for entity in select_entities(all_entities, options.entity_types)
    )
    return Digest(
        source=source,
        title=cleaned.title,
        stats=stats,
        summary=mapped_summary,
        entities=mapped_entities,
        tags=tuple(tags),
        source_tags=cleaned.source_tags,
        cleaning=cleaned.report(),
        removed=tuple((line.kind, line.start, line.end, line.text) for line in cleaned.removed),
        metadata=cleaned.metadata or None,
    )


# A scrape that copied the page's source along with its text (old pages, broken
# extractors) is HTML whatever comes first: markup tags then hold most of its characters.
# Text that talks about HTML, or a page with a few tags left in, stays far below: on the
# scraped development pages markup is either under 26% of a text's characters or over 60%.
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]{0,500})?/?>|<!--|-->")
PAGE_SOURCE_MIN_TAGS = 100
PAGE_SOURCE_MIN_MARKUP_SHARE = 0.4


def looks_like_html(source: str, text: str) -> bool:
    if source.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or (head.startswith("<") and "<body" in text[:20000].lower()):
        return True
    return is_page_source(text)


def is_page_source(text: str) -> bool:
    """Is most of this text HTML markup (a scrape that kept the page source)?"""
    sample = text[:1_000_000]
    tags = 0
    markup = 0
    for match in _TAG.finditer(sample):
        tags += 1
        markup += match.end() - match.start()
    return tags >= PAGE_SOURCE_MIN_TAGS and markup >= PAGE_SOURCE_MIN_MARKUP_SHARE * len(sample)


def error_digest(source: str, error: NewsdigestError) -> Digest:
    return Digest(source=source, error=DigestError(type=error.kind, message=str(error)))


TextItem = str | SourceText | tuple[str, str] | tuple[str, NewsdigestError]


def _as_source_text(item: TextItem, number: int) -> SourceText | tuple[str, NewsdigestError]:
    if isinstance(item, SourceText):
        return item
    if isinstance(item, str):
        return SourceText(f"<text {number}>", item, "utf-8")
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        source, payload = item
        if isinstance(payload, str):
            return SourceText(source, payload, "utf-8")
        if isinstance(payload, NewsdigestError):
            return source, payload
    raise TypeError(f"digest_texts takes strings, (source, text) pairs or SourceText, not {type(item).__name__}")


def digest_texts(
    items: Iterable[TextItem],
    options: Options | None = None,
    batch_size: int = 32,
) -> Iterator[Digest]:
    """Digest texts in order: plain strings (sources ``<text 1>``, ``<text 2>``, …),
    ``(source, text)`` pairs or ``SourceText``; ``(source, error)`` pairs pass through as
    error records.

    Texts stream through a single ``nlp.pipe`` so the model is loaded once and batches
    amortise its cost; failed inputs ride along as empty texts to keep the order.

    >>> [d.entities[0].name for d in digest_texts(["NATO met in Brussels.", ("b.txt", "Ukraine asked for help.")])]
    ['NATO', 'Ukraine']
    """
    from newsdigest.pipeline.nlp import load_model, parse_many

    options = options or Options()
    nlp = load_model(options.model)
    pending: deque[tuple[Any, Cleaned | None]] = deque()

    def texts() -> Iterator[Cleaned | str]:
        for number, raw in enumerate(items, start=1):
            item = _as_source_text(raw, number)
            if isinstance(item, SourceText):
                if not item.text.strip():
                    from newsdigest.errors import EmptyInputError

                    item = (
                        item.source,
                        EmptyInputError("text is empty; there is no article text to digest", item.source),
                    )
                    pending.append((item, None))
                    yield ""
                    continue
                try:
                    cleaned = prepare(item, options)
                except NewsdigestError as error:
                    item, cleaned = (item.source, error), None
                except Exception as exc:  # a bug in reading or cleaning: this input's error, not the batch's
                    item, cleaned = (item.source, internal_error("cleaning", item.source, exc)), None
            else:
                cleaned = None
            pending.append((item, cleaned))
            yield cleaned if cleaned is not None else ""

    for doc in parse_many(nlp, texts(), batch_size=batch_size):
        item, cleaned = pending.popleft()
        if isinstance(item, SourceText) and cleaned is not None:
            try:
                result = analyse(doc, item.source, options, cleaned)
            except Exception as exc:  # a bug in a stage: this input's error record; the others go on
                result = error_digest(item.source, internal_error("analysing the text", item.source, exc))
            yield result
        else:
            yield error_digest(*item)


def digest(text: str, source: str = "<text>", options: Options | None = None) -> Digest:
    """Digest one article's text.

    >>> d = digest("NATO allies met in Brussels on Wednesday. Ukraine asked for air defence.")
    >>> [e.name for e in d.entities][:2]
    ['NATO', 'Brussels']
    """
    if not text.strip():
        from newsdigest.errors import EmptyInputError

        raise EmptyInputError("text is empty; there is no article text to digest", source)
    return next(digest_texts([SourceText(source, text, "utf-8")], options))
