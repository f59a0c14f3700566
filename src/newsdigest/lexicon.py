"""How common a word is in general English, from wordfreq's bundled word list.

The table is read straight from wordfreq's data file instead of through
``wordfreq.zipf_frequency``: importing wordfreq pulls in regex, langcodes and ftfy and
costs about 0.4 s, which would be a sixth of a cold ``newsdigest summarize``. The file is
wordfreq's documented "cBpack" format: a header, then bins of words, bin ``i`` holding
the words whose frequency is 10^(-i/100).
"""

from __future__ import annotations

import gzip
import importlib.util
from functools import lru_cache
from pathlib import Path

#: Zipf value (log10 of frequency per billion words) for words outside the list. The
#: "small" list stops near 3.0, so anything missing is rarer than that.
UNLISTED_ZIPF = 2.5


@lru_cache(maxsize=1)
def _zipf_table() -> dict[str, float]:
    """The word list, or a ModelError: tags and the ranker weigh words by it, so running
    without it would quietly give worse output."""
    import msgpack

    from newsdigest.errors import ModelError

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("wordfreq is not installed; reinstall newsdigest (pip install newsdigest)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "small_en.msgpack.gz"
    try:
        with gzip.open(path, "rb") as packed:
            header, *bins = msgpack.load(packed, raw=False)
    except (OSError, ValueError, msgpack.exceptions.ExtraData) as exc:
        raise ModelError(f"cannot read wordfreq's English word list {path} ({exc}); reinstall wordfreq") from None
    if not isinstance(header, dict) or header.get("format") != "cB":
        raise ModelError(f"unexpected word-frequency file format in {path}; reinstall wordfreq")
    return {word: 9.0 - index / 100 for index, words in enumerate(bins) for word in words}


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word: about 7.7 for "the", 5 for "peace", under 3 for rare words."""
    return _zipf_table().get(word, UNLISTED_ZIPF)


def information(word: str) -> float:
    """Bits-like surprise of a word in general English: -log10 of its frequency (9 - zipf)."""
    return 9.0 - zipf(word)
