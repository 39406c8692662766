"""Parsing: the spaCy pipeline, loaded once per process and checked."""
from .nlp import ModelMismatch, load_nlp

__all__ = ["ModelMismatch", "load_nlp"]
