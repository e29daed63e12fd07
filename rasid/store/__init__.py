"""The store: SQLite by default, one file anyone can open. SQL lives in this package only, split by
concern: `articles.py` (articles, sightings, problems, search), `analysis.py` (mentions, entities, dates,
claims, features), `corpus.py` (duplicates, stories, origins, claim groups), `schema.py` (migrations)."""
from rasid.store.sqlite import Store, StoreError, default_path

__all__ = ["Store", "StoreError", "default_path"]
