"""The public website, feeds and JSON API (FastAPI + Jinja2), read-only over the store."""

from .app import create_app

__all__ = ["create_app"]
