"""Where work runs: inputs found and read, the batch engine, its executors and sinks.

- ``inputs``: files, folders, stdin, links and JSON Lines records, found lazily and read
  (``sources`` decodes bytes, ``fetch`` gets links);
- ``engine``: ``run_batch`` and ``digest_paths``, records in input order;
- ``executors``: this process, local worker processes, or a Dask cluster (``dask_executor``);
- ``sinks``: a JSON Lines stream, a folder of ``.json`` files, a callback.

The names below are the engine's public surface (``from newsdigest.batch import run_batch``).
"""

from newsdigest.batch.engine import digest_paths, iter_results, run_batch
from newsdigest.batch.inputs import Input, iter_inputs
from newsdigest.batch.outcome import RunSummary, Terminated
from newsdigest.batch.sinks import CallbackSink, FolderSink, JsonLinesSink, Sink, read_record, write_atomically

__all__ = [
    "CallbackSink",
    "FolderSink",
    "Input",
    "JsonLinesSink",
    "RunSummary",
    "Sink",
    "Terminated",
    "digest_paths",
    "iter_inputs",
    "iter_results",
    "read_record",
    "run_batch",
    "write_atomically",
]
