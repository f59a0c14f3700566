"""What kind of page an HTML input is: an article, a forum thread, a listing, a product, …

People feed a digest tool more than news: a forum thread, a shop's product or category
page, a service's pricing page, a documentation page. The record says which
(``metadata.page_type``, WCXB's seven kinds) so that a reader, or ``corpus``, can tell a
story from a product grid. One small logistic model per kind over what the page says of
itself (schema.org types in JSON-LD or microdata, ``og:type``, its address) and the shape
of its text (prices, reply counts, dates, how much of it is prose); the kind is the most
probable one. Fitted by ``scripts/fit_page_kinds.py`` on WCXB's development pages, its
weights are data (``data/page_kinds.json``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, ClassVar

from newsdigest.linear import LogisticModel

KINDS = ("article", "collection", "documentation", "forum", "listing", "product", "service")
WEIGHTS_FILE = "page_kinds.json"

# What a page says of itself: schema.org types (JSON-LD "@type", microdata itemtype) and og:type.
_SCHEMA_TYPE = re.compile(
    r'"@type"\s*:\s*\[?\s*"([A-Za-z]+)"|itemtype\s*=\s*["\'][^"\']*schema\.org/([A-Za-z]+)|'
    r'property\s*=\s*["\']og:type["\'][^>]*content\s*=\s*["\']([a-z.]+)',
    re.IGNORECASE,
)
_DECLARED = {
    "article": {"article", "newsarticle", "blogposting", "reportagenewsarticle", "report", "analysisnewsarticle"},
    "product": {"product", "offer", "aggregateoffer", "og:product", "product.item"},
    "forum": {"discussionforumposting", "qapage", "question", "answer", "comment", "socialmediaposting"},
    "collection": {"collectionpage", "itemlist", "searchresultspage", "offercatalog"},
    "docs": {"techarticle", "apireference", "softwaresourcecode", "howto"},
    "service": {"service", "softwareapplication", "organization", "localbusiness", "faqpage"},
}
# Where the page says it lives: its canonical or og:url address.
_ADDRESS = re.compile(
    r'<link[^>]+rel\s*=\s*["\']canonical["\'][^>]*href\s*=\s*["\']([^"\']+)|'
    r'property\s*=\s*["\']og:url["\'][^>]*content\s*=\s*["\']([^"\']+)',
    re.IGNORECASE,
)
_PATHS = {
    "article": re.compile(r"/(blog|news|article|articles|post|posts|story|stories)/|/20\d\d/"),
    "product": re.compile(r"/(product|products|p|item|dp|shop/[^/]+)/"),
    "forum": re.compile(r"/(forum|forums|thread|threads|questions|t|topic|topics|community|discussion|discussions)/"),
    "collection": re.compile(r"/(collections|collection|category|categories|c|catalog|shop)(/|$)"),
    "docs": re.compile(r"/(docs|doc|documentation|api|reference|guide|guides|manual|wiki)(/|$)"),
    "service": re.compile(r"/(services|service|pricing|solutions|features|plans)(/|$)"),
}
_PRICE = re.compile(r"(?:[$€£¥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:USD|EUR|GBP|€))")
_CART = re.compile(r"\b(add to (?:cart|basket|bag)|buy now|in stock|out of stock|free shipping)\b", re.IGNORECASE)
_REPLY = re.compile(r"\b(repl(?:y|ies|ied)|posted by|joined|members?|quote|upvote|likes?|thread)\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?$")


def _shape(text: str) -> dict[str, float]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    count = max(len(lines), 1)
    words = [len(line.split()) for line in lines]
    sentences = sum(1 for line, n in zip(lines, words, strict=True) if n >= 8 and _SENTENCE_END.search(line))
    return {
        "prose_share": sentences / count,
        "mean_line_words": math.log1p(sum(words) / count),
        "lines": math.log1p(len(lines)),
        "prices": math.log1p(len(_PRICE.findall(text))),
        "cart": float(bool(_CART.search(text))),
        "replies": math.log1p(len(_REPLY.findall(text))),
        "dates": math.log1p(len(_DATE.findall(text))),
        "code_share": sum(1 for line in lines if line.endswith((";", "{", "}", ")")) or line.startswith("$ ")) / count,
    }


def page_features(html: str, text: str) -> dict[str, float]:
    """What the model reads of a page: its markup's claims and its extracted text's shape."""
    head = html[:400_000]
    declared = {next(group for group in match.groups() if group).lower() for match in _SCHEMA_TYPE.finditer(head)}
    addresses = [next(group for group in match.groups() if group) for match in _ADDRESS.finditer(head)]
    path = re.sub(r"^[a-z]+://[^/]+", "", addresses[0].lower()) + "/" if addresses else ""
    features = {f"declares_{kind}": float(bool(declared & types)) for kind, types in _DECLARED.items()}
    features.update({f"path_{kind}": float(bool(pattern.search(path))) for kind, pattern in _PATHS.items()})
    features.update(_shape(text))
    return features


FEATURES = tuple(page_features("", "").keys())


class KindModel(LogisticModel):
    FEATURE_NAMES: ClassVar[tuple[str, ...]] = FEATURES
    WHAT: ClassVar[str] = "page kind"


@dataclass(frozen=True)
class PageKinds:
    """One one-against-the-rest model per kind."""

    models: dict[str, KindModel]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageKinds:
        return cls({kind: KindModel.from_dict(data["kinds"][kind]) for kind in KINDS})

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        values = [features[name] for name in FEATURES]
        return {kind: model.probability(values) for kind, model in self.models.items()}

    def kind(self, features: dict[str, float]) -> str:
        scores = self.probabilities(features)
        return max(KINDS, key=lambda kind: scores[kind])


@lru_cache(maxsize=1)
def shipped_model() -> PageKinds | None:
    """The fitted models; None before ``scripts/fit_page_kinds.py --write`` first ran (its
    own pages are read without a kind)."""
    path = resources.files("newsdigest").joinpath("data", WEIGHTS_FILE)
    if not path.is_file():
        return None
    return PageKinds.from_dict(json.loads(path.read_text(encoding="utf-8")))


def page_kind(html: str, text: str) -> str | None:
    model = shipped_model()
    return model.kind(page_features(html, text)) if model is not None else None
