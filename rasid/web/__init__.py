"""The web app and JSON API (`rasid serve`)."""
from rasid.web.app import create_app

__all__ = ["create_app"]
