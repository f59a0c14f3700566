"""One article, start to finish: the stages every digest goes through.

``clean`` finds the article in scraped text (``webpage`` first turns HTML into text), ``nlp``
loads the model and runs the one spaCy pass, then ``entities``, ``summarize`` (with the
fitted ``ranker``) and ``tags`` read that parse, and ``digest`` puts their results in a
``Digest``. Stages return data and never print, read files or look at the terminal; nothing
here knows about batches, executors or the command line.
"""
