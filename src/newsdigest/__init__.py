"""newsdigest: entities, an extractive summary and topic tags for news articles.

>>> import newsdigest
>>> d = newsdigest.digest(open("data/samples/hegseth-nato-brussels.txt").read())
>>> d.to_dict()["schema"]
'newsdigest/1'
"""

from __future__ import annotations

from .digest import digest, digest_paths, digest_texts
from .errors import ExitCode, NewsdigestError
from .options import Options
from .records import Digest, Entity, Summary, SummarySentence, Tag

__version__ = "0.1.0"

__all__ = [
    "Digest",
    "Entity",
    "ExitCode",
    "NewsdigestError",
    "Options",
    "Summary",
    "SummarySentence",
    "Tag",
    "__version__",
    "digest",
    "digest_paths",
    "digest_texts",
]
