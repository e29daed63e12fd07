"""Rasid's version, written here only (pyproject.toml and the web app read it from here)."""
__version__ = "0.2.0"
