"""The corpus: stories across many digests, read from records rather than parsed again.

``stories`` groups articles into stories (copies, candidate pairs, a fitted pair model,
average link); ``report`` describes each story and the corpus as a whole (``describe``).
The layers below give it digests; ``output`` shows its report.
"""

from newsdigest.corpus.report import CORPUS_SCHEMA, CorpusReport, Story, describe
from newsdigest.corpus.stories import group

__all__ = ["CORPUS_SCHEMA", "CorpusReport", "Story", "describe", "group"]
