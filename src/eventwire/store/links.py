"""Reading and writing the cross-article link tables (``LINK_SCHEMA`` in sqlite.py).

Output tables, read by the web UI and ``eventwire stories/events``:
``duplicates``, ``stories``, ``article_stories``, ``merged_events``,
``event_mentions`` (with ``mention_reports``: each mention's source, date and
evidence span, so a mention can be shown without the events table). State tables, which let linking continue where the last
run stopped: ``link_articles`` (MinHash signature and feature vector per
article), ``link_bands`` (LSH band keys) and ``link_terms`` (each article's
heaviest features, an inverted index for story candidates).

A :class:`LinkStore` works on the connection of a :class:`~eventwire.store.Store`
(``eventwire ingest``) or on a private in-memory database (the batch
``eventwire cluster``), so both run the same code.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..faults import fault_point

from .sqlite import LINK_SCHEMA

_CHUNK = 500  # bound on "IN (?, ?, ...)" lists


def _chunks(items: list, n: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


class LinkStore:
    def __init__(self, db: sqlite3.Connection, create: bool = True) -> None:
        self.db = db
        self.db.row_factory = sqlite3.Row
        if create:  # idempotent; a Store has already created the tables
            self.db.executescript(LINK_SCHEMA)

    @classmethod
    def open(cls, path: str | Path | None = None) -> "LinkStore":
        """A link store of its own: a file, or in memory when ``path`` is None."""
        db = sqlite3.connect(":memory:" if path is None else str(path), isolation_level=None)
        if path is not None:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        return cls(db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One article's links are written all or nothing."""
        if self.db.in_transaction:  # the caller already holds one
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        fault_point("link_commit")
        self.db.execute("COMMIT")

    # ------------------------------------------------------------ article state

    def is_linked(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM link_articles WHERE article_id=?",
                               (article_id,)).fetchone() is not None

    def put_article(self, article_id: str, date: str | None, source: str | None,
                    num_shingles: int, minhash: bytes, vector: bytes,
                    band_keys: Iterable[int], terms: Iterable[int]) -> None:
        self.db.execute("INSERT OR REPLACE INTO link_articles VALUES (?,?,?,?,?,?)",
                        (article_id, date, source, num_shingles, minhash, vector))
        self.db.executemany("INSERT INTO link_bands VALUES (?,?)",
                            [(k, article_id) for k in band_keys])
        self.db.executemany("INSERT INTO link_terms VALUES (?,?)",
                            [(t, article_id) for t in terms])

    def articles(self, ids: Iterable[str]) -> list[sqlite3.Row]:
        out: list[sqlite3.Row] = []
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            out += self.db.execute(f"SELECT * FROM link_articles WHERE article_id IN ({marks})",
                                   chunk).fetchall()
        return out

    def band_candidates(self, keys: list[int]) -> set[str]:
        marks = ",".join("?" * len(keys))
        return {r[0] for r in self.db.execute(
            f"SELECT DISTINCT article_id FROM link_bands WHERE key IN ({marks})", keys)}

    def term_candidates(self, terms: list[int], per_term: int) -> set[str]:
        """Articles sharing a heavy feature, the ``per_term`` most recent for each feature:
        a bounded amount of work per article however large the store grows."""
        out: set[str] = set()
        for t in terms:
            out.update(r[0] for r in self.db.execute(
                "SELECT article_id FROM link_terms WHERE term=? ORDER BY rowid DESC LIMIT ?",
                (t, per_term)))
        return out

    def remove_article(self, article_id: str) -> None:
        """Forget an article's state and output links (before re-linking an updated one)."""
        for table in ("link_articles", "link_bands", "link_terms", "duplicates"):
            self.db.execute(f"DELETE FROM {table} WHERE article_id=?", (article_id,))
        story = self.story_of(article_id)
        if story is not None:
            self.db.execute("DELETE FROM article_stories WHERE article_id=?", (article_id,))
            self._refresh_story(story)
        merged = [r[0] for r in self.db.execute(
            "SELECT DISTINCT merged_id FROM event_mentions WHERE article_id=?", (article_id,))]
        self.db.execute("DELETE FROM mention_reports WHERE event_id IN"
                        " (SELECT event_id FROM event_mentions WHERE article_id=?)", (article_id,))
        self.db.execute("DELETE FROM event_mentions WHERE article_id=?", (article_id,))
        for m in merged:
            self.refresh_merged(m)

    # --------------------------------------------------------------- duplicates

    def set_duplicate(self, article_id: str, duplicate_of: str, similarity: float) -> None:
        self.db.execute("INSERT OR REPLACE INTO duplicates VALUES (?,?,?)",
                        (article_id, duplicate_of, round(similarity, 4)))

    def duplicate_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT duplicate_of FROM duplicates WHERE article_id=?",
                              (article_id,)).fetchone()
        return row[0] if row else None

    def duplicates_of(self, canonical_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT article_id FROM duplicates WHERE duplicate_of=?", (canonical_id,))]

    # ------------------------------------------------------------------ stories

    def story_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT story_id FROM article_stories WHERE article_id=?",
                              (article_id,)).fetchone()
        return row[0] if row else None

    def stories_of(self, ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(list(ids)):
            marks = ",".join("?" * len(chunk))
            out.update((r[0], r[1]) for r in self.db.execute(
                f"SELECT article_id, story_id FROM article_stories WHERE article_id IN ({marks})",
                chunk))
        return out

    def add_to_story(self, article_id: str, story_id: str, date: str | None,
                     label: str | None) -> None:
        self.db.execute("INSERT OR IGNORE INTO stories (id, label) VALUES (?, ?)",
                        (story_id, label))
        self.db.execute("INSERT OR REPLACE INTO article_stories VALUES (?,?)",
                        (article_id, story_id))
        self.db.execute(
            "UPDATE stories SET num_articles = num_articles + 1,"
            " first_date = CASE WHEN ?1 IS NULL THEN first_date"
            "   WHEN first_date IS NULL OR ?1 < first_date THEN ?1 ELSE first_date END,"
            " last_date = CASE WHEN ?1 IS NULL THEN last_date"
            "   WHEN last_date IS NULL OR ?1 > last_date THEN ?1 ELSE last_date END"
            " WHERE id = ?2", (date, story_id))

    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        out = {s: 0 for s in story_ids}
        for chunk in _chunks(list(out)):
            marks = ",".join("?" * len(chunk))
            out.update((r[0], r[1]) for r in self.db.execute(
                f"SELECT story_id, count(*) FROM article_stories WHERE story_id IN ({marks})"
                " GROUP BY story_id", chunk))
        return out

    def story_members(self, story_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT article_id FROM article_stories WHERE story_id=? ORDER BY article_id",
            (story_id,))]

    def merge_stories(self, keep: str, others: Iterable[str]) -> None:
        """Stories linked by a new article become one: move the others' articles to ``keep``."""
        for other in others:
            if other == keep:
                continue
            self.db.execute("UPDATE article_stories SET story_id=? WHERE story_id=?",
                            (keep, other))
            self.db.execute("DELETE FROM stories WHERE id=?", (other,))
        self._refresh_story(keep)

    def move_to_story(self, article_ids: list[str], story_id: str, label: str | None) -> None:
        """Give articles (a part split off a story) a story of their own."""
        self.db.execute("INSERT OR IGNORE INTO stories (id, label) VALUES (?, ?)",
                        (story_id, label))
        old = {self.story_of(a) for a in article_ids} - {None}
        self.db.executemany("UPDATE article_stories SET story_id=? WHERE article_id=?",
                            [(story_id, a) for a in article_ids])
        for s in old | {story_id}:
            self._refresh_story(s)

    def story_label(self, story_id: str) -> str | None:
        row = self.db.execute("SELECT label FROM stories WHERE id=?", (story_id,)).fetchone()
        return row[0] if row else None

    def duplicate_pairs(self, article_ids: list[str]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for chunk in _chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            out += [(r[0], r[1]) for r in self.db.execute(
                f"SELECT article_id, duplicate_of FROM duplicates WHERE article_id IN ({marks})",
                chunk)]
        return out

    def _refresh_story(self, story_id: str) -> None:
        row = self.db.execute(
            "SELECT count(*), min(a.date), max(a.date) FROM article_stories s"
            " LEFT JOIN link_articles a ON a.article_id = s.article_id WHERE s.story_id=?",
            (story_id,)).fetchone()
        if row[0] == 0:
            self.db.execute("DELETE FROM stories WHERE id=?", (story_id,))
        else:
            self.db.execute("UPDATE stories SET num_articles=?, first_date=?, last_date=?"
                            " WHERE id=?", (row[0], row[1], row[2], story_id))

    def list_stories(self, limit: int = 50, min_articles: int = 1) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM stories WHERE num_articles >= ?"
            " ORDER BY num_articles DESC, last_date DESC LIMIT ?",
            (min_articles, limit)).fetchall()

    # ----------------------------------------------------------- merged events

    def merged_by_type_date(self, event: str, lo: str, hi: str, status: str) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM merged_events WHERE event=? AND date BETWEEN ? AND ? AND status IS ?",
            (event, lo, hi, status)).fetchall()

    def merged_in_articles(self, article_ids: list[str], event: str,
                           status: str) -> list[sqlite3.Row]:
        """Merged events of one type reported by any of these articles."""
        if not article_ids:
            return []
        marks = ",".join("?" * len(article_ids))
        return self.db.execute(
            "SELECT * FROM merged_events WHERE event=? AND status IS ? AND id IN"
            f" (SELECT merged_id FROM event_mentions WHERE article_id IN ({marks}))",
            [event, status, *article_ids]).fetchall()

    def merged_in_story(self, story_id: str, event: str, status: str,
                        limit: int = 200) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM merged_events WHERE event=? AND status IS ? AND id IN"
            " (SELECT m.merged_id FROM event_mentions m JOIN article_stories s"
            "  ON s.article_id = m.article_id WHERE s.story_id=?) LIMIT ?",
            (event, status, story_id, limit)).fetchall()

    def mention_evidence(self, merged_id: str, limit: int = 5) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT r.evidence FROM event_mentions m JOIN mention_reports r USING (event_id)"
            " WHERE m.merged_id=? AND r.evidence IS NOT NULL LIMIT ?", (merged_id, limit))]

    def merged_stories(self, merged_id: str) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT s.story_id FROM event_mentions m JOIN article_stories s"
            " ON s.article_id = m.article_id WHERE m.merged_id=?", (merged_id,))}

    def insert_merged(self, merged_id: str, fields: dict[str, Any]) -> None:
        cols = ["id", *fields]
        self.db.execute(f"INSERT INTO merged_events ({','.join(cols)})"
                        f" VALUES ({','.join('?' * len(cols))})", [merged_id, *fields.values()])

    def update_participants(self, merged_id: str, actor: list[dict], recipient: list[dict]) -> None:
        self.db.execute("UPDATE merged_events SET actor=?, recipient=? WHERE id=?",
                        (json.dumps(actor, ensure_ascii=False),
                         json.dumps(recipient, ensure_ascii=False), merged_id))

    def add_mention(self, event_id: str, merged_id: str, article_id: str,
                    explanation: dict[str, Any], source: str | None, date: str | None,
                    evidence: str | None, start: int | None, end: int | None) -> None:
        self.db.execute("INSERT OR REPLACE INTO event_mentions VALUES (?,?,?,?)",
                        (event_id, merged_id, article_id,
                         json.dumps(explanation, ensure_ascii=False)))
        self.db.execute("INSERT OR REPLACE INTO mention_reports VALUES (?,?,?,?,?,?)",
                        (event_id, source, date, evidence, start, end))

    def refresh_merged(self, merged_id: str) -> None:
        """Recount a merged event from its mentions (GDELT's NumMentions/NumArticles/
        NumSources) and name its earliest report; drop it when no mention is left."""
        row = self.db.execute(
            "SELECT count(*), count(DISTINCT m.article_id),"
            " count(DISTINCT coalesce(r.source, m.article_id)) FROM event_mentions m"
            " LEFT JOIN mention_reports r USING (event_id) WHERE m.merged_id=?",
            (merged_id,)).fetchone()
        if row[0] == 0:
            self.db.execute("DELETE FROM merged_events WHERE id=?", (merged_id,))
            return
        first = self.db.execute(
            "SELECT m.event_id, r.date FROM event_mentions m LEFT JOIN mention_reports r"
            " USING (event_id) WHERE m.merged_id=? ORDER BY r.date IS NULL, r.date, m.rowid"
            " LIMIT 1", (merged_id,)).fetchone()
        self.db.execute(
            "UPDATE merged_events SET num_mentions=?, num_articles=?, num_sources=?,"
            " first_event_id=?, first_seen=? WHERE id=?",
            (row[0], row[1], row[2], first[0], first[1], merged_id))

    def list_merged(self, limit: int = 50, min_mentions: int = 1) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT * FROM merged_events WHERE num_mentions >= ?"
            " ORDER BY num_articles DESC, num_mentions DESC, date DESC LIMIT ?",
            (min_mentions, limit)).fetchall()

    def mentions(self, merged_id: str) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT m.*, r.source, r.date, r.evidence, r.evidence_start, r.evidence_end"
            " FROM event_mentions m LEFT JOIN mention_reports r USING (event_id)"
            " WHERE m.merged_id=? ORDER BY r.date IS NULL, r.date, m.rowid",
            (merged_id,)).fetchall()
