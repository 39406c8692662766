"""The actor knowledge base: countries, organisations, groups, people with dated roles, agents.

``load_kb()`` reads the data files (see docs/actors.md for their format); a pipeline
loads it once, through :class:`eventwire.resources.Resources`:

>>> kb = load_kb()
>>> kb.lookup("Putin", "2019-12-26").code
'RUS'
>>> kb.country_for("Italian")
'ITA'
"""
from __future__ import annotations

from .entries import ORG_CODES, Actor, Country, Resolution, Role, alias_key
from .loading import load_kb
from .lookup import KB
from .user_file import add_user_actor, user_kb_path

__all__ = ["KB", "ORG_CODES", "Actor", "add_user_actor", "Country", "Resolution", "Role", "alias_key",
           "load_kb", "user_kb_path"]
