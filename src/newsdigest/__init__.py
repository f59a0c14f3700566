"""newsdigest: entities, an extractive summary and topic tags for news articles.

>>> import newsdigest
>>> d = newsdigest.digest(open("data/samples/hegseth-nato-brussels.txt").read())
>>> d.to_dict()["schema"]
'newsdigest/1'
"""

from __future__ import annotations

from newsdigest.batch import digest_paths
from newsdigest.errors import ExitCode, NewsdigestError
from newsdigest.options import Options
from newsdigest.pipeline.digest import digest, digest_texts
from newsdigest.records import Digest, Entity, SourceText, Summary, SummarySentence, Tag
from newsdigest.version import __version__

__all__ = [
    "Digest",
    "Entity",
    "ExitCode",
    "NewsdigestError",
    "Options",
    "SourceText",
    "Summary",
    "SummarySentence",
    "Tag",
    "__version__",
    "digest",
    "digest_paths",
    "digest_texts",
]
