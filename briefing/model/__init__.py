"""The model layer: records, loading and validation, search, notes. Imports neither textual nor rich."""

from .dates import ReportDate
from .loader import LoadResult, load_model
from .problems import Problem
from .records import (
    ENTITY_KINDS,
    MEDAL_RANK,
    MEDALS,
    Article,
    Edition,
    Entities,
    Event,
    MedalRow,
    Model,
    NewsItem,
    Record,
    Report,
)

__all__ = [
    "ENTITY_KINDS", "MEDAL_RANK", "MEDALS", "Article", "Edition", "Entities", "Event", "LoadResult",
    "MedalRow", "Model", "NewsItem", "Problem", "Record", "Report", "ReportDate", "load_model",
]
