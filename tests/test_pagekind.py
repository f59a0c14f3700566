"""A page that is not an article is reported as what it is (``metadata.page_type``)."""

from __future__ import annotations

import newsdigest
from newsdigest.pipeline.pagekind import FEATURES, KINDS, page_features, shipped_model

STORY = [
    "Heavy rain flooded three coastal towns on Sunday, forcing hundreds of residents from their homes.",
    "Emergency crews worked through the night to clear blocked drains and rescue stranded drivers.",
    "The weather service said more rain was expected later in the week across the region.",
    "Residents had warned about the blocked drains for years, a local councillor said on Monday.",
]
ARTICLE_PAGE = (
    '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Floods"}</script>'
    '<link rel="canonical" href="https://harbour.example/news/2024/03/floods"></head><body><article>'
    "<h1>Rain floods three coastal towns</h1>"
    + "".join(f"<p>{line}</p>" for line in STORY)
    + "</article></body></html>"
)
PRODUCT_PAGE = (
    '<html><head><script type="application/ld+json">{"@type": "Product", "name": "Harbour Pump 300"}</script>'
    '<link rel="canonical" href="https://shop.example/products/harbour-pump-300"></head><body><main>'
    "<h1>Harbour Pump 300</h1><p>Price: $249.99</p><p>In stock. Free shipping on orders over $50.</p>"
    "<p>The Harbour Pump 300 moves up to 300 litres a minute and runs quietly enough for a cellar or a boat.</p>"
    "<p>It comes with a two-year warranty, a 10-metre hose and a float switch that starts it when water rises.</p>"
    "<button>Add to cart</button></main></body></html>"
)


def test_the_shipped_model_knows_every_kind_and_every_feature() -> None:
    model = shipped_model()
    assert set(model.models) == set(KINDS)
    assert all(m.features == FEATURES for m in model.models.values())
    assert set(page_features(PRODUCT_PAGE, "")) == set(FEATURES)


def test_a_news_article_and_a_product_page_are_told_apart() -> None:
    article = newsdigest.digest(ARTICLE_PAGE, source="floods.html")
    product = newsdigest.digest(PRODUCT_PAGE, source="pump.html")
    assert article.metadata is not None and article.metadata["page_type"] == "article"
    assert product.metadata is not None and product.metadata["page_type"] == "product"
    assert product.summary is not None and product.summary.sentences  # digested as what it is
