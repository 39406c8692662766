"""Superseded by :mod:`eventwire.annotate.actors`; kept so old imports keep working."""
from .actors import ACTOR_LABELS, ActorResolver

NamedEntities = ActorResolver

__all__ = ["ACTOR_LABELS", "NamedEntities"]
