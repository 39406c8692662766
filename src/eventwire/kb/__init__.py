"""The actor knowledge base: countries, organisations, groups, people with dated roles, agents.

``load_kb()`` reads the data files once per process (see docs/actors.md for their format):

>>> kb = load_kb()
>>> kb.lookup("Putin", "2019-12-26").code
'RUS'
>>> kb.country_for("Italian")
'ITA'
"""
from __future__ import annotations

from .store import (KB, ORG_CODES, Actor, Country, Resolution, Role, add_user_actor, alias_key, load_kb, reset_kb,
                    user_kb_path)

__all__ = ["KB", "ORG_CODES", "Actor", "add_user_actor", "Country", "Resolution", "Role", "alias_key", "load_kb", "reset_kb",
           "user_kb_path"]
