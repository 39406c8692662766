"""Offline geography: the gazetteer and the toponym resolver."""
from .gazetteer import Candidate, GeoEntry, Gazetteer, load_gazetteer, norm

__all__ = ["Candidate", "GeoEntry", "Gazetteer", "load_gazetteer", "norm"]
