"""Build the shipped document-frequency table of hashed features.

    python scripts/build_idf.py CORPUS.jsonl[.gz]... -o src/eventwire/data/link/idf.npz

Only features seen in at least ``--min-df`` documents are kept (the rest get the
maximum IDF at run time), which keeps the file small. The table holds counts of
hashed features, not text.
"""
from __future__ import annotations

import argparse
import gzip
import json

import numpy as np

from eventwire.model import Article, ArticleRecord
from eventwire.link.features import N_FEATURES, _hasher, names, word_terms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--min-df", type=int, default=2)
    a = ap.parse_args()
    df = np.zeros(N_FEATURES, dtype=np.int64)
    n = 0
    for path in a.corpora:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                rec = ArticleRecord(Article(id=str(d["id"]), text=d["text"], title=d.get("title")))
                v = _hasher.transform([sorted(set(word_terms(rec)) | set(names(rec)))])
                df[v.indices] += 1
                n += 1
    keep = np.flatnonzero(df >= a.min_df)
    np.savez_compressed(a.output, n_docs=np.int64(n), index=keep.astype(np.int32),
                        df=df[keep].astype(np.uint16))
    print(f"{n} documents, {len(keep)} features kept → {a.output}")


if __name__ == "__main__":
    main()
