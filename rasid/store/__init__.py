"""The store: SQLite by default, one file anyone can open; PostgreSQL (`postgresql://…`) for a team.
SQL lives in this package only, split by concern: `articles.py` (articles, sightings, problems, search),
`analysis.py` (mentions, entities, dates, claims, features), `corpus.py` (duplicates, stories, origins,
claim groups), `schema.py` (migrations); `sqlite.py` and `postgres.py` hold what the two databases do
differently, behind the one interface of `base.Store`."""
from rasid.store.base import Store, StoreError, default_path, is_url, shown

__all__ = ["Store", "StoreError", "default_path", "is_url", "shown"]
