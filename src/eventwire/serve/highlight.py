"""Cut an article's text into segments for highlighting overlapping spans.

Spans overlap (an entity inside a quote inside an event's evidence), so instead
of nesting tags the text is cut at every span boundary; each segment carries the
set of kinds and the labels of the spans covering it. The template escapes the
text: nothing here produces markup.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mark:
    start: int
    end: int
    kind: str   # CSS class: ent, event, quote, time, place, evidence, actor, recipient, trigger, date
    label: str  # tooltip text


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    start: int = 0


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    n = len(text)
    valid = [m for m in marks if m.start is not None and m.end is not None
             and 0 <= m.start < m.end <= n]
    cuts = sorted({0, n} | {m.start for m in valid} | {m.end for m in valid})
    # marks sorted by start; an active list is enough for article-sized inputs
    valid.sort(key=lambda m: (m.start, -m.end))
    out: list[Segment] = []
    active: list[Mark] = []
    i = 0
    for a, b in zip(cuts, cuts[1:]):
        while i < len(valid) and valid[i].start <= a:
            active.append(valid[i])
            i += 1
        active = [m for m in active if m.end > a]
        kinds: list[str] = []
        labels: list[str] = []
        for m in active:
            if m.kind not in kinds:
                kinds.append(m.kind)
            if m.label not in labels:
                labels.append(m.label)
        out.append(Segment(text[a:b], kinds, labels, a))
    return out
