"""``python -m newsdesk`` runs the CLI."""

from .cli import app

app()
