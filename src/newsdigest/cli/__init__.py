"""The command line: parse options, call the library, choose a renderer and an exit code.

One module per command (``digest``: summarize, entities and tags; ``corpus``; ``evaluate``:
eval) over ``common`` (error boundary, output file, signals, progress). Nothing here does
language work, and nothing heavy is imported at module level, so ``newsdigest --help``
answers without loading spaCy.
"""

from __future__ import annotations

import click

from newsdigest.cli.corpus import corpus
from newsdigest.cli.digest import entities, summarize, tags
from newsdigest.cli.evaluate import eval_command
from newsdigest.version import __version__

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="newsdigest")
def main() -> None:
    """Digest news articles: named entities, an extractive summary and topic tags.

    \b
    Examples:
      newsdigest summarize article.txt
      curl -s https://example.org/story.txt | newsdigest summarize --json | jq .tags
    """


for _command in (summarize, entities, tags, corpus, eval_command):
    main.add_command(_command)
