"""newsdesk: a self-hostable AI news desk whose every sentence cites its sources.

The pipeline (see :mod:`newsdesk.pipeline`): ingest → stories → write → verify → publish.
"""

from .errors import NewsdeskError
from .models import (
    CATEGORIES,
    Article,
    ArticleIn,
    Citation,
    CitedSentence,
    Outlet,
    Story,
    StoryDocument,
)
from .pipeline import brief, open_store, run
from .settings import Settings, get_settings
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "CATEGORIES",
    "Article",
    "ArticleIn",
    "Citation",
    "CitedSentence",
    "NewsdeskError",
    "Outlet",
    "Settings",
    "Story",
    "StoryDocument",
    "Store",
    "brief",
    "get_settings",
    "open_store",
    "run",
]
