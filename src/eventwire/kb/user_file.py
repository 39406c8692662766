"""The user's own actor file (``eventwire kb add``): where it lives and appending to it."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .entries import ACTOR_COLUMNS


def user_kb_path() -> Path:
    """The user's own actor file: ``$EVENTWIRE_KB`` or ``~/.config/eventwire/kb.tsv``."""
    env = os.environ.get("EVENTWIRE_KB")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "eventwire" / "kb.tsv"


def add_user_actor(name: str, code: str, sector: str, *, kind: str = "person",
                   aliases: list[str] | None = None, office: str = "", start: str = "",
                   end: str = "", path: Path | None = None) -> Path:
    """Append one role of an actor to the user's KB file (created with a header if missing)."""
    path = path or user_kb_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    ident = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    new = not path.exists() or path.stat().st_size == 0
    with open(path, "a", encoding="utf-8") as f:
        if new:
            f.write("# eventwire user knowledge base (docs/actors.md); one row per role\n# "
                    + "\t".join(ACTOR_COLUMNS) + "\n")
        f.write("\t".join([ident, kind, name, "|".join(aliases or []), code.upper(),
                           sector.upper(), office, start, end]) + "\n")
    return path
