"""Rasid (راصد): Arabic news intelligence.

    import rasid
    report = rasid.ingest(["pages/"], db="rasid.db")
    with rasid.Store("rasid.db") as store:
        for article, snippet in store.search("لافروف"):
            ...
"""
__version__ = "0.1.0"


def ingest(*args, **kwargs):
    """Read, clean and store articles; see `rasid.pipeline.ingest`."""
    from rasid.pipeline import ingest as run

    return run(*args, **kwargs)


def __getattr__(name):
    if name == "Store":
        from rasid.store import Store

        return Store
    raise AttributeError(name)
