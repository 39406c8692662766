"""eventwire: who did what to whom, when, where, and who said what, from news-wire text."""
from .model import (Article, ArticleRecord, Dateline, Entity, Event, InputError, Participant,
                    Place, Quote, TimeExpr)

__version__ = "0.1.0"
__all__ = ["Article", "ArticleRecord", "Dateline", "Entity", "Event", "InputError",
           "Participant", "Place", "Pipeline", "Quote", "TimeExpr", "__version__"]


def __getattr__(name: str):
    # The pipeline imports spaCy and scikit-learn (seconds): loaded when first asked for,
    # so `eventwire --help`, `--version` and a batch of unreadable inputs answer at once.
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
