"""Build ``src/eventwire/data/index/tokens.tsv.gz``: every name the actor and place
matchers look for, tokenised once here instead of in every process at start-up
(:mod:`eventwire.parse.phrases`).

    python scripts/build_index.py

Re-run after editing the KB or places data (a name the file lacks still matches; it is
only tokenised at start-up). ``tests/test_datafiles.py`` checks the file is current.
"""
from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

from eventwire.annotate.actors import ActorResolver
from eventwire.annotate.places import place_names
from eventwire.parse.phrases import TOKENS_FILE
from eventwire.resources import Resources


def index_names(res: Resources) -> list[str]:
    """The names the matchers are built from, with the package's data and no user file."""
    return sorted(set(ActorResolver.pattern_texts(res.kb)) | set(place_names(res.gazetteer)))


def main(out: Path = TOKENS_FILE) -> None:
    os.environ["EVENTWIRE_KB"] = os.devnull  # the user's own file is not shipped
    res = Resources(user_kb=Path(os.devnull))
    names = index_names(res)
    tmp = out.with_suffix(".part")
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same names give the same bytes
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(b"# name<TAB>its tokens (lower case), by scripts/build_index.py\n")
        for name, doc in zip(names, res.nlp.tokenizer.pipe(names)):
            gz.write(("\t".join([name] + [t.lower_ for t in doc]) + "\n").encode("utf-8"))
    tmp.replace(out)
    print(f"{out}: {len(names)} names", file=sys.stderr)


if __name__ == "__main__":
    main()
