"""The store: SQLite by default, one file anyone can open. SQL lives in `sqlite.py` only."""
from rasid.store.sqlite import Store, default_path

__all__ = ["Store", "default_path"]
