"""Rasid (راصد): Arabic news intelligence.

    import rasid
    report = rasid.ingest(["pages/"], db="rasid.db")
    with rasid.Store("rasid.db") as store:
        for article, snippet in store.search("لافروف"):
            ...
"""
import os

__version__ = "0.1.0"

# The tagger multiplies small matrices, one sentence batch at a time, often in several worker
# processes: BLAS threads would only fight each other. Respect a caller's own setting.
for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def ingest(*args, **kwargs):
    """Read, clean and store articles; see `rasid.pipeline.ingest`."""
    from rasid.pipeline import ingest as run

    return run(*args, **kwargs)


def __getattr__(name):
    if name == "Store":
        from rasid.store import Store

        return Store
    raise AttributeError(name)
