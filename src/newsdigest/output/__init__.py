"""Digests, corpus reports and evaluation reports turned into what people read.

``view`` (the rich terminal panel), ``plain`` (text and Markdown), ``corpus`` (the corpus
view), ``html`` (the corpus report as one self-contained page) and ``evaluation`` (the
``eval`` tables). JSON is not here: it is the records' own schema (``records.to_json_line``).
Nothing in this layer analyses text; it only lays out records.
"""
