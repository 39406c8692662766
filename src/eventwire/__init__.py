"""eventwire: who did what to whom, when, where, and who said what, from news-wire text."""
from .model import (Article, ArticleRecord, Dateline, Entity, Event, InputError, Participant,
                    Place, Quote, TimeExpr)
from .pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["Article", "ArticleRecord", "Dateline", "Entity", "Event", "InputError",
           "Participant", "Place", "Pipeline", "Quote", "TimeExpr", "__version__"]
